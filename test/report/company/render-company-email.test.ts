import { describe, expect, it } from 'vitest';
import type { AdRow, AgentRow, CompanyReport } from '../../../functions/iobot/report-schema.ts';
import { HTML_BUDGET_BYTES, renderCompanyEmail, type CompanyEmailInput } from '../../../functions/report/company/render-company-email.ts';
import { groupBenchmarks, peerFigures } from '../../../functions/report/figures/peer-standing.ts';
import { largeCompany } from '../../fixtures/large-company.ts';
import { GROUP_EN, GROUP_ES, PERIOD, emptyReport, scaledReport, seedReport, withReport } from '../../fixtures/reports.ts';

const render = (report: CompanyReport, overrides: Partial<CompanyEmailInput> = {}) =>
  renderCompanyEmail({ report, history: [], period: PERIOD, group: GROUP_ES, maxTableRows: 15, ...overrides });

// One tag per line so a snapshot diff points at the element that changed (the email itself is minified).
const readable = (html: string) => html.replace(/></g, '>\n<');

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

const seed = seedReport();
const seedHistory = [scaledReport(seed, 0.88), scaledReport(seed, 1.05), scaledReport(seed, 0.7), undefined, scaledReport(seed, 0.6)];
const ad = seed.adsBreakdown[0] as AdRow;
const agent = seed.agentes[0] as AgentRow;

const expectClean = (text: string) => {
  expect(text).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
  // A placeholder a locale string failed to fill, or a Handlebars tag mjml mangled.
  expect(text).not.toMatch(/\{\w+\}|\{\{|\}\}/);
};

describe('snapshots', () => {
  it('renders the vendor example (April 2026, es-HN), no history', async () => {
    const email = render(seed);
    await expect(readable(email.html)).toMatchFileSnapshot('./__snapshots__/render-company-email/seed.es.html');
    await expect(email.text).toMatchFileSnapshot('./__snapshots__/render-company-email/seed.es.txt');
  });

  it('renders the vendor example with five months of history and the same month last year', async () => {
    const email = render(seed, {
      history: seedHistory,
      lastYear: scaledReport(seed, 0.8),
      targets: { salesAmount: 100_000 },
      // Five peers: sales conversion 4 % to 12 %, average sales around this one's.
      benchmarks: groupBenchmarks(
        [4, 5.5, 8, 9.5, 12].map((rate, index) =>
          peerFigures(withReport(seed, { salesConversionRate: rate, salesAmount: 80_000 + index * 10_000 }), {}),
        ),
      ),
      group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } },
    });
    await expect(readable(email.html)).toMatchFileSnapshot('./__snapshots__/render-company-email/seed-history.es.html');
    await expect(email.text).toMatchFileSnapshot('./__snapshots__/render-company-email/seed-history.es.txt');
  });

  it('renders an empty month', async () => {
    const email = render(emptyReport(), { history: [emptyReport()] });
    await expect(readable(email.html)).toMatchFileSnapshot('./__snapshots__/render-company-email/empty.es.html');
    await expect(email.text).toMatchFileSnapshot('./__snapshots__/render-company-email/empty.es.txt');
  });

  it('renders in English', async () => {
    const email = render(seed, { history: seedHistory, group: GROUP_EN });
    await expect(email.text).toMatchFileSnapshot('./__snapshots__/render-company-email/seed-history.en.txt');
  });
});

