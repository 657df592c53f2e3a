/**
 * Secrets guard, installed for every test of the `node` and `dom` projects (docs/decisions/0003, decision 9:
 * signed URLs and tokens are secrets). It fails the test in which any of these happened:
 *
 * - a request to a storage origin (a signed URL, or a configured storage origin) carried an Authorization header —
 *   seen on XMLHttpRequest (`open` + `setRequestHeader`), on the global `fetch`, and on every request an msw handler
 *   resolves (msw replaces `fetch` and `XMLHttpRequest` while it listens, and the loopback server runs the same
 *   handlers);
 * - a request to any other origin than the API's carried an Authorization header, or any request carried a token in
 *   its URL. The API's origins are those of the documents API the test's msw handlers declare (the emulator's
 *   `<baseUrl>/api/v2/accounts/:accountId/documents…`, or a `<baseUrl>/api/*` catch-all), plus
 *   {@link SecretsGuardConfig.apiOrigins}; `localhost`, `127.0.0.1` and `[::1]` on one port are one origin;
 * - a console call contained a signed URL's query string or a token;
 * - an error constructed by library code (`src/`) carried one in its message or `cause`;
 * - a `DocumentsError` (whoever built it: what `onError`, a rejected `upload()` or a hook's `error` hands the app)
 *   holds one at the end of the test in its message, its `cause` chain or any of its own properties
 *   (`serverMessage`, `issues`, …); and an error a QueryClient of the test keeps (a query's or a mutation's) does;
 * - the DOM (`dom` project) showed one: the text of `document.body` or any attribute, at any moment of the test
 *   (a MutationObserver) and at its end — except a signed URL (never a token) in the attribute that must carry it:
 *   `src`/`href` of `<img>`, `<a>`, `<source>`, `<iframe>`, `<object>` ({@link SecretsGuardConfig.urlAttributes});
 * - `dehydrate()` of a QueryClient the test used, with the library's own `shouldDehydrateQuery` (and
 *   `shouldDehydrateMutation` when src/react/shouldDehydrateQuery.ts has it), would serialise one — checked when the
 *   client is cleared (the React helpers clear theirs before this guard's after-each runs) and at the end of the test;
 * - `Storage#setItem` (sessionStorage / localStorage) wrote one;
 * - a `blob:` URL created by library code was still alive after the test's components unmounted.
 *
 * A token is the emulator's (`token_…`), a `token=` / `access_token=` query parameter, or any bearer token a request
 * of this file sent (8 characters or more); a signed query string is `sig=`, `X-Amz-Signature=`, `X-Goog-Signature=`
 * or `Signature=` with a value (`[redacted]` is fine).
 *
 * The patterns are configurable ({@link configureSecretsGuard}). A test that sends, shows or keeps a secret on purpose
 * (e.g. to check that the emulator refuses a bearer token on a signed URL) calls {@link allowSecretsInThisTest},
 * optionally for some kinds of finding only; a test that plants a leak to prove the guard works runs the end-of-test
 * checks with {@link checkNow} and reads the findings with {@link takeViolations}.
 */
/* eslint-disable @typescript-eslint/unbound-method -- the guard wraps prototype methods and calls them with their `this`. */
import { dehydrate, QueryClient, type Mutation, type Query } from '@tanstack/react-query';
import { HttpHandler, RequestHandler } from 'msw';
import { afterEach, beforeAll } from 'vitest';

/** What the guard looks for. */
export interface SecretsGuardConfig {
  /** Tokens: never anywhere (logs, errors, storage, the DOM — not even in a URL attribute — caches, URLs). */
  tokenPatterns: RegExp[];
  /** Signed query strings: never in logs, errors, storage, caches, or the DOM outside {@link urlAttributes}. */
  signedQueryPatterns: RegExp[];
  /** Origins of signed storage (besides any URL carrying a signature parameter). */
  storageOrigins: (string | RegExp)[];
  /** Query parameters that make a URL a signed URL. */
  signatureParams: string[];
  /** Origins that may receive the bearer token, besides those of the documents API declared by msw handlers. */
  apiOrigins: (string | RegExp)[];
  /** Per lower-case tag name, the attributes that may hold a signed URL (never a token). */
  urlAttributes: Record<string, readonly string[]>;
  /** Paths of library code: errors and blob URLs are attributed to the library when created from here. */
  libraryPath: RegExp;
}

