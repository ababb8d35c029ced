/**
 * Company recipients from a spreadsheet: a CSV in infra/ with the header `company_id,label,to,cc,bcc`
 * (label, cc and bcc optional; several addresses in one cell separated by `;`, `,` or spaces). Each row
 * is checked with the schema the function uses (`companyRecipientsSchema`), and synth fails listing
 * every mistake by the row and column a spreadsheet shows, e.g.
 * `aquatec.csv row 4, column C (to): not a valid email address: "ventas@"`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { companyRecipientsSchema, type CompanyRecipients } from '../functions/config/config-schema.ts';

export type CompanyRecipientsInput = Pick<CompanyRecipients, 'id' | 'to'> &
  Partial<Pick<CompanyRecipients, 'label' | 'cc' | 'bcc' | 'targets'>>;

const COLUMNS = ['company_id', 'label', 'to', 'cc', 'bcc', 'target_sales_amount', 'target_sales'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['company_id', 'to'];
/** Schema field → CSV column. */
const COLUMN_OF_FIELD: Record<string, Column> = { id: 'company_id', label: 'label', to: 'to', cc: 'cc', bcc: 'bcc' };
const TARGET_COLUMN: Record<string, Column> = { salesAmount: 'target_sales_amount', salesCount: 'target_sales' };

export class RecipientsCsvError extends Error {
  override readonly name = 'RecipientsCsvError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid recipients file ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`);
  }
}

/** 0 → "A", 26 → "AA": the column letter a spreadsheet shows. */
const columnLetter = (index: number): string =>
  (index >= 26 ? columnLetter(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));

const splitAddresses = (cell: string | undefined): string[] => (cell ?? '').split(/[;,\s]+/).filter((part) => part.length > 0);

const normalizeHeader = (cell: string): string =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

interface Row {
  record: string[];
  info: { lines: number };
}

const parseRows = (text: string, source: string): Row[] => {
  try {
    return parse(text, { bom: true, info: true, relax_column_count: true, trim: true }) as unknown as Row[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? ` line ${error.lines}` : '';
      throw new RecipientsCsvError(source, [`${source}${line}: ${error.message}`]);
    }
    throw error;
  }
};

/** The header's column positions, or the problems with it. */
const readHeader = (header: string[], source: string): { positions: Map<Column, number>; problems: string[] } => {
  const positions = new Map<Column, number>();
  const problems: string[] = [];
  header.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    const column = (name === 'id' ? 'company_id' : name) as Column;
    const where = `${source} row 1, column ${columnLetter(index)}`;
    if (!COLUMNS.includes(column)) problems.push(`${where}: unknown column ${JSON.stringify(cell)} (expected ${COLUMNS.join(', ')})`);
    else if (positions.has(column)) problems.push(`${where}: column ${JSON.stringify(column)} appears twice`);
    else positions.set(column, index);
  });
  for (const column of REQUIRED) {
    if (!positions.has(column)) problems.push(`${source} row 1: missing column ${JSON.stringify(column)}`);
  }
  return { positions, problems };
};

/**
 * The companies of a recipients CSV, validated. Throws `RecipientsCsvError` listing every problem (row,
 * column letter and name, the value) when any row is wrong; blank rows are ignored.
 */
export const parseRecipientsCsv = (text: string, source = 'recipients.csv'): CompanyRecipientsInput[] => {
  const [header, ...rows] = parseRows(text, source);
  if (!header) throw new RecipientsCsvError(source, [`${source}: empty file (expected the header ${COLUMNS.join(',')})`]);
  const { positions, problems } = readHeader(header.record, source);
  if (problems.length > 0) throw new RecipientsCsvError(source, problems);

  const companies: CompanyRecipientsInput[] = [];
  const firstRowOf = new Map<number, number>();
  rows.forEach(({ record, info }, index) => {
    const row = index + 2;
    if (record.every((cell) => cell === '')) return;
    const at = (column: Column) => {
      const position = positions.get(column) ?? -1;
      return `${source} row ${row}${info.lines !== row ? ` (line ${info.lines})` : ''}, column ${columnLetter(position)} (${column})`;
    };
    const cell = (column: Column): string | undefined => {
      const position = positions.get(column);
      return position === undefined ? undefined : record[position];
    };
    if (record.length > header.record.length) {
      problems.push(`${source} row ${row}: ${record.length} cells, the header has ${header.record.length} (an unquoted comma?)`);
      return;
    }
    const idCell = cell('company_id') ?? '';
    if (!/^\d+$/.test(idCell)) {
      problems.push(`${at('company_id')}: not a company id (a positive whole number): ${JSON.stringify(idCell)}`);
      return;
    }
    const id = Number(idCell);
    const first = firstRowOf.get(id);
    if (first !== undefined) problems.push(`${at('company_id')}: duplicate company id ${id} (first on row ${first})`);
    else firstRowOf.set(id, row);
    const label = cell('label');
    // Optional monthly targets: a blank cell sets none; anything else must be a plain number.
    const targets: Record<string, number> = {};
    for (const [column, field] of [
      ['target_sales_amount', 'salesAmount'],
      ['target_sales', 'salesCount'],
    ] as const) {
      const value = cell(column);
      if (!value) continue;
      if (!/^\d+(\.\d+)?$/.test(value)) problems.push(`${at(column)}: not a plain positive number: ${JSON.stringify(value)}`);
      else targets[field] = Number(value);
    }
    const candidate = {
      id,
      ...(label ? { label } : {}),
      ...(Object.keys(targets).length > 0 ? { targets } : {}),
      to: splitAddresses(cell('to')),
      cc: splitAddresses(cell('cc')),
      bcc: splitAddresses(cell('bcc')),
    };
    const parsed = companyRecipientsSchema.safeParse(candidate);
    for (const issue of parsed.error?.issues ?? []) {
      const [field, position] = issue.path;
      const address = typeof position === 'number' ? `, address ${position + 1}` : '';
      const column = field === 'targets' ? TARGET_COLUMN[String(position)] : COLUMN_OF_FIELD[String(field)];
      problems.push(`${at(column ?? 'company_id')}${field === 'targets' ? '' : address}: ${issue.message}`);
    }
    companies.push(candidate);
  });
  if (problems.length > 0) throw new RecipientsCsvError(source, problems);
  return companies;
};

/** `parseRecipientsCsv` over a file; errors name the file by its base name. */
export const readRecipientsCsv = (path: string | URL): CompanyRecipientsInput[] =>
  parseRecipientsCsv(readFileSync(path, 'utf8'), basename(typeof path === 'string' ? path : path.pathname));
