/** How bad input is told: every zod issue as one "path: message" line, and the error that carries them. */
import type { z } from 'zod';

/** "groups[0].companies[1].to[0]: not a valid email address: "x"" for every issue, one per line. */
export const formatIssues = (error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
        .join('');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');

/** Input the run cannot proceed with (event, config, secret): retrying will not help. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';

  static fromZod(what: string, error: z.ZodError): InvalidInputError {
    return new InvalidInputError(`Invalid ${what}:\n${formatIssues(error)}`);
  }
}
