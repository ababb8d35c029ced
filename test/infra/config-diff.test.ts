import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema, type RuntimeConfig, type RuntimeConfigInput } from '../../functions/config/config-schema.ts';
import { diffRuntimeConfigs } from '../../infra/config-diff.ts';

const config = (edit: (input: RuntimeConfigInput) => void = () => undefined): RuntimeConfig => {
  const value = input();
  edit(value);
  return runtimeConfigSchema.parse(value);
};
const input = (): RuntimeConfigInput => ({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  sendRatePerSecond: 5,
  groups: [
    {
      name: 'aquatec',
      businessId: 1,
      timeZone: 'America/Tegucigalpa',
      companies: [
        { id: 1, label: 'Central', to: ['a@example.com'], cc: ['b@example.com'] },
        { id: 2, label: 'Norte', to: ['c@example.com'] },
      ],
      summaryRecipients: { to: ['direccion@example.com'] },
    },
  ],
});

describe('config diff (infra/config-diff.ts)', () => {
  it('says nothing changed when only address case and order differ', () => {
    // prepare
    const before = config();
    const after = config((value) => {
      value.groups[0]!.companies[0]!.to = ['A@Example.com'];
    });

    // act
    const diff = diffRuntimeConfigs(before, after);

    // assert
    expect(diff.lines).toEqual([]);
    expect(diff.companies).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('lists companies and addresses added, removed and changed, settings and summary recipients, with totals', () => {
    // prepare
    const before = config();
    const after = config((value) => {
      value.sendRatePerSecond = 14;
      const group = value.groups[0]!;
      group.timeZone = 'America/Mexico_City';
      group.summaryRecipients = { to: ['junta@example.com'] };
      group.companies = [
        { id: 1, label: 'Centro', to: ['a@example.com', 'x@example.com'] },
        { id: 3, to: ['d@example.com'], bcc: ['e@example.com'] },
      ];
    });

    // act
    const diff = diffRuntimeConfigs(before, after);

    // assert
    expect(diff.lines).toEqual([
      '~ sendRatePerSecond 5 → 14',
      '~ aquatec: timeZone "America/Tegucigalpa" → "America/Mexico_City"',
      '~ aquatec: summary recipients to +junta@example.com -direccion@example.com',
      '- aquatec: company 2 "Norte"',
      '~ aquatec: company 1 "Centro": to +x@example.com; cc -b@example.com; label "Central" → "Centro"',
      '+ aquatec: company 3: to d@example.com; bcc e@example.com',
    ]);
    expect(diff.companies).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(diff.addresses).toEqual({ added: 3, removed: 2 });
  });

  it('counts whole groups added and removed', () => {
    // prepare
    const before = config();
    const after = config((value) => {
      value.groups[0]!.name = 'aquatec-sur';
    });

    // act
    const diff = diffRuntimeConfigs(before, after);

    // assert
    expect(diff.lines).toEqual(['- group aquatec (2 companies)', '+ group aquatec-sur (2 companies)']);
    expect(diff.companies).toEqual({ added: 2, removed: 2, changed: 0 });
    expect(diff.addresses).toEqual({ added: 3, removed: 3 });
  });
});
