/**
 * Render throughput: the production path (MJML compiled at build time, Handlebars runtime) against
 * compiling MJML at run time, per email, from the same sources under templates/ with the build's own
 * options (templates/build/template-compiler.ts), except validation (see RUNTIME_MJML_OPTIONS).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime';
import mjml2html from 'mjml';
import { companyReport } from '../../dev/synthetic/company-report.ts';
import { largeCompany } from '../../dev/synthetic/groups.ts';
import { companyContext, type GroupSettings } from '../../functions/report/company/company-context.ts';
import { companyCsvAttachments } from '../../functions/report/company/csv-attachments.ts';
import { companyReportHtml, companyReportText } from '../../functions/report/generated/templates.ts';
import { DEFAULT_HISTORY_MONTHS } from '../../functions/report-mailer/environment.ts';
import { peerBenchmarks } from '../../dev/synthetic/peer-group.ts';
import { monthBefore, monthPeriod, monthsBefore, type ReportPeriod } from '../../functions/shared/report-period.ts';
import { HTML_BUDGET_BYTES, renderCompanyEmail, type CompanyEmailInput } from '../../functions/report/company/render-company-email.ts';
import type { RenderedEmail } from '../../functions/shared/rendered-email.ts';
import { companyReportSchema, type CompanyReport } from '../../functions/iobot/report-schema.ts';
import { buildCompanyView, type CompanyView } from '../../functions/report/company/company-view.ts';
import { emptyReport, scaledReport, seedReport } from '../../test/fixtures/reports.ts';
import { HANDLEBARS_OPTIONS, mjmlOptions } from '../../templates/build/template-compiler.ts';
import { REPO_ROOT } from './bundle-options.ts';

export { HTML_BUDGET_BYTES };

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');
const COMPANY_MJML = join(TEMPLATES_DIR, 'company-report.mjml');
const COMPANY_TEXT = join(TEMPLATES_DIR, 'company-report.txt.hbs');

/**
 * The build's mjml2html options (templates/build/template-compiler.ts), but `validationLevel: 'skip'`: a
 * run-time compiler would validate once in CI, not per email, and skipping only makes it faster (the
 * ratio is then a lower bound). The HTML is the same; runFixture checks it byte for byte.
 */
const RUNTIME_MJML_OPTIONS = { ...mjmlOptions(COMPANY_MJML), validationLevel: 'skip' } as const;

type Render = (view: CompanyView) => string;
interface CompanyTemplates {
  companyHtml: Render;
  companyText: Render;
}

/** The production template step on its own: the precompiled specs through the Handlebars runtime, as render-company-email.ts does. */
const precompiled: CompanyTemplates = {
  companyHtml: HandlebarsRuntime.template(companyReportHtml) as Render,
  companyText: HandlebarsRuntime.template(companyReportText) as Render,
};

// Sources are read once (a run-time implementation would keep them in memory); mjml still reads the
// mj-include partials from disk on each compile, as it would in a Lambda.
const mjmlSource = readFileSync(COMPANY_MJML, 'utf8');
const textSource = readFileSync(COMPANY_TEXT, 'utf8');

/** MJML to HTML, then both Handlebars templates compiled (Handlebars compiles on the first call). */
const compileAtRunTime = async (): Promise<CompanyTemplates> => {
  const compiled = await mjml2html(mjmlSource, RUNTIME_MJML_OPTIONS);
  return {
    companyHtml: Handlebars.compile(compiled.html, { ...HANDLEBARS_OPTIONS, noEscape: false }) as Render,
    companyText: Handlebars.compile(textSource, { ...HANDLEBARS_OPTIONS, noEscape: true }) as Render,
  };
};

/**
 * The whole email with MJML and Handlebars compiled for it: renderCompanyEmail's public steps (context,
 * CSV, view, templates), plus compilation. It skips the clipping-budget bisection, which no fixture
 * needs; runFixture's byte-for-byte comparison would show if one did.
 */
export const renderWithRuntimeMjml = async (input: CompanyEmailInput): Promise<RenderedEmail> => {
  const templates = await compileAtRunTime();
  const ctx = companyContext(input.report, input.history, input.period, input.group);
  const attachments = companyCsvAttachments(ctx);
  const view = buildCompanyView(
    ctx,
    Math.max(1, Math.floor(input.maxTableRows)),
    attachments.map((attachment) => attachment.filename),
  );
  return {
    subject: view.subject,
    preheader: view.preheader,
    html: templates.companyHtml(view),
    text: templates.companyText(view),
    attachments,
  };
};

// ------------------------------------------------------------------------------------------ fixtures

export const BENCH_PERIOD: ReportPeriod = monthPeriod('2026-04', 'America/Tegucigalpa');
/** es-HN like the seed example; USD:HNL so ad spend (USD) converts as in the demo group. */
export const BENCH_GROUP: GroupSettings = {
  locale: 'es-HN',
  language: 'es',
  exchangeRates: { 'USD:HNL': 24.7 },
  timeZone: 'America/Tegucigalpa',
};
/** The handler's default (config-schema.ts maxTableRows). */
const MAX_TABLE_ROWS = 15;

export interface Fixture {
  name: string;
  description: string;
  input: CompanyEmailInput;
}

const simulated = (period: ReportPeriod): CompanyReport =>
  companyReportSchema.parse(companyReport(largeCompany(), { startDate: period.startDate, endDate: period.endDate }));

