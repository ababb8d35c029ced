import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3 API on localhost (s3rver, files in a temporary folder) with the archive bucket, for the
 * local run and the tests. The function reaches it through the real S3 client and `AWS_ENDPOINT_URL_S3`;
 * with an IP endpoint the SDK addresses buckets path-style, which s3rver serves.
 */
export interface LocalS3 {
  url: string;
  bucket: string;
  /** Where s3rver keeps the objects (one folder per bucket, readable files). */
  directory: string;
  close(): Promise<void>;
}

export const startLocalS3 = async (bucket = 'report-archive'): Promise<LocalS3> => {
  const directory = await mkdtemp(join(tmpdir(), 'iobot-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Creates the bucket before the first request, as the CDK stack does before the first run.
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
