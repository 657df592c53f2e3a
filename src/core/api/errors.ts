/**
 * Typed errors. One base class, {@link DocumentsError}, with a `code` union; a subclass per family so apps can use
 * `instanceof`. Signed URLs are secrets (docs/decisions/0003, decision 9): every message and `cause` built here
 * goes through {@link redactSecrets}, which strips query strings from URLs and bearer tokens.
 */

import { MAX_SERVER_MESSAGE, clip, redactSecrets } from './redact';
import { parseRetryAfter, withTryAgain } from './retryAfter';

/** Every error code this library produces. */
export type DocumentsErrorCode =
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'server'
  | 'network'
  | 'aborted'
  | 'timeout'
  | 'invalid-response'
  | 'job-failed'
  | 'configuration';

/** Options common to every {@link DocumentsError}. */
export interface DocumentsErrorOptions {
  /** HTTP status, when the error comes from a response. */
  status?: number;
  /** What failed, e.g. `initUpload` or `PUT upload`. */
  operation?: string;
  /** The underlying error; sanitised before it is kept. */
  cause?: unknown;
  /** Whether retrying the same request may succeed. Defaults per subclass. */
  retryable?: boolean;
}

export { MAX_SERVER_MESSAGE, redactSecrets } from './redact';
export { parseRetryAfter, tryAgainIn } from './retryAfter';

/** What the server said about when to retry (429 and 503). */
export interface RetryAfterOptions {
  /** The Retry-After, in ms. */
  retryAfterMs?: number;
  /** When that is, in epoch ms. Defaults to `Date.now() + retryAfterMs`. */
  retryAt?: number;
}

/** The base of every error this library throws. Check with `instanceof` or by `code`. */
export class DocumentsError extends Error {
  /** What kind of failure this is. */
  declare readonly code: DocumentsErrorCode;
  /** HTTP status when the error comes from a response. */
  declare readonly status: number | undefined;
  /** What failed, e.g. `initUpload`. */
  declare readonly operation: string | undefined;
  /** Whether retrying may succeed. */
  declare readonly retryable: boolean;

  /** `name` and `retryable` are set by the subclasses (a subclass may fix `retryable` whatever the options say). */
  constructor(
    code: DocumentsErrorCode,
    message: string,
    options: DocumentsErrorOptions = {},
    name = 'DocumentsError',
    retryable = options.retryable ?? false,
  ) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: sanitiseCause(options.cause) },
    );
    this.name = name;
    this.code = code;
    this.status = options.status;
    this.operation = options.operation;
    this.retryable = retryable;
  }
}

/** 400: the server rejected the request. Carries the allowed extensions when the server listed them. */
export class InvalidRequestError extends DocumentsError {
  /** Extensions the server said it allows, when its message listed them. */
  declare readonly allowedExtensions: string[] | undefined;
  /** The server's own message, redacted. */
  declare readonly serverMessage: string | undefined;
  constructor(
    message: string,
    options: DocumentsErrorOptions & { allowedExtensions?: string[]; serverMessage?: string } = {},
  ) {
    super('invalid-request', message, options, 'InvalidRequestError', false);
    this.allowedExtensions = options.allowedExtensions;
    this.serverMessage =
      options.serverMessage === undefined ? undefined : redactSecrets(options.serverMessage);
  }
}

/** 401 after one token refresh, or `getAccessToken` failing or returning no token. */
export class UnauthorizedError extends DocumentsError {
  constructor(message: string, options: DocumentsErrorOptions = {}) {
    super('unauthorized', message, options, 'UnauthorizedError', false);
  }
}

/** Why a 403 happened. */
export type ForbiddenReason = 'account' | 'content-type' | 'expired' | 'unknown';

/** 403: the token cannot access the account, or a signed upload was refused (wrong Content-Type or expired). */
export class ForbiddenError extends DocumentsError {
  /** `account` (token lacks access), `content-type` (signature mismatch), `expired` (signed URL expired). */
  declare readonly reason: ForbiddenReason;
  constructor(message: string, options: DocumentsErrorOptions & { reason?: ForbiddenReason } = {}) {
    super('forbidden', message, options, 'ForbiddenError', false);
    this.reason = options.reason ?? 'unknown';
  }
}

/** 404: unknown document or job, or one of another account. */
export class NotFoundError extends DocumentsError {
  constructor(message: string, options: DocumentsErrorOptions = {}) {
    super('not-found', message, options, 'NotFoundError', false);
  }
}

/** `retryAt` as given, else `Date.now() + retryAfterMs` (undefined without a Retry-After). */
const retryAtOf = (options: RetryAfterOptions): number | undefined =>
  options.retryAt ?? (options.retryAfterMs === undefined ? undefined : Date.now() + options.retryAfterMs);

/**
 * 429: rate limited. `retryAfterMs` and `retryAt` come from the Retry-After header (seconds or HTTP-date); the
 * message then ends with when to try again (`… Try again in 90 s.`).
 */
