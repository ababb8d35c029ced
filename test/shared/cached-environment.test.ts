import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cachedEnvironment } from '../../functions/shared/cached-environment.ts';
import { InvalidInputError } from '../../functions/shared/invalid-input-error.ts';

const schema = z.object({ TABLE_NAME: z.string({ error: 'missing: the table' }).min(1) });

describe('cachedEnvironment', () => {
  it('parses once and keeps the result for later calls', () => {
    // prepare
    const env: Record<string, string> = { TABLE_NAME: 'ledger' };
    let reads = 0;
    const getEnvironment = cachedEnvironment(schema, () => {
      reads += 1;
      return env;
    });

    // act
    const first = getEnvironment();
    env.TABLE_NAME = 'changed';
    const second = getEnvironment();

    // assert
    expect(first).toEqual({ TABLE_NAME: 'ledger' });
    expect(second).toBe(first);
    expect(reads).toBe(1);
  });

  it('names the missing variable and keeps nothing, so a fixed environment is read next time', () => {
    // prepare
    const env: Record<string, string> = {};
    const getEnvironment = cachedEnvironment(schema, () => env);

    // act
    const failure = (() => {
      try {
        getEnvironment();
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    env.TABLE_NAME = 'ledger';

    // assert
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect((failure as Error).message).toBe('Invalid environment:\nTABLE_NAME: missing: the table');
    expect(getEnvironment()).toEqual({ TABLE_NAME: 'ledger' });
  });
});
