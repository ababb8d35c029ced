// The per-ad table and the lines that reconcile it with the ads-versus-organic split: how much of the
// ad-attributed result has per-ad detail, total spend (converted where a rate is configured), cost per
// ad-attributed sale, and a ROAS that says what it divides.
import type { CompanyContext } from '../company/company-context.ts';
import { cleanText, DASH, fill, httpsUrl, joinList, plural } from '../format/format.ts';
import { more, NAME_LENGTH, type TableView } from './view-tables.ts';

export interface AdView {
  name: string;
  image: { url: string; alt: string } | null;
  spend: string;
  sales: string;
  salesAmount: string;
  /** "28 cotizaciones, costo por cotización USD 12.50" */
  quotations: string;
  costPerSale: string;
  roas: string;
  /** "Gastó sin ventas" / "Vendió menos de lo que gastó", or null. */
  flag: string | null;
}

export interface AdsView extends TableView<AdView> {
  notes: string[];
}

export const buildAds = (ctx: CompanyContext, maxRows: number): AdsView | null => {
  const { ads, t, format, currency, report } = ctx;
  if (ads.sorted.length === 0) return null;
  const counted = (kind: 'sales' | 'quotations', value: number) =>
    plural(t.counts[kind], value, ctx.language, { count: format.integer(value) });
  // Two decimals at any size, like the CSV: 0.04× and 0.4× are very different losses, and 3.47 is 3.47 in both.
  const roasText = (value: number) => fill(t.ads.roasValue, { value: format.roas(value) });
  const notes: string[] = [];

  const adSales = report.salesThatChatHasAnuncioIdCount;
  const adQuotations = report.quotationsThatChatHasAnuncioIdCount;
  notes.push(
    ads.detail.sales === adSales && ads.detail.quotations === adQuotations
      ? t.ads.detailAll
      : fill(t.ads.detailPart, {
          detailedSales: format.integer(ads.detail.sales),
          adSales: format.integer(adSales),
          detailedQuotations: format.integer(ads.detail.quotations),
          adQuotations: format.integer(adQuotations),
        }),
  );

  const spendList = joinList(
    ads.spend.map((item) => format.money(item.amount, item.currency)),
    ctx.words,
  );
  const converted = ads.convertedSpend !== null && ads.conversions.length > 0 ? format.money(ads.convertedSpend, currency) : null;
  notes.push(
    converted
      ? fill(t.ads.totalSpendConverted, {
          amount: spendList,
          converted,
          rates: joinList(
            ads.conversions.map((conversion) => fill(t.ads.rate, { ...conversion, rate: format.decimal(conversion.rate, 4) })),
            ctx.words,
          ),
        })
      : fill(t.ads.totalSpend, { amount: spendList }),
  );

  // The same sales ROAS divides (those with per-ad detail), so the two figures side by side agree.
  if (ads.costPerSale) {
    const { cost, spend, sales } = ads.costPerSale;
    notes.push(
      fill(t.ads.costPerAdSale, {
        cost: format.money(cost, spend.currency),
        spend: format.money(spend.amount, spend.currency),
        sales: counted('sales', sales),
      }),
    );
  }
  if (ads.roas !== null && ads.convertedSpend !== null) {
    notes.push(
      fill(t.ads.roasTotal, {
        value: roasText(ads.roas),
        salesAmount: format.money(ads.detail.salesAmount, currency),
        spend: format.money(ads.convertedSpend, currency),
      }),
    );
  }

  return {
    rows: ads.sorted.slice(0, maxRows).map((row) => {
      const name = cleanText(row.ad.name, NAME_LENGTH.ad) || cleanText(row.ad.adId, NAME_LENGTH.ad) || DASH;
      const imageUrl = ctx.branding.adThumbnails ? httpsUrl(row.ad.imageUrl) : null;
      return {
        name,
        // The name sits right next to the thumbnail: alt text would repeat it, and crowd it when images are off.
        image: imageUrl ? { url: imageUrl, alt: '' } : null,
        spend: format.money(row.ad.spend, row.spendCurrency),
        sales: format.integer(row.ad.sales),
        salesAmount: format.money(row.ad.salesAmount, currency),
        quotations: fill(t.ads.quotations, {
          quotations: counted('quotations', row.ad.quotations),
          cost: format.money(row.costPerQuotation, row.spendCurrency),
        }),
        costPerSale: format.money(row.costPerSale, row.spendCurrency),
        roas: row.roas === null ? DASH : roasText(row.roas),
        flag: row.spentWithoutSales ? t.ads.noSales : row.roas !== null && row.roas < 1 ? t.ads.loss : null,
      };
    }),
    more: more(ctx, ads.sorted.length, maxRows, ctx.files.ads),
    notes,
  };
};
