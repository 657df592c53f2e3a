/**
 * Secrets guard, installed for every test of the `node` and `dom` projects (docs/decisions/0003, decision 9:
 * signed URLs and tokens are secrets). It fails the test in which any of these happened:
 *
 * - a request to a storage origin (a signed URL, or a configured storage origin) carried an Authorization header —
 *   seen on XMLHttpRequest (`open` + `setRequestHeader`), on the global `fetch`, and on every request an msw handler
 *   resolves (msw replaces `fetch` and `XMLHttpRequest` while it listens, and the loopback server runs the same
 *   handlers);
 * - a console call contained a signed URL's query string or a token;
 * - an error constructed by library code (`src/`) carried one in its message or `cause`;
 * - `Storage#setItem` (sessionStorage / localStorage) wrote one;
 * - a `blob:` URL created by library code was still alive after the test's components unmounted.
 *
 * The patterns are configurable ({@link configureSecretsGuard}). A test that sends a secret on purpose (e.g. to check
 * that the emulator refuses a bearer token on a signed URL) calls {@link allowSecretsInThisTest}; a test that plants a
 * leak to prove the guard works reads the findings with {@link takeViolations}.
 */
/* eslint-disable @typescript-eslint/unbound-method -- the guard wraps prototype methods and calls them with their `this`. */
import { RequestHandler } from 'msw';
import { afterEach } from 'vitest';

/** What the guard looks for. */
export interface SecretsGuardConfig {
  /** Text that must never appear in logs, errors or storage: tokens and signed query strings. */
  secretPatterns: RegExp[];
  /** Origins of signed storage (besides any URL carrying a signature parameter). */
  storageOrigins: (string | RegExp)[];
  /** Query parameters that make a URL a signed URL. */
  signatureParams: string[];
  /** Paths of library code: errors and blob URLs are attributed to the library when created from here. */
  libraryPath: RegExp;
}

const DEFAULT_CONFIG: SecretsGuardConfig = {
  secretPatterns: [
    // The emulator's (and the tests') tokens.
    /\btoken_[A-Za-z0-9][\w-]*/,
    // Signed query strings: the emulator's `sig=`, S3 and GCS signatures. `[redacted]` values are fine.
    /[?&](?:sig|X-Amz-Signature|X-Goog-Signature|Signature)=(?!\[redacted\])[^&\s"'<>#]+/i,
  ],
  storageOrigins: [/^https?:\/\/storage\.localhost(?::\d+)?$/i],
  signatureParams: ['sig', 'X-Amz-Signature', 'X-Goog-Signature', 'Signature'],
  libraryPath: /[\\/]src[\\/](?:core|react|components|mock)[\\/]/,
};

let config: SecretsGuardConfig = { ...DEFAULT_CONFIG };

/** Changes what the guard looks for (until {@link resetSecretsGuardConfig}). */
export function configureSecretsGuard(changes: Partial<SecretsGuardConfig>): void {
  config = { ...config, ...changes };
}

/** Restores the default patterns. */
export function resetSecretsGuardConfig(): void {
  config = { ...DEFAULT_CONFIG };
}

/** One finding of the guard. Its `detail` never contains the secret itself. */
export interface Violation {
  kind: 'authorization-to-storage' | 'console' | 'error' | 'storage' | 'blob-url';
  detail: string;
}

let violations: Violation[] = [];
let allowed = false;
let checking = false;

/** Returns and clears the findings so far (for tests of the guard itself). */
export function takeViolations(): Violation[] {
  const out = violations;
  violations = [];
  return out;
}

/** Lets this test send or log secrets on purpose (e.g. a bearer token on a signed URL, to see it refused). */
export function allowSecretsInThisTest(): void {
  allowed = true;
}

/** The first secret in `text`, shortened so that the report does not leak it again. */
export function findSecret(text: string): string | undefined {
  for (const pattern of config.secretPatterns) {
    const match = pattern.exec(text);
    if (match !== null) return `${match[0].slice(0, 8)}…`;
  }
  return undefined;
}

function record(kind: Violation['kind'], detail: string): void {
  violations.push({ kind, detail });
}

/** Runs `fn` without the guard looking (the guard's own formatting must not trigger it). */
function quietly<T>(fn: () => T): T {
  const was = checking;
  checking = true;
  try {
    return fn();
  } finally {
    checking = was;
  }
}

// ------------------------------------------------------------------ requests to storage

function isStorageUrl(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href, 'http://localhost');
  } catch {
    return false;
  }
  if (config.signatureParams.some((name) => url.searchParams.has(name))) return true;
  return config.storageOrigins.some((origin) =>
    typeof origin === 'string' ? origin === url.origin : origin.test(url.origin),
  );
}

