/**
 * The AWS credential provider of the Lambda bundles, in place of the SDK's Node.js chain: the
 * bundling (infra/node-function.ts, esbuild `--alias`) points `@aws-sdk/credential-provider-node`,
 * which every client's runtime config imports for its default credentials, at this file.
 *
 * Lambda gives a function its role's credentials in environment variables, or serves them over HTTP
 * where a runtime sets `AWS_CONTAINER_CREDENTIALS_*`. The Node.js chain also tries profiles, SSO,
 * sign-in, credential processes, web identity and EC2 instance metadata: none of them answers in
 * Lambda, and their providers with the STS, SSO and sign-in clients they carry were about 110 KB of
 * every bundle. Same exports as the package it stands in for; tests and local runs (not bundled)
 * keep the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { chain, CredentialsProviderError, memoize } from '@smithy/core/config';

/** What a client passes to its default provider: its config (logger, …) and the HTTP provider's options. */
export type LambdaCredentialInit = NonNullable<Parameters<typeof fromEnv>[0]> & NonNullable<Parameters<typeof fromHttp>[0]>;
type Credentials = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

/** Credentials with an expiry are checked again before each use; the SDK's chain does the same. */
export const credentialsWillNeedRefresh = (credentials: Credentials | undefined): boolean => credentials?.expiration !== undefined;

/** Fetched again 5 minutes before they expire, as the SDK's chain does. */
export const credentialsTreatedAsExpired = (credentials: Credentials | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;

const NO_CREDENTIALS =
  'No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (as Lambda does), or AWS_CONTAINER_CREDENTIALS_FULL_URI ' +
  'or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. This bundle reads no profile, SSO or instance metadata.';

/**
 * The environment's credentials, else the container endpoint's, fetched once and again only near
 * their expiry. A failed look-up is not remembered: the next request tries again.
 */
export const defaultProvider = (init: LambdaCredentialInit = {}) =>
  memoize(
    chain(
      fromEnv(init),
      // fromHttp throws as soon as it is created when neither URI is set: create it when reached.
      async () => fromHttp(init)(),
      async () => {
        throw new CredentialsProviderError(NO_CREDENTIALS, { logger: init.logger, tryNextLink: false });
      },
    ),
    credentialsTreatedAsExpired,
    credentialsWillNeedRefresh,
  );
