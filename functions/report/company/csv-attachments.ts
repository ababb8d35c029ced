// The full agents, ads and tags tables, one CSV file per table (each opens in Excel as a plain
// sortable sheet), while the HTML only shows the top rows.
import type { CompanyContext } from './company-context.ts';
import { exchangeRate } from '../figures/ad-efficiency.ts';
import { fill, httpsUrl } from '../format/format.ts';
import { memoize } from '../../shared/memoize.ts';
import type { EmailAttachment } from '../../shared/rendered-email.ts';

export type CsvCell = string | number | null;

/** Text cell that must stay text (e.g. a 15-digit ad id Excel would turn into 1.2E+14). */
export interface LiteralText {
  literal: string;
}

export interface CsvDialect {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

/**
 * Excel splits columns with the list separator of the reader's regional settings, which is ";" where
 * the decimal separator is ",": following the group's locale makes the file open in columns there.
 */
export const csvDialect = memoize(
  (locale: string) => locale,
  (locale: string): CsvDialect => {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value;
    return decimal === ',' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
  },
);

// A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection),
// also after leading whitespace or line breaks, and in their full-width forms (＝＋－＠), which
// spreadsheets in East Asian locales fold to the ASCII ones.
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;
// Controls (NUL, ESC, DEL, C1...) and bidi overrides and isolates, which let a name visually spoof
// the cells around it; tabs and line breaks stay, quoted. Stripped before the formula check, so a control
// character cannot hide a formula's first character from it.
const UNSAFE_CSV_CHARACTERS = /(?![\t\r\n])[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
// Plain digits at any magnitude: never "Infinity" (value × 100 can overflow) nor "1e+21".
const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 2, signDisplay: 'negative' });

export const csvCell = (value: CsvCell | LiteralText, dialect: CsvDialect): string => {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return plainNumber.format(value).replace('.', dialect.decimal);
  }
  if (typeof value === 'object') {
    // Only ever built from digits below, so the formula cannot carry anything but the id.
    return `="${value.literal}"`;
  }
  const clean = value.replace(UNSAFE_CSV_CHARACTERS, '');
  const text = FORMULA_START.test(clean) ? `'${clean}` : clean;
  return `"${text.replace(/"/g, '""')}"`;
};

/** RFC 4180 (CRLF, quoted text) with a UTF-8 BOM, without which Excel reads "MarÃ­a". */
export const toCsv = (header: string[], rows: (CsvCell | LiteralText)[][], dialect: CsvDialect): string =>
  `\uFEFF${[header, ...rows].map((row) => row.map((cell) => csvCell(cell, dialect)).join(dialect.delimiter)).join('\r\n')}\r\n`;

const idCell = (id: string): CsvCell | LiteralText => (/^\d{12,}$/.test(id) ? { literal: id } : id);

const attachment = (filename: string, content: string): EmailAttachment => ({
  filename,
  content,
  contentType: 'text/csv; charset=utf-8',
});

/** One attachment per non-empty table, in the order the email shows them. */
export const companyCsvAttachments = (ctx: CompanyContext): EmailAttachment[] => {
  const dialect = csvDialect(ctx.group.locale);
  const { t, currency } = ctx;
  const files: EmailAttachment[] = [];

  if (ctx.agents.length > 0) {
    const h = t.csv.agents;
    files.push(
      attachment(
        ctx.files.agents,
        toCsv(
          [
            h.name,
            h.totalTickets,
            h.completed,
            h.cancelled,
            h.pending,
            h.inProgress,
            h.conversations,
            h.sales,
            h.salesAmount,
            h.quotations,
            h.quotationsAmount,
            h.currency,
          ],
          ctx.agents.map((agent) => [
            agent.agente,
            agent.totalTickets,
            agent.completados,
            agent.cancelados,
            agent.pendientes,
            agent.proceso,
            agent.conversaciones,
            agent.ventas,
            agent.ventasAmount,
            agent.cotizaciones,
            agent.cotizacionesAmount,
            currency,
          ]),
          dialect,
        ),
      ),
    );
  }

  if (ctx.ads.sorted.length > 0) {
    const h = t.csv.ads;
    // What the email shows where a rate exists: spend and cost per sale in the amounts' currency.
    const converted = (row: (typeof ctx.ads.sorted)[number]): CsvCell[] => {
      const rate = exchangeRate(row.spendCurrency, currency, ctx.group.exchangeRates);
      return rate === null ? [null, null] : [row.ad.spend * rate, row.costPerSale === null ? null : row.costPerSale * rate];
    };
    files.push(
      attachment(
        ctx.files.ads,
        toCsv(
          [
            h.id,
            h.name,
            h.spend,
            h.spendCurrency,
            h.sales,
            h.salesAmount,
            h.quotations,
            h.quotationsAmount,
            h.amountCurrency,
            h.costPerSale,
            h.costPerQuotation,
            h.roas,
            h.spentWithoutSales,
            h.imageUrl,
            fill(h.spendConverted, { currency: currency ?? '' }),
            fill(h.costPerSaleConverted, { currency: currency ?? '' }),
          ],
          ctx.ads.sorted.map((row) => [
            idCell(row.ad.adId),
            row.ad.name,
            row.ad.spend,
            row.spendCurrency ?? row.ad.currency ?? null,
            row.ad.sales,
            row.ad.salesAmount,
            row.ad.quotations,
            row.ad.quotationsAmount,
            currency,
            row.costPerSale,
            row.costPerQuotation,
            row.roas,
            row.spentWithoutSales ? h.yes : h.no,
            httpsUrl(row.ad.imageUrl),
            ...converted(row),
          ]),
          dialect,
        ),
      ),
    );
  }

  if (ctx.tags.length > 0) {
    const h = t.csv.tags;
    files.push(
      attachment(
        ctx.files.tags,
        toCsv(
          [h.name, h.count],
          ctx.tags.map((tag) => [tag.name, tag.count]),
          dialect,
        ),
      ),
    );
  }

  return files;
};
