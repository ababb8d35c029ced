// Where sales and quotations came from: Meta ads against organic (and quotations by PDF or by
// message). Count and amount shares are labelled apart ("66 % en cantidad", "66 % en monto"), each
// pair adds up to 100 %, and the bar is drawn from the same rounded count shares its label prints.
import type { CompanyContext } from '../company/company-context.ts';
import { fill } from '../format/format.ts';
import { largestRemainder } from '../figures/shares.ts';

export interface SplitCellView {
  count: string;
  amount: string;
  /** "66 % en cantidad", or null on a sub-row or when there is nothing to share (0 / 0). */
  countShare: string | null;
  /** "66 % en monto", or null likewise. */
  amountShare: string | null;
}

export interface SplitRowView {
  label: string;
  sub: boolean;
  meta: SplitCellView;
  organic: SplitCellView;
  /** Widths (percent) of a stacked Meta/organic bar: the count shares; null when there is nothing to split. */
  bar: { meta: number; organic: number } | null;
}

type Part = [count: number, amount: number];

export const buildSplit = (ctx: CompanyContext): SplitRowView[] => {
  const { report: r, t, format, currency } = ctx;
  const share = (template: string, value: number | undefined) =>
    value === undefined ? null : fill(template, { share: format.wholePercent(value) });
  const cell = (part: Part, countShare?: number, amountShare?: number): SplitCellView => ({
    count: format.integer(part[0]),
    amount: format.money(part[1], currency),
    countShare: share(t.split.countShare, countShare),
    amountShare: share(t.split.amountShare, amountShare),
  });
  // Shares are of what was attributed (ads + organic), so they add up even if IOBot's parts and total
  // disagree (the data checks report that separately).
  const main = (label: string, meta: Part, organic: Part): SplitRowView => {
    const counts = largestRemainder([meta[0], organic[0]]);
    const amounts = largestRemainder([meta[1], organic[1]]);
    return {
      label,
      sub: false,
      meta: cell(meta, counts?.[0], amounts?.[0]),
      organic: cell(organic, counts?.[1], amounts?.[1]),
      bar: counts ? { meta: counts[0] ?? 0, organic: counts[1] ?? 0 } : null,
    };
  };
  const sub = (label: string, meta: Part, organic: Part): SplitRowView => ({
    label,
    sub: true,
    meta: cell(meta),
    organic: cell(organic),
    bar: null,
  });
  return [
    main(
      t.split.sales,
      [r.salesThatChatHasAnuncioIdCount, r.salesThatChatHasAnuncioId],
      [r.salesThatDoesntHaveAnuncioIdCount, r.salesThatDoesntHaveAnuncioId],
    ),
    main(
      t.split.quotations,
      [r.quotationsThatChatHasAnuncioIdCount, r.quotationsThatChatHasAnuncioId],
      [r.quotationsThatDoesntHaveAnuncioIdCount, r.quotationsThatDoesntHaveAnuncioId],
    ),
    sub(
      t.split.pdf,
      [r.quotationsThatChatHasAnuncioIdAndSourceIsPdfCount, r.quotationsThatChatHasAnuncioIdAndSourceIsPdf],
      [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf],
    ),
    sub(
      t.split.message,
      [r.quotationsThatChatHasAnuncioIdAndSourceIsMessageCount, r.quotationsThatChatHasAnuncioIdAndSourceIsMessage],
      [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage],
    ),
  ];
};