export class RateLimitedError extends DocumentsError {
  /** How long the server asked to wait, in milliseconds, when it said. */
  declare readonly retryAfterMs: number | undefined;
  /** When the server said to try again (epoch ms), when it said. */
  declare readonly retryAt: number | undefined;
  constructor(message: string, options: DocumentsErrorOptions & RetryAfterOptions = {}) {
    super('rate-limited', message, options, 'RateLimitedError', true);
    this.retryAfterMs = options.retryAfterMs;
    this.retryAt = retryAtOf(options);
  }
}

/**
 * 503: signed-URL uploads are not available here (the engine falls back to v1), or the service is down. With a
 * Retry-After, like {@link RateLimitedError}: `retryAfterMs`, `retryAt`, and the message says when to try again.
 */
export class UnavailableError extends DocumentsError {
  /** How long the server asked to wait, in milliseconds, when it said. */
  declare readonly retryAfterMs: number | undefined;
  /** When the server said to try again (epoch ms), when it said. */
  declare readonly retryAt: number | undefined;
  constructor(message: string, options: DocumentsErrorOptions & RetryAfterOptions = {}) {
    super('unavailable', message, options, 'UnavailableError', options.retryable ?? true);
    this.retryAfterMs = options.retryAfterMs;
    this.retryAt = retryAtOf(options);
  }
}

/** Any other 5xx, or 408. */
export class ServerError extends DocumentsError {
  constructor(message: string, options: DocumentsErrorOptions = {}) {
    super('server', message, options, 'ServerError', true);
  }
}

/** The request never got a response (offline, DNS, connection reset, CORS, or a redirect: never followed). */
export class NetworkError extends DocumentsError {
  constructor(message: string, options: DocumentsErrorOptions = {}) {
    super('network', message, options, 'NetworkError', true);
  }
}

/** The caller aborted (AbortSignal, `cancel()`, `dispose()`). */
export class AbortedError extends DocumentsError {
  constructor(message = 'The request was aborted.', options: DocumentsErrorOptions = {}) {
    super('aborted', message, options, 'AbortedError', false);
  }
}

/** Something took longer than its configured limit (e.g. job tracking). */
export class TimeoutError extends DocumentsError {
  constructor(message: string, options: DocumentsErrorOptions = {}) {
    super('timeout', message, options, 'TimeoutError', options.retryable ?? true);
  }
}

/** One problem found when validating a response. */
export interface ResponseIssue {
  /** Where in the body, e.g. `files.0.viewUrls.1.url`. */
  path: string;
  message: string;
}

/** The server answered with a shape the contract does not allow. Lists the paths; never holds the raw body. */
export class InvalidResponseError extends DocumentsError {
  declare readonly issues: ResponseIssue[];
  constructor(message: string, options: DocumentsErrorOptions & { issues?: ResponseIssue[] } = {}) {
    super('invalid-response', message, options, 'InvalidResponseError');
    this.issues = (options.issues ?? []).map((i) => ({ path: i.path, message: redactSecrets(i.message) }));
  }
}

/** The upload job reported `failed` (its server message cut to {@link MAX_SERVER_MESSAGE}). Retryable by a fresh init. */
export class JobFailedError extends DocumentsError {
  declare readonly jobId: string | undefined;
  /** The server's own reason (cut and redacted), for labels that word the failure themselves. */
  declare readonly serverMessage: string | undefined;
  constructor(
    message: string,
    options: DocumentsErrorOptions & { jobId?: string; serverMessage?: string } = {},
  ) {
    super('job-failed', clip(message), options, 'JobFailedError', true);
    this.jobId = options.jobId;
    this.serverMessage = options.serverMessage === undefined ? undefined : clip(options.serverMessage);
  }
}

/** The library was set up wrongly (missing provider, bad `baseUrl`, empty `type`, …). */
export class ConfigurationError extends DocumentsError {
  constructor(message: string) {
    super('configuration', message, {}, 'ConfigurationError', false);
  }
}

/** Whether a value is a {@link DocumentsError}. */
export function isDocumentsError(value: unknown): value is DocumentsError {
  return value instanceof DocumentsError;
}

/** A copy of an underlying error with secrets stripped from its message (and its own cause chain, two levels). */
function sanitiseCause(cause: unknown, depth = 0): unknown {
  if (cause instanceof DocumentsError) return cause;
  if (cause instanceof Error) {
    const copy = new Error(
      redactSecrets(cause.message),
      depth < 2 && cause.cause !== undefined ? { cause: sanitiseCause(cause.cause, depth + 1) } : undefined,
    );
    copy.name = cause.name;
    return copy;
  }
  if (typeof cause === 'string') return redactSecrets(cause);
  return undefined;
}

/** Whether a value is an array of strings. */
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The value of the first of `keys` that passes `test`, when `json` is an object (or array). */
const firstOf = <T>(json: unknown, keys: string[], test: (value: unknown) => value is T): T | undefined =>
  json !== null && typeof json === 'object'
    ? keys.map((key) => (json as Record<string, unknown>)[key]).find(test)
    : undefined;

/**
 * Pulls the human message out of an error body: `{ message }`, `{ error }`, `{ message: string[] }`, S3/GCS XML or
 * plain text, cut to {@link MAX_SERVER_MESSAGE} characters.
 */
