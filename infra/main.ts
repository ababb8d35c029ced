import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config-schema.ts';
import { ReportMailerStack } from './report-mailer-stack.ts';
import { reportConfig } from './report.config.ts';

export const STACK_NAME = 'IOBotReportMailer';

export interface CreateAppOptions {
  /** Defaults to infra/report.config.ts. Validated here: a bad config throws before any construct exists. */
  readonly config?: unknown;
  /** Passed to `new App()`: tests give it cdk.json's context; the CLI passes its own through the env. */
  readonly appProps?: AppProps;
  /** Register cdk-nag's AwsSolutions pack as a CDK validation plugin (default true). */
  readonly nag?: boolean;
  /** Handler source to bundle instead of the real one (bundling test only). */
  readonly handlerEntry?: string;
}

/**
 * The whole CDK app, built the same way by `infra/app.ts` (the `cdk` entry point) and the tests.
 *
 * The stack is environment-agnostic on purpose: no account/region is needed at synth (no lookups, no
 * credentials, works offline on a fresh clone); the CLI's profile decides where `cdk deploy` goes and
 * every ARN in the template is built from AWS::Region / AWS::AccountId.
 */
export const createApp = (options: CreateAppOptions = {}): { app: App; stack: ReportMailerStack } => {
  const config = loadConfig(options.config ?? reportConfig);
  const app = new App(options.appProps);
  const stack = new ReportMailerStack(app, STACK_NAME, {
    description: 'iobot-report-mailer: monthly IOBot metrics report per company via SES',
    config,
    handlerEntry: options.handlerEntry,
  });
  if (options.nag ?? true) {
    // cdk-nag v3 is a policy-validation plugin: it runs after synthesis, honours the acknowledgements
    // made with Validations.of(construct).acknowledge(...) and fails `cdk synth` on an unacknowledged error.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }
  return { app, stack };
};
