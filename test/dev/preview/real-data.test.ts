import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIobotSimulator, type IobotSimulator } from '../../../dev/stand-ins/iobot-simulator.ts';
import { createRealData, realDataFromEnv } from '../../../dev/preview/real-data.ts';

describe('realDataFromEnv', () => {
  it('needs a base URL and an API key or a token, and prefers the key', () => {
    // act / assert
    expect(realDataFromEnv({ IOBOT_BASE_URL: 'https://api.example.com', IOBOT_API_KEY: ' k ', IOBOT_TOKEN: 't' })).toEqual({
      baseUrl: 'https://api.example.com',
      credentials: { apiKey: 'k' },
    });
    expect(realDataFromEnv({ IOBOT_BASE_URL: 'https://api.example.com', IOBOT_TOKEN: 't' })?.credentials).toEqual({ token: 't' });
    expect(realDataFromEnv({ IOBOT_API_KEY: 'k' })).toBeUndefined();
    expect(realDataFromEnv({ IOBOT_BASE_URL: 'https://api.example.com', IOBOT_API_KEY: '  ' })).toBeUndefined();
  });

  it('names IOBOT_BASE_URL and its value when it is not an http(s) URL', () => {
    // act / assert
    expect(() => realDataFromEnv({ IOBOT_BASE_URL: 'api.example.com', IOBOT_API_KEY: 'k' })).toThrow(
      'IOBOT_BASE_URL must be an http(s) URL, got "api.example.com"',
    );
    expect(() => realDataFromEnv({ IOBOT_BASE_URL: 'ftp://api.example.com', IOBOT_API_KEY: 'k' })).toThrow('IOBOT_BASE_URL');
  });
});

describe('createRealData', () => {
  let simulator: IobotSimulator;
  beforeAll(async () => {
    simulator = await startIobotSimulator({ apiKey: 'k' });
  });
  afterAll(() => simulator?.close());

  it('fetches a month and its history once, then answers from memory', async () => {
    // prepare
    const realData = createRealData({ baseUrl: simulator.url, credentials: { apiKey: 'k' } });

    // act
    const listed = await realData.list(1, '2026-04');
    const company = await realData.request('real-1-2026-04-2');
    const again = await realData.list(1, '2026-04');

    // assert
    expect(listed.scenarios).toHaveLength(5);
    expect(again).toEqual(listed);
    expect(company?.kind).toBe('company');
    expect(company?.kind === 'company' && company.input.history.map((month) => month?.data.id)).toEqual([2, 2, 2, 2, 2]);
    // the six requests go out together, so they may arrive in any order
    expect(simulator.requests.map((request) => (request.body as { startDate: string }).startDate).sort()).toEqual([
      '2025-11-01T06:00:00.000Z',
      '2025-12-01T06:00:00.000Z',
      '2026-01-01T06:00:00.000Z',
      '2026-02-01T06:00:00.000Z',
      '2026-03-01T06:00:00.000Z',
      '2026-04-01T06:00:00.000Z',
    ]);
  });

  it('does not keep a failed fetch: a wrong key fails every time with the API message, without the key', async () => {
    // prepare
    const realData = createRealData({ baseUrl: simulator.url, credentials: { apiKey: 'wrong-key' } });

    // act
    const first = await realData.list(1, '2026-04').catch((error: Error) => error.message);
    const second = await realData.list(1, '2026-04').catch((error: Error) => error.message);

    // assert
    expect(first).toContain('401');
    expect(first).not.toContain('wrong-key');
    expect(second).toBe(first);
  });
});
