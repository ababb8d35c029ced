import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); playwright-core drives it, it never downloads one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The machine has no network: without these, Chromium keeps trying to reach Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export const VIEWPORTS = [
  { name: 'mobile', width: 375, height: 812 },
  { name: 'desktop', width: 600, height: 900 },
] as const;

/** Page width beyond the viewport, in CSS pixels, measured on every element (0 = no horizontal scroll). */
export const horizontalOverflow = `(() => {
  const viewport = document.documentElement.clientWidth;
  let widest = document.documentElement.scrollWidth;
  const culprits = [];
  for (const element of document.body.querySelectorAll('*')) {
    const rect = element.getBoundingClientRect();
    if (rect.width > 0 && rect.right > viewport + 1) culprits.push(element.tagName + (element.className ? '.' + element.className : '') + ' ' + Math.round(rect.right));
    widest = Math.max(widest, Math.ceil(rect.right));
  }
  return { overflow: Math.max(0, widest - viewport), culprits: culprits.slice(0, 5) };
})()`;

/** What a reader without images (and a screen reader) gets: language, alt texts, visible text. */
export const pageFacts = `(() => ({
  lang: document.documentElement.lang,
  imagesWithoutAlt: [...document.images].filter((image) => !image.hasAttribute('alt')).length,
  text: document.body.innerText,
  colorScheme: document.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '',
}))()`;
