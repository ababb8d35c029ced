import { describe, expect, it } from 'vitest';
import { companyRecipients, demoConfig } from '../../dev/demo-config.ts';
import { generateGroup } from '../../dev/synthetic/groups.ts';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';

const parse = (config: ReturnType<ReturnType<typeof demoConfig>>) => runtimeConfigSchema.parse(config);

describe('demoConfig', () => {
  it('keeps the demo mix by default: one to each, a cc on company 1, the bouncing bcc on company 3', () => {
    const group = parse(demoConfig(generateGroup(4))('http://localhost')).groups[0]!;

    expect(group.companies.map(({ id, to, cc, bcc }) => ({ id, to, cc, bcc }))).toEqual([
      { id: 1, to: ['gerencia.1@example.com'], cc: ['ventas@example.com'], bcc: [] },
      { id: 2, to: ['gerencia.2@example.com'], cc: [], bcc: [] },
      { id: 3, to: ['gerencia.3@example.com'], cc: [], bcc: ['bounce@example.com'] },
      { id: 4, to: ['gerencia.4@example.com'], cc: [], bcc: [] },
    ]);
  });

  it('gives every company peoplePerCompany distinct addresses, one in each of to, cc and bcc for 3', () => {
    const group = parse(demoConfig(generateGroup(2000), { peoplePerCompany: 3 })('http://localhost')).groups[0]!;

    expect(group.companies[1]).toMatchObject({
      to: ['gerencia.2@example.com'],
      cc: ['ventas.2@example.com'],
      bcc: ['auditoria.2@example.com'],
    });
    const addresses = group.companies.flatMap((company) => [...company.to, ...company.cc, ...company.bcc]);
    expect(addresses).toHaveLength(6000);
    expect(new Set(addresses).size).toBe(6000);
    expect(addresses).not.toContain('bounce@example.com');
  });
});

describe('companyRecipients', () => {
  it('deals addresses past three to to, cc and bcc in turn', () => {
    expect(companyRecipients(7, 5)).toEqual({
      to: ['gerencia.7@example.com', 'persona4.7@example.com'],
      cc: ['ventas.7@example.com', 'persona5.7@example.com'],
      bcc: ['auditoria.7@example.com'],
    });
    expect(companyRecipients(7, 1)).toEqual({ to: ['gerencia.7@example.com'], cc: [], bcc: [] });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s people with the option named', (count) => {
    expect(() => companyRecipients(7, count)).toThrow(/peoplePerCompany must be a whole number ≥ 1, got/);
  });
});
