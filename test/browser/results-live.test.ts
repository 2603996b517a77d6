import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { taobaoDemoResponses } from '../../src/demo/taobao-2015';
import { SurveyStore } from '../../src/storage/survey-store';
import type { ResultCounts } from '../../src/storage/result-counts';
import { useBrowser } from '../support/browser';
import { addUser, PASSWORD } from '../support/researchers';
import { appOn, fixturesDir, resultCountsOn, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([everyType, taobao], { clearResponsesBeforeEach: false });
const chromium = useBrowser(t);

/** A second app process on the same database, with its own kept counts, as another server would be. */
let other: { app: ReturnType<typeof appOn>['app']; counts: ResultCounts };

const red = { answers: { colour: '1', pet: '1', fruit: ['1', '2'], agree: { r1: '1', r2: '3' } } };
const green = { answers: { colour: '2', pet: '2', fruit: ['2', '3'], agree: { r1: '3', r2: '3' } } };

beforeAll(async () => {
  await addUser(t.database, 'ana');
  for (const body of [red, green]) await request(t.app).post('/api/surveys/every-type/responses').send(body).expect(201);
  // The study's responses, for tables as wide as a real survey's.
  for (const { body } of taobaoDemoResponses(taobao)) await request(t.app).post('/api/surveys/taobao-2015/responses').send(body).expect(201);
  const counts = resultCountsOn(t.database, 250);
  await counts.start();
  other = { app: appOn(t.database, new SurveyStore(t.database.models), undefined, { resultCounts: counts }).app, counts };
});

afterAll(() => other?.counts.stop());

/** A signed-in browser, collecting what the console reports (a CSP violation is reported there). */
async function signedIn(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${chromium.baseUrl}/login`);
  await page.getByLabel('Username').fill('ana');
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/surveys$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { page, problems };
}

/** Whether the chart of `question` has a dark stroke where its first bar's 95 % range ends (the plugin's work). */
function rangeDrawn(page: Page, question: string): Promise<boolean> {
  return page.evaluate((id) => {
    const canvas = document.getElementById(`chart-${id}`) as HTMLCanvasElement;
    const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): any } }).Chart.getChart(canvas);
    const bar = chart.getDatasetMeta(0).data[0];
    const high = chart.data.datasets[0].ranges[0][1];
    const x = chart.scales.x.getPixelForValue(high);
    const ratio = window.devicePixelRatio;
    const pixels = canvas.getContext('2d')!.getImageData(Math.round(x * ratio) - 2, Math.round(bar.y * ratio) - 2, 5, 5).data;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 200 && pixels[i]! < 80 && pixels[i + 1]! < 80 && pixels[i + 2]! < 80) return true;
    return false;
  }, question);
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('a researcher watching results', () => {
  it('sees the charts drawn, and a response taken by another app process appear without a reload', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const { page, problems } = await signedIn(context);
    await page.goto(`${chromium.baseUrl}/surveys/every-type/results`);
    await page.getByRole('heading', { name: 'Every question type', level: 1 }).waitFor();

    // The chart is drawn by Chart.js from the app itself, with its ranges, and explains a bar on hover.
    await page.locator('figure[data-chart="colour"]').waitFor({ state: 'visible' });
    expect(await page.getByRole('img', { name: /Bar chart of “Favourite colour”/ }).count()).toBe(1);
    expect(await rangeDrawn(page, 'colour')).toBe(true);
    const hover = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): any } }).Chart.getChart('chart-colour');
      const item = { dataset: chart.data.datasets[0], dataIndex: 0, raw: chart.data.datasets[0].data[0] };
      const callbacks = chart.options.plugins.tooltip.callbacks;
      return [callbacks.label(item), callbacks.afterLabel(item)];
    });
    // One of the two chose red: 50 %, Wilson's interval for 1/2 is 9.45–90.55 %.
    expect(hover).toEqual(['50.00% (Count 1)', '95 % interval: 9.45–90.55%']);

    const respondents = page.locator('[data-live="respondents"]');
    expect(await respondents.textContent()).toBe('2 respondents');
    expect(await page.locator('[data-live="colour/1/percent"]').textContent()).toBe('50.00%');
    await page.locator('#live-status').filter({ hasText: /^Live · updated \d\d:\d\d:\d\d$/ }).waitFor();

    // A third respondent, red too, through the other process.
    await request(other.app).post('/api/surveys/every-type/responses').send(red).expect(201);
    await page.locator('[data-live="respondents"]').filter({ hasText: '3 respondents' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-live="colour/1/count"]').textContent()).toBe('2');
    expect(await page.locator('[data-live="colour/1/percent"]').textContent()).toBe('66.67%');
    expect(await page.locator('[data-live="colour/answered"]').textContent()).toBe('3');
    expect(await page.locator('[data-live="margin"]').textContent()).toBe('margin of error ±56.58 %');
    const bars = await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): any } }).Chart.getChart('chart-colour').data.datasets[0].data);
    expect(bars).toEqual([66.67, 33.33, 0]);

    // From a question to its crosstab, the question already chosen as rows.
    await page.locator('#q-colour').getByRole('link', { name: 'Crosstab with this question as rows' }).click();
    await page.getByRole('heading', { name: 'Crosstab', level: 1 }).waitFor();
    expect(await page.getByLabel('Rows').inputValue()).toBe('colour');
    await page.getByLabel('Columns').selectOption('pet');
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.locator('table.crosstab');
    await table.waitFor();
    expect(await table.locator('tfoot td.total').textContent()).toBe('3');
    // It follows new responses too.
    await request(other.app).post('/api/surveys/every-type/responses').send(green).expect(201);
    await table.locator('tfoot td.total').filter({ hasText: '4' }).waitFor({ timeout: 15_000 });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('refreshes in the background, and once the session has ended stops and offers to sign in again', async () => {
    const context = await chromium.browser.newContext({ locale: 'en-GB' });
    const { page, problems } = await signedIn(context);
    const refreshes: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/surveys/every-type/results') && r.resourceType() === 'fetch') refreshes.push(r.headers()['x-likert-background']);
    });
    await page.goto(`${chromium.baseUrl}/surveys/every-type/results`);
    await page.locator('#live-status').filter({ hasText: /^Live · updated/ }).waitFor();
    await page.waitForRequest((r) => r.url().endsWith('/surveys/every-type/results') && r.resourceType() === 'fetch');
    // Marked as the page's own, so that they do not hold an idle session open.
    expect(refreshes.length).toBeGreaterThan(0);
    expect(new Set(refreshes)).toEqual(new Set(['1']));

    // Signed out in another tab.
    const other = await context.newPage();
    await other.goto(`${chromium.baseUrl}/surveys`);
    await Promise.all([other.waitForURL(/\/login/), other.getByRole('button', { name: 'Sign out' }).click()]);

    const status = page.locator('#live-status');
    await status.filter({ hasText: 'You are signed out; this page no longer updates.' }).waitFor({ timeout: 10_000 });
    const asked = refreshes.length;
    await page.waitForTimeout(4_000);
    expect(refreshes.length).toBe(asked);
    // The numbers stay; the link comes back here through the sign-in form.
    expect(await page.locator('[data-live="respondents"]').textContent()).toMatch(/\d+ respondents/);
    await status.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/surveys\/every-type\/results$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.locator('#live-status').filter({ hasText: /^Live · updated/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads the newest "other" texts when their section opens', async () => {
    await request(t.app)
      .post('/api/surveys/every-type/responses')
      .send({ answers: { colour: 'x', fruit: ['1', '5'], agree: { r1: '1', r2: '1' } }, other: { colour: 'teal', fruit: 'kiwi' } })
      .expect(201);
    const context = await chromium.browser.newContext({ locale: 'en-GB' });
    const { page, problems } = await signedIn(context);
    await page.goto(`${chromium.baseUrl}/surveys/every-type/results`);
    await page.locator('#q-fruit summary').click();
    await page.locator('#q-fruit [data-other-preview] li').filter({ hasText: 'kiwi' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 360 px phone: no sideways scroll, wide tables scroll in their box, controls big enough to tap', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en' });
    const { page, problems } = await signedIn(context);
    const urls = [
      '/surveys/every-type/results?where=colour:1,2',
      '/surveys/taobao-2015/results',
      '/surveys/taobao-2015/crosstab?row=browse&col=age',
      '/surveys/taobao-2015/crosstab?row=factors.2&col=income&show=row',
      '/surveys/taobao-2015/compare?a=browse:1&b=browse:4',
    ];
    for (const url of urls) {
      await page.goto(`${chromium.baseUrl}${url}`);
      await page.locator('main').waitFor();
      expect({ url, width: await scrollWidth(page) }).toEqual({ url, width: 360 });
      const small = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('main :is(.results-nav a, button, select, .show-switch a, .remove, summary, .code)'))
          .filter((e) => e.offsetParent !== null)
          .filter((e) => e.getBoundingClientRect().height < 44)
          .map((e) => e.outerHTML.slice(0, 80)),
      );
      expect({ url, small }).toEqual({ url, small: [] });
    }
    // The subgroup form: one question's answers at a time once the script runs.
    await page.goto(`${chromium.baseUrl}/surveys/every-type/results`);
    await page.getByText('Add a condition').click();
    await page.getByLabel('Question', { exact: true }).selectOption({ label: '3. Fruit you eat' });
    const fruit = page.getByRole('group', { name: '3. Fruit you eat' });
    await fruit.getByText('Banana').click();
    expect(await page.getByRole('group', { name: '1. Favourite colour' }).isVisible()).toBe(false);
    await Promise.all([page.waitForURL(/where=fruit:2$/), page.getByRole('button', { name: 'Filter' }).click()]);
    expect(await scrollWidth(page)).toBe(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});
