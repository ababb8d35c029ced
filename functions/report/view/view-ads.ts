// The per-ad table and the lines that reconcile it with the ads-versus-organic split: how much of the
// ad-attributed result has per-ad detail, total spend (converted where a rate is configured), cost per
// ad-attributed sale, and a ROAS that says what it divides.
import type { CompanyContext } from '../company/company-context.ts';
import { cleanText, DASH, fill, httpsUrl, joinList, plural } from '../format/format.ts';
import { exchangeRate } from '../figures/ad-efficiency.ts';
import { roasAmount, roasHeader, roasWords } from '../format/roas-words.ts';
import { more, NAME_LENGTH, type TableView } from './view-tables.ts';

export interface AdView {
  name: string;
  image: { url: string; alt: string } | null;
  /** In the company's currency where a rate exists (then `spendOriginal` is the ads' own), else the ads' own. */
  spend: string;
  spendOriginal: string | null;
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
  /** False when no ad's spend converts to the sales currency: the column would be "—" all the way down. */
  showRoas: boolean;
  /** "Ventas por L 1 invertido" */
  roasHeader: string;
}

export const buildAds = (ctx: CompanyContext, maxRows: number): AdsView | null => {
  const { ads, t, format, currency, report } = ctx;
  if (ads.sorted.length === 0) return null;
  const counted = (kind: 'sales' | 'quotations', value: number) =>
    plural(t.counts[kind], value, ctx.language, { count: format.integer(value) });
  // Two decimals at any size, like the CSV: 0.04× and 0.4× are very different losses, and 3.47 is 3.47 in both.
  const roasText = (value: number) => roasAmount(format, currency, value);
  const notes: string[] = [];

  const adSales = report.salesThatChatHasAnuncioIdCount;
  const adQuotations = report.quotationsThatChatHasAnuncioIdCount;
  const detailValues = {
    detailedSales: format.integer(ads.detail.sales),
    adSales: format.integer(adSales),
    detailedQuotations: format.integer(ads.detail.quotations),
    adQuotations: format.integer(adQuotations),
  };
  notes.push(
    ads.detail.sales === adSales && ads.detail.quotations === adQuotations
      ? t.ads.detailAll
      : ads.detail.sales === adSales
        ? fill(t.ads.detailAllSales, detailValues)
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
            ads.conversions.map((conversion) =>
              fill(t.ads.rate, {
                rate: format.money(conversion.rate, conversion.to),
                unit: (t.ads.currencyUnits as Record<string, string>)[conversion.from] ?? conversion.from,
              }),
            ),
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
  // Without a rate the email still says what it can, each amount in its own currency (no ratio).
  if (ads.roas === null && ads.detail.salesAmount > 0 && ads.spend.length > 0) {
    notes.push(fill(t.ads.resultWithoutRate, { salesAmount: format.money(ads.detail.salesAmount, currency), spend: spendList }));
  }
  if (ads.roas !== null && ads.convertedSpend !== null) {
    notes.push(
      fill(t.ads.roasTotal, {
        value: roasWords(format, t, currency, ads.roas),
        salesAmount: format.money(ads.detail.salesAmount, currency),
        spend: format.money(ads.convertedSpend, currency),
      }),
    );
  }

  return {
    rows: ads.sorted.slice(0, maxRows).map((row) => {
      const name = cleanText(row.ad.name, NAME_LENGTH.ad) || cleanText(row.ad.adId, NAME_LENGTH.ad) || DASH;
      const imageUrl = ctx.branding.adThumbnails ? httpsUrl(row.ad.imageUrl) : null;
      // One currency per section where a rate exists: spend and costs in the sales currency, like the amounts.
      const rate = exchangeRate(row.spendCurrency, currency, ctx.group.exchangeRates);
      const inSales = (value: number | null) =>
        rate === null ? format.money(value, row.spendCurrency) : format.money(value === null ? null : value * rate, currency);
      return {
        name,
        // The name sits right next to the thumbnail: alt text would repeat it, and crowd it when images are off.
        image: imageUrl ? { url: imageUrl, alt: '' } : null,
        spend: inSales(row.ad.spend),
        spendOriginal: rate !== null && rate !== 1 ? format.money(row.ad.spend, row.spendCurrency) : null,
        sales: format.integer(row.ad.sales),
        salesAmount: format.money(row.ad.salesAmount, currency),
        quotations: fill(t.ads.quotations, {
          quotations: counted('quotations', row.ad.quotations),
          cost: inSales(row.costPerQuotation),
        }),
        costPerSale: inSales(row.costPerSale),
        roas: row.roas === null ? DASH : roasText(row.roas),
        flag: row.spentWithoutSales ? t.ads.noSales : row.roas !== null && row.roas < 1 ? t.ads.loss : null,
      };
    }),
    more: more(ctx, ads.sorted.length, maxRows, ctx.files.ads),
    notes,
    showRoas: ads.ads.some((row) => row.roas !== null),
    roasHeader: roasHeader(format, t, currency),
  };
};