const DEFAULT_CONFIG: SecretsGuardConfig = {
  tokenPatterns: [
    // The emulator's (and the tests') tokens.
    /\btoken_[A-Za-z0-9][\w-]*/,
    // A token as a query parameter.
    /\b(?:access_)?token=(?!\[redacted\])[^&\s"'<>#]+/i,
  ],
  signedQueryPatterns: [
    // Signed query strings: the emulator's `sig=`, S3 and GCS signatures. `[redacted]` values are fine.
    /\b(?:sig|X-Amz-Signature|X-Goog-Signature|Signature)=(?!\[redacted\])[^&\s"'<>#]+/i,
  ],
  storageOrigins: [/^https?:\/\/storage\.localhost(?::\d+)?$/i],
  signatureParams: ['sig', 'X-Amz-Signature', 'X-Goog-Signature', 'Signature'],
  // The real environment the contract suite may run against.
  apiOrigins: originOf(process.env.LIGHTREACH_BASE_URL),
  urlAttributes: {
    img: ['src', 'href'],
    a: ['src', 'href'],
    source: ['src', 'href'],
    iframe: ['src', 'href'],
    object: ['src', 'href'],
  },
  libraryPath: /[\\/]src[\\/](?:core|react|components|mock)[\\/]/,
};

function originOf(href: string | undefined): string[] {
  if (href === undefined || href === '') return [];
  try {
    return [new URL(href).origin];
  } catch {
    return [];
  }
}

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
  kind:
    | 'authorization-to-storage'
    | 'authorization-to-other-origin'
    | 'token-in-url'
    | 'console'
    | 'error'
    | 'documents-error'
    | 'query-error'
    | 'dom'
    | 'dehydrate'
    | 'storage'
    | 'blob-url';
  detail: string;
}

let violations: Violation[] = [];
const recorded = new Set<string>();
let allowed: 'all' | Set<Violation['kind']> | undefined;
let checking = false;

/** Returns and clears the findings so far (for tests of the guard itself). */
export function takeViolations(): Violation[] {
  settleRequests();
  const out = violations;
  violations = [];
  recorded.clear();
  domFindings.clear();
  return out;
}

/**
 * Lets this test send, show or keep secrets on purpose (e.g. a bearer token on a signed URL, to see it refused; a
 * planted signed URL, to see it redacted). With kinds, only those findings are let through; the others still fail.
 */
export function allowSecretsInThisTest(...kinds: Violation['kind'][]): void {
  if (kinds.length === 0) allowed = 'all';
  else if (allowed !== 'all') allowed = new Set([...(allowed ?? []), ...kinds]);
}

/** Tokens this file's requests sent as `Authorization: Bearer …`: secrets wherever else they show up. */
const sentTokens = new Set<string>();

function learnToken(authorization: string | null | undefined): void {
  const match = /^\s*Bearer\s+([\w.~+/=-]{8,})\s*$/i.exec(authorization ?? '');
  if (match?.[1] !== undefined && !/^(?:undefined|null)$/i.test(match[1])) sentTokens.add(match[1]);
}

function firstMatch(patterns: readonly RegExp[], text: string): string | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return `${match[0].slice(0, 8)}…`;
  }
  return undefined;
}

/** The first token in `text` (shortened, so that the report does not leak it again). */
export function findToken(text: string): string | undefined {
  const found = firstMatch(config.tokenPatterns, text);
  if (found !== undefined) return found;
  for (const token of sentTokens) if (text.includes(token)) return `${token.slice(0, 4)}… (a sent token)`;
  return undefined;
}

/** The first secret (a token or a signed query string) in `text`, shortened so that the report does not leak it again. */
export function findSecret(text: string): string | undefined {
  return findToken(text) ?? firstMatch(config.signedQueryPatterns, text);
}

