import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { useBrowser } from '../support/browser';
import { addUser, PASSWORD } from '../support/researchers';
import { useTestApp } from '../support/test-app';

const t = useTestApp([]);
const chromium = useBrowser(t);

/** A survey file as a researcher keeps it on their laptop, with a Likert grid for the phone's width. */
const SURVEY = {
  id: 'commute',
  title: 'How you get to work',
  locale: 'en',
  questions: [
    { id: 'mode', type: 'single', title: 'How do you usually travel?', options: ['Bus', 'Bicycle', 'Car'] },
    { id: 'days', type: 'multi', title: 'Which days do you work at the office?', options: ['Monday', 'Tuesday', 'Wednesday'], required: false },
    {
      id: 'agree',
      type: 'matrix',
      title: 'How far do you agree?',
      rows: ['The roads are safe for cycling', 'Parking is easy to find'],
      columns: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
    },
  ],
};

let folder: string;
beforeAll(async () => {
  await addUser(t.database, 'alice');
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-upload-'));
  fs.writeFileSync(path.join(folder, 'commute.json'), JSON.stringify(SURVEY, null, 2));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Errors the page or its frames report (a CSP violation is reported on the console). */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const frame = await (await page.locator(selector).elementHandle())!.contentFrame();
  await frame!.waitForLoadState('load');
  return frame!;
}

describe('a researcher creates a survey in the browser', () => {
  it('uploads its file, previews it on a phone-sized frame, saves and opens it; a respondent answers it; the CSV has the answer', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchProblems(page);

    await page.goto(`${chromium.baseUrl}/surveys`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${chromium.baseUrl}/surveys`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('heading', { name: 'New survey', level: 1 }).waitFor();
    await page.getByLabel('Survey file (.json)').setInputFiles(path.join(folder, 'commute.json'));
    await page.getByRole('button', { name: 'Check and preview' }).click();
    await page.getByRole('heading', { name: 'Preview: How you get to work' }).waitFor();
    expect(await t.surveys.find('commute')).toBeNull();

    // The phone frame is a 360 px viewport of its own, and the form fits it: no sideways scroll.
    const phone = await frameOf(page, 'figure.phone iframe');
    await phone.getByRole('group', { name: /How far do you agree\?/ }).waitFor();
    const phoneWidth = await phone.evaluate(() => ({ viewport: window.innerWidth, scroll: document.documentElement.scrollWidth }));
    expect(phoneWidth).toEqual({ viewport: 360, scroll: 360 });
    const rowRight = await phone.getByRole('group', { name: 'Parking is easy to find' }).evaluate((row) => row.getBoundingClientRect().right);
    expect(rowRight).toBeLessThanOrEqual(360);
    // The preview sends nothing: its frame may not submit forms.
    const frameUrl = phone.url();
    await phone.getByRole('group', { name: /How do you usually travel\?/ }).getByLabel('Car').check();
    await Promise.all([
      page.waitForEvent('console', (message) => message.text().startsWith('Blocked form submission')),
      phone.getByRole('button', { name: 'Submit' }).click(),
    ]);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('Blocked form submission')));
    expect(phone.url()).toBe(frameUrl);
    expect(await t.database.models.Response.countDocuments({ surveyId: 'commute' })).toBe(0);
    const wide = await frameOf(page, 'figure.wide iframe');
    expect(await wide.evaluate(() => window.innerWidth)).toBeGreaterThan(900);
    await wide.getByRole('heading', { name: 'How you get to work' }).waitFor();

    await page.getByRole('button', { name: 'Save the survey' }).click();
    await page.getByText('The survey is created and open').waitFor();
    expect((await t.surveys.find('commute'))?.sharing).toEqual({ owners: ['alice'], viewers: [] });
    // Closed, then opened for responses, with the buttons of its page.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('The survey is closed: respondents see a closed page.').waitFor();
    await page.getByRole('button', { name: 'Open for responses' }).click();
    await page.getByText('The survey is open: respondents can answer it.').waitFor();
    const respondentUrl = await page.getByRole('link', { name: /\/s\/commute$/ }).getAttribute('href');

    // A respondent on a phone answers it.
    const phoneContext = await chromium.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
    const respondent = await phoneContext.newPage();
    await respondent.goto(respondentUrl!);
    await respondent.getByRole('group', { name: /How do you usually travel\?/ }).getByLabel('Bicycle').check();
    await respondent.getByRole('group', { name: /Which days/ }).getByLabel('Tuesday').check();
    await respondent.getByRole('group', { name: 'The roads are safe for cycling' }).getByLabel('Agree', { exact: true }).check();
    await respondent.getByRole('group', { name: 'Parking is easy to find' }).getByLabel('Strongly disagree').check();
    await Promise.all([respondent.waitForURL(/\/s\/commute\/thanks$/), respondent.getByRole('button', { name: 'Submit' }).click()]);
    await phoneContext.close();

    // The researcher downloads the responses as CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate((url) => {
        const link = document.createElement('a');
        link.href = url;
        document.body.append(link);
        link.click();
      }, '/api/surveys/commute/export/responses.csv'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, answer, ...rest] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','));
    expect(rest).toEqual([]);
    const cell = (name: string) => answer![header!.indexOf(name)];
    expect([cell('version'), cell('mode'), cell('days_2'), cell('agree_1'), cell('agree_2')]).toEqual(['1', '2', '1', '4', '1']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
