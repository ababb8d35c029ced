// What the simulator is told about a company: its identity, volume, people, tags and ads.

export interface SimAd {
  adId: string;
  name: string;
  imageUrl?: string;
}

export interface SimCompany {
  id: number;
  nombre: string;
  img_wa?: string;
  /** ISO 4217 code of sales and quotation amounts ("HNL"). */
  currency: string;
  currency_conversion?: string;
  /** `feature_flags.ad_account_for_report`; without it the answer has no `adsBreakdown`. */
  adAccount?: number;
  /** Volume multiplier: 1 is about 540 conversations a month. */
  size: number;
  agents: string[];
  tags: string[];
  ads: SimAd[];
}

export interface SimRange {
  startDate: string | Date;
  endDate: string | Date;
}
