import path from 'node:path';
import { useBrowser } from '../support/browser';
import { surveyFromFile, surveysDir, useTestApp } from '../support/test-app';

const chromium = useBrowser(useTestApp([surveyFromFile(path.join(surveysDir, 'course-feedback.json'))]));

/** Where the five cells of the first Likert row sit, and whether the column heads show. */
async function firstRowLayout(width: number) {
  const page = await chromium.browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`${chromium.baseUrl}/s/course-feedback`);
  const row = page.getByRole('group', { name: 'The lectures were clear.', exact: true });
  const cells = await row.locator('label.cell').evaluateAll((labels) =>
    labels.map((l) => {
      const r = l.getBoundingClientRect();
      return { top: Math.round(r.top), height: r.height };
    }),
  );
  const headVisible = await page.locator('#q-teaching .matrix-head').isVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  // Each cell still has its column's name for assistive technology.
  const names = await row.getByRole('radio').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).labels?.[0]?.textContent?.trim()));
  await page.close();
  return { cells, headVisible, scrollWidth, names };
}

describe('a Likert matrix', () => {
  it('is a grid on a wide screen: column names once on top, one line per row', async () => {
    const layout = await firstRowLayout(1024);
    expect(layout.headVisible).toBe(true);
    expect(new Set(layout.cells.map((c) => c.top)).size).toBe(1);
    expect(layout.names).toEqual(['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree']);
  });

  it('is one block per row on a 360 px phone, with every choice named and big enough to tap', async () => {
    const layout = await firstRowLayout(360);
    expect(layout.headVisible).toBe(false);
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    expect(new Set(layout.cells.map((c) => c.top)).size).toBeGreaterThan(1);
    expect(Math.min(...layout.cells.map((c) => c.height))).toBeGreaterThanOrEqual(44);
    expect(layout.names).toEqual(['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree']);
  });
});
