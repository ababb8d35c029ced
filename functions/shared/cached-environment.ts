import type * as z from 'zod';
import { InvalidInputError } from './invalid-input-error.ts';

/**
 * A handler's environment reader: parses `read()` (the handler passes `() => process.env`) with `schema`
 * on first use and keeps the result for warm invocations. A missing or invalid variable throws an
 * InvalidInputError naming it, and nothing is kept, so the next invocation parses again.
 */
export const cachedEnvironment = <Schema extends z.ZodType>(schema: Schema, read: () => unknown): (() => z.output<Schema>) => {
  let environment: z.output<Schema> | undefined;
  return () => {
    if (environment) return environment;
    const parsed = schema.safeParse(read());
    if (!parsed.success) throw InvalidInputError.fromZod('environment', parsed.error);
    return (environment = parsed.data);
  };
};
