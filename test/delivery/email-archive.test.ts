import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../dev/stand-ins/s3-local.ts';
import {
  archiveKeyFor,
  ArchiveNotFoundError,
  createS3Archive,
  sha256,
  type ArchiveManifest,
  type EmailArchive,
} from '../../functions/delivery/email-archive.ts';

let s3: LocalS3;
let s3Client: S3Client;
let archive: EmailArchive;
// Bytes a text-mode round trip would damage: CRLF, 8-bit, NUL.
const raw = Buffer.concat([Buffer.from('Subject: =?UTF-8?Q?Reporte?=\r\n\r\nhola\r\n', 'utf8'), Buffer.from([0, 0xff, 0xe9, 0x0d, 0x0a])]);
const manifestOf = (target: number, bytes: Uint8Array = raw): ArchiveManifest => ({
  group: 'demo',
  month: '2026-04',
  target: String(target),
  person: 'abc123',
  claim: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
  'archived-at': '2026-05-01T13:00:00.000Z',
  sha256: sha256(bytes),
  'data-hash': 'd'.repeat(64),
  'template-version': '0123456789abcdef',
});

beforeAll(async () => {
  s3 = await startLocalS3('archive-test');
  s3Client = new S3Client({ region: 'us-east-1', endpoint: s3.url, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  archive = createS3Archive(s3Client, s3.bucket);
});
afterAll(() => s3.close());

describe('archiveKeyFor', () => {
  it('reads as group/month/target/time-person.eml and sorts by time', () => {
    const first = archiveKeyFor('demo', '2026-04', 2, 'abc', new Date('2026-05-01T13:00:00.000Z'));
    const later = archiveKeyFor('demo', '2026-04', 2, 'abc', new Date('2026-05-01T13:00:00.001Z'));

    expect(first).toBe('demo/2026-04/2/2026-05-01T13-00-00.000Z-abc.eml');
    expect([later, first].sort()).toEqual([first, later]);
    expect(archiveKeyFor('demo', '2026-04', 'summary', 'abc', new Date(0))).toMatch(/^demo\/2026-04\/summary\/[^/]+\.eml$/);
  });

  it('gives two people archived in the same millisecond their own object', () => {
    const at = new Date('2026-05-01T13:00:00.000Z');

    expect(archiveKeyFor('demo', '2026-04', 2, 'abc', at)).not.toBe(archiveKeyFor('demo', '2026-04', 2, 'def', at));
  });
});

describe('S3 email archive', () => {
  it('stores the exact bytes as one object with its manifest as metadata, and reads both back', async () => {
    const key = archiveKeyFor('demo', '2026-04', 1, 'abc123', new Date('2026-05-01T13:00:00Z'));

    await archive.store(key, raw, manifestOf(1));
    const back = await archive.read(key);

    expect(back.key).toBe(key);
    expect(Buffer.from(back.raw).equals(raw)).toBe(true);
    expect(back.manifest).toEqual(manifestOf(1));
    const head = await s3Client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentType).toBe('message/rfc822');
    expect(head.Metadata).toEqual(manifestOf(1));
    // s3rver keeps objects as plain files: the archive is readable on disk in the local run, and nothing else is written.
    expect((await readFile(join(s3.directory, s3.bucket, `${key}._S3rver_object`))).equals(raw)).toBe(true);
    expect(await archive.list('demo', '2026-04', 1)).toEqual([key]);
  });

  it('leaves out what the manifest does not know (no data hash or template build)', async () => {
    const key = archiveKeyFor('demo', '2026-04', 2, 'abc123', new Date('2026-05-01T13:00:00Z'));
    const { 'data-hash': _data, 'template-version': _template, ...known } = manifestOf(2);

    await archive.store(key, raw, { ...known, 'data-hash': undefined, 'template-version': undefined });

    expect((await archive.read(key)).manifest).toEqual(known);
  });

  it('lists the attempts of one target oldest first, not its neighbours', async () => {
    const late = archiveKeyFor('demo', '2026-04', 4, 'abc123', new Date('2026-05-02T00:00:00Z'));
    const early = archiveKeyFor('demo', '2026-04', 4, 'def456', new Date('2026-05-01T00:00:00Z'));
    await archive.store(late, raw, manifestOf(4));
    await archive.store(early, raw, manifestOf(4));
    await archive.store(archiveKeyFor('demo', '2026-04', 44, 'abc123', new Date()), raw, manifestOf(44));
    await archive.store(archiveKeyFor('demo', '2026-03', 4, 'abc123', new Date()), raw, manifestOf(4));

    const keys = await archive.list('demo', '2026-04', 4);

    expect(keys).toEqual([early, late]);
  });

  it('lists only .eml objects, across every page S3 answers', async () => {
    // prepare: S3 answers the listing in two pages, with an object that is no archived message
    const paged = new S3Client({ region: 'us-east-1' });
    const s3Mock = mockClient(paged);
    s3Mock
      .on(ListObjectsV2Command, { Prefix: 'demo/2026-04/5/', ContinuationToken: undefined })
      .resolves({
        Contents: [{ Key: 'demo/2026-04/5/b.eml' }, { Key: 'demo/2026-04/5/notes.txt' }],
        IsTruncated: true,
        NextContinuationToken: 'p2',
      })
      .on(ListObjectsV2Command, { Prefix: 'demo/2026-04/5/', ContinuationToken: 'p2' })
      .resolves({ Contents: [{ Key: 'demo/2026-04/5/a.eml' }], IsTruncated: false });

    // act
    const keys = await createS3Archive(paged, 'bucket').list('demo', '2026-04', 5);

    // assert
    expect(keys).toEqual(['demo/2026-04/5/a.eml', 'demo/2026-04/5/b.eml']);
    expect(s3Mock.commandCalls(ListObjectsV2Command)).toHaveLength(2);
    s3Mock.restore();
  });

  it('answers an empty list for a month never archived and a clear error for a missing object', async () => {
    expect(await archive.list('demo', '2025-01', 1)).toEqual([]);
    await expect(archive.read('demo/2025-01/1/nothing.eml')).rejects.toThrow(ArchiveNotFoundError);
  });

  it('refuses bytes that no longer match the sha256 in their metadata', async () => {
    const key = archiveKeyFor('demo', '2026-04', 6, 'abc123', new Date());
    await archive.store(key, raw, manifestOf(6));

    // The object overwritten with other bytes under the same description.
    await archive.store(key, Buffer.from('Subject: not the report\r\n\r\nforged'), manifestOf(6));

    await expect(archive.read(key)).rejects.toThrow(/its bytes do not match the sha256 in its metadata/);
  });
});
