import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/main.ts';
import { cdkJsonContext, exampleConfig, synthesize, synthesizeDefault, type Synthesized } from './synth.ts';

/**
 * cdk-nag v3 is a CDK policy-validation plugin (`Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`,
 * wired in infra/main.ts): it runs after synthesis, skips findings acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })`, writes validation-report.json into the cloud
 * assembly and makes synthesis throw on an unacknowledged error. Warnings do not fail synth, so this test
 * also runs the pack directly and requires zero findings of any level.
 */

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const acknowledgementsOf = (synthesized: Synthesized): Acknowledgement[] =>
  synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions (v3 validation plugin) on the whole app', () => {
  let synthesized: Synthesized;

  beforeAll(() => {
    // synthesizeDefault() runs the plugin registered by createApp(): it would throw on an unacknowledged error.
    synthesized = synthesizeDefault();
  });

  it('finds no unacknowledged error or warning', () => {
    // act
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(synthesized.app);

    // assert
    expect(report.violations.map((violation) => `${violation.ruleName} (${violation.severity})`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('reports nothing in the validation report of the cloud assembly', () => {
    // act
    const assembly = synthesized.app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations?: unknown[] }[];
    };

    // assert
    const findings = report.pluginReports.flatMap((plugin) => plugin.violations ?? []);
    expect(findings).toEqual([]);
  });

  it('acknowledges only these rules, each with a specific written reason', () => {
    // prepare
    const { stack } = synthesized;
    const functionId = stack.getLogicalId(stack.function.node.defaultChild as never);

    // act
    const acknowledgements = acknowledgementsOf(synthesized);

    // assert
    expect(acknowledgements.map(({ path, id }) => `${id} @ ${path}`).sort()).toEqual(
      [
        `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*] @ IOBotReportMailer/Schedules/SchedulerRole`,
        `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*] @ IOBotReportMailer/Watchdog/SchedulerRole`,
        'AwsSolutions-L1 @ IOBotReportMailer/ReportMailer/Function',
        'AwsSolutions-L1 @ IOBotReportMailer/Unsubscribe/Handler/Function',
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.archive.bucket.node.defaultChild as never)}.Arn>/aquatec/*] @ IOBotReportMailer/ReportMailer/Role`,
        'AwsSolutions-S1 @ IOBotReportMailer/Archive/Bucket',
        'AwsSolutions-SMG4 @ IOBotReportMailer/Unsubscribe/TokenKey',
        'AwsSolutions-L1 @ IOBotReportMailer/DeliveryEvents/Consumer/Function',
        'AwsSolutions-SQS3 @ IOBotReportMailer/DeliveryEvents/DeadLetterQueue',
        'AwsSolutions-SMG4 @ IOBotReportMailer/IobotSecret',
        'AwsSolutions-SNS2 @ IOBotReportMailer/Alarms/AlarmTopic',
        'AwsSolutions-SQS3 @ IOBotReportMailer/FailedRunsQueue',
        'AwsSolutions-SQS3 @ IOBotReportMailer/ScheduleDeadLetterQueue',
      ].sort(),
    );
    for (const { reason } of acknowledgements) {
      expect(reason.length).toBeGreaterThan(80);
    }
  });

  it('acknowledges the wildcard of a secret imported by name, and nothing broader', () => {
    // prepare
    const imported = synthesize({ config: { ...exampleConfig(), secret: { name: 'shared/iobot', import: true } } });

    // act
    const report = new AwsSolutionsChecks().validateScope(imported.app);
    const acknowledged = acknowledgementsOf(imported).map(({ id }) => id);

    // assert
    expect(report.violations).toEqual([]);
    expect(acknowledged).toContain(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:shared/iobot-??????]',
    );
    // The IOBot secret is not ours to rotate-or-not when imported; only the unsubscribe key keeps SMG4.
    expect(
      acknowledgementsOf(imported)
        .filter(({ id }) => id === 'AwsSolutions-SMG4')
        .map(({ path }) => path),
    ).toEqual(['IOBotReportMailer/Unsubscribe/TokenKey']);
  });

  it('is not vacuous: an unencrypted, plain-HTTP queue is reported and fails synthesis', () => {
    // prepare
    const { app, stack } = createApp({ appProps: { context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } } });
    new sqs.Queue(stack, 'CarelessQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // act
    const report = new AwsSolutionsChecks().validateScope(app);

    // assert
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
