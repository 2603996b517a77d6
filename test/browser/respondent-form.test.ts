import path from 'node:path';
import type { Page } from 'playwright-core';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { useBrowser } from '../support/browser';
import { fixturesDir, surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
/** Titles, labels and texts holding URLs, long words and code: strings with nowhere to break. */
const longWords = surveyFromFile(path.join(fixturesDir, 'surveys', 'long-words.json'));
const everyType = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const t = useTestApp([taobao, longWords, everyType]);
const chromium = useBrowser(t);

const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36',
};

async function openPhone(javaScriptEnabled: boolean, surveyId = 'taobao-2015'): Promise<Page> {
  const context = await chromium.browser.newContext({ ...PHONE, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${chromium.baseUrl}/s/${surveyId}`);
  return page;
}

/**
 * Every text of the page, and every element, that reaches past the right edge of `within`
 * (the screen when not given). Words drawn outside their box do not widen the box itself,
 * so they are measured where they are drawn.
 */
function pastTheEdge(page: Page, within?: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const edge = selector ? document.querySelector(selector)!.getBoundingClientRect().right : document.documentElement.clientWidth;
    const past: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (element.getBoundingClientRect().right > edge + 0.5) past.push(`${element.tagName.toLowerCase()}.${element.className}`);
    }
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      // Words for screen readers only sit in a clipped box of 1 px, and are drawn nowhere.
      if (text.parentElement!.getBoundingClientRect().width <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if (range.getBoundingClientRect().right > edge + 0.5) past.push(`"${text.textContent!.trim().slice(0, 40)}"`);
    }
    return past;
  }, within);
}

function question(page: Page, survey: SurveyDefinition, id: string) {
  const title = survey.questions.find((q) => q.id === id)!.title;
  return page.getByRole('group', { name: new RegExp(`^\\d+\\. ${title.replace(/[()]/g, '\\$&')}`) });
}

/**
 * What a typical respondent of the study ticks, question by question, in the words on screen;
 * the matrix rows all get 非常在意, and 店铺评价 also 比较在意.
 */
const TICKS: [string, string[]][] = [
  ['gender', ['女']],
  ['age', ['18-25岁']],
  ['occupation', ['其他']],
  ['income', ['0元(学生请选择此项)']],
  ['years', ['3-5年']],
  ['browse', ['每天']],
  ['products', ['服饰', '食品', '其他']],
  ['spend', ['100-500元']],
  ['push_attention', ['一般关注']],
  ['sort_order', ['产品销量']],
  ['payment', ['支付宝']],
  ['pay_safe', ['比较同意']],
  ['double11_spend', ['100-500元']],
  ['double11_view', ['不确定']],
  ['right_decision', ['非常同意']],
  ['only_taobao', ['不太同意']],
  ['recommend', ['比较同意']],
  ['first_choice', ['比较同意']],
  ['improve', ['产品质量']],
];
const OTHER_TEXTS: [string, string][] = [
  ['occupation', '教师'],
  ['products', '宠物用品'],
];

/** Answers the reference questionnaire the way a respondent does: by the words on screen. */
async function fillReferenceSurvey(page: Page) {
  for (const [id, labels] of TICKS) {
    for (const label of labels) await question(page, taobao, id).getByLabel(label, { exact: true }).check();
  }
  for (const [id, text] of OTHER_TEXTS) await question(page, taobao, id).getByRole('textbox').fill(text);
  const factors = question(page, taobao, 'factors');
  for (const row of ['页面设计', '店铺评价', '卖家图片', '买家评价', '邮费(是否包邮)', '客服态度', '快递公司', '好评返现']) {
    await factors.getByRole('group', { name: row, exact: true }).getByLabel('非常在意', { exact: true }).check();
  }
  await factors.getByRole('group', { name: '店铺评价', exact: true }).getByLabel('比较在意', { exact: true }).check();
}

/** Those ticks as the codes stored, written out from surveys/taobao-2015.json: every question. */
const expectedAnswers = {
  gender: '2',
  age: '2',
  occupation: '5',
  income: '5',
  years: '2',
  browse: '1',
  products: ['1', '4', '8'],
  spend: '2',
  push_attention: '3',
  sort_order: '4',
  factors: { '1': ['1'], '2': ['1', '2'], '3': ['1'], '4': ['1'], '5': ['1'], '6': ['1'], '7': ['1'], '8': ['1'] },
  payment: ['1'],
  pay_safe: '2',
  double11_spend: '3',
  double11_view: '3',
  right_decision: '1',
  only_taobao: '4',
  recommend: '2',
  first_choice: '2',
  improve: ['3'],
};

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a respondent on a 360 px phone %s', (_name, javaScriptEnabled) => {
  it('fills the reference survey by its visible labels and the response lands in the database', async () => {
    const page = await openPhone(javaScriptEnabled);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await fillReferenceSurvey(page);
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL('**/s/taobao-2015/thanks');
    await expect(page.getByRole('heading', { name: '提交成功' }).isVisible()).resolves.toBe(true);

    const responses = await t.database.models.Response.find().lean();
    expect(responses).toHaveLength(1);
    // Every one of the twenty answers, exactly: nothing missing, nothing extra.
    expect(responses[0]!.answers).toEqual(expectedAnswers);
    expect(responses[0]).toMatchObject({ channel: 'form', other: { occupation: '教师', products: '宠物用品' }, client: { device: 'phone' } });
    await page.context().close();
  });

  it('keeps every answer and points at each missing one when the form is incomplete', async () => {
    const page = await openPhone(javaScriptEnabled);
    await question(page, taobao, 'gender').getByLabel('男', { exact: true }).check();
    await question(page, taobao, 'occupation').getByLabel('其他', { exact: true }).check();
    await page.getByRole('button', { name: '提交' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.textContent()).toContain('请填写“其他”的具体内容。');
    expect(await summary.locator('li').count()).toBe(19);
    const age = taobao.questions.findIndex((q) => q.id === 'age');
    expect(await summary.locator('a').first().textContent()).toBe(`${age + 1}. ${taobao.questions[age]!.title}`);
    // Focus sits on the first question that needs a change.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-age');
    expect(await question(page, taobao, 'gender').getByLabel('男', { exact: true }).isChecked()).toBe(true);
    expect(await t.database.models.Response.countDocuments()).toBe(0);
    await page.context().close();
  });

  it('gives every choice a tap target at least 44 px high', async () => {
    const page = await openPhone(javaScriptEnabled);
    const heights = await page.$$eval('label.choice, label.cell', (labels) =>
      labels.map((l) => l.getBoundingClientRect().height),
    );
    expect(heights.length).toBeGreaterThan(100);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    await page.context().close();
  });
});

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a survey whose titles and labels hold long unbroken strings, on a 360 px phone %s', (_name, javaScriptEnabled) => {
  it('wraps every text inside the screen, and Submit can be tapped', async () => {
    const page = await openPhone(javaScriptEnabled, 'long-words');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await pastTheEdge(page)).toEqual([]);

    await question(page, longWords, 'site').getByLabel('Yes', { exact: true }).check();
    const grid = question(page, longWords, 'grid');
    for (const row of ['r1', 'r2', 'r3']) await grid.locator(`#q-grid-${row}`).getByLabel('Neutral', { exact: true }).check();
    await grid.getByRole('textbox').fill('https://example.org/yet/another/address/without/a/single/space/in/it');
    // A plain click: playwright taps only when nothing else on the page would take the tap.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL('**/s/long-words/thanks');
    expect(await t.database.models.Response.find({ surveyId: 'long-words' }).lean()).toEqual([
      expect.objectContaining({ answers: { site: '1', grid: { r1: '2', r2: '2', r3: '2' } }, other: { grid: 'https://example.org/yet/another/address/without/a/single/space/in/it' } }),
    ]);
    await page.context().close();
  });
});

describe('a survey whose titles and labels hold long unbroken strings, on a 1280 px laptop', () => {
  it('wraps every text inside its box, the matrix headings included', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${chromium.baseUrl}/s/long-words`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // The form's column is narrower than the screen: nothing may reach past the form's own edge.
    expect(await pastTheEdge(page, 'main')).toEqual([]);
    await page.close();
  });
});

describe('the form with JavaScript', () => {
  it('shows an "other" box only once its option is ticked', async () => {
    const page = await openPhone(true);
    const box = question(page, taobao, 'occupation').getByRole('textbox');
    expect(await box.isVisible()).toBe(false);
    await question(page, taobao, 'occupation').getByLabel('其他', { exact: true }).check();
    expect(await box.isVisible()).toBe(true);
    await page.context().close();
  });

  it('names a matrix row whose text is missing by its own label, as the server does', async () => {
    const page = await openPhone(true, 'every-type');
    await page.getByRole('group', { name: /Elsewhere/ }).getByLabel('Online', { exact: true }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.textContent()).toContain('Please specify “Elsewhere”.');
    expect(await summary.textContent()).not.toContain('Elsewhere:');
    await page.context().close();
  });
});
