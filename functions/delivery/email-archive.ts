/**
 * The archive of every email handed to SES: the exact raw MIME bytes and a JSON manifest next to them,
 * in S3, under a key an operator can read in the console:
 *
 *   <group>/<month>/<target>/<attempt time>-<recipients hash>/message.eml
 *   <group>/<month>/<target>/<attempt time>-<recipients hash>/manifest.json
 *
 * `target` is the company id or `summary`; the attempt folder sorts chronologically, so the newest
 * send of a company is the last folder under its prefix.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Recipients } from '../config/config-schema.ts';

export type ArchiveStatus = 'handing-to-ses' | 'sent' | 'not-sent';

export interface ArchiveManifest {
  group: string;
  month: string;
  target: number | 'summary';
  /** Who the email was addressed to (the redirect target on a redirected run). */
  recipients: Recipients;
  /** The configured recipients a redirect replaced. */
  redirectedFrom?: Recipients | undefined;
  recipientsHash: string;
  subject: string;
  status: ArchiveStatus;
  /** Set once SES accepted the message. */
  sesMessageId?: string | undefined;
  /** When the archive was written (just before the SES call). */
  archivedAt: string;
  sentAt?: string | undefined;
  /** Why SES did not take it (status `not-sent`). */
  reason?: string | undefined;
  /** sha256 of message.eml: proves the stored bytes are the ones described here. */
  messageSha256: string;
  messageBytes: number;
  /** sha256 of the IOBot data the email was rendered from, and the template build that rendered it. */
  dataHash?: string | undefined;
  templateVersion?: string | undefined;
}

export interface ArchivedEmail {
  /** The folder: `<group>/<month>/<target>/<attempt>/`. */
  prefix: string;
  manifest: ArchiveManifest;
  raw: Uint8Array;
}

export interface EmailArchive {
  /** Stores the bytes and a manifest with status `handing-to-ses`; returns the folder's key prefix. */
  store(prefix: string, raw: Uint8Array, manifest: Omit<ArchiveManifest, 'messageSha256' | 'messageBytes'>): Promise<ArchiveManifest>;
  /** Rewrites the manifest after the send (sent with its message id, or not-sent with the reason). */
  settle(prefix: string, manifest: ArchiveManifest): Promise<void>;
  /** Every attempt folder of one email target in a month, oldest first. */
  list(group: string, month: string, target: number | 'summary'): Promise<string[]>;
  read(prefix: string): Promise<ArchivedEmail>;
}

export const MESSAGE_FILE = 'message.eml';
export const MANIFEST_FILE = 'manifest.json';

export const targetPrefix = (group: string, month: string, target: number | 'summary'): string => `${group}/${month}/${target}/`;

/** A folder name that sorts by time and is unique per recipient set within a millisecond. */
export const archivePrefix = (group: string, month: string, target: number | 'summary', recipientsHash: string, at: Date): string =>
  `${targetPrefix(group, month, target)}${at.toISOString().replaceAll(':', '-')}-${recipientsHash}/`;

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export class ArchiveNotFoundError extends Error {
  override readonly name = 'ArchiveNotFoundError';
}

/** The archive on S3, through the real client (`AWS_ENDPOINT_URL_S3` points it at the local emulator). */
export const createS3Archive = (s3: S3Client, bucket: string): EmailArchive => {
  const putManifest = (prefix: string, manifest: ArchiveManifest) =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}${MANIFEST_FILE}`,
        Body: `${JSON.stringify(manifest, null, 2)}\n`,
        ContentType: 'application/json; charset=utf-8',
      }),
    );
  const getBytes = async (key: string): Promise<Uint8Array> => {
    try {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw new ArchiveNotFoundError(`archive object s3://${bucket}/${key} has no body`);
      return await Body.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ArchiveNotFoundError(`no archive object s3://${bucket}/${key}`);
      throw error;
    }
  };

  return {
    async store(prefix, raw, draft) {
      const manifest: ArchiveManifest = { ...draft, messageSha256: sha256(raw), messageBytes: raw.byteLength };
      // The message first: a manifest never describes bytes that are not there.
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${prefix}${MESSAGE_FILE}`,
          Body: raw,
          ContentType: 'message/rfc822',
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      await putManifest(prefix, manifest);
      return manifest;
    },

    async settle(prefix, manifest) {
      await putManifest(prefix, manifest);
    },

    async list(group, month, target) {
      const folders: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: targetPrefix(group, month, target), Delimiter: '/', ContinuationToken }),
        );
        folders.push(...(page.CommonPrefixes ?? []).flatMap((common) => (common.Prefix ? [common.Prefix] : [])));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return folders.sort();
    },

    async read(prefix) {
      const [raw, manifestBytes] = await Promise.all([getBytes(`${prefix}${MESSAGE_FILE}`), getBytes(`${prefix}${MANIFEST_FILE}`)]);
      const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ArchiveManifest;
      if (sha256(raw) !== manifest.messageSha256) {
        throw new Error(`archive s3://${bucket}/${prefix}: ${MESSAGE_FILE} does not match the sha256 in its manifest`);
      }
      return { prefix, manifest, raw };
    },
  };
};
