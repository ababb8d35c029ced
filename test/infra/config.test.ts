import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { loadConfig } from '../../infra/config-schema.ts';
import { createApp } from '../../infra/main.ts';
import { loadRuntimeConfig } from '../../functions/config/load-runtime-config.ts';
import { assertEnvironmentFits, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../infra/lambda-environment.ts';
import { cdkJsonContext, exampleConfig } from './synth.ts';

/** The message loadConfig throws for `config`, or a failure if it does not throw. */
const configError = (config: unknown): string => {
  try {
    loadConfig(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
};

describe('infra config (infra/report.config.ts through loadConfig)', () => {
  it('accepts the committed config and derives the runtime config the Lambda parses', () => {
    // prepare
    const input = exampleConfig();

    // act
    const { infra, runtime } = loadConfig(input);

    // assert
    expect(Object.keys(runtime).sort()).toEqual([
      'apiBaseUrl',
      'groups',
      'maxTableRows',
      'missedMonthAfterHours',
      'operatorReport',
      'sendRatePerSecond',
      'sender',
    ]);
    expect(runtimeConfigSchema.parse(JSON.parse(JSON.stringify(runtime)))).toEqual(runtime);
    expect(runtime.apiBaseUrl).toBe('https://beta.api-iobot-desarrollo.com');
    expect(runtime.groups[0]).toMatchObject({
      name: 'aquatec',
      businessId: 1,
      timeZone: 'America/Tegucigalpa',
      locale: 'es-HN',
      companies: [{ id: 1 }, { id: 2 }],
    });
    expect(infra).toMatchObject({
      alarmEmail: 'alertas@example.com',
      sesIdentity: 'example.com',
      secret: { name: 'iobot-report-mailer/iobot-credentials', import: false },
      logRetentionDays: 90,
      reservedConcurrency: 1,
      sandboxRecipientIdentities: [],
    });
  });

  it('does not ship infrastructure-only fields to the Lambda', () => {
    // prepare
    const input = exampleConfig();

    // act
    const { runtime } = loadConfig(input);

    // assert
    const json = JSON.stringify(runtime);
    for (const infraOnly of ['alarmEmail', 'sesIdentity', 'secret', 'logRetentionDays', 'reservedConcurrency']) {
      expect(json).not.toContain(`"${infraOnly}"`);
    }
  });

  it('rejects a bad email address, naming the field and the value', () => {
    // prepare
    const config = exampleConfig();
    config.groups[0]!.companies[1]!.to = ['norte@example.com', 'not-an-address'];

    // act
    const message = configError(config);

    // assert
    expect(message).toMatch(/^Invalid report config \(1 issue\):\n/);
    expect(message).toContain('groups[0].companies[1].to[1]: not a valid email address: "not-an-address"');
  });

  it('rejects an unknown time zone', () => {
    // prepare
    const config = exampleConfig();
    config.groups[0]!.timeZone = 'America/Atlantis';

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('groups[0].timeZone: unknown IANA time zone: "America/Atlantis"');
  });

  it('rejects a company with an empty "to" list', () => {
    // prepare
    const config = exampleConfig();
    config.groups[0]!.companies[0]!.to = [];

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('groups[0].companies[0].to: needs at least one "to" address');
  });

  it('rejects a duplicate company in a group', () => {
    // prepare
    const config = exampleConfig();
    config.groups[0]!.companies[1]!.id = 1;

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('groups[0].companies[1].id: duplicate company id 1');
  });

  it('rejects a plain http API base URL, so synth fails before the key could travel unencrypted', () => {
    // prepare
    const config = exampleConfig();
    config.apiBaseUrl = 'http://beta.api-iobot-desarrollo.com';

    // act
    const message = configError(config);

    // assert
    expect(message).toContain(
      'apiBaseUrl: must be an https URL (plain http only for loopback hosts such as 127.0.0.1 or localhost): "http://beta.api-iobot-desarrollo.com"',
    );
  });

  it('rejects a duplicate group name', () => {
    // prepare
    const config = exampleConfig();
    config.groups.push(structuredClone(config.groups[0]!));

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('groups[1].name: duplicate group name "aquatec"');
  });

  it('rejects a sender outside the SES identity', () => {
    // prepare
    const config = exampleConfig();
    config.sender.address = 'reportes@other.example.net';

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('sender.address: sender "reportes@other.example.net" is not covered by sesIdentity "example.com"');
  });

  it('accepts a sender on a subdomain of a domain identity, and an address identity equal to the sender', () => {
    // prepare
    const subdomain = { ...exampleConfig(), sender: { address: 'no-reply@mail.example.com', name: 'IOBot' } };
    const address = { ...exampleConfig(), sesIdentity: 'reportes@example.com' };

    // act
    const loaded = [loadConfig(subdomain), loadConfig(address)];

    // assert
    expect(loaded.map(({ infra }) => infra.sesIdentity)).toEqual(['example.com', 'reportes@example.com']);
  });

  it('rejects bad infrastructure fields and unknown keys', () => {
    // prepare
    const config = {
      ...exampleConfig(),
      alarmEmail: 'ops at example',
      sesIdentity: 'not a domain',
      logRetentionDays: 42,
      secret: { name: 'has spaces in it' },
      alarmEmial: 'typo@example.com',
    };

    // act
    const message = configError(config);

    // assert
    expect(message).toContain('alarmEmail: not a valid email address: "ops at example"');
    expect(message).toContain('sesIdentity: not a domain or email address: "not a domain"');
    expect(message).toContain('logRetentionDays: not a CloudWatch Logs retention');
    expect(message).toContain('secret.name: not a valid Secrets Manager name: "has spaces in it"');
    expect(message).toMatch(/alarmEmial/);
  });

  it('lists every issue, one per line, after the count', () => {
    // prepare
    const config = exampleConfig();
    config.groups[0]!.timeZone = 'Mars/Olympus_Mons';
    config.groups[0]!.companies[0]!.to = [];
    config.groups[0]!.companies[1]!.cc = ['bad@'];

    // act
    const message = configError(config);

    // assert
    const [header, ...lines] = message.split('\n');
    expect(header).toBe('Invalid report config (3 issues):');
    expect(lines).toEqual([
      'groups[0].timeZone: unknown IANA time zone: "Mars/Olympus_Mons"',
      'groups[0].companies[0].to: needs at least one "to" address',
      'groups[0].companies[1].cc[0]: not a valid email address: "bad@"',
    ]);
  });

  it('synthesizes 5,000 companies with three addresses each: the config is a file, the environment stays small', () => {
    // prepare: far past the 4 KB that the environment variable used to allow (about 30 companies)
    const config = exampleConfig();
    config.groups[0]!.companies = Array.from({ length: 5000 }, (_, index) => ({
      id: index + 1,
      label: `Sucursal ${index + 1}`,
      to: [`gerencia.general.${index + 1}@example.com`],
      cc: [`operaciones.${index + 1}@example.com`],
      bcc: [`archivo.${index + 1}@example.com`],
    }));

    // act
    const { stack } = createApp({ config, appProps: { context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } } });

    // assert
    const file = stack.reportConfigFile;
    expect(file.summary).toBe('1 group, 5,000 companies, 15,000 addresses');
    expect(file.bytes).toBeGreaterThan(500_000);
    const written = loadRuntimeConfig({ file: file.path, sha256: file.sha256 }, '/');
    expect(written.groups[0]?.companies).toHaveLength(5000);
    expect(written.groups[0]?.companies[4999]?.bcc).toEqual(['archivo.5000@example.com']);
  });

  it('still fails synth when the Lambda environment itself would exceed 4 KB', () => {
    // prepare
    const environment = { REPORT_CONFIG_FILE: 'report-config.json', HUGE: 'x'.repeat(LAMBDA_ENVIRONMENT_LIMIT_BYTES) };

    // act
    const act = () => assertEnvironmentFits(environment);

    // assert
    expect(act).toThrow(
      new RegExp(
        `^Lambda environment too large: about \\d+ bytes, the limit is ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} \\(largest: HUGE, 4096 characters\\)`,
      ),
    );
  });

  it('fails synth with the config message before building anything', () => {
    // prepare
    const config = { ...exampleConfig(), groups: [] };

    // act
    const act = () => createApp({ config });

    // assert
    expect(act).toThrow('Invalid report config (1 issue):\ngroups: needs at least one report group');
  });
});
