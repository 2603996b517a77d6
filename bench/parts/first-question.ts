/**
 * How soon a 360 × 740 phone in Chromium shows the first question of the reference survey,
 * beside the floor: a minimal page holding one Chinese question, served by the bare server.
 * Timed as ../shared/peers/surveyjs/measure.js times SurveyJS: a fresh browser context per
 * load, a probe added before any page script records performance.now() (ms from navigation
 * start) of the first animation frame in which a question's box and title are laid out in
 * the viewport; median of the loads, unthrottled and with the CPU slowed 4×. Target: within
 * 2× the floor. Also prints the page's layout at 360 px (question 11 and the whole page).
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { median } from '../load';
import { interleaved, type BenchPart } from './part';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 7);

/**
 * measure.js's probe, with our selector (a fieldset and its legend) instead of SurveyJS's;
 * a string, so that it reaches the page exactly as written.
 */
const FIRST_VISIBLE_PROBE = `
  window.__firstQ = null;
  const tick = () => {
    const question = document.querySelector('fieldset');
    const title = question && question.querySelector('legend');
    if (question && title) {
      const box = question.getBoundingClientRect();
      if (box.height > 0 && box.top < innerHeight && title.getBoundingClientRect().height > 0) {
        window.__firstQ = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function oneLoad(browser: Browser, url: string, cpuSlowdown: number) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.addInitScript(FIRST_VISIBLE_PROBE);
  if (cpuSlowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('fieldset legend').first().waitFor({ state: 'visible' });
  await page.waitForFunction('window.__firstQ !== null');
  await page.waitForLoadState('load');
  const timing = (await page.evaluate(`({
    firstQuestion: window.__firstQ,
    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
  })`)) as { firstQuestion: number; fcp: number };
  await context.close();
  return timing;
}

export const firstQuestionPart: BenchPart = {
  name: 'phone',
  async run({ app, bare }) {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!fs.existsSync(executablePath)) {
      console.log(`\n## First question on a phone: skipped, no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
      return;
    }
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const form = `${app}/s/taobao-2015`;
      const floor = `${bare}/floor`;
      console.log(`\n## First question on a 360 × 740 phone (Chromium ${browser.version()}), median of ${LOADS} cold loads each, interleaved`);
      await oneLoad(browser, form, 1);
      await oneLoad(browser, floor, 1);
      for (const slowdown of [1, 4]) {
        const loads = await interleaved(LOADS, () => oneLoad(browser, form, slowdown), () => oneLoad(browser, floor, slowdown));
        const ours = median(loads.map(([f]) => f.firstQuestion));
        const least = median(loads.map(([, b]) => b.firstQuestion));
        console.log(
          `CPU ${slowdown === 1 ? 'as is' : `slowed ${slowdown}×`}: reference form ${ours.toFixed(0)} ms (first paint ${median(loads.map(([f]) => f.fcp)).toFixed(0)} ms), ` +
            `floor page ${least.toFixed(0)} ms: ${(ours / least).toFixed(2)}× the floor (target 2× or less)`,
        );
      }
      const layout = await pageLayout(browser, form);
      console.log(`Layout at 360 px: question 11 ${layout.matrix} px tall, the page ${layout.page} px (${(layout.page / 740).toFixed(1)} screens), widest ${layout.width} px`);
    } finally {
      await browser.close();
    }
  },
};

/** The page's layout once scrolled through (a question off screen is laid out when it comes near). */
async function pageLayout(browser: Browser, url: string) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  for (let y = 0; y < ((await page.evaluate('document.documentElement.scrollHeight')) as number); y += 370) {
    await page.mouse.wheel(0, 370);
    await page.waitForTimeout(50);
  }
  const layout = (await page.evaluate(`({
    matrix: Math.round(document.getElementById('q-factors').getBoundingClientRect().height),
    page: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
  })`)) as { matrix: number; page: number; width: number };
  await context.close();
  return layout;
}
