import zlib from 'node:zlib';
import { takesGzip } from '../../src/web/form-page';
import { PageTemplate } from '../../src/web/page-template';

/** A page like the form: a long body, two tokens near its end, a short end. */
function samplePage(csrf: string, form: string) {
  const questions = Array.from({ length: 300 }, (_, i) => `<label class="choice"><input type="radio" name="q.${i % 20}" value="${i}"><span>选项 ${i}</span></label>`).join('\n');
  return `<!doctype html><html lang="zh-CN"><body><form>${questions}\n<input type="hidden" name="_csrf" value="${csrf}">\n<input type="hidden" name="_form" value="${form}">\n<button>提交</button></form></body></html>`;
}

describe('a page rendered once with holes for per-request tokens', () => {
  const csrf = PageTemplate.hole();
  const form = PageTemplate.hole();
  const template = new PageTemplate(samplePage(csrf, form), [csrf, form]);
  const filled = (values: string[], encoding: 'gzip' | 'identity') => Buffer.concat(template.fill(values, encoding));

  it('is served gzip-encoded as a stream any gunzip reads back to the filled page', () => {
    const body = filled(['tok-EN_1', 'key.lx3v.sig'], 'gzip');
    expect(zlib.gunzipSync(body).toString()).toBe(samplePage('tok-EN_1', 'key.lx3v.sig'));
    // The same bytes again with other tokens: only the spliced part differs.
    expect(zlib.gunzipSync(filled(['x', 'y'], 'gzip')).toString()).toBe(samplePage('x', 'y'));
    // Compressed as a whole it would be hardly smaller.
    expect(body.length).toBeLessThan(zlib.gzipSync(samplePage('tok-EN_1', 'key.lx3v.sig'), { level: 9 }).length * 1.1);
  });

  it('is served as it is to a client that takes no gzip', () => {
    expect(filled(['a', 'b'], 'identity').toString()).toBe(samplePage('a', 'b'));
  });

  it('takes tokens only, nothing that could end an attribute', () => {
    expect(() => filled(['"><script>', 'b'], 'gzip')).toThrow();
    expect(() => filled(['a'], 'gzip')).toThrow();
  });

  it('needs each hole exactly once', () => {
    expect(() => new PageTemplate('<p>no hole</p>', [csrf])).toThrow();
    expect(() => new PageTemplate(`${csrf}${csrf}`, [csrf])).toThrow();
  });
});

describe('whether a browser takes gzip', () => {
  it('reads the Accept-Encoding header, its q-values included', () => {
    expect(takesGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(takesGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(takesGzip('*')).toBe(true);
    expect(takesGzip('identity')).toBe(false);
    expect(takesGzip('gzip;q=0, identity')).toBe(false);
    expect(takesGzip('*;q=0.5, gzip;q=0')).toBe(false);
    expect(takesGzip('br')).toBe(false);
    expect(takesGzip(undefined)).toBe(false);
  });
});