export function messageFromBody(body: string): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // XML (S3/GCS storage errors) or plain text: keep the <Message> when there is one. Linear: `[^<]*` stops at
    // the next `<`, so two matches never scan the same characters.
    return clip(/<Message>([^<]*)<\/Message>/i.exec(text)?.[1] ?? text);
  }
  // a JSON string, or the first non-empty string (or list of strings, joined) of the usual keys
  const message =
    typeof parsed === 'string'
      ? parsed
      : firstOf(
          parsed,
          ['message', 'error', 'detail', 'title'],
          (value): value is string | string[] =>
            value !== '' && (typeof value === 'string' || isStrings(value)),
        );
  return message === undefined ? undefined : clip([message].flat().join('; '));
}

/** Extracts the allowed extension list from a 400 message such as `… Allowed values: pdf, jpg, png`. */
export function allowedExtensionsFrom(body: string, message: string | undefined): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: the message is all there is
  }
  const listed = firstOf(parsed, ['allowedValues', 'allowedExtensions', 'allowed'], isStrings);
  if (listed !== undefined) return listed.map(cleanExtension);
  // After the last "allowed": words, then `:` or `=`, then the list up to `]` or a line end (anchored: linear).
  const match = /^[a-z\s]*[:=]([^\]\n]*)/i.exec(
    clip(message ?? '')
      .split(/allowed/i)
      .slice(1)
      .pop() ?? '',
  );
  if (match?.[1] === undefined) return undefined;
  const list = match[1]
    .split(/[\s,|;[]+/)
    .map(cleanExtension)
    .filter((s) => /^[a-z0-9]+$/.test(s));
  return list.length > 0 ? list : undefined;
}

/** `".PDF"` → `pdf`: from the first to the last character that is not a quote or a dot (linear: one greedy run). */
function cleanExtension(value: string): string {
  return (/[^'"`.].*[^'"`.]|[^'"`.]/.exec(value.trim())?.[0] ?? '').toLowerCase();
}

/** Context used when mapping a response to an error. */
export interface ErrorContext {
  /** What failed, e.g. `listDocuments`. */
  operation: string;
  /** Whether the response came from the storage (a signed upload URL) rather than the API. */
  storage?: boolean;
  /** For computing Retry-After dates. Defaults to `Date.now()`. */
  now?: number;
  /**
   * Secrets the server may echo, removed from the kept message: every caller that sent a bearer token passes it
   * (`send`, the v1 fallback).
   */
  secrets?: readonly string[];
}

/**
 * Maps a non-2xx response to its typed error: the one place an error is built from a response (API, v1, storage,
 * SSE, proxy view). `body` is the response text; only its message is kept, cut to {@link MAX_SERVER_MESSAGE}
 * characters and redacted (`context.secrets` too), never the raw body.
 */
export function errorFromResponse(
  status: number,
  body: string,
  headers: { get(name: string): string | null },
  context: ErrorContext,
): DocumentsError {
  const echoed = messageFromBody(body);
  const serverMessage = echoed === undefined ? undefined : redactSecrets(echoed, context.secrets);
  const { operation } = context;
  const base = `${operation} failed with ${status}${serverMessage === undefined ? '' : `: ${serverMessage}`}`;
  const now = context.now ?? Date.now();
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
  // One options object for every class: each reads only its own keys (an absent value and `undefined` read alike).
  const options = {
    status,
    operation,
    retryAfterMs,
    retryAt: retryAfterMs === undefined ? undefined : now + retryAfterMs,
  };
  if (status === 400 || status === 413 || status === 422)
    return new InvalidRequestError(base, {
      ...options,
      serverMessage,
      allowedExtensions: allowedExtensionsFrom(body, serverMessage),
    });
  if (status === 403) {
    const reason: ForbiddenReason =
      context.storage === true ? storageForbiddenReason(body.slice(0, MAX_SERVER_MESSAGE)) : 'account';
    const why = {
      account: 'the access token cannot access this account',
      expired: 'the signed upload URL has expired',
      'content-type':
        'the signed upload URL refused the request (Content-Type must equal the one returned by init)',
      unknown: 'the request was refused',
    }[reason];
    return new ForbiddenError(`${operation} failed with 403: ${why}`, { ...options, reason });
  }
  if (status === 401) return new UnauthorizedError(`${base} (the access token was refused)`, options);
  if (status === 404) return new NotFoundError(base, options);
  if (status === 429) return new RateLimitedError(withTryAgain(base, retryAfterMs), options);
  if (status === 503) return new UnavailableError(withTryAgain(base, retryAfterMs), options);
  if (status === 408) return new ServerError(`${base} (request timeout)`, options);
  if (status >= 500) return new ServerError(base, options);
  return new DocumentsError('server', base, options);
}

/** Why storage refused, from the start of its body (S3/GCS put the code first): expired, or a signature mismatch. */
function storageForbiddenReason(head: string): ForbiddenReason {
  return /expired/i.test(head)
    ? 'expired'
    : /signature|content-type/i.test(head)
      ? 'content-type'
      : 'unknown';
}
