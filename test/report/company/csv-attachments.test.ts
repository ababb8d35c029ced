import { describe, expect, it } from 'vitest';
import { companyContext } from '../../../functions/report/company/company-context.ts';
import { buildCompanyView } from '../../../functions/report/company/company-view.ts';
import { companyCsvAttachments, csvCell, csvDialect, toCsv } from '../../../functions/report/company/csv-attachments.ts';
import type { AgentRow } from '../../../functions/iobot/report-schema.ts';
import { largeCompany } from '../../fixtures/large-company.ts';
import { GROUP_ES, PERIOD, emptyReport, seedReport, withReport } from '../../fixtures/reports.ts';

const COMMA = csvDialect('es-HN');
const SEMICOLON = csvDialect('es-ES');

/** Splits a CSV body (without BOM) into records, honouring quoted line breaks, as Excel does. */
const parse = (csv: string, delimiter: string): string[][] => {
  const records: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < csv.length; index += 1) {
    const char = csv[index];
    const record = records[records.length - 1] as string[];
    if (quoted) {
      if (char === '"' && csv[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && csv[index + 1] === '\n') {
      record.push(cell);
      cell = '';
      records.push([]);
      index += 1;
    } else cell += char;
  }
  return records.filter((record) => record.length > 0);
};

describe('csvDialect', () => {
  it('follows the list separator Excel uses with the locale decimal separator', () => {
    expect(COMMA).toEqual({ delimiter: ',', decimal: '.' });
    expect(SEMICOLON).toEqual({ delimiter: ';', decimal: ',' });
  });
});

describe('csvCell', () => {
  it('quotes text and doubles inner quotes', () => {
    expect(csvCell('Juan "el Chino"', COMMA)).toBe('"Juan ""el Chino"""');
    expect(csvCell('a,b', COMMA)).toBe('"a,b"');
  });

  it('keeps line breaks inside the quotes', () => {
    expect(csvCell('línea 1\r\nlínea 2', COMMA)).toBe('"línea 1\r\nlínea 2"');
  });

  it.each(['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralizes a formula in %j with a leading apostrophe',
    (value) => {
      expect(csvCell(value, COMMA).startsWith(`"'`)).toBe(true);
    },
  );

  it.each([' =1+1', '\n=1+1', '\r\n@SUM(A1)', '  \t+1', '\u3000=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', ' ＝1'])(
    'neutralizes a formula hidden behind whitespace, a line break or a full-width sign: %j',
    (value) => {
      expect(csvCell(value, COMMA).startsWith(`"'`)).toBe(true);
    },
  );

  it.each([
    ['bidi overrides', 'María\u202Eanaj\u202C', 'Maríaanaj'],
    ['bidi isolates', '\u2066Juan\u2069 \u2067x\u2068', 'Juan x'],
    ['NUL and other C0 controls', 'a\u0000b\u0007c\u001bd', 'abcd'],
    ['DEL and C1 controls', 'a\u007fb\u0085c\u009bd', 'abcd'],
  ])('strips %s', (_what, value, expected) => {
    expect(csvCell(value, COMMA)).toBe(`"${expected}"`);
  });

  it('checks for a formula after stripping, so a control character cannot hide one', () => {
    expect(csvCell('\u0000=1+1', COMMA)).toBe(`"'=1+1"`);
    expect(csvCell('\u202E=1+1', COMMA)).toBe(`"'=1+1"`);
  });

  it.each([Number.MAX_VALUE, -Number.MAX_VALUE, 1e21, 1e300])(
    'never prints a huge finite number %s as Infinity or in exponent form',
    (value) => {
      const cell = csvCell(value, COMMA);

      expect(cell).toMatch(/^-?\d+$/);
      expect(cell).not.toMatch(/Infinity|NaN|e/i);
    },
  );

  it('writes numbers unquoted, rounded to cents, with the locale decimal separator', () => {
    expect(csvCell(29.166666, COMMA)).toBe('29.17');
    expect(csvCell(29.166666, SEMICOLON)).toBe('29,17');
    expect(csvCell(-5, COMMA)).toBe('-5');
  });

  it('leaves a value that cannot be computed empty, not "NaN" or "—"', () => {
    expect(csvCell(null, COMMA)).toBe('');
    expect(csvCell(Number.NaN, COMMA)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY, COMMA)).toBe('');
  });
});

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    const csv = toCsv(['Agente', 'Ventas'], [['María', 3]], COMMA);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe('"Agente","Ventas"\r\n"María",3\r\n');
  });
});

describe('companyCsvAttachments', () => {
  const context = (report = seedReport()) => companyContext(report, [], PERIOD, GROUP_ES);

  it('attaches one UTF-8 CSV per non-empty table, named for company and month', () => {
    const files = companyCsvAttachments(context());
    expect(files.map((file) => file.filename)).toEqual([
      'agentes-empresa-principal-2026-04.csv',
      'anuncios-empresa-principal-2026-04.csv',
      'etiquetas-empresa-principal-2026-04.csv',
    ]);
    for (const file of files) {
      expect(file.contentType).toBe('text/csv; charset=utf-8');
      expect(file.content.startsWith('\uFEFF')).toBe(true);
    }
  });

  it('attaches nothing for an empty month', () => {
    expect(companyCsvAttachments(context(emptyReport()))).toEqual([]);
  });

  it('carries every row of the large company, not just the top N', () => {
    const report = largeCompany();
    const [agents, ads, tags] = companyCsvAttachments(context(report)).map((file) => parse(file.content.slice(1), ','));
    expect(agents).toHaveLength(report.agentes.length + 1);
    expect(ads).toHaveLength(report.adsBreakdown.length + 1);
    expect(tags).toHaveLength(report.tags.length + 1);
  });

  it('round-trips hostile names intact but defused', () => {
    const hostile = `=cmd|' /C calc'!A0, "quoted"\nsecond line`;
    const agent = { ...(seedReport().agentes[0] as AgentRow), agente: hostile };
    const [agents] = companyCsvAttachments(context(withReport(seedReport(), { agentes: [agent] })));
    const [, row] = parse(agents?.content.slice(1) ?? '', ',');
    expect(row?.[0]).toBe(`'${hostile}`);
    expect(row?.[1]).toBe('120');
  });

  it('keeps long numeric ad ids as text so Excel does not turn them into 1.2E+14', () => {
    const [, ads] = companyCsvAttachments(context());
    expect(ads?.content).toContain('="120201234567890",');
  });

  it('rounds ROAS and cost per sale as the email shows them (3.47 in both, never 3.5× beside 3.47)', () => {
    const ctx = companyContext(seedReport(), [], PERIOD, { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } });
    const [, ads] = companyCsvAttachments(ctx);
    const [header, row] = parse(ads?.content.slice(1) ?? '', ',');
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    const shown = buildCompanyView(ctx, 15, []).ads?.rows[0];
    // L 30,000 / (USD 350 × 24.7) = 3.4702; USD 350 / 12 = 29.1667 = L 720.42 at 24.7.
    expect(cell('ROAS')).toBe('3.47');
    expect(shown?.roas).toContain('3.47');
    expect(cell('Costo por venta')).toBe('29.17');
    expect(cell('Costo por venta en HNL')).toBe('720.42');
    expect(shown?.costPerSale).toMatch(/720\.42$/);
    expect(cell('Gasto en HNL')).toBe('8645');
  });
});
