import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { formatIssues } from '../../functions/shared/invalid-input-error.ts';

const valid = () => ({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  groups: [{ name: 'aquatec', businessId: 1, timeZone: 'America/Tegucigalpa', companies: [{ id: 1, to: ['a@example.com'] }] }],
});
const messages = (input: unknown) => {
  const result = runtimeConfigSchema.safeParse(input);
  return result.success ? '' : formatIssues(result.error);
};

describe('runtime config schema', () => {
  it('fills defaults', () => {
    expect(runtimeConfigSchema.parse(valid()).groups[0]).toMatchObject({
      locale: 'es-HN',
      language: 'es',
      schedule: { dayOfMonth: 1, hour: 7 },
    });
  });

  it('names a bad address with its value', () => {
    const config = valid();
    config.groups[0]!.companies[0]!.to = ['gerencia@'];

    expect(messages(config)).toBe('groups[0].companies[0].to[0]: not a valid email address: "gerencia@"');
  });

  it('names an unknown time zone', () => {
    const config = { ...valid(), groups: [{ ...valid().groups[0]!, timeZone: 'America/Tegucigalpha' }] };

    expect(messages(config)).toBe('groups[0].timeZone: unknown IANA time zone: "America/Tegucigalpha"');
  });

  it('names an empty recipient list', () => {
    const config = valid();
    config.groups[0]!.companies[0]!.to = [];

    expect(messages(config)).toBe('groups[0].companies[0].to: needs at least one "to" address');
  });

  it('takes the group display name the directors read, and names a bad one with its value', () => {
    const named = { ...valid(), groups: [{ ...valid().groups[0]!, displayName: ' Aquatec ' }] };
    const broken = { ...valid(), groups: [{ ...valid().groups[0]!, displayName: 'Aquatec\r\nBcc: x' }] };
    const empty = { ...valid(), groups: [{ ...valid().groups[0]!, displayName: ' ' }] };

    expect(runtimeConfigSchema.parse(named).groups[0]?.displayName).toBe('Aquatec');
    expect(messages(broken)).toBe('groups[0].displayName: must be one line of 1 to 80 characters: "Aquatec\\r\\nBcc: x"');
    expect(messages(empty)).toBe('groups[0].displayName: must be one line of 1 to 80 characters: " "');
  });

  it('names a duplicate company', () => {
    const config = valid();
    config.groups[0]!.companies.push({ id: 1, to: ['b@example.com'] });

    expect(messages(config)).toBe('groups[0].companies[1].id: duplicate company id 1');
  });

  it('rejects a sender name with a line break (header injection)', () => {
    expect(messages({ ...valid(), sender: { address: 'a@example.com', name: 'X\r\nBcc: y@example.com' } })).toMatch(/^sender.name: /);
  });

  it.each(['http://api.example.com', 'http://10.0.0.5:8080', 'http://localhost.example.com'])(
    'rejects plain http to a non-loopback host: %s',
    (url) => {
      expect(messages({ ...valid(), apiBaseUrl: url })).toBe(
        `apiBaseUrl: must be an https URL (plain http only for loopback hosts such as 127.0.0.1 or localhost): ${JSON.stringify(url)}`,
      );
    },
  );

  it.each(['ftp://api.example.com', 'not a url'])('rejects %s, naming the value', (url) => {
    expect(messages({ ...valid(), apiBaseUrl: url })).toBe(
      `apiBaseUrl: must be an https URL (plain http only for loopback hosts such as 127.0.0.1 or localhost): ${JSON.stringify(url)}`,
    );
  });

  it.each(['https://api.example.com', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.8.9.10'])(
    'accepts %s',
    (url) => {
      expect(messages({ ...valid(), apiBaseUrl: url })).toBe('');
    },
  );

  it('defaults the earliest reportable month and names a malformed one', () => {
    expect(runtimeConfigSchema.parse(valid()).groups[0]?.earliestMonth).toBe('2024-01');
    const config = { ...valid(), groups: [{ ...valid().groups[0]!, earliestMonth: '2024-1' }] };

    expect(messages(config)).toBe('groups[0].earliestMonth: must look like "2024-01": "2024-1"');
  });

  describe('branding', () => {
    const withBranding = (branding: Record<string, unknown>) => ({ ...valid(), groups: [{ ...valid().groups[0]!, branding }] });

    it('defaults to the standard look: accent #2f6fde, sent by IOBot, thumbnails on, no logo override or contact', () => {
      expect(runtimeConfigSchema.parse(valid()).groups[0]!.branding).toEqual({
        accentColor: '#2f6fde',
        sentBy: 'IOBot',
        adThumbnails: true,
      });
    });

    it('accepts a logo over https, a dark enough accent, a sender and a contact line', () => {
      const branding = {
        logoUrl: 'https://cdn.example.com/aquatec.png',
        accentColor: '#0b7a75',
        sentBy: 'Aquatec',
        contact: 'soporte@aquatec.hn',
      };

      expect(runtimeConfigSchema.parse(withBranding(branding)).groups[0]!.branding).toMatchObject(branding);
    });

    it('rejects a logo that is not https, naming the value', () => {
      expect(messages(withBranding({ logoUrl: 'http://cdn.example.com/logo.png' }))).toBe(
        'groups[0].branding.logoUrl: not an https URL: "http://cdn.example.com/logo.png"',
      );
    });

    it('rejects an accent colour too light for bars on the white card, with its ratio', () => {
      expect(messages(withBranding({ accentColor: '#9aa5b1' }))).toBe(
        'groups[0].branding.accentColor: #9aa5b1 has 2.50:1 contrast against the light-mode card (#ffffff); bars need at least 3:1',
      );
    });

    it('rejects an accent colour too dark for bars on the dark-mode card', () => {
      expect(messages(withBranding({ accentColor: '#1f2933' }))).toMatch(
        /^groups\[0\]\.branding\.accentColor: #1f2933 has 1\.\d\d:1 contrast against the dark-mode card/,
      );
    });

    it('rejects a sender display name with a line break (header injection)', () => {
      expect(messages(withBranding({ senderName: 'Aquatec\r\nBcc: x@example.com' }))).toBe(
        'groups[0].branding.senderName: must not contain line breaks',
      );
    });

    it('rejects a colour that is not #rrggbb and a footer line with a line break', () => {
      expect(messages(withBranding({ accentColor: 'blue' }))).toBe('groups[0].branding.accentColor: not a #rrggbb colour: "blue"');
      expect(messages(withBranding({ contact: 'a\nb' }))).toBe('groups[0].branding.contact: must not contain line breaks');
    });
  });

  it('refuses a missed-month check that would fall after day 28 (February has no 29th every year)', () => {
    const config = { ...valid(), missedMonthAfterHours: 12, groups: [{ ...valid().groups[0]!, schedule: { dayOfMonth: 28, hour: 20 } }] };

    expect(messages(config)).toBe(
      'groups[0].schedule.dayOfMonth: with missedMonthAfterHours 12 the missed-month check would fall on day 29, which February lacks: schedule the group earlier in the month or lower missedMonthAfterHours',
    );
  });

  it('takes operators for the run report, with a clear error for a bad address', () => {
    expect(runtimeConfigSchema.parse({ ...valid(), operatorReport: { to: ['ops@example.com'] } }).operatorReport).toEqual({
      to: ['ops@example.com'],
      everyRun: false,
    });
    expect(messages({ ...valid(), operatorReport: { to: ['ops@'] } })).toBe('operatorReport.to[0]: not a valid email address: "ops@"');
  });
});
