import path from 'node:path';
import request from 'supertest';
import { taobaoDemoResponses } from '../../src/demo/taobao-2015';
import { checkSubmission } from '../../src/domain/answers';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { ResponseStore } from '../../src/storage/response-store';
import { addUser, signIn } from '../support/researchers';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([everyType, taobao], { clearResponsesBeforeEach: false });

/**
 * Six respondents of every-type, written out so that every figure below can be checked by eye:
 * colour Red ×3 (1, 2, 6), Green ×2 (3, 5), Other ×1 (4); pet answered by 4; fruit several each.
 */
const sixRespondents = [
  { answers: { colour: '1', pet: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '3' }, channels: { '1': ['1'] } } },
  { answers: { colour: '1', pet: '2', fruit: ['1', '3'], agree: { r1: '1', r2: '3' } } },
  { answers: { colour: '2', fruit: ['2', '3', '4'], agree: { r1: '2', r2: '1' } } },
  { answers: { colour: 'x', pet: '1', fruit: ['1', '5'], agree: { r1: '3', r2: '2' }, channels: { '3': ['2'] } }, other: { colour: 'teal', fruit: 'kiwi', channels: 'radio' } },
  { answers: { colour: '2', pet: '2', fruit: ['1', '2'], agree: { r1: '3', r2: '3' } } },
  { answers: { colour: '1', fruit: ['4', '5'], agree: { r1: '1', r2: '1' } }, other: { fruit: 'lime' } },
];

const demo = taobaoDemoResponses(taobao);
let agent: ReturnType<typeof request.agent>;
const page = (url: string) => agent.get(url).set('Accept-Language', 'en');

beforeAll(async () => {
  for (const body of sixRespondents) await request(t.app).post('/api/surveys/every-type/responses').send(body).expect(201);
  // The study's 269 responses as `npm run seed:demo` stores them, each with its own time of submission.
  const version = (await t.surveys.find('taobao-2015'))!;
  const store = new ResponseStore(t.database.models, t.resultCounts);
  for (const response of demo) {
    const check = checkSubmission(taobao, response.body);
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    await store.insert({
      id: response.id,
      surveyId: 'taobao-2015',
      versionId: version.versionId,
      version: version.version,
      submission: check.submission,
      submittedAt: response.submittedAt,
      channel: 'demo',
      client: { device: 'unknown' },
    });
  }
  await t.resultCounts.flush();
  await addUser(t.database, 'ana');
  agent = (await signIn(t.app, 'ana')).agent;
}, 120_000);

/** The text a person reads in a fragment of HTML: inline tags out, others a space, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<\/?(?:span|strong|abbr|a|time|code)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The table rows whose header cell is `label`, as read (several tables may have one). */
function rowsLabelled(html: string, label: string): string[] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => m[1]!)
    .filter((row) => new RegExp(`^<th scope="row">${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</th>`).test(row))
    .map(textOf);
}

/** The `<td>` cells of the first row labelled `label`: their class and what they say. */
function cellsOf(html: string, label: string): { className: string; text: string }[] {
  const row = [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].find((m) => m[1] === label);
  if (!row) throw new Error(`no row ${label}`);
  return [...row[2]!.matchAll(/<td(?: class="([^"]*)")?>([\s\S]*?)<\/td>/g)].map((m) => ({ className: m[1] ?? '', text: textOf(m[2]!) }));
}

/** What a page must never hold under the strict CSP: inline script, inline style, event handler attributes. */
function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    if (!/\bsrc="\/[^"]*"/.test(m[1]!) && !/type="application\/json"/.test(m[1]!)) found.push(m[0]);
  }
  found.push(...(html.match(/<style\b[^>]*>/g) ?? []), ...(html.match(/\sstyle=/g) ?? []), ...(html.match(/\son[a-z]+=/g) ?? []));
  return found;
}

