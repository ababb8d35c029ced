import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { createSuppressionTable, startLocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { startLocalS3 } from '../../dev/stand-ins/s3-local.ts';
import { createS3Archive } from '../../functions/delivery/email-archive.ts';
import { createRateLimiter } from '../../functions/delivery/rate-limiter.ts';
import { createDynamoLedger } from '../../functions/ledger/dynamo-ledger.ts';
import type { CompanyDeliveryDeps } from '../../functions/report-mailer/monthly-run/deliver-companies.ts';
import { NO_DEADLINE } from '../../functions/report-mailer/monthly-run/time-budget.ts';
import { createDynamoSuppressionList } from '../../functions/shared/suppression-list.ts';

/**
 * The real ledger, archive and suppression list over their local stand-ins (dynalite, s3rver), for
 * tests of the run's steps; SES (`sendRaw`) and the pool size are the test's own.
 */
export const startDeliveryStandIns = async (): Promise<{
  deps: Omit<CompanyDeliveryDeps, 'sendRaw' | 'sendConcurrency'>;
  close(): Promise<void>;
}> => {
  const dynamo = await startLocalDynamo();
  const s3 = await startLocalS3('run-steps-archive');
  const documents = dynamo.documents;
  const s3Client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.url,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const suppressionTable = await createSuppressionTable(dynamo.url);
  return {
    deps: {
      sender: { address: 'reportes@example.com', name: 'IOBot Reportes' },
      ledger: createDynamoLedger(documents, { tableName: dynamo.tableName }),
      archive: createS3Archive(s3Client, s3.bucket),
      suppressions: createDynamoSuppressionList(documents, suppressionTable),
      unsubscribe: { baseUrl: 'https://unsubscribe.example.com/', mailto: 'ops@example.com', keys: [{ id: 'k0', secret: 'k'.repeat(32) }] },
      throttle: createRateLimiter(2000),
      budget: NO_DEADLINE,
      logger: new Logger({ logLevel: 'SILENT' }),
      maxTableRows: 5,
    },
    close: async () => {
      await dynamo.close();
      await s3.close();
    },
  };
};
