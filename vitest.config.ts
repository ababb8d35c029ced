import { defineConfig } from 'vitest/config';

/**
 * Files that drive a Lambda handler end to end, change process.env, or start a stand-in whose package keeps
 * its state in module scope (aws-ses-v2-local's store): each gets a fresh module graph of its own.
 */
const ISOLATED = [
  'test/**/*.e2e.test.ts',
  'test/**/handler.test.ts',
  'test/report-mailer/aws-clients.test.ts',
  'test/shared/lambda-credential-provider.test.ts',
  'test/dev/stand-ins/ses-recording-proxy.test.ts',
  'test/dev/preview/server.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CDK synth and the e2e suite are CPU heavy; the machine has two cores.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED },
      },
      {
        // Everything else shares each worker's module graph: aws-cdk-lib, the AWS SDK, mjml and the rendering
        // code load once per worker instead of once per file (half the suite's CPU went to those imports).
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
          setupFiles: ['test/support/shared-worker-guard.ts'],
        },
      },
    ],
  },
});
