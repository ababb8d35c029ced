import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../../../dev/headless-chromium.ts';
import { startPreviewServer, type PreviewServer } from '../../../dev/preview/server.ts';

/**
 * The preview page in Debian's chromium, as its users drive it: pick a scenario, a width, dark mode;
 * edit a template (a copy in a temp dir) and see it reload; break it, see the error, fix it.
 */
const available = chromiumAvailable();
if (!available) console.warn(`preview page: ${CHROMIUM_PATH} not found, skipping (install Debian's chromium; .ci/run does)`);

const root = new URL('../../..', import.meta.url).pathname;
/** Relative luminance (0 black … 1 white) of a computed "rgb(r, g, b)" colour. */
const luminance = (rgb: string): number => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map((value) => {
    const channel = Number(value) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

// Builds and renders share two cores with the rest of the suite: wait like a patient user.
const POLL = { timeout: 15_000 };

describe.skipIf(!available)('preview page in headless Chromium', () => {
  let templates: string;
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const email = () => page.frameLocator('#email');
  // The page marks which email the iframe shows once it has loaded: "scenario|build|light or dark".
  const loaded = () => page.evaluate<string>("document.body.dataset.loaded ?? ''");
  const loadedBuild = async () => Number((await loaded()).split('|')[1]);
  const waitLoaded = (pattern: RegExp) =>
    page.waitForFunction(`new RegExp(${JSON.stringify(pattern.source)}).test(document.body.dataset.loaded ?? '')`);
  // Runs in the browser; the test's tsconfig has no DOM types, hence the narrow cast.
  type Styles = { getComputedStyle(element: unknown): { backgroundColor: string } };
  const pageBackground = () =>
    email()
      .locator('.page')
      .first()
      .evaluate((element) => (globalThis as unknown as Styles).getComputedStyle(element).backgroundColor);

  beforeAll(async () => {
    templates = mkdtempSync(join(tmpdir(), 'preview-page-templates-'));
    cpSync(join(root, 'templates'), templates, { recursive: true });
    server = await startPreviewServer({ templatesDir: templates, port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The emails' images point at example.com: nothing leaves the machine.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(templates, { recursive: true, force: true });
  });

  it('loads with the scenario list and the vendor example', async () => {
    // act
    await page.goto(server.url);
    await waitLoaded(/^example\|1\|light$/);

    // assert
    await expect.poll(() => page.locator('#subject').textContent(), POLL).toMatch(/Empresa Principal · abril (de )?2026/);
    expect(await page.locator('button.scenario').count()).toBeGreaterThanOrEqual(12);
    expect(await email().locator('body').innerText()).toContain('Empresa Principal');
    await expect.poll(() => page.locator('#size-text').textContent(), POLL).toMatch(/KB of Gmail's 102\.0 KB clip/);
    expect(await page.locator('#build-status').textContent()).toMatch(/build 1 ok/);
  });

  it('switches scenario, width and dark mode', async () => {
    // act: the group summary, at 375 px, dark
    await page.click('[data-scenario="group-summary"]');
    await waitLoaded(/^group-summary\|1\|light$/);
    const lightBackground = await pageBackground();
    await page.click('[data-width="375"]');
    await page.click('[data-theme="dark"]');
    await waitLoaded(/^group-summary\|1\|dark$/);
    const darkBackground = await pageBackground();
    // Polled: the frame's width eases over 0.15 s (a CSS transition), longer on a busy machine.
    const width = () => page.locator('#email').evaluate((element) => element.getBoundingClientRect().width);

    // assert
    await expect.poll(() => page.locator('#subject').textContent(), POLL).toMatch(/^Resumen del grupo · Grupo Demo/);
    await expect.poll(width, POLL).toBe(375);
    // the template's own colours may change; what matters is that dark mode really is dark
    expect(luminance(lightBackground)).toBeGreaterThan(0.6);
    expect(luminance(darkBackground)).toBeLessThan(0.2);
    expect(await page.locator('[data-theme="dark"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the text part, the CSV attachments and the email with images off', async () => {
    // prepare
    await page.click('[data-scenario="example"]');
    await waitLoaded(/^example\|1\|dark$/);

    // act
    await page.click('[data-view="text"]');
    const text = await page.locator('#text').innerText();
    await page.click('[data-view="attachments"]');
    const files = await page.locator('#attachments a').allTextContents();
    await page.click('[data-view="html"]');
    await page.evaluate('delete document.body.dataset.loaded');
    await page.click('[data-images="off"]');
    await waitLoaded(/^example\|1\|dark$/);
    const sources = await email()
      .locator('img')
      .evaluateAll((images) => images.map((image) => image.getAttribute('src')));

    // assert
    expect(text).toContain('Empresa Principal');
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(file).toMatch(/\.csv$/);
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources)).toEqual(new Set(['/blocked-image']));
    await page.click('[data-images="on"]');
  });

  it('reloads by itself after a template edit', async () => {
    // prepare
    await page.click('[data-theme="light"]');
    await page.click('[data-scenario="empty"]');
    await waitLoaded(/^empty\|1\|light$/);
    const footer = join(templates, 'partials/footer.mjml');

    // act (how fast: `npm run bench`, section 5)
    writeFileSync(footer, readFileSync(footer, 'utf8').replace('{{footer}}', 'Editado en vivo · {{footer}}'));
    await expect.poll(loadedBuild, POLL).toBeGreaterThan(1);

    // assert
    expect(await email().locator('body').innerText()).toContain('Editado en vivo · ');
  });

  it('shows a compile error with file and line, then recovers when it is fixed', async () => {
    // prepare
    const kpis = join(templates, 'partials/company/kpis.mjml');
    const original = readFileSync(kpis, 'utf8');
    const line = original.split('\n').findIndex((text) => text.includes('<mj-table ')) + 1;
    const goodBuild = await loadedBuild();

    // act: break it
    writeFileSync(kpis, original.replace('<mj-table ', '<mj-table colour="red" '));
    await page.locator('#build-error').waitFor({ state: 'visible' });
    const where = await page.locator('#build-error-where').textContent();
    const message = await page.locator('#build-error-message').textContent();
    const stillShown = await email().locator('body').innerText();

    // act: fix it
    writeFileSync(kpis, original);
    await page.locator('#build-error').waitFor({ state: 'hidden' });

    // assert
    expect(where).toBe(`partials/company/kpis.mjml:${line}`);
    expect(message).toContain('Attribute colour is illegal');
    expect(stillShown).toContain('Editado en vivo');
    expect(await page.locator('#build-status').textContent()).toMatch(/ok/);
    await expect.poll(loadedBuild, POLL).toBeGreaterThan(goodBuild + 1);
    expect(await loaded()).toMatch(/^empty\|\d+\|light$/);
  });

  it('ran its script without an uncaught error through all of the above', () => {
    // assert
    expect(pageErrors).toEqual([]);
  });
});
