/**
 * The DNS records that make the sender's domain verified and aligned, as stack outputs (README.md, "DNS
 * records to publish"): the three Easy DKIM CNAMEs, the custom MAIL FROM's MX and SPF (so the envelope
 * sender is the sender's own subdomain and SPF aligns for DMARC), and a suggested DMARC record.
 */
import { Aws, CfnOutput, type Stack } from 'aws-cdk-lib';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { InfraConfig } from '../config-schema.ts';

/** The MAIL FROM domain for this config: `<subdomain>.<domain identity>`, or none. */
export const mailFromDomainOf = (infra: Pick<InfraConfig, 'sesIdentity' | 'mailFromSubdomain'>): string | undefined => {
  if (infra.sesIdentity.includes('@') || infra.mailFromSubdomain === null) return undefined;
  return `${infra.mailFromSubdomain ?? 'bounce'}.${infra.sesIdentity}`;
};

export const publishSenderDomainRecords = (stack: Stack, identity: ses.EmailIdentity, infra: InfraConfig): void => {
  if (infra.sesIdentity.includes('@')) return; // an address identity is verified by a link, not DNS
  // Easy DKIM: publish these three CNAMEs in the domain's DNS so SES verifies the domain.
  identity.dkimRecords.forEach((record, index) => {
    new CfnOutput(stack, `SesDkimRecord${index + 1}`, {
      description: `DNS CNAME ${index + 1} of 3 to verify ${infra.sesIdentity} in SES`,
      value: `${record.name} CNAME ${record.value}`,
    });
  });
  const mailFrom = mailFromDomainOf(infra);
  if (mailFrom) {
    new CfnOutput(stack, 'MailFromMxRecord', {
      description: `DNS MX of the custom MAIL FROM domain ${mailFrom} (bounces come back through SES)`,
      value: `${mailFrom} MX 10 feedback-smtp.${Aws.REGION}.amazonses.com`,
    });
    new CfnOutput(stack, 'MailFromSpfRecord', {
      description: `DNS TXT (SPF) of ${mailFrom}: lets SES send with it as the envelope sender`,
      value: `${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
    });
  }
  new CfnOutput(stack, 'DmarcRecordSuggested', {
    description: 'Suggested DMARC TXT record: start with p=none, read the reports, then move to quarantine',
    value: `_dmarc.${infra.sesIdentity} TXT "v=DMARC1; p=none; rua=mailto:${infra.alarmEmail}; adkim=r; aspf=r"`,
  });
};
