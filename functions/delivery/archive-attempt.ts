/**
 * The archive step of a delivery, between compose and the SES call. The order is what makes "what went
 * out is always in the archive" true:
 *
 *   1. put message.eml (the exact bytes handed to SES) and manifest.json (status `handing-to-ses`)
 *      under a key known before the send; if this fails, nothing is sent (the delivery fails and the
 *      ledger claim is released, so the next run tries again);
 *   2. SES SendRawEmail with those same bytes;
 *   3. rewrite the manifest: `sent` with the SES message id, or `not-sent` with SES's reason. The objects
 *      of a failed send stay (versioned, possibly under Object Lock): a record of the attempt that the
 *      re-send flow ignores. If this rewrite fails the email is out anyway; the ledger item carries the
 *      archive key and the message id, and the manifest keeps saying `handing-to-ses` (logged).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { archivePrefix, type ArchiveManifest, type EmailArchive } from './email-archive.ts';

/** What the caller knows before the send: the manifest's description of the email. */
export type ArchiveRequest = Pick<
  ArchiveManifest,
  'group' | 'month' | 'target' | 'recipients' | 'redirectedFrom' | 'recipientsHash' | 'subject' | 'dataHash' | 'templateVersion'
>;

export interface ArchivedAttempt {
  /** The attempt folder, `<group>/<month>/<target>/<time>-<recipients>/`: what the ledger points to. */
  key: string;
  /** sha256 of message.eml: the ledger keeps it, so a re-send proves it sends the bytes that went out. */
  sha256: string;
  sent(messageId: string): Promise<void>;
  notSent(reason: string): Promise<void>;
}

export const archiveAttempt = async (
  archive: EmailArchive,
  request: ArchiveRequest,
  raw: Uint8Array,
  options: { logger: Logger; now?: () => Date },
): Promise<ArchivedAttempt> => {
  const now = options.now ?? (() => new Date());
  const at = now();
  const key = archivePrefix(request.group, request.month, request.target, request.recipientsHash, at);
  let manifest: ArchiveManifest;
  try {
    manifest = await archive.store(key, raw, { ...request, status: 'handing-to-ses', archivedAt: at.toISOString() });
  } catch (error) {
    throw new Error(`archive unavailable, not sent: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const settle = async (update: Partial<ArchiveManifest>) => {
    try {
      await archive.settle(key, { ...manifest, ...update });
    } catch (error) {
      options.logger.error('Could not update the archive manifest', {
        archiveKey: key,
        update,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  return {
    key,
    sha256: manifest.messageSha256,
    sent: (messageId) => settle({ status: 'sent', sesMessageId: messageId, sentAt: now().toISOString() }),
    notSent: (reason) => settle({ status: 'not-sent', reason }),
  };
};
