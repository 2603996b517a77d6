import path from 'node:path';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/browser';
import { surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const chromium = useBrowser(
  useTestApp([surveyFromFile(path.join(surveysDir, 'course-feedback.json')), surveyFromFile(path.join(surveysDir, 'taobao-2015.json'))]),
);

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

/** Where the five cells of the first Likert row sit, and whether the column heads show. */
async function firstRowLayout(width: number) {
  const page = await chromium.browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`${chromium.baseUrl}/s/course-feedback`);
  const row = page.getByRole('group', { name: 'The lectures were clear.', exact: true });
  const cells = await row.locator('label.cell').evaluateAll((labels) =>
    labels.map((l) => {
      const r = l.getBoundingClientRect();
      return { top: Math.round(r.top), height: r.height, width: r.width };
    }),
  );
  const headVisible = await page.locator('#q-teaching .matrix-head').isVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  // Each cell still has its column's name for assistive technology.
  const names = await row.getByRole('radio').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).labels?.[0]?.textContent?.trim()));
  await page.close();
  return { cells, headVisible, scrollWidth, names };
}

/**
 * Scrolls to the end of the page half a screen at a time and back, as a respondent reads it:
 * a question is laid out once it comes near the screen (content-visibility), and keeps its
 * size after, so that the page's height is then its real height.
 */
async function scrollThrough(page: Page) {
  for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight)); y += 370) {
    await page.mouse.wheel(0, 370);
    // A frame or two for the questions that came near the screen to be laid out.
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => scrollTo(0, 0));
}

/**
 * Every choice of the page as laid out: its tap target (the label) and whether its words
 * are all shown, neither cut nor hidden nor outside the screen.
 */
async function choiceBoxes(page: Page) {
  return page.$$eval('label.choice, label.cell', (labels) =>
    labels.map((label) => {
      const box = label.getBoundingClientRect();
      const words = label.querySelector('span')!;
      const text = words.getBoundingClientRect();
      const style = getComputedStyle(words);
      return {
        name: `${label.closest('fieldset')?.querySelector('legend')?.textContent?.trim()} / ${words.textContent}`,
        width: box.width,
        height: box.height,
        shown:
          style.visibility === 'visible' &&
          style.display !== 'none' &&
          text.width > 1 &&
          words.scrollWidth <= Math.ceil(text.width) + 1 &&
          text.left >= box.left - 1 &&
          text.right <= box.right + 1 &&
          text.top >= box.top - 1 &&
          text.bottom <= box.bottom + 1 &&
          box.left >= 0 &&
          box.right <= window.innerWidth,
      };
    }),
  );
}

describe('a Likert matrix', () => {
  it('is a grid on a wide screen: column names once on top, one line per row', async () => {
    const layout = await firstRowLayout(1024);
    expect(layout.headVisible).toBe(true);
    expect(new Set(layout.cells.map((c) => c.top)).size).toBe(1);
    expect(layout.names).toEqual(['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree']);
  });

  it('is one line of five equal buttons per row on a 360 px phone, every choice named and big enough to tap', async () => {
    const layout = await firstRowLayout(360);
    expect(layout.headVisible).toBe(false);
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    expect(new Set(layout.cells.map((c) => c.top)).size).toBe(1);
    expect(Math.max(...layout.cells.map((c) => c.width)) - Math.min(...layout.cells.map((c) => c.width))).toBeLessThan(1);
    expect(Math.min(...layout.cells.map((c) => c.height))).toBeGreaterThanOrEqual(44);
    expect(Math.min(...layout.cells.map((c) => c.width))).toBeGreaterThanOrEqual(44);
    expect(layout.names).toEqual(['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree']);
  });
});

/**
 * Each row of the reference study's question 11 as laid out at `width`: where its label and
 * its boxes are, and where the column headings are.
 */