describe('the results page', () => {
  it('shows each option with its count, percent of those who answered and 95 % interval, and who answered', async () => {
    const res = await page('/surveys/every-type/results').expect(200);
    // 3 of 6: 50 %; Wilson's 95 % interval for 3/6 is 18.76–81.24 %.
    expect(rowsLabelled(res.text, 'Red')).toEqual(['Red 3 50.00% 18.76–81.24%']);
    expect(rowsLabelled(res.text, 'Green')).toEqual(['Green 2 33.33% 9.68–70.00%']);
    expect(rowsLabelled(res.text, 'Other colour')).toEqual(['Other colour 1 16.67% 3.01–56.35%']);
    // Pet is optional: 4 answered, and its percents are of those 4.
    expect(rowsLabelled(res.text, 'Cat')).toEqual(['Cat 2 50.00% 15.00–85.00%']);
    expect(rowsLabelled(res.text, 'Answered')).toEqual(['Answered 6', 'Answered 4', 'Answered 6']);
    // Fruit takes several answers: 4 of 6 ate apples, and the percents add past 100.
    expect(rowsLabelled(res.text, 'Apple')).toEqual(['Apple 4 66.67% 30.00–90.32%']);
    expect(res.text).toContain('Several answers each: percents may add up to more than 100 %');
  });

  it('states the respondents, the margin of error beside them, and the versions counted', async () => {
    const res = await page('/surveys/every-type/results').expect(200);
    // 1.96 × √(0.25 / 6) = 40.01 %
    expect(textOf(res.text)).toContain('6 respondents margin of error ±40.01 % 95 % confidence, in the worst case (p = 0.5)');
    expect(textOf(res.text)).toContain('Versions counted: 1');
  });

  it('draws a matrix as a grid of count (percent) per row and column, with each row’s answered', async () => {
    const res = await page('/surveys/every-type/results').expect(200);
    expect(rowsLabelled(res.text, 'Statement one')).toEqual([
      'Statement one 3 (50.00%) 95% 18.76–81.24% 1 (16.67%) 95% 3.01–56.35% 2 (33.33%) 95% 9.68–70.00% 6',
    ]);
    expect(rowsLabelled(res.text, 'Statement two')).toEqual([
      'Statement two 2 (33.33%) 95% 9.68–70.00% 1 (16.67%) 95% 3.01–56.35% 3 (50.00%) 95% 18.76–81.24% 6',
    ]);
  });

  it('numbers the questions as the form does, links each to a crosstab, and offers its "other" texts', async () => {
    const res = await page('/surveys/every-type/results').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('1. Favourite colour [one answer]');
    expect(text).toContain('4. Agreement [grid, one answer per row]');
    expect(res.text).toContain('href="/surveys/every-type/crosstab?row=colour"');
    expect(res.text).toContain('href="/surveys/every-type/crosstab?row=agree.r1"');
    expect(text).toContain('Texts written for “Other colour” (1)');
    expect(text).toContain('Texts written for “Other fruit” (2)');
    expect(res.text).toContain('href="/surveys/every-type/results/other/fruit"');
    expect(res.text).toContain('data-other-api="/api/surveys/every-type/other/fruit"');
  });

  it('speaks the survey’s language: the study’s own words for a Chinese survey', async () => {
    const res = await page('/surveys/taobao-2015/results').expect(200);
    expect(res.text).toContain('<html lang="zh-CN">');
    const text = textOf(res.text);
    expect(text).toContain('有效答卷 269 份');
    expect(text).toContain('选项 小计 比例 95% 置信区间');
    // The study's table of browsing frequency: 每天 50 of 269.
    expect(rowsLabelled(res.text, '每天')).toEqual(['每天 50 18.59% 14.39–23.67%']);
    expect(rowsLabelled(res.text, '本题有效填写人次')[0]).toBe('本题有效填写人次 269');
  });

  it('carries what the live script needs: the freshness it was drawn with, as its ETag, and its charts’ data', async () => {
    const res = await page('/surveys/every-type/results?where=colour:1').expect(200);
    const config = JSON.parse(/<script type="application\/json" id="results-config">([\s\S]*?)<\/script>/.exec(res.text)![1]!);
    expect(res.headers.etag).toBe(`W/"${config.key}"`);
    expect(res.text).toContain('<script src="/vendor/chart.js/chart.umd.js" defer></script>');
    // The chart's bars and tooltips come written: the script formats nothing.
    const chart = JSON.parse(/<script type="application\/json" data-chart-for="chart-colour">([\s\S]*?)<\/script>/.exec(res.text)![1]!);
    expect(chart.grouped).toBe(false);
    expect(chart.datasets[0].percents[0]).toBe(100);
    expect(chart.datasets[0].tips[0][0]).toMatch(/^100\.00% \(\S+ 3\)$/);
    const grid = JSON.parse(/<script type="application\/json" data-chart-for="chart-agree">([\s\S]*?)<\/script>/.exec(res.text)![1]!);
    expect(grid.grouped).toBe(true);

    // The same page asked again with that ETag: 304 and no body, until the counts move (the
    // live test shows a new response coming through); another ETag gets the page.
    // With Cache-Control: no-cache, as a browser's fetch with cache: 'no-store' sends it.
    const again = await page('/surveys/every-type/results?where=colour:1')
      .set('If-None-Match', res.headers.etag!)
      .set('Cache-Control', 'no-cache')
      .expect(304);
    expect(again.text ?? '').toBe('');
    await page('/surveys/every-type/results?where=colour:1').set('If-None-Match', 'W/"other"').expect(200);
  });
});

