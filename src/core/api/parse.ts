/** Validation of responses and arguments by the validators generated from the zod schemas: typed errors naming paths, never values. */
import { ConfigurationError, InvalidResponseError, type ResponseIssue } from './errors';
import { urlPolicy, type UrlPolicy } from './checks';
import type { ParseResult } from './schemas';

/** Turns zod issues into paths and messages (never values). */
export function issuesOf(result: ParseResult<unknown>): ResponseIssue[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

type Schema<T> = { safeParse(data: unknown): ParseResult<T> };

/** The first three issues as `path: message`, values never echoed. */
function summarize(issues: readonly { path: string; message: string }[]): string {
  const shown = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return issues.length > 3 ? `${shown}; +${issues.length - 3} more` : shown;
}

/**
 * Validates data against a schema or throws {@link InvalidResponseError} naming the paths. With `policy` (a client),
 * upload and view URLs must pass its {@link isAllowedUrl} rule.
 */
export function parseWith<T>(schema: Schema<T>, data: unknown, operation: string, policy?: UrlPolicy): T {
  urlPolicy.current = policy;
  let result: ParseResult<T>;
  try {
    result = schema.safeParse(data);
  } finally {
    urlPolicy.current = undefined;
  }
  if (result.success) return result.data;
  const issues = issuesOf(result);
  throw new InvalidResponseError(`${operation} returned an unexpected response (${summarize(issues)})`, {
    operation,
    issues,
  });
}

/** Validates a caller's argument before anything is sent, or throws {@link ConfigurationError} naming the paths. */
export function parseArgument<T>(schema: Schema<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigurationError(`${what} is invalid (${summarize(issuesOf(result))}); nothing was sent.`);
}

/** Parses JSON text or throws {@link InvalidResponseError}. */
export function parseJsonText(text: string, operation: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidResponseError(`${operation} returned a body that is not valid JSON`, { operation });
  }
}
