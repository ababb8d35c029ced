// The "top N" tables (tags here; agents and ads in their own files) share their cut: the first rows, then "y N más" pointing at
// the CSV attachment that carries every row.
import type { CompanyContext } from '../company/company-context.ts';
import { cleanText, DASH, plural } from '../format/format.ts';
import { barCell, barWidth, type BarCell } from './view-bars.ts';

export interface TableView<Row> {
  rows: Row[];
  /** "… y 135 más en el adjunto agentes-….csv", or null when nothing was cut. */
  more: string | null;
}

export interface TagView extends BarCell {
  name: string;
}

// Long names wrap table columns on a 375 px screen and cost bytes; the CSV carries them in full.
export const NAME_LENGTH = { agent: 40, ad: 50, tag: 40 } as const;

export const more = (ctx: CompanyContext, total: number, shown: number, file: string): string | null =>
  total > shown ? plural(ctx.t.more, total - shown, ctx.language, { count: ctx.format.integer(total - shown), file }) : null;

export const buildTags = (ctx: CompanyContext, maxRows: number): TableView<TagView> | null => {
  if (ctx.tags.length === 0) return null;
  const max = ctx.tags[0]?.count ?? 0;
  return {
    rows: ctx.tags.slice(0, maxRows).map((tag) => ({
      name: cleanText(tag.name, NAME_LENGTH.tag) || DASH,
      ...barCell(ctx.t.tags.count, ctx.format.integer(tag.count), barWidth(tag.count, max)),
    })),
    more: more(ctx, ctx.tags.length, maxRows, ctx.files.tags),
  };
};
