import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH, horizontalOverflow, launchChromium, pageFacts, VIEWPORTS } from '../../dev/headless-chromium.ts';
import { sampleEmails } from '../../dev/sample-emails.ts';

/**
 * The rendered emails in a real browser engine (Debian's chromium, installed by .ci/run): no horizontal
 * scrolling on a phone (375 px) or in a desktop client's reading pane (600 px), and still readable
 * with images blocked, as Outlook and many corporate clients show them by default.
 */
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
