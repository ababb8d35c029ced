/**
 * `npm run screenshots`: renders the sample emails in headless Chromium at 375 px and 600 px, light and
 * dark, and writes full-page PNGs to out/screenshots/ for a human look.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, VIEWPORTS } from '../dev/headless-chromium.ts';
import { sampleEmails } from '../dev/sample-emails.ts';

if (!chromiumAvailable()) {
  console.error(`${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
const dir = join('out', 'screenshots');
await mkdir(dir, { recursive: true });
const browser = await launchChromium();
try {
  for (const { name, email } of sampleEmails()) {
    for (const viewport of VIEWPORTS) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height }, colorScheme });
        await page.route('**/*', (route) => route.abort());
        await page.setContent(email.html, { waitUntil: 'load' });
        const file = join(dir, `${name}-${viewport.width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await page.close();
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
}