export const benchFixtures = (): Fixture[] => {
  const seed = seedReport();
  const base = { period: BENCH_PERIOD, group: BENCH_GROUP, maxTableRows: MAX_TABLE_ROWS };
  return [
    {
      name: 'seed',
      description: 'example-response.json, 5 months of history',
      input: {
        ...base,
        report: seed,
        history: [scaledReport(seed, 0.88), scaledReport(seed, 1.05), scaledReport(seed, 0.7), undefined, scaledReport(seed, 0.6)],
      },
    },
    {
      name: 'empty',
      description: 'empty month, empty month before',
      input: { ...base, report: emptyReport(), history: [emptyReport()] },
    },
    {
      name: 'large',
      description: 'largeCompany() 150 agents/80 ads/300 tags, 5 months of history, last year and the group comparison (simulator)',
      input: {
        ...base,
        report: simulated(BENCH_PERIOD),
        history: monthsBefore(BENCH_PERIOD, DEFAULT_HISTORY_MONTHS).map(simulated),
        lastYear: simulated(monthBefore(BENCH_PERIOD, 12)),
        benchmarks: peerBenchmarks(BENCH_PERIOD, BENCH_GROUP.exchangeRates),
      },
    },
  ];
};

// ------------------------------------------------------------------------------------------ timing

export interface Throughput {
  iterations: number;
  totalMs: number;
  /** Emails per second: iterations over wall time (GC included), median of the rounds. */
  perSecond: number;
  /** Median milliseconds per email over all samples. */
  medianMs: number;
}

export interface Comparison {
  production: Throughput;
  runtime: Throughput;
  /** production emails/s ÷ run-time emails/s, median of the rounds, and its spread. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  rounds: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

interface Round {
  samples: number[];
  totalMs: number;
}

/** Run `fn` at least `minIterations` times and until `minMs` have passed (capped at `maxIterations`), sequentially. */
const timeRound = async (fn: () => unknown, minIterations: number, minMs: number, maxIterations: number): Promise<Round> => {
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < maxIterations && (samples.length < minIterations || performance.now() - started < minMs)) {
    const before = performance.now();
    await fn();
    samples.push(performance.now() - before);
  }
  return { samples, totalMs: performance.now() - started };
};

const summarize = (rounds: Round[]): Throughput => {
  const samples = rounds.flatMap((round) => round.samples);
  return {
    iterations: samples.length,
    totalMs: rounds.reduce((total, round) => total + round.totalMs, 0),
    perSecond: median(rounds.map((round) => (round.samples.length * 1000) / round.totalMs)),
    medianMs: median(samples),
  };
};

/**
 * Both paths in alternating rounds on one core (this thread, sequential calls), so background load on
 * the machine hits both alike; the ratio is the median of the per-round ratios.
 */
export const compare = async (
  production: () => unknown,
  runtime: () => unknown,
  { rounds, productionMs, runtimeIterations }: { rounds: number; productionMs: number; runtimeIterations: number },
): Promise<Comparison> => {
  const productionRounds: Round[] = [];
  const runtimeRounds: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    productionRounds.push(await timeRound(production, 20, productionMs, 100_000));
    runtimeRounds.push(await timeRound(runtime, runtimeIterations, 0, runtimeIterations));
  }
  const ratios = productionRounds.map((round, index) => {
    const other = runtimeRounds[index] as Round;
    return round.samples.length / round.totalMs / (other.samples.length / other.totalMs);
  });
  return {
    production: summarize(productionRounds),
    runtime: summarize(runtimeRounds),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    rounds,
  };
};

export interface FixtureResult {
  fixture: Fixture;
  /** Bytes of the HTML part (UTF-8), production path. */
  htmlBytes: number;
  textBytes: number;
  attachmentBytes: number;
  /** The run-time path produced the same HTML and text (the comparison is like for like). */
  identical: boolean;
  /** Whole email: context, CSV attachments, view model, HTML and text. */
  email?: Comparison;
  /** The template step alone, on a prepared view: render (production) vs mjml2html + compile + render. */
  templates?: Comparison;
}

/**
 * Both paths a few dozen times on every fixture before anything is timed: mjml is a large amount of
 * code, and the first fixture measured would otherwise pay for its JIT warm-up.
 */
export const warmUp = async (fixtures: Fixture[]): Promise<void> => {
  for (let round = 0; round < 10; round += 1) {
    for (const { input } of fixtures) {
      await renderWithRuntimeMjml(input);
      for (let index = 0; index < 20; index += 1) renderCompanyEmail(input);
    }
  }
};

/** Sizes for one fixture, and throughput of both paths when `timed`. */
export const runFixture = async (fixture: Fixture, timed: boolean): Promise<FixtureResult> => {
  const { input } = fixture;
  const email = renderCompanyEmail(input);
  const runtimeEmail = await renderWithRuntimeMjml(input);
  const result: FixtureResult = {
    fixture,
    htmlBytes: Buffer.byteLength(email.html),
    textBytes: Buffer.byteLength(email.text),
    attachmentBytes: email.attachments.reduce((total, attachment) => total + Buffer.byteLength(attachment.content), 0),
    identical: email.html === runtimeEmail.html && email.text === runtimeEmail.text,
  };
  if (!timed) return result;

  result.email = await compare(
    () => renderCompanyEmail(input),
    () => renderWithRuntimeMjml(input),
    { rounds: 7, productionMs: 300, runtimeIterations: 12 },
  );
  const ctx = companyContext(input.report, input.history, input.period, input.group);
  const view = buildCompanyView(
    ctx,
    input.maxTableRows,
    companyCsvAttachments(ctx).map((attachment) => attachment.filename),
  );
  result.templates = await compare(
    () => precompiled.companyHtml(view) + precompiled.companyText(view),
    async () => {
      const compiled = await compileAtRunTime();
      return compiled.companyHtml(view) + compiled.companyText(view);
    },
    { rounds: 5, productionMs: 150, runtimeIterations: 8 },
  );
  return result;
};
