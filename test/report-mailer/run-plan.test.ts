import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { reportEventSchema } from '../../functions/report-mailer/event.ts';
import { peopleOf, resolveRunPlan } from '../../functions/report-mailer/run-plan.ts';

const config = runtimeConfigSchema.parse({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  groups: [
    {
      name: 'aquatec',
      businessId: 1,
      timeZone: 'America/Tegucigalpa',
      companies: [
        { id: 1, to: ['a@example.com'] },
        { id: 2, to: ['b@example.com'] },
      ],
    },
    { name: 'madrid', businessId: 9, timeZone: 'Europe/Madrid', companies: [{ id: 9, to: ['c@example.com'] }] },
  ],
});
const NOW = new Date('2026-11-25T12:00:00Z');
const plan = (event: unknown) => resolveRunPlan(reportEventSchema.parse(event), config, NOW);

describe('event schema', () => {
  it('accepts the schedule event', () => {
    expect(reportEventSchema.parse({ group: 'aquatec', scheduledTime: '2026-05-01T13:00:00Z' })).toMatchObject({
      dryRun: false,
      force: false,
    });
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

  it("accepts 50 addresses, SES's limit for one message", () => {
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
    expect(() => plan({ group: 'aquatec', companies: [2, 7] })).toThrow(
      'companies: 7 not configured in group "aquatec" (configured: 1, 2)',
    );
  });

  it('narrows a run to the people it names, who must be configured for its companies', () => {
    expect(plan({ group: 'aquatec', companies: [2], people: ['B@example.com'], force: true })).toMatchObject({ people: ['b@example.com'] });
    expect(() => plan({ group: 'aquatec', companies: [2], people: ['a@example.com'] })).toThrow(
      'people: a@example.com not configured for companies 2 of group "aquatec"',
    );
    expect(() => plan({ group: 'aquatec', people: ['a@example.com'] })).toThrow('people: needs "companies"');
    expect(() => plan({ group: 'aquatec', companies: [1], people: ['a@example.com'], redirectTo: ['qa@example.com'] })).toThrow(
      'people: contradicts "redirectTo"',
    );
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

describe('resolveRunPlan, month bounds of a console event', () => {
  // NOW is 2026-11-25 12:00 UTC: November has not ended anywhere.
  it('rejects the current month, listing the allowed range', () => {
    expect(() => plan({ group: 'aquatec', month: '2026-11' })).toThrow(
      'Invalid event:\nmonth: 2026-11 has not ended yet in America/Tegucigalpa; allowed: 2024-01 to 2026-10 (a dry run may also preview 2026-11)',
    );
  });

  it.each(['2026-12', '2099-01'])('rejects the future month %s', (month) => {
    expect(() => plan({ group: 'aquatec', month })).toThrow(`month: ${month} has not ended yet`);
  });

  it('lets a dry run preview the current month, but not a future one', () => {
    expect(plan({ group: 'aquatec', month: '2026-11', dryRun: true }).period.month).toBe('2026-11');
    expect(() => plan({ group: 'aquatec', month: '2026-12', dryRun: true })).toThrow(
      'allowed: 2024-01 to 2026-10 (a dry run may also preview 2026-11)',
    );
  });

  it.each(['1900-01', '2023-12'])('rejects %s, before the earliest month', (month) => {
    expect(() => plan({ group: 'aquatec', month })).toThrow(
      `Invalid event:\nmonth: ${month} is before the earliest month of group "aquatec"; allowed: 2024-01 to 2026-10 (a dry run may also preview 2026-11)`,
    );
  });

  it('takes the earliest month from the group config', () => {
    const withEarliest = runtimeConfigSchema.parse({ ...config, groups: [{ ...config.groups[0]!, earliestMonth: '2026-01' }] });

    expect(() => resolveRunPlan(reportEventSchema.parse({ month: '2025-12' }), withEarliest, NOW)).toThrow('allowed: 2026-01 to 2026-10');
    expect(resolveRunPlan(reportEventSchema.parse({ month: '2026-01' }), withEarliest, NOW).period.month).toBe('2026-01');
  });

  it('judges "ended" in the group zone: at 03:00 UTC on 1 December, November is over in Madrid but not in Tegucigalpa', () => {
    const at = new Date('2026-12-01T03:00:00Z');

    expect(resolveRunPlan(reportEventSchema.parse({ group: 'madrid', month: '2026-11' }), config, at).period.month).toBe('2026-11');
    expect(() => resolveRunPlan(reportEventSchema.parse({ group: 'aquatec', month: '2026-11' }), config, at)).toThrow('has not ended yet');
  });

  it('keeps the schedule working: its month is the one before the scheduled time', () => {
    expect(plan({ group: 'aquatec', scheduledTime: '2026-11-01T13:00:00Z' }).period.month).toBe('2026-10');
  });

  it('applies the bounds to the month a scheduledTime resolves to: a future one would mail a running month', () => {
    expect(() => plan({ group: 'aquatec', scheduledTime: '2027-01-02T13:00:00Z' })).toThrow(
      'Invalid event:\nmonth: 2026-12 (from scheduledTime 2027-01-02T13:00:00Z) has not ended yet in America/Tegucigalpa',
    );
    expect(() => plan({ group: 'aquatec', scheduledTime: '2026-12-01T13:00:00Z' })).toThrow('month: 2026-11 (from scheduledTime');
  });

  it('applies the earliest month to a scheduledTime too', () => {
    expect(() => plan({ group: 'aquatec', scheduledTime: '1999-02-01T13:00:00Z' })).toThrow(
      'month: 1999-01 (from scheduledTime 1999-02-01T13:00:00Z) is before the earliest month of group "aquatec"',
    );
  });

  it('lets a dry run with a scheduledTime preview the running month, as with "month"', () => {
    expect(plan({ group: 'aquatec', scheduledTime: '2026-12-01T13:00:00Z', dryRun: true }).period.month).toBe('2026-11');
  });
});

describe('resolveRunPlan, months older than the send ledger remembers', () => {
  // NOW is 2026-11-25; ledger items expire 400 days after they are written, so for a month that ended
  // before 2025-10-21 the record of who received it may be gone, and a plain run would send it again.
  it('refuses a plain send of such a month, saying why and what to do', () => {
    expect(() => plan({ group: 'aquatec', month: '2025-09' })).toThrow(
      'Invalid event:\nmonth: 2025-09 ended more than 400 days ago: the send ledger may no longer hold who received it, so this run could send it twice; check the archive, then re-run with "force": true (or use "dryRun" or "redirectTo")',
    );
  });

  it('lets force, a dry run, a redirect and a re-send from the archive through', () => {
    expect(plan({ group: 'aquatec', month: '2025-09', force: true }).period.month).toBe('2025-09');
    expect(plan({ group: 'aquatec', month: '2025-09', dryRun: true }).period.month).toBe('2025-09');
    expect(plan({ group: 'aquatec', month: '2025-09', redirectTo: ['qa@example.com'] }).period.month).toBe('2025-09');
    expect(plan({ group: 'aquatec', month: '2025-09', fromArchive: true }).period.month).toBe('2025-09');
  });

  it('sends a month the ledger still remembers', () => {
    expect(plan({ group: 'aquatec', month: '2025-11' }).period.month).toBe('2025-11');
  });

  it("follows the ledger's configured retention", () => {
    const event = reportEventSchema.parse({ group: 'aquatec', month: '2025-09' });

    expect(resolveRunPlan(event, config, NOW, { ledgerRetentionDays: 500 }).period.month).toBe('2025-09');
    expect(() => resolveRunPlan(event, config, NOW, { ledgerRetentionDays: 30 })).toThrow('ended more than 30 days ago');
  });
});

describe('peopleOf', () => {
  const configured = { to: ['Gerencia@example.com'], cc: ['ventas@example.com', 'gerencia@example.com'], bcc: ['auditoria@example.com'] };

  it('lists every configured address as a person of its own, to, cc and bcc alike, each once (its first field)', () => {
    expect(peopleOf({}, configured)).toEqual([
      { address: 'Gerencia@example.com', field: 'to' },
      { address: 'ventas@example.com', field: 'cc' },
      { address: 'auditoria@example.com', field: 'bcc' },
    ]);
  });

  it('lists only the people an event names (case-insensitive), in their configured field', () => {
    expect(peopleOf({ people: ['auditoria@example.com', 'gerencia@example.com'] }, configured)).toEqual([
      { address: 'Gerencia@example.com', field: 'to' },
      { address: 'auditoria@example.com', field: 'bcc' },
    ]);
  });

  it('lists the testers instead on a redirected run, never a customer', () => {
    expect(peopleOf({ redirectTo: ['qa1@example.com', 'qa2@example.com'] }, configured)).toEqual([
      { address: 'qa1@example.com', field: 'to' },
      { address: 'qa2@example.com', field: 'to' },
    ]);
  });
});

describe('resolveRunPlan, sendIncompleteSummary', () => {
  it("carries the operator's wish to send the group summary with companies missing", () => {
    expect(plan({ group: 'aquatec', month: '2026-03', sendIncompleteSummary: true }).sendIncompleteSummary).toBe(true);
    expect(plan({ group: 'aquatec', month: '2026-03' }).sendIncompleteSummary).toBe(false);
  });

  it.each([
    [{ companies: [1] }, 'sendIncompleteSummary: the group summary goes out only from a run of the whole group; remove "companies"'],
    [{ summary: false }, 'sendIncompleteSummary: contradicts "summary": false'],
  ])('rejects it with %j', (extra, message) => {
    expect(() => plan({ group: 'aquatec', month: '2026-03', sendIncompleteSummary: true, ...extra })).toThrow(`Invalid event:\n${message}`);
  });
});