function record(kind: Violation['kind'], detail: string): void {
  const key = `${kind}\n${detail}`;
  if (recorded.has(key)) return;
  recorded.add(key);
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

// ------------------------------------------------------------------ requests: storage, other origins, URLs

function parseUrl(href: string): URL | undefined {
  try {
    return new URL(href, 'http://localhost');
  } catch {
    return undefined;
  }
}

function isStorageUrl(url: URL): boolean {
  if (config.signatureParams.some((name) => url.searchParams.has(name))) return true;
  return config.storageOrigins.some((origin) =>
    typeof origin === 'string' ? origin === url.origin : origin.test(url.origin),
  );
}

/** An origin, with the loopback names of one port made one. */
function originKey(url: URL): string {
  const host = url.hostname.toLowerCase();
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(host)
    ? `${url.protocol}//loopback:${port}`
    : url.origin.toLowerCase();
}

/** Origins of the documents API, from the msw handlers of this file (the emulator's, or a test's `/api/*`). */
const apiOrigins = new Set<string>();
const API_HANDLER_PATH =
  /^(https?:\/\/[^/?#]+)(?:\/[^?#]*?)?\/api\/(?:\*|(?:v2\/)?accounts\/:accountId\/documents(?:\/.*)?)$/i;

function learnApiOrigin(path: unknown): void {
  if (typeof path !== 'string') return;
  const root = API_HANDLER_PATH.exec(path)?.[1];
  const url = root === undefined ? undefined : parseUrl(root);
  if (url !== undefined) apiOrigins.add(originKey(url));
}

/** The API origins the guard knows now (learned from msw handlers, or configured). */
export function knownApiOrigins(): string[] {
  return [...apiOrigins, ...config.apiOrigins.map(String)];
}

function isApiUrl(url: URL): boolean {
  if (apiOrigins.has(originKey(url))) return true;
  return config.apiOrigins.some((origin) =>
    typeof origin === 'string'
      ? parseUrl(origin) !== undefined && originKey(parseUrl(origin)!) === originKey(url)
      : origin.test(url.origin),
  );
}

/**
 * Requests with an Authorization header to an origin not (yet) known as the API's, judged by {@link settleRequests}:
 * whether an msw handler of this process saw it, or library code (`src/`) sent it. A request the test's own code
 * sends to a server of another process (the emulator's bin) is the test's business: no handler here declares that API.
 */
const pendingRequests = new Map<string, { url: URL; where: string; via: string; judged: boolean }>();

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Never breaks a request: a guard that cannot read one looks away. */
function checkRequest(method: string, href: string, authorization: string | null, via: string): void {
  try {
    quietly(() => judgeRequest(method, href, authorization, via));
  } catch {
    // the request goes on
  }
}

function judgeRequest(method: string, href: string, authorization: string | null, via: string): void {
  const url = parseUrl(href);
  if (url === undefined) return;
  const where = `${method} ${url.origin}${url.pathname}`;
  const inUrl = findToken(safeDecode(`${url.pathname}${url.search}${url.hash}`));
  if (inUrl !== undefined) record('token-in-url', `${via}: ${where} carried a token in its URL (${inUrl})`);
  if (authorization === null) return;
  learnToken(authorization);
  if (isStorageUrl(url)) {
    record(
      'authorization-to-storage',
      `${via}: ${where} carried an Authorization header (signed URLs are already authorised)`,
    );
  } else if (!isApiUrl(url)) {
    // One request may be seen twice (XMLHttpRequest or fetch, then the msw handler): the judged sighting wins.
    const key = `${method} ${originKey(url)}${url.pathname}`;
    const judged = via === 'request' || createdByLibrary(40);
    const previous = pendingRequests.get(key);
    if (previous === undefined || (judged && !previous.judged)) {
      pendingRequests.set(key, { url, where, via, judged });
    }
  }
}

/** Judges the requests to unknown origins, once every handler of the test had its chance to declare the API. */
function settleRequests(): void {
  for (const { url, where, via, judged } of pendingRequests.values()) {
    if (judged && !isApiUrl(url)) {
      record(
        'authorization-to-other-origin',
        `${via}: ${where} carried an Authorization header (the bearer token is for the API's origin only)`,
      );
    }
  }
  pendingRequests.clear();
}

const handlerProto = HttpHandler.prototype as unknown as { checkRedundantQueryParameters?: () => void };
const originalCheckParameters = handlerProto.checkRedundantQueryParameters;
if (typeof originalCheckParameters === 'function') {
  // Called by HttpHandler's constructor: the API is known before the first request.
  handlerProto.checkRedundantQueryParameters = function checkRedundantQueryParameters(this: HttpHandler) {
    learnApiOrigin(this.info.path);
    originalCheckParameters.call(this);
  };
}

const seenRequests = new WeakSet<Request>();
const originalRun = RequestHandler.prototype.run;
RequestHandler.prototype.run = function run(
  this: RequestHandler,
  args: Parameters<RequestHandler['run']>[0],
) {
  learnApiOrigin((this.info as { path?: unknown }).path);
  const request = args.request;
  if (!seenRequests.has(request)) {
    seenRequests.add(request);
    checkRequest(request.method, request.url, request.headers.get('authorization'), 'request');
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
      checkRequest(init?.method ?? request?.method ?? 'GET', href, headers.get('authorization'), 'fetch');
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
  const originalSend = proto.send;
  proto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    targets.set(this, { method: String(args[0]), url: String(args[1]) });
    originalOpen.apply(this, args);
  };
  proto.setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
    const target = targets.get(this);
    if (target !== undefined && name.toLowerCase() === 'authorization') {
      checkRequest(target.method, target.url, String(value), 'XMLHttpRequest');
    }
    originalSetHeader.call(this, name, value);
  };
  proto.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    // A token in the URL of a request sent without an Authorization header.
    const target = targets.get(this);
    if (target !== undefined) checkRequest(target.method, target.url, null, 'XMLHttpRequest');
    originalSend.call(this, body);
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

// ------------------------------------------------------------------ errors: created by library code, DocumentsErrors

function stackFrames(depth: number): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = depth;
  OriginalError.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  return (holder.stack ?? '').split('\n').slice(1);
}

function createdByLibrary(depth = 12): boolean {
  return stackFrames(depth).some(
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

/** Whether a class is (or extends) the library's `DocumentsError` (by name: the guard never imports src/ early). */
function isDocumentsErrorClass(target: unknown): boolean {
  for (let c = target; typeof c === 'function'; c = Object.getPrototypeOf(c) as unknown) {
    if ((c as { name?: string }).name === 'DocumentsError') return true;
  }
  return false;
}

/** Where an error holds a secret now: its message, its cause chain, or one of its own properties. */
function secretInError(error: unknown): { where: string; found: string } | undefined {
  if (!(error instanceof OriginalError)) {
    const found = typeof error === 'string' ? findSecret(error) : undefined;
    return found === undefined ? undefined : { where: 'value', found };
  }
  const inMessage = findSecret(String(error.message));
  if (inMessage !== undefined) return { where: 'message', found: inMessage };
  const inCause = findSecret(causeText(error.cause));
  if (inCause !== undefined) return { where: 'cause', found: inCause };
  for (const key of Object.keys(error)) {
    if (key === 'stack' || key === 'message' || key === 'cause') continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    let text = '';
    try {
      text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    } catch {
      continue;
    }
    const found = findSecret(text);
    if (found !== undefined) return { where: `\`${key}\``, found };
  }
  return undefined;
}

/** DocumentsErrors built in this test: checked in their final state (subclass fields, later changes) at its end. */
let documentsErrors: Error[] = [];
const reportedErrors = new WeakSet<Error>();

const OriginalError = globalThis.Error;
const GuardedError = new Proxy(OriginalError, {
  construct(target, args: unknown[], newTarget: (...a: unknown[]) => unknown) {
    const error = Reflect.construct(target, args, newTarget) as Error;
    if (!checking) {
      quietly(() => {
        if (isDocumentsErrorClass(newTarget)) documentsErrors.push(error);
        const message = typeof args[0] === 'string' ? args[0] : '';
        const options = args[1] as { cause?: unknown } | undefined;
        const cause = options !== null && typeof options === 'object' ? causeText(options.cause) : '';
        const inMessage = findSecret(message);
        const inCause = findSecret(cause);
        if ((inMessage !== undefined || inCause !== undefined) && createdByLibrary()) {
          const name = (newTarget as { name?: string }).name ?? 'Error';
          reportedErrors.add(error);
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

function checkDocumentsErrors(): void {
  const errors = documentsErrors;
  documentsErrors = [];
  for (const error of errors) {
    if (reportedErrors.has(error)) continue;
    const leak = secretInError(error);
    if (leak === undefined) continue;
    reportedErrors.add(error);
    record(
      'documents-error',
      `a ${error.name} (what onError, a rejected promise or a hook's error hands the app) has a secret in its ${leak.where} (${leak.found})`,
    );
  }
}

// ------------------------------------------------------------------ the DOM

interface DomFinding {
  where: string;
  found: string;
}

function describeElement(element: Element): string {
  return `<${element.tagName.toLowerCase()}>`;
}

function checkAttribute(element: Element, name: string, value: string | null): DomFinding | undefined {
  if (value === null || value === '') return undefined;
  const tag = element.tagName.toLowerCase();
  const urlAttribute = config.urlAttributes[tag]?.includes(name.toLowerCase()) === true;
  const found = urlAttribute ? findToken(value) : findSecret(value);
  return found === undefined ? undefined : { where: `${describeElement(element)} ${name}="…"`, found };
}

/** Secrets in a node and its subtree: text, and every attribute (URL attributes: tokens only). */
function scanNode(root: Node, out: DomFinding[]): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === 3 || node.nodeType === 4) {
      const found = findSecret(node.nodeValue ?? '');
      const parent = node.parentElement;
      if (found !== undefined) {
        out.push({
          where: `the text of ${parent === null ? 'a detached node' : describeElement(parent)}`,
          found,
        });
      }
    } else if (node.nodeType === 1) {
      const element = node as Element;
      for (const attribute of Array.from(element.attributes)) {
        const finding = checkAttribute(element, attribute.name, attribute.value);
        if (finding !== undefined) out.push(finding);
      }
    }
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
}

/** DOM findings of this test (where + what), so that the end-of-test scan does not repeat the observer's. */
const domFindings = new Set<string>();

function recordDom(findings: readonly DomFinding[], when: string): void {
  for (const { where, found } of findings) {
    const key = `${where}\n${found}`;
    if (domFindings.has(key)) continue;
    domFindings.add(key);
    record('dom', `the DOM showed a secret ${when} in ${where} (${found})`);
  }
}

function scanMutations(records: readonly MutationRecord[]): void {
  if (checking) return;
  quietly(() => {
    const findings: DomFinding[] = [];
    for (const mutation of records) {
      if (mutation.type === 'childList') {
        for (const node of Array.from(mutation.addedNodes)) scanNode(node, findings);
      } else if (mutation.type === 'characterData') {
        scanNode(mutation.target, findings);
      } else if (mutation.type === 'attributes' && mutation.attributeName !== null) {
        const element = mutation.target as Element;
        const finding = checkAttribute(
          element,
          mutation.attributeName,
          element.getAttribute(mutation.attributeName),
        );
        if (finding !== undefined) findings.push(finding);
      }
    }
    recordDom(findings, 'during the test');
  });
}

const domObserver =
  typeof document !== 'undefined' && typeof MutationObserver === 'function'
    ? new MutationObserver(scanMutations)
    : undefined;
const observedRoot = typeof document !== 'undefined' ? (document.body ?? document.documentElement) : null;
if (domObserver !== undefined && observedRoot !== null) {
  domObserver.observe(observedRoot, {
    childList: true,
    subtree: true,
    attributes: true,
    characterData: true,
  });
}

function checkDom(): void {
  if (domObserver === undefined || typeof document === 'undefined') return;
  scanMutations(domObserver.takeRecords());
  quietly(() => {
    const findings: DomFinding[] = [];
    if (document.body !== null) scanNode(document.body, findings);
    recordDom(findings, 'at the end of the test');
  });
}

// ------------------------------------------------------------------ QueryClients: dehydrate() and kept errors

interface DehydrateHelpers {
  shouldDehydrateQuery: (query: Query) => boolean;
  shouldDehydrateMutation?: (mutation: Mutation) => boolean;
}

let dehydrateHelpers: DehydrateHelpers | undefined;

/**
 * The library's own `shouldDehydrateQuery` (and `shouldDehydrateMutation` when it exports one). Imported after the
 * setup ran, never by this module's imports: src/ must load after `Error` is guarded.
 */
async function loadDehydrateHelpers(): Promise<DehydrateHelpers> {
  if (dehydrateHelpers === undefined) {
    const helpers: DehydrateHelpers = await import('../../src/react/shouldDehydrateQuery');
    dehydrateHelpers = {
      shouldDehydrateQuery: helpers.shouldDehydrateQuery,
      ...(typeof helpers.shouldDehydrateMutation === 'function'
        ? { shouldDehydrateMutation: helpers.shouldDehydrateMutation }
        : {}),
    };
  }
  return dehydrateHelpers;
}

/** QueryClients used in this test (any of them: the helpers', a test's own, a provider's default one). */
const queryClients = new Set<QueryClient>();

function checkQueryClient(client: QueryClient, when: string): void {
  quietly(() => {
    const helpers = dehydrateHelpers;
    if (helpers !== undefined) {
      let leak: string | undefined;
      let what = '';
      try {
        const state = dehydrate(client, {
          shouldDehydrateQuery: helpers.shouldDehydrateQuery,
          ...(helpers.shouldDehydrateMutation === undefined
            ? {}
            : { shouldDehydrateMutation: helpers.shouldDehydrateMutation }),
        });
        for (const query of state.queries) {
          leak = findSecret(JSON.stringify(query) ?? '');
          if (leak !== undefined) {
            const key = JSON.stringify(query.queryKey) ?? '';
            what = `the query ${findSecret(key) === undefined ? key.slice(0, 80) : '(a key with a secret)'}`;
            break;
          }
        }
        if (leak === undefined) {
          leak = findSecret(JSON.stringify(state.mutations) ?? '');
          what = 'a mutation';
        }
      } catch {
        leak = undefined;
      }
      if (leak !== undefined) {
        record(
          'dehydrate',
          `dehydrate(queryClient, { shouldDehydrateQuery${helpers.shouldDehydrateMutation === undefined ? '' : ', shouldDehydrateMutation'} }) ${when} serialises a secret in ${what} (${leak})`,
        );
      }
    }
    const errors = [
      ...client
        .getQueryCache()
        .getAll()
        .map((query) => ({ error: query.state.error, what: 'a query' })),
      ...client
        .getMutationCache()
        .getAll()
        .map((mutation) => ({ error: mutation.state.error, what: 'a mutation' })),
    ];
    for (const { error, what } of errors) {
      if (error === null || error === undefined) continue;
      const leak = secretInError(error);
      if (leak !== undefined && !(error instanceof OriginalError && reportedErrors.has(error))) {
        if (error instanceof OriginalError) reportedErrors.add(error);
        record(
          'query-error',
          `the error of ${what} (${when}) has a secret in its ${leak.where} (${leak.found})`,
        );
      }
    }
  });
}

const clientProto = QueryClient.prototype;
// Every client that holds anything went through one of these (hooks, setQueryData, fetchQuery, hydrate, a provider).
for (const name of [
  'mount',
  'getQueryCache',
  'getMutationCache',
  'defaultQueryOptions',
  'defaultMutationOptions',
] as const) {
  const original = clientProto[name] as (this: QueryClient, ...args: unknown[]) => unknown;
  (clientProto as unknown as Record<string, unknown>)[name] = function tracked(
    this: QueryClient,
    ...args: unknown[]
  ) {
    if (!checking) queryClients.add(this);
    return original.apply(this, args);
  };
}
const originalClear = clientProto.clear;
clientProto.clear = function clear(this: QueryClient) {
  // The React helpers clear their client in their own after-each, before this guard's: look before it empties.
  if (!checking) checkQueryClient(this, 'before clear()');
  originalClear.call(this);
};

function checkQueryClients(): void {
  for (const client of queryClients) checkQueryClient(client, 'at the end of the test');
  queryClients.clear();
}

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
    liveBlobUrls.set(
      url,
      quietly(() => createdByLibrary()),
    );
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
 * Runs the end-of-test checks now, adding to the findings: requests to origins that never turned out to be the
 * API's, the DOM (pending mutations and what is left), `dehydrate()` and the kept errors of every QueryClient used
 * since the last check, and the final state of every DocumentsError built since then. Synchronous: `dehydrate()` is
 * checked once the library's helpers are loaded (before every `dom` test file; see {@link loadDehydrateHelpers}).
 */
export function checkNow(): void {
  settleRequests();
  checkDom();
  checkQueryClients();
  checkDocumentsErrors();
}

/**
 * Throws when anything was found since the last check (and clears the findings): what the guard runs after every
 * test, after {@link checkNow}. `blob:` URLs created by library code and still alive count as findings.
 */
export function assertNoViolations(): void {
  checkNow();
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

// The library's dehydrate helpers, for the QueryClients of `dom` tests (a `node` test using one loads them lazily).
beforeAll(async () => {
  if (typeof document !== 'undefined') await loadDehydrateHelpers();
});

// Registered before dom.ts's cleanup, so (hooks run in reverse order) it runs after components unmounted.
afterEach(async () => {
  if (queryClients.size > 0) await loadDehydrateHelpers();
  const wasAllowed = allowed;
  allowed = undefined;
  if (wasAllowed === 'all') {
    checkNow();
    takeViolations();
    liveBlobUrls.clear();
    return;
  }
  if (wasAllowed !== undefined) {
    checkNow();
    for (const violation of takeViolations()) {
      if (!wasAllowed.has(violation.kind)) record(violation.kind, violation.detail);
    }
    if (wasAllowed.has('blob-url')) liveBlobUrls.clear();
  }
  assertNoViolations();
});