describe('renderCompanyEmail', () => {
  it.each([
    ['seed', () => render(seed)],
    ['seed with history', () => render(seed, { history: seedHistory })],
    ['empty month', () => render(emptyReport(), { history: [emptyReport()] })],
    ['empty month, no history', () => render(emptyReport())],
    ['large company', () => render(largeCompany(), { history: [largeCompany(7), undefined, largeCompany(8)] })],
  ])('never shows NaN, Infinity, undefined or raw placeholders (%s)', (_name, email) => {
    const { html, text, subject, preheader } = email();
    for (const part of [html, text, subject, preheader]) expectClean(part);
  });

  it('says an empty month in one sentence, without tables of zeros or "—"', () => {
    const { html, text } = render(emptyReport());
    expect(text).toContain('Sin actividad registrada en abril de 2026: no hubo conversaciones, ventas ni cotizaciones.');
    expect(text).not.toMatch(/Conversión a venta|Indicadores|—/);
    expect(html).not.toContain('>—<');
    expect(html).not.toContain('Indicadores');
  });

  it('shows "—" for divisions by zero in a month with activity but no conversations', () => {
    const { text } = render(withReport(emptyReport(), { salesCount: 1, salesAmount: 100 }));
    expect(text).toMatch(/Conversión a venta: —/);
    expect(text).toMatch(/Temperatura promedio: —/);
  });

  it('builds the subject from company and month, in the group language', () => {
    expect(render(seed).subject).toBe('Reporte mensual · Empresa Principal · abril de 2026');
    expect(render(seed, { group: GROUP_EN }).subject).toBe('Monthly report · Empresa Principal · April 2026');
  });

  it('keeps CR/LF and other controls out of the subject', () => {
    const { subject } = render(withReport(seed, { data: { nombre: 'Evil\r\nBcc: victim@example.com\u0007' } }));
    expect(subject).not.toMatch(/\p{Cc}/u);
    expect(subject).toContain('Evil Bcc: victim@example.com');
  });

  it('escapes untrusted names everywhere in the HTML', () => {
    const hostile = '<b>"x"</b>';
    const report = withReport(seed, {
      data: { nombre: hostile },
      agentes: [{ ...agent, agente: '<script>alert(1)</script>' }],
      tags: [{ name: '<img src=x onerror=alert(1)>', count: 3 }],
      adsBreakdown: [{ ...ad, name: '"><svg onload=alert(1)>', imageUrl: 'https://example.com/a.jpg?"><script>' }],
    });
    const { html, text } = render(report);
    expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(html).not.toContain(hostile);
    expect(html).not.toMatch(/<script|<svg|<img src=x/);
    expect(html).toContain('src="https://example.com/a.jpg?%22%3E%3Cscript%3E"');
    // The text part is not HTML: the name is shown as typed.
    expect(text).toContain(hostile);
  });

  it('keeps emoji intact', () => {
    const { html, subject, text } = render(withReport(seed, { data: { nombre: 'Agua 💧 Pura 👩‍💻' } }));
    for (const part of [html, subject, text]) expect(part).toContain('Agua 💧 Pura 👩‍💻');
  });

  it('shows the logo only from an https URL, with empty alt text (the company name is the heading below it)', () => {
    expect(render(seed).html).toMatch(/<img alt="" src="https:\/\/example\.com\/logo\.png"/);
    const insecure = render(withReport(seed, { data: { img_wa: 'http://example.com/logo.png' } })).html;
    expect(insecure).not.toContain('example.com/logo.png');
  });

  it('drops ad images that are not https', () => {
    const { html } = render(withReport(seed, { adsBreakdown: [{ ...ad, imageUrl: 'http://example.com/ad.jpg' }] }));
    expect(html).not.toContain('example.com/ad.jpg');
    expect(html).toContain('Campaña Abril 2026');
  });

  it('declares language and colour schemes, and hides the preheader in the body', () => {
    const { html, preheader } = render(seed);
    expect(html).toMatch(/^<!doctype html><html lang="es"/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toMatch(new RegExp(`<div class="preheader" style="display:none;[^"]*">${preheader.slice(0, 20)}`));
    // Hidden by display:none, never by white-on-white text (SpamAssassin's HTML_FONT_LOW_CONTRAST).
    expect(/<div class="preheader" style="([^"]*)"/.exec(html)?.[1]).not.toMatch(/color/);
    expect(render(seed, { group: GROUP_EN }).html).toMatch(/<html lang="en"/);
  });

  it('gives every image a fixed size and an alt attribute, empty because the text beside it names it', () => {
    const { html } = render(largeCompany());
    const images = html.match(/<img [^>]*>/g) ?? [];
    expect(images.length).toBeGreaterThan(1);
    for (const image of images) {
      expect(image).toMatch(/ alt=""/);
      expect(image).toMatch(/ width="\d+"/);
    }
  });

  it('marks up tables for screen readers: headers with scope, layout tables as presentation, headlines as a list', () => {
    const { html } = render(seed, { history: seedHistory });
    const headers = html.match(/<th\b[^>]*>/g) ?? [];
    expect(headers.length).toBeGreaterThan(10);
    for (const header of headers) expect(header).toMatch(/scope="(col|row)"/);
    // Data tables (with th) are the only tables without role="presentation".
    const tables = html.replace(/<!--[\s\S]*?-->/g, '').match(/<table\b[^>]*>/g) ?? [];
    const dataTables = tables.filter((table) => !table.includes('role="presentation"'));
    // split, trend, the trend's ads, agents, ads, tags
    expect(dataTables).toHaveLength(6);
    expect(html).toMatch(/<ul class="headlines"[^>]*><li/);
  });

  it('gives each number row of the agents and ads tables a row header with the name, so a screen reader says whose figures it reads', () => {
    const { html } = render(seed);
    const rowHeaders = [...html.matchAll(/<th scope="row" class="rh"[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]);
    expect(rowHeaders).toEqual(['María García', 'Campaña Abril 2026']);
    // Each sits at the start of the row of numbers it names.
    expect(html).toMatch(/<th scope="row" class="rh"[^>]*>María García<\/th><td align="right"[^>]*>15</);
  });

  it('draws the trend as table cells, never SVG or embedded images', () => {
    const { html } = render(seed, { history: seedHistory });
    expect(html).toContain('Últimos meses');
    expect(html).toMatch(/<td width="100%" bgcolor="#2f6fde"/);
    expect(html).not.toMatch(/<svg|data:image/);
  });

  it("asks for the group's sender display name only when its branding sets one", () => {
    const branding = { accentColor: '#2f6fde', sentBy: 'Aquatec', adThumbnails: true, senderName: 'Aquatec Reportes' };
    expect(render(seed, { group: { ...GROUP_ES, branding } }).fromName).toBe('Aquatec Reportes');
    expect(render(seed)).not.toHaveProperty('fromName');
  });

  it('is pure: same input, same output', () => {
    const input = { report: largeCompany(), history: [largeCompany(3)], period: PERIOD, group: GROUP_ES, maxTableRows: 15 };
    expect(renderCompanyEmail(input)).toEqual(renderCompanyEmail(input));
  });
});

describe('size budget', () => {
  const large = largeCompany();
  const history = [largeCompany(11), largeCompany(12), largeCompany(13), largeCompany(14), largeCompany(15)];

  it('keeps the largest realistic company under 90 KB of HTML', () => {
    const { html, attachments } = render(large, {
      history,
      lastYear: largeCompany(16),
      // Every comparison row shown: the worst case for size.
      benchmarks: groupBenchmarks([17, 18, 19, 20, 21].map((seedNumber) => peerFigures(largeCompany(seedNumber), { 'USD:HNL': 24.7 }))),
      group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } },
    });
    expect(bytes(html)).toBeLessThan(90_000);
    expect(attachments).toHaveLength(3);
    expect(html).toContain('… y 135 más en el adjunto agentes-');
  });

  it('shrinks the tables rather than pass the budget when maxTableRows is too generous', () => {
    const generous = render(large, { history, maxTableRows: 100 });
    expect(bytes(generous.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    const hidden = Number(/… y (\d+) más en el adjunto agentes-/.exec(generous.html)?.[1]);
    expect(hidden).toBeGreaterThan(large.agentes.length - 100);
    // The text part shows the same rows as the HTML.
    const agentLines = generous.text.split('\n').filter((line) => line.startsWith('- ') && line.includes(' conversaciones · '));
    const shown = large.agentes.length - hidden;
    expect(agentLines).toHaveLength(shown);
    // It keeps as many rows as fit: one more would not.
    expect(render(large, { history, maxTableRows: shown + 1 }).html).toBe(generous.html);
    expect(render(large, { history, maxTableRows: shown }).html).toBe(generous.html);
  });
});
