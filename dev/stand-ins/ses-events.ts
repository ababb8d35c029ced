/**
 * SES events in the shapes AWS documents for event publishing, wrapped in EventBridge's envelope: what
 * the configuration set's event destination puts on the default bus. The local stack feeds them to the
 * delivery-events consumer (the SES emulator produces none), and the tests use them as fixtures.
 */
export interface SentMessage {
  messageId: string;
  source: string;
  destinations: string[];
  /** SES message tags as SendRawEmail received them. */
  tags: { name: string; value: string }[];
  configurationSet: string;
  subject?: string;
  at: Date;
}

const DETAIL_TYPE: Record<string, string> = {
  Send: 'Email Sent',
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Reject: 'Email Rejected',
  'Rendering Failure': 'Email Rendering Failed',
  DeliveryDelay: 'Email Delivery Delayed',
};

let sequence = 0;

const mailOf = (message: SentMessage) => ({
  timestamp: message.at.toISOString(),
  source: message.source,
  sourceArn: `arn:aws:ses:us-east-1:123456789012:identity/${message.source.split('@')[1] ?? message.source}`,
  sendingAccountId: '123456789012',
  messageId: message.messageId,
  destination: message.destinations,
  headersTruncated: false,
  commonHeaders: { from: [message.source], to: message.destinations, messageId: message.messageId, subject: message.subject ?? '' },
  tags: {
    'ses:operation': ['SendRawEmail'],
    'ses:configuration-set': [message.configurationSet],
    'ses:source-ip': ['192.0.2.0'],
    'ses:from-domain': [message.source.split('@')[1] ?? ''],
    'ses:caller-identity': ['iobot-report-mailer'],
    ...Object.fromEntries(message.tags.map((tag) => [tag.name, [tag.value]])),
  },
});

/** The EventBridge event for one SES event (`detail` is the SES event record). */
export const sesEvent = (eventType: keyof typeof DETAIL_TYPE, message: SentMessage, body: Record<string, unknown> = {}) => ({
  version: '0',
  id: `00000000-0000-4000-8000-${String((sequence += 1)).padStart(12, '0')}`,
  'detail-type': DETAIL_TYPE[eventType],
  source: 'aws.ses',
  account: '123456789012',
  time: new Date(message.at.getTime() + 1_000).toISOString(),
  region: 'us-east-1',
  resources: [`arn:aws:ses:us-east-1:123456789012:configuration-set/${message.configurationSet}`],
  detail: { eventType, mail: mailOf(message), ...body },
});

const later = (message: SentMessage, seconds: number) => new Date(message.at.getTime() + seconds * 1_000).toISOString();

export const sendEvent = (message: SentMessage) => sesEvent('Send', message, { send: {} });

export const deliveryEvent = (message: SentMessage, recipients = message.destinations) =>
  sesEvent('Delivery', message, {
    delivery: {
      timestamp: later(message, 2),
      processingTimeMillis: 2000,
      recipients,
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'a8-70.smtp-out.amazonses.com',
    },
  });

export const bounceEvent = (message: SentMessage, address: string, bounceType: 'Permanent' | 'Transient' = 'Permanent') =>
  sesEvent('Bounce', message, {
    bounce: {
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [
        {
          emailAddress: address,
          action: 'failed',
          status: bounceType === 'Permanent' ? '5.1.1' : '4.2.2',
          diagnosticCode: bounceType === 'Permanent' ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full',
        },
      ],
      timestamp: later(message, 3),
      feedbackId: '0100015fe2a6a63e-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000',
      reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com',
    },
  });

export const complaintEvent = (message: SentMessage, address: string) =>
  sesEvent('Complaint', message, {
    complaint: {
      complainedRecipients: [{ emailAddress: address }],
      timestamp: later(message, 60),
      feedbackId: '0100015fe2a6a63e-00000000-0000-0000-0000-000000000000-000000',
      userAgent: 'Mozilla/5.0',
      complaintFeedbackType: 'abuse',
      arrivalDate: later(message, 59),
    },
  });

export const deliveryDelayEvent = (message: SentMessage, address: string) =>
  sesEvent('DeliveryDelay', message, {
    deliveryDelay: {
      timestamp: later(message, 1),
      delayType: 'TransientCommunicationFailure',
      expirationTime: later(message, 86_400),
      delayedRecipients: [{ emailAddress: address, status: '4.4.1', diagnosticCode: 'smtp; 421 4.4.1 Unable to connect' }],
    },
  });

export const rejectEvent = (message: SentMessage) => sesEvent('Reject', message, { reject: { reason: 'Bad content' } });

export const renderingFailureEvent = (message: SentMessage) =>
  sesEvent('Rendering Failure', message, {
    failure: { errorMessage: "Attribute 'name' is not present in the rendering data.", templateName: 'MyTemplate' },
  });