function checkRequest(method: string, href: string, authorization: boolean, via: string): void {
  if (authorization && isStorageUrl(href)) {
    const url = new URL(href, 'http://localhost');
    record(
      'authorization-to-storage',
      `${via}: ${method} ${url.origin}${url.pathname} carried an Authorization header (signed URLs are already authorised)`,
    );
  }
}

const seenRequests = new WeakSet<Request>();
const originalRun = RequestHandler.prototype.run;
RequestHandler.prototype.run = function run(
  this: RequestHandler,
  args: Parameters<RequestHandler['run']>[0],
) {
  const request = args.request;
  if (!seenRequests.has(request)) {
    seenRequests.add(request);
    checkRequest(request.method, request.url, request.headers.has('authorization'), 'request');
  }
  return originalRun.call(this, args);
} as RequestHandler['run'];

const originalFetch = globalThis.fetch as typeof fetch | undefined;
if (typeof originalFetch === 'function') {
  globalThis.fetch = function guardedFetch(input: RequestInfo | URL, init?: RequestInit) {
    try {
      const request = input instanceof Request ? input : undefined;
      const href =
        request?.url ?? (input instanceof URL ? input.href : typeof input === 'string' ? input : '');
      const headers = new Headers(init?.headers ?? request?.headers);
      checkRequest(init?.method ?? request?.method ?? 'GET', href, headers.has('authorization'), 'fetch');
    } catch {
      // Never break a request because the guard could not read it.
    }
    return originalFetch(input, init);
  };
}

const XhrClass = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
if (typeof XhrClass === 'function') {
  const targets = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  const proto = XhrClass.prototype;
  const originalOpen = proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const originalSetHeader = proto.setRequestHeader;
  proto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    targets.set(this, { method: String(args[0]), url: String(args[1]) });
    originalOpen.apply(this, args);
  };
  proto.setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
    const target = targets.get(this);
    if (target !== undefined && name.toLowerCase() === 'authorization') {
      checkRequest(target.method, target.url, true, 'XMLHttpRequest');
    }
    originalSetHeader.call(this, name, value);
  };
}

// ------------------------------------------------------------------ console

function describeValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const cause = depth < 3 && value.cause !== undefined ? ` ${describeValue(value.cause, depth + 1)}` : '';
    return `${value.name}: ${value.message}${cause}`;
  }
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
for (const method of CONSOLE_METHODS) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (!checking) {
      const found = quietly(() => findSecret(args.map((arg) => describeValue(arg)).join(' ')));
      if (found !== undefined) record('console', `console.${method} printed a secret (${found})`);
    }
    original(...args);
  };
}

// ------------------------------------------------------------------ errors created by library code

function stackFrames(): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  OriginalError.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  return (holder.stack ?? '').split('\n').slice(1);
}

function createdByLibrary(): boolean {
  return stackFrames().some(
    (frame) =>
      !/test[\\/]setup[\\/]secretsGuard/.test(frame) &&
      !frame.includes('node_modules') &&
      config.libraryPath.test(frame),
  );
}

function causeText(cause: unknown, depth = 0): string {
  if (cause instanceof OriginalError) {
    const inner = depth < 3 && cause.cause !== undefined ? ` ${causeText(cause.cause, depth + 1)}` : '';
    return `${cause.message}${inner}`;
  }
  return typeof cause === 'string' ? cause : '';
}

