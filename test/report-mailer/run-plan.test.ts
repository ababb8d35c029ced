import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { reportEventSchema } from '../../functions/report-mailer/event.ts';
import { resolveRunPlan } from '../../functions/report-mailer/run-plan.ts';

const config = runtimeConfigSchema.parse({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  groups: [
    { name: 'aquatec', businessId: 1, timeZone: 'America/Tegucigalpa', companies: [{ id: 1, to: ['a@example.com'] }, { id: 2, to: ['b@example.com'] }] },
    { name: 'madrid', businessId: 9, timeZone: 'Europe/Madrid', companies: [{ id: 9, to: ['c@example.com'] }] },
  ],
});
const NOW = new Date('2026-11-25T12:00:00Z');
const plan = (event: unknown) => resolveRunPlan(reportEventSchema.parse(event), config, NOW);

describe('event schema', () => {
  it('accepts the schedule event', () => {
    expect(reportEventSchema.parse({ group: 'aquatec', scheduledTime: '2026-05-01T13:00:00Z' })).toMatchObject({ dryRun: false, force: false });
  });

  it('accepts the console test event', () => {
    const event = { group: 'aquatec', month: '2026-03', companies: [2], dryRun: true, redirectTo: ['me@example.com'], force: false };

    expect(reportEventSchema.parse(event)).toMatchObject(event);
  });

  it('rejects an unknown key, naming it', () => {
    const result = reportEventSchema.safeParse({ group: 'aquatec', dryrun: true });

    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['dryrun'] });
  });

  it.each([
    [{ month: '2026-3' }, 'month', '"2026-3"'],
    [{ redirectTo: ['not-an-address'] }, 'redirectTo', '"not-an-address"'],
    [{ scheduledTime: 'yesterday' }, 'scheduledTime', '"yesterday"'],
    [{ companies: [0] }, 'companies', ''],
    [{ dryRun: 'yes' }, 'dryRun', ''],
  ])('rejects %j naming %s', (event, field, value) => {
    const issue = reportEventSchema.safeParse(event).error?.issues[0];

    expect(issue?.path[0]).toBe(field);
    expect(issue?.message).toContain(value);
  });
});

describe('event schema, redirectTo', () => {
  const addresses = (count: number) => Array.from({ length: count }, (_, index) => `qa${index}@example.com`);

  it('accepts 50 addresses, SES\'s limit for one message', () => {
    expect(reportEventSchema.parse({ redirectTo: addresses(50) }).redirectTo).toHaveLength(50);
  });

  it('rejects 51 addresses, saying the limit', () => {
    const issue = reportEventSchema.safeParse({ redirectTo: addresses(51) }).error?.issues[0];

    expect(issue?.path).toEqual(['redirectTo']);
    expect(issue?.message).toBe('at most 50 addresses (SES accepts 50 recipients per message), got 51');
  });
});

describe('resolveRunPlan', () => {
  it('reports the month before the scheduled time, in the group zone', () => {
    expect(plan({ group: 'aquatec', scheduledTime: '2026-05-01T13:00:00Z' }).period.startDate).toBe('2026-04-01T06:00:00.000Z');
  });

  it('falls back to now without a scheduled time', () => {
    expect(plan({ group: 'madrid' }).period.month).toBe('2026-10');
  });

  it('lets "month" override the period', () => {
    expect(plan({ group: 'aquatec', month: '2026-03', scheduledTime: '2026-05-01T13:00:00Z' }).period.month).toBe('2026-03');
  });

  it('requires a group when several are configured', () => {
    expect(() => plan({ month: '2026-03' })).toThrow('group: required when several groups are configured (aquatec, madrid)');
  });

  it('rejects an unknown group, listing the configured ones', () => {
    expect(() => plan({ group: 'nope' })).toThrow('group: unknown report group "nope" (configured: aquatec, madrid)');
  });

  it('rejects companies that are not configured in the group', () => {
    expect(() => plan({ group: 'aquatec', companies: [2, 7] })).toThrow('companies: 7 not configured in group "aquatec" (configured: 1, 2)');
  });

  it('carries the delivery options', () => {
    expect(plan({ group: 'aquatec', companies: [2, 2], dryRun: true, redirectTo: ['me@example.com'], force: true })).toMatchObject({
      companies: [2],
      dryRun: true,
      redirectTo: ['me@example.com'],
      force: true,
    });
  });
});
