/**
 * Setup of the `shared` vitest project, whose files share a worker's modules (vitest.config.ts): a file
 * there that changes process.env would change every later file's world, so it fails here, naming the
 * variables, and belongs in the `isolated` project instead.
 */
import { afterAll, beforeAll, expect } from 'vitest';
// Powertools tags the SDK's user agent through process.env once, at first import (its own or a bundle's
// copy): loaded here, before the snapshot, so whichever file imports it first is not blamed.
import '@aws-lambda-powertools/commons';

let before: Record<string, string | undefined>;

beforeAll(() => {
  before = { ...process.env };
});

afterAll(() => {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(process.env)])].filter((key) => before[key] !== process.env[key]);
  expect(changed, 'this file changes process.env: list it in vitest.config.ts ISOLATED').toEqual([]);
});
