/**
 * The report config a deployed function runs with, read from its code: GetFunction gives its
 * environment and a short-lived URL of the code zip, and `report-config.json` in that zip is checked and
 * parsed exactly as the handler does at cold start (`loadRuntimeConfig`: REPORT_CONFIG_SHA256, the zod
 * schema). For `npm run config:diff -- --deployed <function>`; needs `lambda:GetFunction`.
 */
import { basename } from 'node:path';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { unzipSync } from 'fflate';
import type { RuntimeConfig } from '../functions/config/config-schema.ts';
import { loadRuntimeConfig, sha256Hex } from '../functions/config/load-runtime-config.ts';

export interface DeployedConfig {
  functionName: string;
  /** When the function's code or configuration last changed (Lambda's LastModified). */
  lastModified: string | undefined;
  sha256: string;
  runtime: RuntimeConfig;
}

export const readDeployedConfig = async (lambda: LambdaClient, functionName: string): Promise<DeployedConfig> => {
  const deployed = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
  const variables = deployed.Configuration?.Environment?.Variables ?? {};
  const file = variables.REPORT_CONFIG_FILE;
  if (!file)
    throw new Error(
      `${functionName} has no REPORT_CONFIG_FILE variable: not a report mailer, or deployed before the config moved into its code`,
    );
  const location = deployed.Code?.Location;
  if (!location) throw new Error(`${functionName}: GetFunction returned no code location`);
  // The URL is pre-signed: it is never printed, only the status of the download.
  const response = await fetch(location);
  if (!response.ok) throw new Error(`${functionName}: downloading its code failed with HTTP ${response.status}`);
  const entries = unzipSync(new Uint8Array(await response.arrayBuffer()), { filter: (entry) => entry.name === basename(file) });
  const bytes = entries[basename(file)];
  if (!bytes) throw new Error(`${functionName}: its code has no ${basename(file)}`);
  const runtime = loadRuntimeConfig({ file, sha256: variables.REPORT_CONFIG_SHA256 }, '/', () => Buffer.from(bytes));
  return { functionName, lastModified: deployed.Configuration?.LastModified, sha256: sha256Hex(bytes), runtime };
};
