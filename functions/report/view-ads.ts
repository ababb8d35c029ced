// The Meta ads table and the notes above it (total spend, ROAS and how it was converted).
import type { CompanyContext } from './company-context.ts';
import { cleanText, DASH, fill, httpsUrl } from './format.ts';
import { joinList } from './headlines.ts';
import { more, NAME_LENGTH, type TableView } from './view-tables.ts';

export interface AdView {
  name: string;
  image: { url: string; alt: string } | null;
  spend: string;
  sales: string;
  quotations: string;
  costPerSale: string;
  costPerQuotation: string;
  roas: string;
  /** "Gastó sin ventas" for ads that spent and sold nothing. */
  flag: string | null;
}

export interface AdsView extends TableView<AdView> {
  notes: string[];
}

export const buildAds = (ctx: CompanyContext, maxRows: number): AdsView | null => {
  const { ads, t, format, currency } = ctx;
  if (ads.sorted.length === 0) return null;
  // Below 1× the second decimal matters: 0.04× and 0.4× are very different losses.
  const roasText = (value: number) => fill(t.ads.roasValue, { value: format.decimal(value, value < 1 ? 2 : 1) });
  const notes = [fill(t.ads.totalSpend, { amount: joinList(ads.spend.map((item) => format.money(item.amount, item.currency)), ctx.words) })];
  if (ads.roas !== null) notes.push(fill(t.ads.roasTotal, { value: roasText(ads.roas) }));
  for (const conversion of ads.conversions) {
    notes.push(fill(t.ads.roasConverted, { ...conversion, rate: format.decimal(conversion.rate, 4) }));
  }
  const unconvertible = ads.spend.filter((item) => item.currency && item.currency !== currency && item.amount > 0);
  if (ads.roas === null && currency && unconvertible.length > 0) {
    notes.push(fill(t.ads.roasUnavailable, { spend: joinList(unconvertible.map((item) => item.currency ?? ''), ctx.words), sales: currency }));
  }
  return {
    rows: ads.sorted.slice(0, maxRows).map((row) => {
      const name = cleanText(row.ad.name, NAME_LENGTH.ad) || cleanText(row.ad.adId, NAME_LENGTH.ad) || DASH;
      const imageUrl = httpsUrl(row.ad.imageUrl);
      return {
        name,
        // The name sits right next to the thumbnail: repeating it in alt text would be read twice.
        image: imageUrl ? { url: imageUrl, alt: t.ads.imageAlt } : null,
        spend: format.money(row.ad.spend, row.spendCurrency),
        sales: format.integer(row.ad.sales),
        quotations: format.integer(row.ad.quotations),
        costPerSale: format.money(row.costPerSale, row.spendCurrency),
        costPerQuotation: format.money(row.costPerQuotation, row.spendCurrency),
        roas: row.roas === null ? DASH : roasText(row.roas),
        flag: row.spentWithoutSales ? t.ads.noSales : null,
      };
    }),
    more: more(ctx, ads.sorted.length, maxRows, ctx.files.ads),
    notes,
  };
};
