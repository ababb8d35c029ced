import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorReportSample } from '../../dev/preview/operator-sample.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../../dev/headless-chromium.ts';
import { renderOperatorReport } from '../../functions/report/operator-report.ts';
import { monthPeriod } from '../../functions/shared/report-period.ts';

/**
 * Company names in the operator report's table wrap between words only, however long the reasons beside
 * them: the table must not squeeze the name column below its longest word (MJML's wrapper allows any break).
 */
const midWordBreaks = `(() => [...document.querySelectorAll('td.name')].flatMap((cell) => {
  const node = cell.firstChild;
  if (!node || node.nodeType !== Node.TEXT_NODE) return [];
  const text = node.textContent;
  const range = document.createRange();
  const breaks = [];
  let top = null;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    range.setStart(node, index);
    range.setEnd(node, index + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    if (top !== null && rect.top > top + 2 && !/[\\s-]/.test(text[index - 1]) && !/\\s/.test(text[index])) {
      breaks.push(text.slice(0, index) + '|' + text.slice(index));
    }
    top = rect.top;
  }
  return breaks;
}))()`;

const available = chromiumAvailable();
if (!available) console.warn(`operator-report layout: ${CHROMIUM_PATH} not found, skipping`);

describe.skipIf(!available)('operator report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  it.each([375, 600])('never breaks a company name mid-word at %i px', async (width) => {
    // prepare
    const period = monthPeriod('2026-04', 'America/Tegucigalpa');
    const group = { name: 'aquatec', locale: 'es-HN', language: 'es' as const, exchangeRates: {}, timeZone: period.timeZone };
    const email = renderOperatorReport(operatorReportSample(group, period));
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route('**/*', (route) => route.abort());

    // act
    await page.setContent(email.html, { waitUntil: 'load' });
    const breaks = (await page.evaluate(midWordBreaks)) as string[];
    const names = (await page.evaluate(`document.querySelectorAll('td.name').length`)) as number;
    await page.close();

    // assert
    expect(names).toBeGreaterThan(5);
    expect(breaks).toEqual([]);
  });
});
