import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import type { App } from 'aws-cdk-lib';
import type { InfraConfigInput } from '../../infra/config-schema.ts';
import { createApp } from '../../infra/main.ts';
import type { ReportMailerStack } from '../../infra/report-mailer-stack.ts';
import { reportConfig } from '../../infra/report.config.ts';

/** The feature flags of cdk.json, so the tests synthesize exactly what `cdk synth` does. */
export const cdkJsonContext: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** A fresh, mutable copy of infra/report.config.ts for a test to break. */
export const exampleConfig = (): InfraConfigInput => structuredClone(reportConfig);

export interface SynthOptions {
  readonly config?: unknown;
  /** Run esbuild (slow, needs a compilable entry). Off by default: the code asset is a placeholder. */
  readonly bundle?: boolean;
  readonly outdir?: string;
  readonly handlerEntry?: string;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: ReportMailerStack;
  readonly template: Template;
}

/**
 * Build and synthesize the app as infra/app.ts does (cdk-nag plugin included: synthesis throws on an
 * unacknowledged nag error). Without `bundle`, `aws:cdk:bundling-stacks: []` skips esbuild, so these
 * tests neither wait for it nor depend on the handler compiling while functions/ is being written.
 */
export const synthesize = (options: SynthOptions = {}): Synthesized => {
  const context = { ...cdkJsonContext, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const { app, stack } = createApp({
    config: options.config,
    appProps: { context, outdir: options.outdir },
    handlerEntry: options.handlerEntry,
  });
  return { app, stack, template: Template.fromStack(stack) };
};

let defaultApp: Synthesized | undefined;

/**
 * The example config's app, synthesized once per test worker and shared by every file that only reads
 * it (vitest runs test/infra/ without isolation, so the module and this value outlive a file). A test
 * that adds to the app or changes the config calls `synthesize()` for a private one.
 */
export const synthesizeDefault = (): Synthesized => {
  defaultApp ??= synthesize();
  return defaultApp;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] } & Record<string, unknown>;

/** The one resource of a type (fails if there are none or several). */
export const onlyResource = (template: Template, type: string): [logicalId: string, resource: Resource] => {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
};

/** The report mailer's function (the stack also has the unsubscribe endpoint's). */
export const mailerFunction = (template: Template): [logicalId: string, resource: Resource] => {
  const found = (Object.entries(template.findResources('AWS::Lambda::Function')) as [string, Resource][]).filter(([, fn]) =>
    String(fn.Properties.Description).startsWith('Monthly IOBot metrics report'),
  );
  if (found.length !== 1) throw new Error(`expected one report mailer function, found ${found.length}`);
  return found[0]!;
};

/** The one resource of a type whose logical id starts with `prefix` (the stack has several functions). */
export const resourceNamed = (template: Template, type: string, prefix: string): [logicalId: string, resource: Resource] => {
  const found = (Object.entries(template.findResources(type)) as [string, Resource][]).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}`);
  return found[0]!;
};

export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the IAM policies attached to the role with this logical id. */
export const statementsOfRole = (template: Template, roleLogicalId: string): PolicyStatementJson[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]);

export const actionsOf = (statement: PolicyStatementJson): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** A statement with sorted actions and a resource list, so comparisons ignore policy minimization order. */
export const normalized = (statement: PolicyStatementJson): PolicyStatementJson => ({
  ...statement,
  Action: [...actionsOf(statement)].sort(),
  Resource: [statement.Resource].flat(),
});
