// Meta ads against organic, for sales and quotations (and quotations by PDF or by message).
import type { CompanyContext } from './company-context.ts';
import { ratio } from './format.ts';

export interface SplitCellView {
  count: string;
  amount: string;
  share: string | null;
}

export interface SplitRowView {
  label: string;
  sub: boolean;
  meta: SplitCellView;
  organic: SplitCellView;
  /** Widths (percent) of a stacked Meta/organic bar; null when there is nothing to split. */
  bar: { meta: number; organic: number } | null;
}

export const buildSplit = (ctx: CompanyContext): SplitRowView[] => {
  const { report: r, t, format, currency } = ctx;
  const cell = (count: number, amount: number, total: number | null): SplitCellView => ({
    count: format.integer(count),
    amount: format.money(amount, currency),
    share: total === null ? null : format.share(ratio(count, total)),
  });
  const main = (label: string, total: number, meta: [number, number], organic: [number, number]): SplitRowView => {
    // The bar splits what was attributed, so it always fills its width even if IOBot's parts and
    // total disagree (the data checks report that separately).
    const parts = meta[0] + organic[0];
    const metaWidth = parts > 0 ? Math.round((meta[0] / parts) * 100) : 0;
    return {
      label,
      sub: false,
      meta: cell(meta[0], meta[1], total),
      organic: cell(organic[0], organic[1], total),
      bar: parts > 0 ? { meta: metaWidth, organic: 100 - metaWidth } : null,
    };
  };
  const sub = (label: string, meta: [number, number], organic: [number, number]): SplitRowView => ({
    label,
    sub: true,
    meta: cell(meta[0], meta[1], null),
    organic: cell(organic[0], organic[1], null),
    bar: null,
  });
  return [
    main(t.split.sales, r.salesCount, [r.salesThatChatHasAnuncioIdCount, r.salesThatChatHasAnuncioId], [r.salesThatDoesntHaveAnuncioIdCount, r.salesThatDoesntHaveAnuncioId]),
    main(t.split.quotations, r.quotationsCount, [r.quotationsThatChatHasAnuncioIdCount, r.quotationsThatChatHasAnuncioId], [r.quotationsThatDoesntHaveAnuncioIdCount, r.quotationsThatDoesntHaveAnuncioId]),
    sub(t.split.pdf, [r.quotationsThatChatHasAnuncioIdAndSourceIsPdfCount, r.quotationsThatChatHasAnuncioIdAndSourceIsPdf], [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf]),
    sub(t.split.message, [r.quotationsThatChatHasAnuncioIdAndSourceIsMessageCount, r.quotationsThatChatHasAnuncioIdAndSourceIsMessage], [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage]),
  ];
};
