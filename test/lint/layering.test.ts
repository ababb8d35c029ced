import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
    ['functions/delivery/probe.ts', "import { renderCompanyEmail } from '../report/render-company-email.ts';", 'delivery/ sends bytes'],
    ['functions/delivery/probe.ts', "import { checkReport } from '../iobot/data-checks.ts';", 'delivery/ sends bytes'],
    ['functions/iobot/probe.ts', "import { formatterFor } from '../report/format.ts';", 'iobot/ talks to IOBot only'],
    ['functions/shared/probe.ts', "import { runMonthlyReport } from '../report-mailer/run-monthly-report.ts';", 'leaves'],
    ['functions/report-mailer/probe.ts', "import { startLocalStack } from '../../dev/local-stack.ts';", 'never imports the local stack'],
    ['functions/iobot/probe.ts', "import { reportConfig } from '../../infra/report.config.ts';", 'never imports the local stack'],
  ])('%s may not import: %s', async (file, code, message) => {
    // act
    const messages = await messagesFor(file, `${code}\nexport const probe = 1;\n`);

    // assert
    expect(messages.join('\n')).toContain(`import-x/no-restricted-paths: ${''}`);
    expect(messages.join('\n')).toContain(message);
  });

  it('allows what the layers permit (report/ reads the report schema, the run uses every layer)', async () => {
    const report = await messagesFor('functions/report/probe.ts', "import type { CompanyReport } from '../iobot/report-schema.ts';\nexport type Probe = CompanyReport;\n");
    const run = await messagesFor('functions/report-mailer/probe.ts', "import { deliverEmail } from '../delivery/deliver-email.ts';\nexport const probe = deliverEmail;\n");

    expect(report).toEqual([]);
    expect(run).toEqual([]);
  });

  it('reports an import cycle', async () => {
    // run-monthly-report.ts imports run-summary.ts; importing it back closes the loop.
    const messages = await messagesFor(
      'functions/report-mailer/run-summary.ts',
      "import { runMonthlyReport } from './run-monthly-report.ts';\nexport const probe = runMonthlyReport;\n",
    );

    expect(messages.join('\n')).toContain('import-x/no-cycle');
  });
});

describe('the preview (dev/preview/)', () => {
  it('reaches functions/report/ only through its adapter, render.ts', async () => {
    // act
    const elsewhere = await messagesFor('dev/preview/probe.ts', "import { slug } from '../../functions/report/company-context.ts';\nexport const probe = slug;\n");
    const adapter = await messagesFor('dev/preview/render.ts', "import { slug } from '../../functions/report/company-context.ts';\nexport const probe = slug;\n");

    // assert
    expect(elsewhere.join('\n')).toContain('no-restricted-imports');
    expect(elsewhere.join('\n')).toContain('import it through dev/preview/render.ts');
    expect(adapter).toEqual([]);
  });
});