const OriginalError = globalThis.Error;
const GuardedError = new Proxy(OriginalError, {
  construct(target, args: unknown[], newTarget: (...a: unknown[]) => unknown) {
    const error = Reflect.construct(target, args, newTarget) as Error;
    if (!checking) {
      quietly(() => {
        const message = typeof args[0] === 'string' ? args[0] : '';
        const options = args[1] as { cause?: unknown } | undefined;
        const cause = options !== null && typeof options === 'object' ? causeText(options.cause) : '';
        const inMessage = findSecret(message);
        const inCause = findSecret(cause);
        if ((inMessage !== undefined || inCause !== undefined) && createdByLibrary()) {
          const name = (newTarget as { name?: string }).name ?? 'Error';
          record(
            'error',
            inMessage !== undefined
              ? `a ${name} thrown by library code has a secret in its message (${inMessage})`
              : `a ${name} thrown by library code has a secret in its cause (${inCause})`,
          );
        }
      });
    }
    return error;
  },
});
globalThis.Error = GuardedError;

// ------------------------------------------------------------------ Storage writes

const StorageClass = (globalThis as { Storage?: typeof Storage }).Storage;
if (typeof StorageClass === 'function') {
  const originalSetItem = StorageClass.prototype.setItem;
  StorageClass.prototype.setItem = function setItem(this: Storage, key: string, value: string) {
    const found = findSecret(`${key} ${value}`);
    if (found !== undefined) record('storage', `Storage.setItem("${key}") wrote a secret (${found})`);
    originalSetItem.call(this, key, value);
  };
}

// ------------------------------------------------------------------ blob: URLs

const liveBlobUrls = new Map<string, boolean>();
const originalCreateObjectURL = URL.createObjectURL as typeof URL.createObjectURL | undefined;
const originalRevokeObjectURL = URL.revokeObjectURL as typeof URL.revokeObjectURL | undefined;
if (typeof originalCreateObjectURL === 'function' && typeof originalRevokeObjectURL === 'function') {
  URL.createObjectURL = function createObjectURL(object: Blob | MediaSource) {
    const url = originalCreateObjectURL.call(URL, object);
    liveBlobUrls.set(url, quietly(createdByLibrary));
    return url;
  };
  URL.revokeObjectURL = function revokeObjectURL(url: string) {
    liveBlobUrls.delete(url);
    originalRevokeObjectURL.call(URL, url);
  };
}

/** `blob:` URLs created (through the real `URL.createObjectURL`) and not revoked yet. */
export function liveBlobUrlCount(options: { libraryOnly?: boolean } = {}): number {
  let count = 0;
  for (const byLibrary of liveBlobUrls.values()) if (!options.libraryOnly || byLibrary) count += 1;
  return count;
}

// ------------------------------------------------------------------ the verdict

/**
 * Throws when anything was found since the last check (and clears the findings): what the guard runs after every
 * test. `blob:` URLs created by library code and still alive count as findings.
 */
export function assertNoViolations(): void {
  const leakedBlobs = liveBlobUrlCount({ libraryOnly: true });
  liveBlobUrls.clear();
  if (leakedBlobs > 0) {
    record('blob-url', `${leakedBlobs} blob: URL(s) created by library code were not revoked by unmount`);
  }
  const found = takeViolations();
  if (found.length === 0) return;
  throw new OriginalError(
    `Secrets guard (test/setup/secretsGuard.ts): ${found.length} problem(s) in this test:\n` +
      found.map((v) => `  - [${v.kind}] ${v.detail}`).join('\n'),
  );
}

// Registered before dom.ts's cleanup, so (hooks run in reverse order) it runs after components unmounted.
afterEach(() => {
  const wasAllowed = allowed;
  allowed = false;
  if (wasAllowed) {
    takeViolations();
    liveBlobUrls.clear();
    return;
  }
  assertNoViolations();
});
