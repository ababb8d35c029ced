/**
 * Sorts the entries of IOBot's `data` array into valid company reports and entries that cannot be
 * used (malformed, or sharing a company id with another entry), each with a reason naming the path.
 */
import * as z from 'zod';
import { formatIssues } from '../shared/invalid-input-error.ts';
import { companyReportSchema, type CompanyReport } from './report-schema.ts';

/** A company entry that cannot be used: reported for that company, the others go on. */
export interface InvalidCompanyEntry {
  index: number;
  id?: number;
  nombre?: string;
  error: string;
}

export interface ParsedCompanies {
  companies: CompanyReport[];
  /** In the order of the answer. */
  invalid: InvalidCompanyEntry[];
}

const MAX_ISSUES = 10;

/** The entry's company id and name as far as they can be read, even from a malformed entry. */
const identify = (entry: unknown): { id?: number; nombre?: string } => {
  const info = (entry as { data?: { id?: unknown; nombre?: unknown } } | null)?.data;
  const id = typeof info?.id === 'string' && /^\d+$/.test(info.id) ? Number(info.id) : info?.id;
  return {
    ...(typeof id === 'number' && Number.isInteger(id) ? { id } : {}),
    ...(typeof info?.nombre === 'string' ? { nombre: info.nombre } : {}),
  };
};

const schemaError = (index: number, error: z.ZodError): string => {
  const issues = formatIssues(new z.ZodError(error.issues.slice(0, MAX_ISSUES)));
  const more = error.issues.length > MAX_ISSUES ? `\n…and ${error.issues.length - MAX_ISSUES} more` : '';
  const lines = issues.split('\n').map((line) => `data[${index}].${line}`);
  return `IOBot answer for data[${index}] does not match the report schema:\n${lines.join('\n')}${more}`;
};

/**
 * Two entries with one company id cannot both be that company, and which one is right cannot be
 * told: every entry with that id fails, with the reason first.
 */
const duplicateReasons = (entries: readonly unknown[]): Map<number, string> => {
  const byId = new Map<number, number[]>();
  entries.forEach((entry, index) => {
    const { id } = identify(entry);
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), index]);
  });
  const reasons = new Map<number, string>();
  for (const [id, indexes] of byId) {
    if (indexes.length < 2) continue;
    const named = indexes.map((index) => {
      const { nombre } = identify(entries[index]);
      return `data[${index}]${nombre === undefined ? '' : ` ${JSON.stringify(nombre)}`}`;
    });
    const reason = `IOBot answer has ${indexes.length} entries for company ${id} (${named.join(', ')}): none of them is used, since which one is right cannot be told`;
    for (const index of indexes) reasons.set(index, reason);
  }
  return reasons;
};

export const parseCompanies = (entries: readonly unknown[]): ParsedCompanies => {
  const duplicates = duplicateReasons(entries);
  const companies: CompanyReport[] = [];
  const invalid: InvalidCompanyEntry[] = [];
  entries.forEach((entry, index) => {
    const parsed = companyReportSchema.safeParse(entry);
    const duplicate = duplicates.get(index);
    if (parsed.success && duplicate === undefined) {
      companies.push(parsed.data);
      return;
    }
    const reasons = [duplicate, parsed.success ? undefined : schemaError(index, parsed.error)].filter((reason) => reason !== undefined);
    invalid.push({ index, ...identify(entry), error: reasons.join('\n') });
  });
  return { companies, invalid };
};
