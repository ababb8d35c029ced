import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of the Secrets Manager JSON protocol (`GetSecretValue`) for the real SDK client and
 * Powertools to read a secret locally through AWS_ENDPOINT_URL_SECRETS_MANAGER. Dev and tests only.
 */
export interface LocalSecretsManager {
  url: string;
  secrets: Map<string, string>;
  close(): Promise<void>;
}

export const startLocalSecretsManager = async (initial: Record<string, string>): Promise<LocalSecretsManager> => {
  const secrets = new Map(Object.entries(initial));
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      };
      if (target !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'InvalidRequestException', message: `not implemented locally: ${String(target)}` });
        return;
      }
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId === undefined ? undefined : secrets.get(SecretId);
      if (value === undefined) {
        reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return;
      }
      reply(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SecretId}`,
        Name: SecretId,
        SecretString: value,
        VersionId: 'local',
        CreatedDate: Date.now() / 1000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
