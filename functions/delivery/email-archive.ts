/**
 * The archive of every email handed to SES: the exact raw MIME bytes, one S3 object per attempt, under
 * a key an operator can read in the console and open in any mail client:
 *
 *   <group>/<month>/<target>/<attempt time>-<person hash>.eml
 *
 * `target` is the company id or `summary`; keys sort chronologically. What the bytes are about rides on
 * the object as its metadata (one PUT, no second file to keep in step); who it went to and its subject
 * are the message's own headers, and what SES answered is the send ledger's attempt, which names this
 * key and the bytes' sha256.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** What the stored bytes are: written as the object's metadata (`x-amz-meta-*`). */
export interface ArchiveManifest {
  group: string;
  month: string;
  target: string;
  /** The person's fingerprint (the ledger item's), and the claim that handed these bytes to SES. */
  person: string;
  claim: string;
  /** When the bytes were stored, just before the SES call. */
  'archived-at': string;
  /** sha256 of the bytes: a re-send proves it sends what the ledger says went out. */
  sha256: string;
  /** sha256 of the IOBot data the email was rendered from, and the template build that rendered it. */
  'data-hash'?: string | undefined;
  'template-version'?: string | undefined;
}

export interface ArchivedEmail {
  key: string;
  manifest: ArchiveManifest;
  raw: Uint8Array;
}

export interface EmailArchive {
  store(key: string, raw: Uint8Array, manifest: ArchiveManifest): Promise<void>;
  /** Every attempt of one email target in a month, oldest first. */
  list(group: string, month: string, target: number | 'summary'): Promise<string[]>;
  /** The bytes and their manifest; throws when the bytes do not match the manifest's sha256. */
  read(key: string): Promise<ArchivedEmail>;
}

export const targetPrefix = (group: string, month: string, target: number | 'summary'): string => `${group}/${month}/${target}/`;

/** A key that sorts by time and is unique per person within a millisecond. */
export const archiveKeyFor = (group: string, month: string, target: number | 'summary', person: string, at: Date): string =>
  `${targetPrefix(group, month, target)}${at.toISOString().replaceAll(':', '-')}-${person}.eml`;

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export class ArchiveNotFoundError extends Error {
  override readonly name = 'ArchiveNotFoundError';
}

/** The archive on S3, through the real client (`AWS_ENDPOINT_URL_S3` points it at the local emulator). */
export const createS3Archive = (s3: S3Client, bucket: string): EmailArchive => ({
  async store(key, raw, manifest) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: raw,
        ContentType: 'message/rfc822',
        ChecksumAlgorithm: 'SHA256',
        Metadata: Object.fromEntries(Object.entries(manifest).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      }),
    );
  },

  async list(group, month, target) {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: targetPrefix(group, month, target), ContinuationToken }),
      );
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key?.endsWith('.eml') ? [object.Key] : [])));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  },

  async read(key) {
    try {
      const { Body, Metadata } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw new ArchiveNotFoundError(`archive object s3://${bucket}/${key} has no body`);
      const raw = await Body.transformToByteArray();
      const manifest = (Metadata ?? {}) as unknown as ArchiveManifest;
      if (sha256(raw) !== manifest.sha256)
        throw new Error(`archive s3://${bucket}/${key}: its bytes do not match the sha256 in its metadata`);
      return { key, manifest, raw };
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ArchiveNotFoundError(`no archive object s3://${bucket}/${key}`);
      throw error;
    }
  },
});
