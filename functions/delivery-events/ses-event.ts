/**
 * The SES event as EventBridge delivers it (configuration set → default event bus), in the shapes AWS
 * documents for event publishing. Lenient about fields we do not read: SES adds fields over time.
 */
import * as z from 'zod';

const timestamp = z.string();

const mailSchema = z.object({
  messageId: z.string().min(1),
  timestamp,
  /** Envelope recipients, Bcc included. */
  destination: z.array(z.string()).default([]),
  /** SES's own tags (ses:configuration-set, ses:from-domain, …) plus the ones the sender set. */
  tags: z.record(z.string(), z.array(z.string())).default({}),
});

const recipientDetail = z.object({
  emailAddress: z.string(),
  status: z.string().optional(),
  diagnosticCode: z.string().optional(),
  action: z.string().optional(),
});

export const sesEventDetailSchema = z.object({
  eventType: z.string(),
  mail: mailSchema,
  send: z.object({}).optional(),
  delivery: z.object({ timestamp, recipients: z.array(z.string()), smtpResponse: z.string().optional() }).optional(),
  bounce: z
    .object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: z.array(recipientDetail), timestamp })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })),
      timestamp,
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
  deliveryDelay: z
    .object({ delayType: z.string(), delayedRecipients: z.array(recipientDetail), timestamp, expirationTime: z.string().optional() })
    .optional(),
  reject: z.object({ reason: z.string() }).optional(),
  failure: z.object({ errorMessage: z.string(), templateName: z.string().optional() }).optional(),
});

/** EventBridge's envelope around it: source "aws.ses", detail-type "Email Delivered" and so on. */
export const sesEventBridgeEventSchema = z.object({
  id: z.string(),
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  time: z.string(),
  detail: sesEventDetailSchema,
});

export type SesEventDetail = z.output<typeof sesEventDetailSchema>;
export type SesEventBridgeEvent = z.output<typeof sesEventBridgeEventSchema>;
