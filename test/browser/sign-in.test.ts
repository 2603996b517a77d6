import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowser } from '../support/browser';
import { addUser, PASSWORD } from '../support/researchers';
import { surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const taobao = surveyFromFile(path.join(surveysDir, 'taobao-2015.json'));
const t = useTestApp([taobao]);
const chromium = useBrowser(t);

beforeAll(() => addUser(t.database, 'alice'));

/** A browser page that also collects what the console says (a CSP violation is reported there). */
async function open(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // The 401 of a page that asks to sign in is expected; anything else (a CSP violation) is not.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${chromium.baseUrl}${url}`);
  return { page, problems };
}

/** The fields a password manager fills: it looks for these autocomplete tokens on inputs. */
function managedFields(page: Page) {
  return {
    username: page.locator('input[autocomplete="username"]'),
    password: page.locator('input[type="password"][autocomplete="current-password"]'),
  };
}

describe('a researcher with a password manager', () => {
  it('is asked to sign in on the way to a page, signs in, sees the surveys, and signs out', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const { page, problems } = await open(context, '/surveys');

    // The sign-in form stands in for the page, with the two fields a manager recognises.
    await page.getByRole('heading', { name: 'Researcher sign-in' }).waitFor();
    const fields = managedFields(page);
    expect(await fields.username.count()).toBe(1);
    expect(await fields.password.count()).toBe(1);
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');

    // What the manager does: fill both fields by their autocomplete tokens, then submit the form.
    await fields.username.fill('alice');
    await fields.password.fill(PASSWORD);
    await Promise.all([page.waitForURL(`${chromium.baseUrl}/surveys`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.getByRole('heading', { name: 'Surveys' }).waitFor();
    expect(await page.getByText('Signed in as alice').count()).toBe(1);
    const link = page.getByRole('link', { name: '淘宝消费者问卷调查' });
    expect(await link.getAttribute('href')).toBe('/surveys/taobao-2015/results');
    expect(await page.getByRole('row').count()).toBe(2);

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();

    await Promise.all([page.waitForURL(`${chromium.baseUrl}/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.getByRole('heading', { name: 'Researcher sign-in' }).waitFor();
    const after = await page.goto(`${chromium.baseUrl}/surveys`);
    expect(after?.status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads the sign-in page in Chinese, and tells a wrong password in the same words as an unknown name', async () => {
    const context = await chromium.browser.newContext({ locale: 'zh-CN' });
    const { page } = await open(context, '/login');
    await page.getByRole('heading', { name: '研究者登录' }).waitFor();
    const fields = managedFields(page);
    await fields.username.fill('alice');
    await fields.password.fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toBe('用户名或密码错误。');
    // The name is kept; the manager (or the person) only has to give the password again.
    expect(await fields.username.inputValue()).toBe('alice');
    expect(await fields.password.inputValue()).toBe('');
    await context.close();
  });

  it('uses the pages on a 360 px phone without sideways scrolling', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en' });
    const { page, problems } = await open(context, '/login');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const fields = managedFields(page);
    await fields.username.fill('alice');
    await fields.password.fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/surveys$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto(`${chromium.baseUrl}/account/tokens`);
    await page.getByLabel('Name').fill('phone token with a fairly long name to wrap');
    // The scope is a choice, read already chosen; a tap on the words of "manage" chooses it.
    expect(await page.locator('input[name="scope"][value="read"]').isChecked()).toBe(true);
    const manage = page.locator('input[name="scope"][value="manage"]');
    expect(await manage.isChecked()).toBe(false);
    await page.getByText('also changes that your account may make').click();
    expect(await manage.isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: /New token/ }).waitFor();
    expect(await page.getByRole('cell', { name: 'manage' }).first().textContent()).toBe('manage');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});
