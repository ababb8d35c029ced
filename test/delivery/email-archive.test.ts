import { S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../dev/stand-ins/s3-local.ts';
import {
  archivePrefix,
  ArchiveNotFoundError,
  createS3Archive,
  sha256,
  type ArchiveManifest,
  type EmailArchive,
} from '../../functions/delivery/email-archive.ts';

let s3: LocalS3;
let archive: EmailArchive;
const recipients = { to: ['gerencia@example.com'], cc: ['ventas@example.com'], bcc: [] };
const draft = (target: number): Omit<ArchiveManifest, 'messageSha256' | 'messageBytes'> => ({
  group: 'demo',
  month: '2026-04',
  target,
  recipients,
  recipientsHash: 'abc123',
  subject: 'Reporte mensual · Empresa · abril 2026',
  status: 'handing-to-ses',
  archivedAt: '2026-05-01T13:00:00.000Z',
});
// Bytes a text-mode round trip would damage: CRLF, 8-bit, NUL.
const raw = Buffer.concat([Buffer.from('Subject: =?UTF-8?Q?Reporte?=\r\n\r\nhola\r\n', 'utf8'), Buffer.from([0, 0xff, 0xe9, 0x0d, 0x0a])]);

beforeAll(async () => {
  s3 = await startLocalS3('archive-test');
  archive = createS3Archive(
    new S3Client({ region: 'us-east-1', endpoint: s3.url, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
    s3.bucket,
  );
});
afterAll(() => s3.close());

describe('archivePrefix', () => {
  it('reads as group/month/target/time-recipients and sorts by time', () => {
    const first = archivePrefix('demo', '2026-04', 2, 'abc', new Date('2026-05-01T13:00:00.000Z'));
    const later = archivePrefix('demo', '2026-04', 2, 'abc', new Date('2026-05-01T13:00:00.001Z'));

    expect(first).toBe('demo/2026-04/2/2026-05-01T13-00-00.000Z-abc/');
    expect([later, first].sort()).toEqual([first, later]);
    expect(archivePrefix('demo', '2026-04', 'summary', 'abc', new Date(0))).toMatch(/^demo\/2026-04\/summary\//);
  });
});

describe('S3 email archive', () => {
  it('stores the exact bytes and a manifest with their hash, and reads both back', async () => {
    const prefix = archivePrefix('demo', '2026-04', 1, 'abc123', new Date('2026-05-01T13:00:00Z'));

    const manifest = await archive.store(prefix, raw, draft(1));
    const back = await archive.read(prefix);

    expect(Buffer.from(back.raw).equals(raw)).toBe(true);
    expect(manifest).toMatchObject({ messageSha256: sha256(raw), messageBytes: raw.byteLength, status: 'handing-to-ses' });
    expect(back.manifest).toEqual(manifest);
    // s3rver keeps objects as plain files: the archive is readable on disk in the local run.
    expect(JSON.parse(await readFile(join(s3.directory, s3.bucket, `${prefix}manifest.json._S3rver_object`), 'utf8'))).toEqual(manifest);
  });

  it('settles the manifest with the SES message id', async () => {
    const prefix = archivePrefix('demo', '2026-04', 3, 'abc123', new Date('2026-05-01T13:00:00Z'));
    const manifest = await archive.store(prefix, raw, draft(3));

    await archive.settle(prefix, { ...manifest, status: 'sent', sesMessageId: 'ses-1', sentAt: '2026-05-01T13:00:01.000Z' });

    expect((await archive.read(prefix)).manifest).toMatchObject({ status: 'sent', sesMessageId: 'ses-1', messageSha256: sha256(raw) });
  });

  it('lists the attempts of one target oldest first, not its neighbours', async () => {
    const late = archivePrefix('demo', '2026-04', 4, 'abc123', new Date('2026-05-02T00:00:00Z'));
    const early = archivePrefix('demo', '2026-04', 4, 'def456', new Date('2026-05-01T00:00:00Z'));
    await archive.store(late, raw, draft(4));
    await archive.store(early, raw, draft(4));
    await archive.store(archivePrefix('demo', '2026-04', 44, 'abc123', new Date()), raw, draft(44));

    const folders = await archive.list('demo', '2026-04', 4);

    expect(folders).toEqual([early, late]);
  });

  it('answers an empty list for a month never archived and a clear error for a missing folder', async () => {
    expect(await archive.list('demo', '2025-01', 1)).toEqual([]);
    await expect(archive.read('demo/2025-01/1/nothing/')).rejects.toThrow(ArchiveNotFoundError);
  });

  it('refuses bytes that no longer match their manifest', async () => {
    const prefix = archivePrefix('demo', '2026-04', 5, 'abc123', new Date());
    const manifest = await archive.store(prefix, raw, draft(5));

    await archive.settle(prefix, { ...manifest, messageSha256: sha256('something else') });

    await expect(archive.read(prefix)).rejects.toThrow(/does not match the sha256 in its manifest/);
  });
});
