import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultPaths } from '../paths';

/**
 * The respondent pages' stylesheet (public/css/base.css, which every page shares, then
 * public/css/form.css), to be inlined in each page: a
 * separate stylesheet is a request that holds back the first paint, on a slow network by a
 * whole round trip. Comments and runs of white space are dropped; `cspSource` allows exactly
 * this text under the Content-Security-Policy, which allows no other inline style.
 */
export interface InlineStylesheet {
  css: string;
  /** `'sha256-…'` for the CSP's style-src. */
  cspSource: string;
}

export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

const cssFile = (name: string) => path.join(defaultPaths.public, 'css', name);

export function inlineStylesheet(files = [cssFile('base.css'), cssFile('form.css')]): InlineStylesheet {
  const css = minifyCss(files.map((file) => fs.readFileSync(file, 'utf8')).join('\n'));
  return { css, cspSource: `'sha256-${createHash('sha256').update(css).digest('base64')}'` };
}
