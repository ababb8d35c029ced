import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config-schema.ts';
import { mailFromDomainOf } from '../../infra/constructs/sender-domain-records.ts';
import { exampleConfig, synthesizeDefault } from './synth.ts';

describe('sender domain records (DKIM, custom MAIL FROM, DMARC)', () => {
  it('uses bounce.<domain> as MAIL FROM by default and outputs its MX and SPF, and a DMARC suggestion', () => {
    const { template } = synthesizeDefault();

    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      MailFromAttributes: { MailFromDomain: 'bounce.example.com', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    template.hasOutput('MailFromMxRecord', {
      Value: { 'Fn::Join': ['', ['bounce.example.com MX 10 feedback-smtp.', { Ref: 'AWS::Region' }, '.amazonses.com']] },
    });
    template.hasOutput('MailFromSpfRecord', { Value: 'bounce.example.com TXT "v=spf1 include:amazonses.com ~all"' });
    template.hasOutput('DmarcRecordSuggested', {
      Value: '_dmarc.example.com TXT "v=DMARC1; p=none; rua=mailto:alertas@example.com; adkim=r; aspf=r"',
    });
  });

  it('takes the subdomain from the config, or none with null', () => {
    expect(mailFromDomainOf(loadConfig({ ...exampleConfig(), mailFromSubdomain: 'mail' }).infra)).toBe('mail.example.com');
    expect(mailFromDomainOf(loadConfig({ ...exampleConfig(), mailFromSubdomain: null }).infra)).toBeUndefined();
    expect(mailFromDomainOf(loadConfig({ ...exampleConfig(), sesIdentity: 'reportes@example.com' }).infra)).toBeUndefined();
  });

  it('fails synth for a custom MAIL FROM on an address identity, or a subdomain that is not a DNS label', () => {
    expect(() => loadConfig({ ...exampleConfig(), sesIdentity: 'reportes@example.com', mailFromSubdomain: 'bounce' })).toThrow(
      /mailFromSubdomain: a custom MAIL FROM needs a domain identity/,
    );
    expect(() => loadConfig({ ...exampleConfig(), mailFromSubdomain: 'bad_label.' })).toThrow(
      /mailFromSubdomain: not a DNS label: "bad_label\."/,
    );
  });
});
