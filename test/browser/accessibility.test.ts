import path from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { taobaoDemoResponses } from '../../src/demo/taobao-2015';
import { useBrowser } from '../support/browser';
import { addUser, PASSWORD } from '../support/researchers';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp(
  [taobao, surveyFromFile(path.join(surveysDir, 'course-feedback.json')), surveyFromFile(path.join(fixturesDir, 'surveys', 'long-words.json'))],
  { clearResponsesBeforeEach: false },
);
const chromium = useBrowser(t);

beforeAll(async () => {
  // An admin manages every survey, so that every researcher page can be opened.
  await addUser(t.database, 'ana', 'admin');
  // The study's responses: tables as wide as a real survey's, "other" texts to list.
  for (const { body } of taobaoDemoResponses(taobao)) await request(t.app).post('/api/surveys/taobao-2015/responses').send(body).expect(201);
  await t.resultCounts.flush();
}, 120_000);

const RESPONDENT_PAGES = ['/', '/s/taobao-2015', '/s/course-feedback', '/s/long-words', '/s/taobao-2015/thanks', '/s/no-such-survey'];

const RESEARCHER_PAGES = [
  '/surveys',
  '/surveys/taobao-2015/results',
  '/surveys/taobao-2015/results?where=browse:1',
  '/surveys/taobao-2015/results/other/occupation',
  '/surveys/taobao-2015/crosstab',
  '/surveys/taobao-2015/crosstab?row=browse&col=age',
  '/surveys/taobao-2015/compare',
  '/surveys/taobao-2015/compare?a=browse:1&b=browse:4',
  '/surveys/taobao-2015/manage',
  '/surveys/taobao-2015/edit',
  '/surveys/taobao-2015/versions',
  '/surveys/taobao-2015/audit',
  '/surveys/taobao-2015/delete',
  '/surveys/new',
  '/account/tokens',
  // An error page: a crosstab of a question the survey does not have.
  '/surveys/taobao-2015/crosstab?row=nope&col=age',
];

/** What axe-core finds on the page as it is now: each rule broken, with the number of elements and the first one. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated by the browser's debugger, which the pages' Content-Security-Policy does not stop.
  await page.evaluate(axe.source);
  // Only the violations in full: far less work on a results page of a thousand cells.
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

async function signIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${chromium.baseUrl}/login`);
  await page.getByLabel('Username').fill('ana');
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/surveys$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}

describe.each([
  ['a 1280 px laptop', { viewport: { width: 1280, height: 900 } }],
  ['a 360 px phone', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }],
])('axe-core finds nothing on %s', (_name, device) => {
  /** A respondent's (or a signed-out researcher's) tab, and a signed-in researcher's. */
  let anonymous: Page;
  let researcher: Page;
  beforeAll(async () => {
    anonymous = await (await chromium.browser.newContext({ ...device, locale: 'en-GB' })).newPage();
    researcher = await signIn(await chromium.browser.newContext({ ...device, locale: 'en-GB' }));
  });
  afterAll(async () => {
    await anonymous?.context().close();
    await researcher?.context().close();
  });

  it.each([...RESPONDENT_PAGES, '/login'])('on %s', async (url) => {
    await anonymous.goto(`${chromium.baseUrl}${url}`);
    expect(await axeViolations(anonymous)).toEqual([]);
  });

  it.each(RESEARCHER_PAGES)('on %s, signed in', async (url) => {
    await researcher.goto(`${chromium.baseUrl}${url}`);
    expect(await axeViolations(researcher)).toEqual([]);
  });
});

describe('the list of surveys', () => {
  it('on a 1280 px laptop draws each survey as one table row: every cell a cell of the row, from its top to its bottom', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await signIn(context);
    const rows = await page.locator('table.list tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const row = tr.getBoundingClientRect();
        return Array.from(tr.children, (cell) => {
          const box = cell.getBoundingClientRect();
          return { display: getComputedStyle(cell).display, top: Math.round(box.top - row.top), bottom: Math.round(row.bottom - box.bottom) };
        });
      }),
    );
    const headings = await page.locator('table.list thead th').count();
    expect(rows).toHaveLength(3);
    for (const cells of rows) expect(cells).toEqual(Array(headings).fill({ display: 'table-cell', top: 0, bottom: 0 }));
    await context.close();
  });
});
