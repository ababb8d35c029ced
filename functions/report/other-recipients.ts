/**
 * The footer's "who else receives this report" line, in the email's language. It is per person (each
 * reader sees everyone but themselves), so it is worded here and put into each person's copy after the
 * shared render, never rendered with the template.
 */
import { fill, joinList, textLocale } from './format/format.ts';
import { locales } from './generated/templates.ts';
import type { GroupSettings } from './format/locale-context.ts';

/**
 * Addresses named before "y N más": the line stays one short line however long the list (five addresses
 * of at most 254 characters keep it under the Gmail clipping slack above HTML_BUDGET_BYTES).
 */
export const OTHER_RECIPIENTS_SHOWN = 5;

/** "También reciben este reporte: ana@…, luis@… y 3 más"; undefined when nobody else receives it. */
export const otherRecipientsLine = (group: Pick<GroupSettings, 'language' | 'locale'>, others: readonly string[]): string | undefined => {
  if (others.length === 0) return undefined;
  const t = locales[group.language];
  const named = others.slice(0, OTHER_RECIPIENTS_SHOWN);
  const rest = others.length - named.length;
  const items = rest > 0 ? [...named, fill(t.otherRecipientsMore, { count: rest })] : named;
  return fill(t.otherRecipients, { list: joinList(items, textLocale(group.locale, group.language)) });
};
