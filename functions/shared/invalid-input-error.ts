import type { z } from 'zod';
import { formatIssues } from '../config/config-schema.ts';

/** Input the run cannot proceed with (event, config, secret): retrying will not help. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';

  static fromZod(what: string, error: z.ZodError): InvalidInputError {
    return new InvalidInputError(`Invalid ${what}:\n${formatIssues(error)}`);
  }
}