async function factorRows(width: number) {
  const page = await chromium.browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${chromium.baseUrl}/s/taobao-2015`);
  await page.locator('#q-factors').scrollIntoViewIfNeeded();
  const layout = await page.locator('#q-factors').evaluate((matrix) => {
    const box = (e: Element) => e.getBoundingClientRect();
    const headings = Array.from(matrix.querySelectorAll('.matrix-head span'), (h) => box(h));
    const rows = Array.from(matrix.querySelectorAll('.matrix-row'), (row) => {
      const label = box(row.querySelector('legend')!);
      const inputs = Array.from(row.querySelectorAll('input'), (i) => box(i));
      return {
        height: box(row).height,
        labelTop: label.top,
        labelBottom: label.bottom,
        labelRight: label.right,
        boxTops: inputs.map((i) => i.top),
        boxCentres: inputs.map((i) => i.left + i.width / 2),
      };
    });
    return { headingCentres: headings.map((h) => h.left + h.width / 2), headingsShown: headings.some((h) => h.width > 0), rows };
  });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.close();
  return { ...layout, scrollWidth };
}

describe("the reference study's question 11 (8 rows × 5 columns)", () => {
  it('on a 1280 px laptop puts each row on one line: its label beside its boxes, each box under its heading', async () => {
    const layout = await factorRows(1280);
    expect(layout.rows).toHaveLength(8);
    expect(layout.scrollWidth).toBeLessThanOrEqual(1280);
    for (const row of layout.rows) {
      expect(row.height).toBeLessThan(60);
      // The label's first line and the boxes share a line: the boxes sit within the label's height, right of it.
      for (const top of row.boxTops) {
        expect(top).toBeGreaterThanOrEqual(row.labelTop - 3);
        expect(top).toBeLessThan(row.labelBottom);
      }
      expect(Math.min(...row.boxCentres)).toBeGreaterThan(row.labelRight);
      row.boxCentres.forEach((centre, column) => expect(Math.abs(centre - layout.headingCentres[column]!)).toBeLessThan(3));
    }
  });

  it('on a 360 px phone keeps each label above its own line of boxes, with no headings', async () => {
    const layout = await factorRows(360);
    expect(layout.headingsShown).toBe(false);
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    for (const row of layout.rows) {
      expect(new Set(row.boxTops.map(Math.round)).size).toBe(1);
      expect(row.boxTops[0]).toBeGreaterThanOrEqual(row.labelBottom);
    }
  });
});

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('the reference survey on a 360 × 740 phone %s', (_name, javaScriptEnabled) => {
  let page: Page;
  beforeAll(async () => {
    const context = await chromium.browser.newContext({ ...PHONE, javaScriptEnabled });
    page = await context.newPage();
    await page.goto(`${chromium.baseUrl}/s/taobao-2015`);
    await scrollThrough(page);
  });
  afterAll(() => page.context().close());

  it('shows question 11 (8 rows × 5 columns) in at most 1,100 px, each row on one line, and the page in at most 6,000 px', async () => {
    const heights = await page.evaluate(() => {
      const matrix = document.getElementById('q-factors')!;
      const cells = matrix.querySelectorAll('label.cell');
      return {
        matrix: matrix.getBoundingClientRect().height,
        // From its title to its last choice: what the question's box must hold once laid out.
        content: cells[cells.length - 1]!.getBoundingClientRect().bottom - matrix.querySelector('legend')!.getBoundingClientRect().top,
        page: document.documentElement.scrollHeight,
      };
    });
    // Laid out for real, not the size a question off screen is given until it comes near.
    expect(heights.matrix).toBeGreaterThanOrEqual(heights.content);
    expect(heights.matrix).toBeLessThanOrEqual(1100);
    expect(heights.page).toBeLessThanOrEqual(6000);
    const rowLines = await page.locator('#q-factors .matrix-row').evaluateAll((rows) =>
      rows.map((row) => new Set(Array.from(row.querySelectorAll('label.cell'), (c) => Math.round(c.getBoundingClientRect().top))).size),
    );
    expect(rowLines).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('never scrolls sideways', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('gives every choice a labelled tap target of at least 44 × 44 px, its words all shown', async () => {
    const boxes = await choiceBoxes(page);
    expect(boxes.length).toBe(92 + 8 * 5);
    expect(boxes.filter((b) => b.width < 44 || b.height < 44)).toEqual([]);
    expect(boxes.filter((b) => !b.shown).map((b) => b.name)).toEqual([]);
    const unlabelled = await page.$$eval('input[type=radio], input[type=checkbox]', (inputs) =>
      inputs.filter((i) => !(i as HTMLInputElement).labels?.[0]?.textContent?.trim()).length,
    );
    expect(unlabelled).toBe(0);
  });
});
