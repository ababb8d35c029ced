import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../functions/shared/lambda-credential-provider.ts';

/** A container credentials endpoint (what AWS_CONTAINER_CREDENTIALS_FULL_URI points at), counting its calls. */
let endpoint: Server;
let endpointUrl: string;
let served = 0;
let expiresInMs = 60 * 60 * 1000;

beforeAll(async () => {
  endpoint = createServer((_request, response) => {
    served += 1;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        AccessKeyId: 'ASIACONTAINER',
        SecretAccessKey: 'container-secret',
        Token: 'container-token',
        Expiration: new Date(Date.now() + expiresInMs).toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/credentials`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => endpoint.close(() => resolve()));
});

/** Exactly the credential variables given, none of the machine's. */
const onlyCredentialEnv = (values: Record<string, string>): void => {
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_PROFILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  ]) {
    vi.stubEnv(name, values[name]);
  }
};

afterEach(() => {
  vi.unstubAllEnvs();
  served = 0;
  expiresInMs = 60 * 60 * 1000;
});

describe('lambda defaultProvider', () => {
  it('returns the role credentials Lambda puts in the environment, session token included, without calling any endpoint', async () => {
    // prepare
    onlyCredentialEnv({
      AWS_ACCESS_KEY_ID: 'ASIALAMBDA',
      AWS_SECRET_ACCESS_KEY: 'lambda-secret',
      AWS_SESSION_TOKEN: 'lambda-token',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: endpointUrl,
    });

    // act
    const credentials = await defaultProvider()();

    // assert
    expect(credentials).toMatchObject({ accessKeyId: 'ASIALAMBDA', secretAccessKey: 'lambda-secret', sessionToken: 'lambda-token' });
    expect(served).toBe(0);
  });

  it('falls back to the container endpoint and asks it once while the credentials are fresh', async () => {
    // prepare
    onlyCredentialEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: endpointUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer-token' });
    const provider = defaultProvider();

    // act
    const first = await provider();
    const second = await provider();

    // assert
    expect(first).toMatchObject({ accessKeyId: 'ASIACONTAINER', secretAccessKey: 'container-secret', sessionToken: 'container-token' });
    expect(second).toBe(first);
    expect(served).toBe(1);
  });

  it('asks the container endpoint again for credentials that expire within 5 minutes', async () => {
    // prepare
    onlyCredentialEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: endpointUrl });
    expiresInMs = 60 * 1000;
    const provider = defaultProvider();

    await provider();
    const afterFirstUse = served;

    // act
    await provider();

    // assert
    expect(served).toBeGreaterThan(afterFirstUse);
  });

  it('fails with the variables it reads when the environment has no credentials, and ignores AWS_PROFILE', async () => {
    // prepare
    onlyCredentialEnv({ AWS_PROFILE: 'developer' });

    // act
    const failure = defaultProvider()();

    // assert
    await expect(failure).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.*AWS_CONTAINER_CREDENTIALS_FULL_URI/);
  });

  it('tries again on the next call after a failed look-up', async () => {
    // prepare
    onlyCredentialEnv({});
    const provider = defaultProvider();
    await expect(provider()).rejects.toThrow(/No AWS credentials/);
    onlyCredentialEnv({ AWS_ACCESS_KEY_ID: 'ASIALATER', AWS_SECRET_ACCESS_KEY: 'later-secret' });

    // act
    const credentials = await provider();

    // assert
    expect(credentials.accessKeyId).toBe('ASIALATER');
  });
});
