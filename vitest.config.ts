import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Lambda runs Node 22; the AWS SDK's notice about this machine's Node 20 would repeat in every file.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CDK synth and the e2e suite are CPU heavy; the machine has two cores.
    pool: 'forks',
  },
});
