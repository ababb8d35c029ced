/**
 * The semantic difference between two runtime configs, for `npm run config:diff`: `cdk diff` shows
 * only that the bundled config file's hash changed, this says what changed (groups, settings, and
 * companies and addresses added, removed or changed), one line each.
 */
import type { CompanyRecipients, Recipients, ReportGroup, RuntimeConfig } from '../functions/config/config-schema.ts';

export interface ConfigDiff {
  /** "+ …", "- …" or "~ …", in config order: top-level settings, then each group. */
  lines: string[];
  companies: { added: number; removed: number; changed: number };
  addresses: { added: number; removed: number };
}

const FIELDS = ['to', 'cc', 'bcc'] as const;
const show = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
const lower = (addresses: readonly string[]) => addresses.map((address) => address.toLowerCase());
const countAddresses = (recipients: Recipients): number => FIELDS.reduce((total, field) => total + recipients[field].length, 0);
const describeRecipients = (recipients: Recipients): string =>
  FIELDS.filter((field) => recipients[field].length > 0)
    .map((field) => `${field} ${recipients[field].join(', ')}`)
    .join('; ');

/** Changed keys of two records, except `skip`, as "key before → after". */
const changedSettings = (before: object, after: object, skip: readonly string[]): string[] => {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !skip.includes(key));
  return keys
    .filter((key) => show((before as Record<string, unknown>)[key]) !== show((after as Record<string, unknown>)[key]))
    .map((key) => `${key} ${show((before as Record<string, unknown>)[key])} → ${show((after as Record<string, unknown>)[key])}`);
};

/** "to +a@x -b@y; cc +c@z" (case-insensitive, order ignored), with the numbers of addresses added and removed. */
const recipientChanges = (before: Recipients, after: Recipients): { text: string[]; added: number; removed: number } => {
  const text: string[] = [];
  let added = 0;
  let removed = 0;
  for (const field of FIELDS) {
    const old = new Set(lower(before[field]));
    const now = new Set(lower(after[field]));
    const plus = [...now].filter((address) => !old.has(address));
    const minus = [...old].filter((address) => !now.has(address));
    added += plus.length;
    removed += minus.length;
    if (plus.length + minus.length > 0) text.push(`${field} ${[...plus.map((a) => `+${a}`), ...minus.map((a) => `-${a}`)].join(' ')}`);
  }
  return { text, added, removed };
};

const companyName = (company: CompanyRecipients) => `company ${company.id}${company.label ? ` ${show(company.label)}` : ''}`;

export const diffRuntimeConfigs = (before: RuntimeConfig, after: RuntimeConfig): ConfigDiff => {
  const diff: ConfigDiff = { lines: [], companies: { added: 0, removed: 0, changed: 0 }, addresses: { added: 0, removed: 0 } };
  diff.lines.push(...changedSettings(before, after, ['groups']).map((change) => `~ ${change}`));

  const beforeGroups = new Map(before.groups.map((group) => [group.name, group]));
  const afterNames = new Set(after.groups.map((group) => group.name));
  for (const group of before.groups.filter((candidate) => !afterNames.has(candidate.name))) {
    diff.lines.push(`- group ${group.name} (${group.companies.length} companies)`);
    diff.companies.removed += group.companies.length;
    diff.addresses.removed += group.companies.reduce((total, company) => total + countAddresses(company), 0);
  }
  for (const group of after.groups) {
    const old = beforeGroups.get(group.name);
    if (!old) {
      diff.lines.push(`+ group ${group.name} (${group.companies.length} companies)`);
      diff.companies.added += group.companies.length;
      diff.addresses.added += group.companies.reduce((total, company) => total + countAddresses(company), 0);
      continue;
    }
    diffGroup(old, group, diff);
  }
  return diff;
};

const diffGroup = (before: ReportGroup, after: ReportGroup, diff: ConfigDiff): void => {
  const name = after.name;
  diff.lines.push(...changedSettings(before, after, ['name', 'companies', 'summaryRecipients']).map((change) => `~ ${name}: ${change}`));
  const none: Recipients = { to: [], cc: [], bcc: [] };
  const summary = recipientChanges(before.summaryRecipients ?? none, after.summaryRecipients ?? none);
  if (summary.text.length > 0) diff.lines.push(`~ ${name}: summary recipients ${summary.text.join('; ')}`);

  const beforeCompanies = new Map(before.companies.map((company) => [company.id, company]));
  const afterIds = new Set(after.companies.map((company) => company.id));
  for (const company of before.companies.filter((candidate) => !afterIds.has(candidate.id))) {
    diff.lines.push(`- ${name}: ${companyName(company)}`);
    diff.companies.removed += 1;
    diff.addresses.removed += countAddresses(company);
  }
  for (const company of after.companies) {
    const old = beforeCompanies.get(company.id);
    if (!old) {
      diff.lines.push(`+ ${name}: ${companyName(company)}: ${describeRecipients(company)}`);
      diff.companies.added += 1;
      diff.addresses.added += countAddresses(company);
      continue;
    }
    const recipients = recipientChanges(old, company);
    const label = old.label !== company.label ? [`label ${show(old.label)} → ${show(company.label)}`] : [];
    if (recipients.text.length + label.length === 0) continue;
    diff.lines.push(`~ ${name}: ${companyName(company)}: ${[...recipients.text, ...label].join('; ')}`);
    diff.companies.changed += 1;
    diff.addresses.added += recipients.added;
    diff.addresses.removed += recipients.removed;
  }
};