describe('the subgroup filter', () => {
  it('turns the ticked answers into the canonical where= URL', async () => {
    const form = await page('/surveys/every-type/results').expect(200);
    expect(form.text).toMatch(/<form method="get" action="\/surveys\/every-type\/results">/);
    expect(form.text).toContain('name="pick" value="colour:2"');
    expect(form.text).toContain('name="pick" value="agree.r1:1"');

    const sent = await page('/surveys/every-type/results?pick=&pick=colour:1&pick=colour:2&pick=agree.r1:1').expect(303);
    expect(sent.headers.location).toBe('/surveys/every-type/results?where=colour:1,2&where=agree.r1:1');
    const cleared = await page('/surveys/every-type/results?version=1&pick=').expect(303);
    expect(cleared.headers.location).toBe('/surveys/every-type/results?version=1');
  });

  it('shows the subgroup in words, its tallies, each condition removable, and a link to clear it', async () => {
    const res = await page('/surveys/every-type/results?where=colour:1,2&where=agree.r1:1').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('Respondents where 1. Favourite colour is any of Red, Green and 4. Agreement — Statement one is Disagree');
    // Red or Green, and Disagree with statement one: respondents 1, 2 and 6.
    expect(text).toContain('3 respondents');
    expect(rowsLabelled(res.text, 'Red')).toEqual(['Red 3 100.00% 43.85–100.00%']);
    // Of them only 1 and 2 have a pet: one cat, one dog.
    expect(rowsLabelled(res.text, 'Cat')).toEqual(['Cat 1 50.00% 9.45–90.55%']);
    expect(res.text).toContain('href="/surveys/every-type/results?where=agree.r1:1" aria-label="Remove the condition: 1. Favourite colour is any of Red, Green"');
    expect(res.text).toContain('<a class="clear" href="/surveys/every-type/results">Clear the filter</a>');
    // The form comes back with the subgroup's answers ticked.
    expect(res.text).toContain('name="pick" value="colour:1" checked');
    expect(res.text).not.toContain('name="pick" value="colour:x" checked');
  });

  it('answers a where= the service cannot read with 400 and its reasons', async () => {
    const res = await page('/surveys/every-type/results?where=size:1&where=colour:9').expect(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(textOf(res.text)).toContain('The survey has no question “size”. “9” is not a code of “colour”.');
    await page('/surveys/every-type/crosstab?row=colour&col=pet&where=agree:1').expect(400);
    await page('/surveys/nope/results').expect(404);
  });
});

describe('the crosstab page', () => {
  const url = '/surveys/taobao-2015/crosstab?row=browse&col=age';

  it('lists every question and matrix row in both selects, the chosen ones selected', async () => {
    const res = await page(url).expect(200);
    expect(res.text).toContain('<option value="browse" selected>6. 您平时浏览淘宝网站的频率</option>');
    expect(res.text).toContain('<option value="factors.1">11. 影响您购买产品的主要因素 — 页面设计</option>');
    expect(res.text).toContain('<option value="age" selected>2. 您的年龄</option>');
  });

  it('shows the study’s browse × age table with row and column totals', async () => {
    const res = await page(url).expect(200);
    const counts = (label: string) => cellsOf(res.text, label).map((c) => c.text.split(' ')[0]);
    expect(counts('每天')).toEqual(['3', '45', '1', '1', '0', '50']);
    expect(counts('经常')).toEqual(['5', '91', '11', '2', '1', '110']);
    expect(counts('偶尔')).toEqual(['8', '77', '4', '1', '0', '90']);
    expect(counts('很少')).toEqual(['4', '12', '2', '0', '1', '19']);
    expect(counts('合计')).toEqual(['20', '225', '18', '4', '2', '269']);
  });

  it('gives the chi-square line, warns of small expected counts, and marks the cells beyond ±1.96', async () => {
    const res = await page(url).expect(200);
    const text = textOf(res.text);
    // Worked by hand: Σ (o − e)² / e = 18.99 on (4 − 1)(5 − 1) = 12 df; V = √(18.99 / (269 · 3)).
    expect(text).toContain('χ² = 18.99，自由度 = 12，p = 0.089，Cramér’s V = 0.153');
    expect(text).toContain('在 0.05 水平上未发现显著相关。');
    // 12 of the 20 expected counts are below 5; the smallest is 19 · 2 / 269.
    expect(text).toContain('注意：60.0% 的期望频数小于 5（最小期望频数 0.14）');
    // Only the rare browsers' row departs from independence: more under 18 and over 46, fewer 18–25.
    const marks = (label: string) => cellsOf(res.text, label).slice(0, 5).map((c) => c.className);
    expect(marks('很少')).toEqual(['above', 'below', '', '', 'above']);
    for (const label of ['每天', '经常', '偶尔']) expect(marks(label)).toEqual(['', '', '', '', '']);
    const rare = cellsOf(res.text, '很少');
    expect(rare[0]!.text).toBe('4 ▲ 显著多于预期 +2.35 调整后标准化残差 +2.35');
    expect(rare[1]!.text).toBe('12 ▼ 显著少于预期 −2.50 调整后标准化残差 −2.50');
    expect(cellsOf(res.text, '经常')[2]!.text).toBe('11 +1.81 调整后标准化残差 +1.81');
  });

  it('switches to row and column percents by a link', async () => {
    const res = await page(url).expect(200);
    expect(res.text).toContain('href="/surveys/taobao-2015/crosstab?row=browse&amp;col=age&amp;show=row"');
    const rows = await page(`${url}&show=row`).expect(200);
    expect(cellsOf(rows.text, '每天').map((c) => c.text.split(' ')[0])).toEqual(['6.00%', '90.00%', '2.00%', '2.00%', '0.00%', '100.00%']);
    const columns = await page(`${url}&show=col`).expect(200);
    // 3 of the 20 under 18 browse daily.
    expect(cellsOf(columns.text, '每天')[0]!.text.split(' ')[0]).toBe('15.00%');
  });

  it('explains why a multi-choice variable has no test, and notes columns nobody answered', async () => {
    const multi = await page('/surveys/taobao-2015/crosstab?row=products&col=gender').expect(200);
    expect(textOf(multi.text)).toContain('不做卡方检验：“7. 您平时在淘宝网站上购买哪些产品”可多选，单元格之间不独立。');
    expect(multi.text).not.toContain('class="chi-square"');
    // Nobody with a pet disagreed with statement two: that column is left out of the test.
    const leftOut = await page('/surveys/every-type/crosstab?row=pet&col=agree.r2').expect(200);
    expect(textOf(leftOut.text)).toContain('Rows and columns nobody answered are left out of the test.');
    expect(leftOut.text).toContain('class="chi-square"');
  });

  it('asks for both variables before drawing a table, keeping the one given', async () => {
    const res = await page('/surveys/every-type/crosstab?row=colour').expect(200);
    expect(textOf(res.text)).toContain('Choose a question for the rows and one for the columns.');
    expect(res.text).toContain('<option value="colour" selected>1. Favourite colour</option>');
    expect(res.text).not.toContain('<table class="crosstab">');
  });
});

describe('the compare page', () => {
  it('offers the study’s comparison, and lands the two groups’ forms on a=…&b=…', async () => {
    const res = await page('/surveys/taobao-2015/compare').expect(200);
    expect(res.text).toContain('href="/surveys/taobao-2015/compare?a=browse:1&amp;b=browse:4"');
    expect(res.text).toContain('name="pickA" value="browse:1"');
    const sent = await page('/surveys/taobao-2015/compare?pickA=&pickA=browse:1&pickB=&pickB=browse:4').expect(303);
    expect(sent.headers.location).toBe('/surveys/taobao-2015/compare?a=browse:1&b=browse:4');
  });

  it('puts daily and rare browsers side by side, with a test of whether they differ', async () => {
    const res = await page('/surveys/taobao-2015/compare?a=browse:1&b=browse:4').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('A 组 · 50 人');
    expect(text).toContain('B 组 · 19 人');
    // The study: 39 of the 50 daily browsers are women, 16 of the 19 rare ones are men.
    expect(rowsLabelled(res.text, '女')[0]).toBe('女 39 78.00% 3 15.79%');
    expect(rowsLabelled(res.text, '男')[0]).toBe('男 11 22.00% 16 84.21%');
    // [[11, 39], [16, 3]]: χ² = 22.37 on 1 df.
    expect(text).toContain('组间差异：χ² = 22.37，自由度 = 1，p < 0.001');
    expect(text).toContain('多选题不做组间检验');
  });

  it('says so when the groups overlap, and tests nothing', async () => {
    const res = await page('/surveys/taobao-2015/compare?a=browse:1&b=gender:2').expect(200);
    expect(textOf(res.text)).toContain('两组有 39 人重叠，不做组间检验。');
    // No test line anywhere (the groups above, apart, have one per question).
    expect(textOf(res.text)).not.toContain('组间差异');
  });
});

describe('the texts written for an "other" choice', () => {
  const written = demo
    .filter((r) => (r.body.answers.products as string[]).includes('8'))
    .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime())
    .map((r) => r.body.other.products!);

  it('lists them newest first, twenty to a page, with links between pages', async () => {
    expect(written.length).toBe(35);
    const first = await page('/surveys/taobao-2015/results/other/products').expect(200);
    const texts = (html: string) => [...html.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((m) => textOf(m[1]!));
    expect(texts(first.text)).toEqual(written.slice(0, 20));
    expect(textOf(first.text)).toContain('第 1 页，共 2 页');
    expect(first.text).toContain('href="/surveys/taobao-2015/results/other/products?page=2" rel="next"');
    const second = await page('/surveys/taobao-2015/results/other/products?page=2').expect(200);
    expect(texts(second.text)).toEqual(written.slice(20));
    expect(second.text).toContain('href="/surveys/taobao-2015/results/other/products" rel="prev"');
    await page('/surveys/taobao-2015/results/other/products?page=0').expect(400);
    // A matrix keeps its text on its "other" row.
    const row = await page('/surveys/every-type/results/other/channels').expect(200);
    expect(textOf(row.text)).toContain('Texts written for “Elsewhere” (1)');
    expect(texts(row.text)).toEqual(['radio']);
    await page('/surveys/taobao-2015/results/other/gender').expect(400);
  });
});

describe('access and the content security policy', () => {
  const pages = [
    '/surveys/every-type/results',
    '/surveys/every-type/results?where=colour:1',
    '/surveys/every-type/results/other/colour',
    '/surveys/taobao-2015/crosstab?row=browse&col=age',
    '/surveys/taobao-2015/crosstab',
    '/surveys/taobao-2015/compare?a=browse:1&b=browse:4',
    '/surveys/taobao-2015/compare',
    '/surveys',
  ];

  it('asks a stranger to sign in (401) on every page', async () => {
    for (const url of pages) {
      const res = await request(t.app).get(url).set('Accept-Language', 'en').expect(401);
      expect(res.text).toContain('autocomplete="current-password"');
    }
  });

  it('serves no inline script, style or handler, under the strict CSP', async () => {
    for (const url of pages) {
      const res = await page(url).expect(200);
      expect({ url, inline: inlineCode(res.text) }).toEqual({ url, inline: [] });
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("style-src 'self'");
    }
  });

  it('serves Chart.js itself, cached, to anyone (a library holds no data)', async () => {
    const res = await request(t.app).get('/vendor/chart.js/chart.umd.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toMatch(/max-age=86400/);
    expect(res.text).toContain('Chart.js v4');
    await request(t.app).get('/vendor/chart.js/chart.cjs').expect(404);
  });
});

describe("a researcher's error page", () => {
  /** The researcher header (product name, who is signed in, sign-out) and the page's links, as a person reads them. */
  function frameOf(html: string) {
    const header = /<header class="top">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    const main = /<main class="page">([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
    const links = [...main.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: textOf(m[2]!) }));
    return { header: textOf(header), signOut: header.includes('action="/logout"'), main: textOf(main), links };
  }

  it('for a crosstab of an unknown question: the researcher header, the reason, a link to the survey and to the list', async () => {
    const res = await page('/surveys/every-type/crosstab?row=nope&col=colour').expect(400);
    const frame = frameOf(res.text);
    expect(frame.header).toContain('Signed in as ana');
    expect(frame.signOut).toBe(true);
    expect(frame.main).toContain('nope');
    expect(frame.links).toEqual([
      { href: '/surveys/every-type/results', text: 'Back to the results of “Every question type”' },
      { href: '/surveys', text: 'All surveys' },
    ]);
  });

  it('in the survey’s language, as its results pages are', async () => {
    const res = await page('/surveys/taobao-2015/crosstab?row=nope&col=age').expect(400);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(frameOf(res.text).links).toEqual([
      { href: '/surveys/taobao-2015/results', text: '返回“淘宝消费者问卷调查”的结果' },
      { href: '/surveys', text: '全部问卷' },
    ]);
  });

  it('for a page of a survey that does not exist (404): the header and the way to the list, naming no survey', async () => {
    for (const url of ['/surveys/nope/results', '/surveys/every-type/no-such-page']) {
      const res = await page(url).expect(404);
      const frame = frameOf(res.text);
      expect(frame.header).toContain('Signed in as ana');
      expect(frame.links.at(-1)).toEqual({ href: '/surveys', text: 'All surveys' });
    }
    expect(frameOf((await page('/surveys/nope/results')).text).links).toHaveLength(1);
    expect(frameOf((await page('/surveys/every-type/no-such-page')).text).links[0]).toEqual({
      href: '/surveys/every-type/results',
      text: 'Back to the results of “Every question type”',
    });
  });

  it('stays JSON for the API', async () => {
    const res = await agent.get('/api/surveys/every-type/crosstab?row=nope&col=colour').set('Accept', 'application/json').expect(400);
    expect(res.body.errors[0].message).toContain('nope');
  });
});

describe('the list of surveys', () => {
  it('gives each survey’s respondents from the kept counts, and links to its results and crosstab', async () => {
    const res = await page('/surveys').expect(200);
    expect(textOf(res.text)).toContain('every-type Every question type open 1 6 · Results · Crosstab');
    expect(textOf(res.text)).toContain('269 · Results · Crosstab');
    expect(res.text).toContain('href="/surveys/taobao-2015/crosstab"');
  });
});

describe('several versions of a survey', () => {
  const first = { ...everyType, id: 'versioned', title: 'Versioned' };
  // Version 2 gives code 2 of the colour another meaning: the two cannot be counted together.
  const second = { ...first, questions: first.questions.map((q) => (q.id === 'colour' && q.type === 'single' ? { ...q, options: q.options.map((o) => (o.value === '2' ? { ...o, label: 'Blue' } : o)) } : q)) };

  beforeAll(async () => {
    await t.surveys.registerDefinition(first);
    for (const body of sixRespondents.slice(0, 2)) await request(t.app).post('/api/surveys/versioned/responses').send(body).expect(201);
    await t.surveys.registerDefinition(second);
    await request(t.app).post('/api/surveys/versioned/responses').send(sixRespondents[2]).expect(201);
    await t.resultCounts.flush();
  });

  it('counts the current version, says why another is left out, and links to it', async () => {
    const res = await page('/surveys/versioned/results').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('1 respondents');
    expect(text).toContain('Versions counted: 2');
    expect(text).toContain('Version 1 (2 responses) is not counted: in “Favourite colour”, code 2 meant “Green” there and means “Blue” here Show version 1');
    expect(res.text).toContain('href="/surveys/versioned/results?version=1"');
  });

  it('shows an older version on request, with the way back', async () => {
    const res = await page('/surveys/versioned/results?version=1').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('2 respondents');
    expect(text).toContain('Showing version 1 · Back to the current version');
    expect(rowsLabelled(res.text, 'Green')).toEqual(['Green 0 0.00% 0.00–65.76%']);
    await page('/surveys/versioned/results?version=3').expect(400);
  });
});

describe('a page whose first aggregation takes long', () => {
  it('says it is still counting and reloads itself, while the aggregation goes on; then shows the figures', async () => {
    // An aggregation held back, as one over 100,000 responses on the embedded database would be.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const original = ResponseAnalysis.prototype.countChoices;
    let aggregations = 0;
    const slow = jest.spyOn(ResponseAnalysis.prototype, 'countChoices').mockImplementation(async function (this: ResponseAnalysis, ...args) {
      aggregations++;
      await held;
      return original.apply(this, args);
    });
    try {
      const url = '/surveys/every-type/results?where=agree.r2:3';
      const waiting = await page(url).expect(202);
      expect(waiting.headers['retry-after']).toBe('5');
      expect(waiting.text).toContain('<meta http-equiv="refresh" content="5">');
      expect(textOf(waiting.text)).toMatch(/Counting this page from 6 responses: \d+ s so far\./);
      expect(waiting.text).toContain(`<a href="${url.replace('&', '&amp;')}">Reload now</a>`);
      // It names the subgroup it counts, and its links keep it.
      expect(textOf(waiting.text)).toContain('Respondents where 4. Agreement — Statement two is Agree');
      expect(waiting.text).toContain('href="/surveys/every-type/crosstab?where=agree.r2:3"');
      // The reload joins the aggregation already running.
      await page(url).expect(202);
      expect(aggregations).toBe(1);
      release();
      const shown = await page(url).expect(200);
      expect(textOf(shown.text)).toContain('3 respondents');
      expect(aggregations).toBe(1);
    } finally {
      slow.mockRestore();
    }
  }, 30_000);
});
