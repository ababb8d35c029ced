// A company's email, end to end: context, CSV attachments, view, precompiled templates, and the
// clipping budget that caps the tables.
import Handlebars from 'handlebars/runtime';
import { companyContext, type GroupSettings } from './company-context.ts';
import { companyCsvAttachments } from './csv-attachments.ts';
import { companyReportHtml, companyReportText, type TemplateSpecification } from '../generated/templates.ts';
import type { ReportPeriod } from '../../shared/report-period.ts';
import type { CompanyReport } from '../../iobot/report-schema.ts';
import type { GroupBenchmarks } from '../figures/peer-standing.ts';
import type { CompanyTargets } from '../../config/config-schema.ts';
import { buildCompanyView, type CompanyView } from './company-view.ts';
import type { RenderedEmail } from '../../shared/rendered-email.ts';

export interface CompanyEmailInput {
  report: CompanyReport;
  /** Most recent first: history[0] is the month before; undefined = the company was absent that month. */
  history: (CompanyReport | undefined)[];
  /** The same month a year before, when IOBot gave it: each KPI is also compared with it. */
  lastYear?: CompanyReport | undefined;
  /** Optional monthly targets from the config (or the recipients CSV): actual against target. */
  targets?: CompanyTargets | undefined;
  /** The group's key rates across every company of the run, for "where the company stands". */
  benchmarks?: GroupBenchmarks | undefined;
  period: ReportPeriod;
  group: GroupSettings;
  /** Top-N rows in the HTML tables; the CSV attachments carry every row. */
  maxTableRows: number;
}

// The run imports the email type from here, next to the function that produces it.
export type { EmailAttachment, RenderedEmail } from '../../shared/rendered-email.ts';

// Gmail clips messages whose HTML passes ~102 KB and hides the rest behind a link.
export const HTML_BUDGET_BYTES = 90_000;

type Render = (view: CompanyView) => string;
const compile = (spec: TemplateSpecification): Render => Handlebars.template(spec) as Render;
const templates = {
  companyHtml: compile(companyReportHtml),
  companyText: compile(companyReportText),
};

/**
 * The email for one company: its context, the CSV attachments, the view and both templates. Pure:
 * same input, same bytes. `maxTableRows` is a ceiling: if the HTML would still pass the clipping
 * budget (very long names, a large maxTableRows), the tables show the most rows that fit, since every
 * row is in the CSV anyway.
 */
export const renderCompanyEmail = (input: CompanyEmailInput): RenderedEmail => {
  const ctx = companyContext(input.report, input.history, input.period, input.group, {
    lastYear: input.lastYear,
    benchmarks: input.benchmarks,
    targets: input.targets,
  });
  const attachments = companyCsvAttachments(ctx);
  const names = attachments.map((attachment) => attachment.filename);

  const render = (rows: number) => {
    const view = buildCompanyView(ctx, rows, names);
    const html = templates.companyHtml(view);
    return { view, html, fits: Buffer.byteLength(html) <= HTML_BUDGET_BYTES };
  };
  const ceiling = Math.max(1, Math.floor(input.maxTableRows));
  let best = render(ceiling);
  // Too big: bisect for the largest row count that fits (a handful of ~3 ms renders, and rare).
  if (!best.fits) {
    let low = 1;
    let high = ceiling - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const attempt = render(middle);
      if (attempt.fits || middle === 1) best = attempt;
      if (attempt.fits) low = middle + 1;
      else high = middle - 1;
    }
  }
  const { view, html } = best;

  return {
    subject: view.subject,
    preheader: view.preheader,
    html,
    text: templates.companyText(view),
    attachments,
    ...(ctx.branding.senderName ? { fromName: ctx.branding.senderName } : {}),
  };
};
