/**
 * The role EventBridge Scheduler assumes to invoke the report-mailer function (and write the schedules'
 * DLQ), shared by the monthly schedules and the watchdog.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * One role for all of a construct's schedules (each target would otherwise create its own), trusted only
 * by Scheduler acting for this account's default schedule group (confused-deputy guard). Created as
 * `SchedulerRole` under `scope`, with the cdk-nag acknowledgement of the invoke wildcard grantInvoke adds.
 */
export const schedulerInvokeRole = (scope: Construct, target: lambda.IFunction, description: string): iam.Role => {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'SchedulerRole', {
    description,
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
        },
      },
    }),
  });
  const functionLogicalId = stack.getLogicalId(target.node.defaultChild as never);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
    reason:
      'lambda:InvokeFunction on the report-mailer function and its versions/aliases (ARN:*), added by ' +
      'grantInvoke; no other function is reachable.',
  });
  return role;
};
