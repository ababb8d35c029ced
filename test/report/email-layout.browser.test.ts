import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH, horizontalOverflow, launchChromium, pageFacts, VIEWPORTS } from '../../dev/headless-chromium.ts';
import { sampleEmails } from '../../dev/sample-emails.ts';

/**
 * The rendered emails in a real browser engine (Debian's chromium, installed by .ci/run): no horizontal
 * scrolling on a phone (375 px) or in a desktop client's reading pane (600 px), and still readable
 * with images blocked, as Outlook and many corporate clients show them by default.
 */
/** The smallest font size of data text (the cells of the data tables, not their headers) that a reader sees, and where. */
const smallestDataText = `(() => {
  let smallest = { size: Infinity, where: '' };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !node.textContent.trim() || !element.closest('.tbl') || element.closest('th')) continue;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    if (style.display === 'none' || rect.width === 0 || rect.height === 0) continue;
    const size = parseFloat(style.fontSize);
    if (size < smallest.size) smallest = { size, where: node.textContent.trim().slice(0, 40) };
  }
  return smallest;
})()`;

/** Images drawn larger than their declared size (alt text wrapping over its box when images are blocked). */
const overgrownImages = `(() => [...document.images]
  .map((image) => ({ image, rect: image.getBoundingClientRect(), size: Number(image.getAttribute('width')) }))
  .filter(({ rect, size }) => rect.width > size + 1 || rect.height > size + 1)
  .map(({ image, rect }) => image.getAttribute('alt') + ' ' + Math.round(rect.width) + 'x' + Math.round(rect.height)))()`;

const available = chromiumAvailable();
if (!available) console.warn(`email-layout: ${CHROMIUM_PATH} not found, skipping (install Debian's chromium; .ci/run does)`);

describe.skipIf(!available)('email layout in headless Chromium', () => {
  let browser: Browser;
  const emails = sampleEmails();

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  for (const { name, email } of emails) {
    for (const viewport of VIEWPORTS) {
      it(`${name} has no horizontal overflow at ${viewport.width} px`, async () => {
        // Prepare
        const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
        await page.route('**/*', (route) => route.abort());

        // Act
        await page.setContent(email.html, { waitUntil: 'load' });
        const result = (await page.evaluate(horizontalOverflow)) as { overflow: number; culprits: string[] };
        await page.close();

        // Assert
        expect(result, result.culprits.join(', ')).toMatchObject({ overflow: 0 });
      });
    }

    it(`${name} shows data text at 13 px or more on a 375 px phone`, async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
      await page.route('**/*', (route) => route.abort());

      await page.setContent(email.html, { waitUntil: 'load' });
      const smallest = (await page.evaluate(smallestDataText)) as { size: number; where: string };
      await page.close();

      expect(smallest.size, smallest.where).toBeGreaterThanOrEqual(13);
    });

    it(`${name} keeps every image within its box when images are blocked`, async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
      await page.route('**/*', (route) => route.abort());

      await page.setContent(email.html, { waitUntil: 'load' });
      const overgrown = (await page.evaluate(overgrownImages)) as string[];
      await page.close();

      expect(overgrown).toEqual([]);
    });

    it(`${name} stays readable with images blocked and in dark mode`, async () => {
      const page = await browser.newPage({ viewport: { width: 600, height: 900 }, colorScheme: 'dark' });
      await page.route('**/*', (route) => route.abort());

      await page.setContent(email.html, { waitUntil: 'load' });
      const facts = (await page.evaluate(pageFacts)) as { lang: string; imagesWithoutAlt: number; text: string; colorScheme: string };
      await page.close();

      expect(facts.lang).toMatch(/^(es|en)/);
      expect(facts.imagesWithoutAlt).toBe(0);
      expect(facts.colorScheme).toContain('dark');
      expect(facts.text.length).toBeGreaterThan(300);
      expect(facts.text).not.toMatch(/NaN|Infinity|undefined/);
    });
  }
});
