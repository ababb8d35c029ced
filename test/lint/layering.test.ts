import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, MAILER_ROOMS } from '../../eslint.config.js';

/**
 * The layering rules of eslint.config.js, proven to fire: each case lints one line of code as if it were
 * written in that file, with the project's real lint config, and expects the rule to report it.
 */
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

const messagesFor = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
};

describe('layering of functions/', () => {
  it.each([
    ['functions/report/probe.ts', "import { deliverEmail } from '../delivery/deliver-email.ts';", 'report/ renders only'],
    ['functions/report/probe.ts', "import { createIobotClient } from '../iobot/iobot-client.ts';", 'report/ renders only'],
    ['functions/report/view/probe.ts', "import { createDynamoLedger } from '../../ledger/dynamo-ledger.ts';", 'report/ renders only'],
    [
      'functions/delivery/probe.ts',
      "import { renderCompanyEmail } from '../report/company/render-company-email.ts';",
      'delivery/ sends bytes',
    ],
    ['functions/ledger/probe.ts', "import { deliverEmail } from '../delivery/deliver-email.ts';", 'ledger/ records sends'],
    [
      'functions/unsubscribe/probe.ts',
      "import { renderCompanyEmail } from '../report/company/render-company-email.ts';",
      'unsubscribe/ is a Lambda of its own',
    ],
    [
      'functions/report-mailer/watchdog/probe.ts',
      "import { deliverPages } from '../monthly-run/deliver-pages.ts';",
      'report-mailer/watchdog/ is one room',
    ],
    [
      'functions/report-mailer/resend/probe.ts',
      "import { runMonthlyReport } from '../monthly-run/run-monthly-report.ts';",
      'report-mailer/resend/ is one room',
    ],
    ['functions/delivery/probe.ts', "import { checkReport } from '../iobot/data-checks.ts';", 'delivery/ sends bytes'],
    ['functions/iobot/probe.ts', "import { formatterFor } from '../report/format/format.ts';", 'iobot/ talks to IOBot only'],
    ['functions/shared/probe.ts', "import { runMonthlyReport } from '../report-mailer/monthly-run/run-monthly-report.ts';", 'leaves'],
    ['functions/report-mailer/probe.ts', "import { startLocalStack } from '../../dev/local-stack.ts';", 'never imports the local stack'],
    ['functions/iobot/probe.ts', "import { reportConfig } from '../../infra/report.config.ts';", 'never imports the local stack'],
    [
      'functions/report-mailer/monthly-run/probe.ts',
      "import { runWatchdog } from '../watchdog/watchdog.ts';",
      'report-mailer/monthly-run/ is one room',
    ],
    [
      'functions/report-mailer/operator-report/probe.ts',
      "import { deliverPages } from '../monthly-run/deliver-pages.ts';",
      'report-mailer/operator-report/ is one room',
    ],
    ['functions/report-mailer/probe.ts', "import { handler } from '../unsubscribe/handler.ts';", 'never imports another Lambda'],
    [
      'functions/delivery-events/probe.ts',
      "import { handler } from '../unsubscribe/handler.ts';",
      'delivery-events/ is a Lambda of its own',
    ],
    ['functions/unsubscribe/probe.ts', "import { handler } from '../delivery-events/handler.ts';", 'unsubscribe/ is a Lambda of its own'],
    ['functions/config/probe.ts', "import { checkReport } from '../iobot/data-checks.ts';", 'leaves'],
    [
      'functions/report/probe.ts',
      "import { precompile } from '../../templates/build/template-compiler.ts';",
      'never imports the local stack',
    ],
    [
      'templates/build/probe.ts',
      "import { sampleEmails } from '../../dev/sample-emails.ts';",
      'templates/build/ sits below dev/ and scripts/',
    ],
    ['dev/probe.ts', "import { benchBundle } from '../scripts/bench/bundle.ts';", 'dev/ never imports scripts/'],
  ])('%s may not import: %s', async (file, code, message) => {
    // act
    const messages = await messagesFor(file, `${code}\nexport const probe = 1;\n`);

    // assert
    expect(messages.join('\n')).toContain('import-x/no-restricted-paths: ');
    expect(messages.join('\n')).toContain(message);
  });

  it('allows what the layers permit (report/ reads the report schema, the run uses every layer, the operator report reads the watchdog)', async () => {
    const report = await messagesFor(
      'functions/report/probe.ts',
      "import type { CompanyReport } from '../iobot/report-schema.ts';\nexport type Probe = CompanyReport;\n",
    );
    const run = await messagesFor(
      'functions/report-mailer/monthly-run/probe.ts',
      "import { deliverEmail } from '../../delivery/deliver-email.ts';\nexport const probe = deliverEmail;\n",
    );
    const operator = await messagesFor(
      'functions/report-mailer/operator-report/probe.ts',
      "import type { MonthCheck } from '../watchdog/verify-month.ts';\nexport type Probe = MonthCheck;\n",
    );

    expect(report).toEqual([]);
    expect(run).toEqual([]);
    expect(operator).toEqual([]);
  });

  it('puts every folder of functions/ in a zone of its own (or of its parent room)', () => {
    // prepare
    const root = new URL('../..', import.meta.url).pathname;
    const folders = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name !== 'generated')
        .flatMap((entry) => [join(dir, entry.name), ...folders(join(dir, entry.name))]);
    const targets = LAYERS.flatMap((layer) => [layer.target].flat()).filter((target) => target !== './functions');

    // act
    const unzoned = folders(join(root, 'functions'))
      .map((folder) => `./${relative(root, folder)}`)
      .filter((folder) => !targets.some((target) => folder === target || folder.startsWith(`${target}/`)));

    // assert
    expect(unzoned).toEqual([]);
  });

  it('knows every room of the report mailer, so a new room is kept apart from the others too', () => {
    // act
    const rooms = readdirSync(new URL('../../functions/report-mailer', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);

    // assert
    expect(rooms.toSorted()).toEqual(MAILER_ROOMS.toSorted());
  });

  it('reports an import cycle', async () => {
    // run-monthly-report.ts imports run-summary.ts; importing it back closes the loop.
    const messages = await messagesFor(
      'functions/report-mailer/run-summary.ts',
      "import { runMonthlyReport } from './monthly-run/run-monthly-report.ts';\nexport const probe = runMonthlyReport;\n",
    );

    expect(messages.join('\n')).toContain('import-x/no-cycle');
  });
});

describe('the preview (dev/preview/)', () => {
  it('reaches functions/report/ only through its adapter, render.ts', async () => {
    // act
    const elsewhere = await messagesFor(
      'dev/preview/probe.ts',
      "import { slug } from '../../functions/report/company/company-context.ts';\nexport const probe = slug;\n",
    );
    const adapter = await messagesFor(
      'dev/preview/render.ts',
      "import { slug } from '../../functions/report/company/company-context.ts';\nexport const probe = slug;\n",
    );

    // assert
    expect(elsewhere.join('\n')).toContain('no-restricted-imports');
    expect(elsewhere.join('\n')).toContain('import it through dev/preview/render.ts');
    expect(adapter).toEqual([]);
  });
});
