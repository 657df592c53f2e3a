/**
 * A typed, validated client for every endpoint of the Documents v2 contract, usable without React.
 *
 * Every API call carries `Authorization: Bearer <token>` from `getAccessToken`; on 401 the token is refreshed once
 * (`forceRefresh: true`, one refresh shared by every call refused meanwhile) and the call retried once. Responses are
 * validated; an unexpected shape, or a URL outside the allowlist (docs/decisions/0003, decision 15), is an
 * {@link InvalidResponseError}, never a crash. Nothing here ever sends the token to another origin: redirects are not
 * followed, and path segments can only name one segment.
 */
import { clampTimerMs } from '../upload/timers';
import { DEFAULT_REQUEST_TIMEOUT_MS, abortedError, startDeadline, type Deadline } from './deadline';
import {
  AbortedError,
  ConfigurationError,
  DocumentsError,
  InvalidResponseError,
  NetworkError,
  errorFromResponse,
  redactSecrets,
} from './errors';
import { parseArgument, parseJsonText, parseWith } from './parse';
import { createTokenSource } from './tokens';
import {
  documentListValidator,
  documentValidator,
  initUploadRequestValidator,
  initUploadResponseValidator,
  jobEventValidator,
  listDocumentsQueryValidator,
} from './validators';
import type {
  Document,
  InitUploadRequest,
  InitUploadResponse,
  JobEvent,
  ListDocumentsQuery,
  ParseResult,
} from './schemas';

/** Options passed to `getAccessToken`. */
export interface GetAccessTokenOptions {
  /** `true` after the API answered 401: return a fresh token, not a cached one. */
  forceRefresh: boolean;
}

/** Returns the bearer token for the API, synchronously or not. Called for every request (cache it yourself). */
export type GetAccessToken = (options: GetAccessTokenOptions) => string | Promise<string>;

/** Options of {@link createDocumentsClient}. */
export interface DocumentsClientOptions {
  /** The environment's root URL, e.g. `https://api.example.com` (the client appends `/api/v2/accounts/…`). */
  baseUrl: string;
  /** The account whose documents are read and written. */
  accountId: string;
  /** Supplies the bearer token; called with `forceRefresh: true` once after a 401. */
  getAccessToken: GetAccessToken;
  /** The fetch to use. Defaults to the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /**
   * Exact origins (scheme, host and port, no trailing slash: `http://files.intranet.example`) whose upload and view
   * URLs are accepted besides the default rule: `https:`, or `http:` when `baseUrl` is `http:` or on a loopback host
   * (localhost, 127.0.0.0/8, [::1]).
   */
  allowedUrlOrigins?: readonly string[];
  /**
   * How long one API request attempt may take, in ms (default {@link DEFAULT_REQUEST_TIMEOUT_MS}, 30 s; clamped to
   * what `setTimeout` can hold): reading the token, sending, and receiving the response (its whole body for the
   * methods that parse JSON; only up to its headers for `send`, so an SSE stream or a view file can be read for
   * longer). Past it the call fails with a retryable {@link TimeoutError}. The retry after a 401 has its own bound.
   */
  requestTimeoutMs?: number;
}

export { DEFAULT_REQUEST_TIMEOUT_MS } from './deadline';

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with {@link AbortedError} (even when the request timeout is also up). */
  signal?: AbortSignal | undefined;
}

/** The endpoints of one account, for transports and tests. */
export interface DocumentsEndpoints {
  documents: string;
  document(documentId: string): string;
  refreshUrls(documentId: string): string;
  job(jobId: string): string;
  uploadProgress(jobId: string): string;
  v1Documents: string;
}

/** The client returned by {@link createDocumentsClient}. */
export interface DocumentsClient {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly endpoints: DocumentsEndpoints;
  /** {@link DocumentsClientOptions.allowedUrlOrigins} (empty when not given). */
  readonly allowedUrlOrigins: readonly string[];
  /** {@link DocumentsClientOptions.requestTimeoutMs} as applied (clamped). */
  readonly requestTimeoutMs: number;
  /** Step 1 of an upload: announce the files, get a job id and one signed upload URL per file. */
  initUpload(request: InitUploadRequest, options?: RequestOptions): Promise<InitUploadResponse>;
  /** The latest progress event of a job (polling). */
  getJob(jobId: string, options?: RequestOptions): Promise<JobEvent>;
  /** The account's documents: active by default, or only archived ones. */
  listDocuments(query?: ListDocumentsQuery, options?: RequestOptions): Promise<Document[]>;
  /** One document with freshly signed view URLs. */
  getDocument(documentId: string, options?: RequestOptions): Promise<Document>;
  /** Regenerates every signed URL of a document and its variants. */
  refreshUrls(documentId: string, options?: RequestOptions): Promise<Document>;
  /** Archives (soft-deletes) a document. */
  archiveDocument(documentId: string, options?: RequestOptions): Promise<void>;
  /**
   * The one low-level authorized request every call above is built on: sends `init` to `url` (an endpoint of this
   * API) with the bearer token, refreshes the token once and retries once on 401, and turns a non-2xx answer into a
   * typed error (the token redacted). Resolves with the 2xx `Response`. For calls this client has no method for,
   * such as the engine's SSE stream (`openUploadProgress`) and the v1 fallback (`uploadV1`). Each attempt is bounded
   * by `requestTimeoutMs` up to the response headers ({@link TimeoutError}); reading the body is not.
   */
  send(operation: string, url: string, init: RequestInit, options?: RequestOptions): Promise<Response>;
  /**
   * A valid, non-empty token (throws {@link UnauthorizedError} when `getAccessToken` fails or returns none). With
   * `forceRefresh: true` it joins the refresh in flight, if any: one `getAccessToken({ forceRefresh: true })` call at
   * a time, shared with the calls `send` retries after a 401. Bounded by `requestTimeoutMs` ({@link TimeoutError}).
   */
  getAccessToken(options?: Partial<GetAccessTokenOptions>): Promise<string>;
  /**
   * Server text that is not an error response (a job's `failed` message) with the tokens this client has read, URL
   * query strings and bearer tokens removed.
   */
  redact(text: string): string;
}

/** Whether an error (or DOMException) is an abort. */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof AbortedError ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}

/** Releases a body we do not read. Not awaited: cancelling a body can wait on the transport indefinitely. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * `value` when it is a non-empty string that can be one path segment: not `.` or `..` (they would name another path)
 * and without control characters (U+0000–U+001F, U+007F). Else a {@link ConfigurationError}, before anything is sent.
 */
function requireNonEmpty(value: unknown, name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (typeof value !== 'string' || value.trim() === '' || /^\.\.?$|[\0-\x1f\x7f]/.test(value)) {
    throw new ConfigurationError(`${name} must be a non-empty string, not "." or "..".`);
  }
  return value;
}

/** Validates and normalises a base URL: absolute http(s), no trailing slash. */
export function normaliseBaseUrl(baseUrl: unknown): string {
  const text = requireNonEmpty(baseUrl, 'baseUrl');
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(
      `baseUrl must be an absolute http(s) URL (http or https, no query string or fragment); got "${text.slice(0, 80)}".`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export { issuesOf, parseJsonText, parseWith } from './parse';

/** Creates a client for one account. Throws {@link ConfigurationError} for a bad `baseUrl`, `accountId` or `getAccessToken`. */
export function createDocumentsClient(options: DocumentsClientOptions): DocumentsClient {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const accountId = requireNonEmpty(options.accountId, 'accountId');
  if (typeof options.getAccessToken !== 'function') {
    throw new ConfigurationError('getAccessToken must be a function.');
  }
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw new ConfigurationError('requestTimeoutMs must be a positive number of milliseconds.');
  }
  const requestTimeoutMs = clampTimerMs(timeout);
  const doFetch = (input: string, init: RequestInit): Promise<Response> =>
    (options.fetch ?? globalThis.fetch)(input, init);
  const seg = (value: string, name: string) => encodeURIComponent(requireNonEmpty(value, name));

  const root = `${baseUrl}/api/v2/accounts/${seg(accountId, 'accountId')}/documents`;
  const endpoints: DocumentsEndpoints = {
    documents: root,
    document: (id) => `${root}/${seg(id, 'documentId')}`,
    refreshUrls: (id) => `${root}/${seg(id, 'documentId')}/refresh-urls`,
    job: (jobId) => `${root}/jobs/${seg(jobId, 'jobId')}`,
    uploadProgress: (jobId) => `${root}/upload-progress?jobId=${seg(jobId, 'jobId')}`,
    v1Documents: `${baseUrl}/api/accounts/${seg(accountId, 'accountId')}/documents`,
  };

  const tokens = createTokenSource(options.getAccessToken);

  const getAccessToken = async (opts?: Partial<GetAccessTokenOptions>): Promise<string> => {
    const deadline = startDeadline('getAccessToken', requestTimeoutMs);
    try {
      return await tokens.within(deadline, opts?.forceRefresh === true, tokens.generation);
    } finally {
      deadline.release();
    }
  };

  /**
   * Sends with the token; on 401 refreshes the token once (shared) and sends once more. A redirect is a
   * {@link NetworkError} (`redirect: 'error'`): followed, the token (and the body) would go wherever it points.
   * Each attempt runs under its own {@link Deadline}; the 2xx response comes with the deadline of its attempt, still
   * running, for the caller to release once it has read what it bounds.
   */
  async function attempt(
    operation: string,
    url: string,
    init: RequestInit,
    opts?: RequestOptions,
  ): Promise<{ response: Response; deadline: Deadline }> {
    const signal = opts?.signal;
    const seen = tokens.generation;
    for (let retry = 0; ; retry += 1) {
      if (signal?.aborted === true) throw abortedError(operation);
      const deadline = startDeadline(operation, requestTimeoutMs, signal);
      let token: string;
      let response: Response;
      try {
        token = await tokens.within(deadline, retry > 0, seen);
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${token}`);
        response = await doFetch(url, { ...init, headers, redirect: 'error', signal: deadline.signal });
      } catch (error) {
        deadline.release();
        const ended = deadline.error();
        if (ended !== undefined) throw ended;
        if (isAbortError(error)) throw abortedError(operation);
        if (error instanceof DocumentsError) throw error;
        throw new NetworkError(`${operation} failed: the network request did not complete.`, {
          cause: error,
          operation,
        });
      }
      if (response.status === 401 && retry === 0) {
        deadline.release();
        discard(response);
        continue;
      }
      if (!response.ok) {
        // Bounded by the deadline too: a body cut short leaves the status to go by.
        const body = await deadline.race(response.text()).catch(() => '');
        if (deadline.ended()) discard(response);
        deadline.release();
        const ended = deadline.error();
        if (ended instanceof AbortedError) throw ended;
        // a server may echo the token it refused, even without "Bearer": never keep it
        throw errorFromResponse(response.status, body, response.headers, { operation, secrets: [token] });
      }
      return { response, deadline };
    }
  }

  /**
   * {@link attempt} with `accept: application/json` (and `init`'s other headers), its body read within the deadline,
   * parsed and validated by `schema`.
   */
  async function getJson<T>(
    operation: string,
    url: string,
    schema: { safeParse(data: unknown): ParseResult<T> },
    opts?: RequestOptions,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<T> {
    const { response, deadline } = await attempt(
      operation,
      url,
      { ...init, headers: { ...init.headers, accept: 'application/json' } },
      opts,
    );
    let text: string;
    try {
      text = await deadline.race(response.text());
    } catch (error) {
      const ended = deadline.error();
      if (ended !== undefined) {
        discard(response);
        throw ended;
      }
      throw new NetworkError(`${operation} failed while reading the response.`, { cause: error, operation });
    } finally {
      deadline.release();
    }
    return parseWith(schema, parseJsonText(text, operation), operation, client);
  }

  const client: DocumentsClient = {
    redact: (text) => redactSecrets(text, tokens.recent),
    baseUrl,
    accountId,
    endpoints,
    allowedUrlOrigins: options.allowedUrlOrigins ?? [],
    requestTimeoutMs,
    getAccessToken,
    // for callers that read the body themselves, unbounded (SSE, v1, view files)
    async send(operation, url, init, opts) {
      const { response, deadline } = await attempt(operation, url, init, opts);
      deadline.stopClock();
      return response;
    },

    async initUpload(request, opts) {
      const operation = 'initUpload';
      const body = parseArgument(initUploadRequestValidator, request, 'The initUpload request');
      if (body.type === undefined && body.fields?.type === undefined) {
        throw new ConfigurationError('initUpload needs a document type (`type` or `fields.type`).');
      }
      const response = await getJson(operation, endpoints.documents, initUploadResponseValidator, opts, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.files.length !== body.files.length) {
        throw new InvalidResponseError(
          `${operation} returned ${response.files.length} upload URLs for ${body.files.length} files`,
          { operation, issues: [{ path: 'files', message: 'one entry per requested file expected' }] },
        );
      }
      return response;
    },

    async getJob(jobId, opts) {
      return getJson('getJob', endpoints.job(jobId), jobEventValidator, opts);
    },

    async listDocuments(query = {}, opts) {
      const q = parseArgument(listDocumentsQueryValidator, query, 'The listDocuments query');
      const params = new URLSearchParams();
      if (q.archived !== undefined) params.set('archived', String(q.archived));
      if (q.sort !== undefined) params.set('sort', q.sort);
      const search = params.toString();
      return getJson(
        'listDocuments',
        search === '' ? endpoints.documents : `${endpoints.documents}?${search}`,
        documentListValidator,
        opts,
      );
    },

    async getDocument(documentId, opts) {
      return getJson('getDocument', endpoints.document(documentId), documentValidator, opts);
    },

    async refreshUrls(documentId, opts) {
      return getJson('refreshUrls', endpoints.refreshUrls(documentId), documentValidator, opts, {
        method: 'POST',
      });
    },

    async archiveDocument(documentId, opts) {
      const { response, deadline } = await attempt(
        'archiveDocument',
        endpoints.document(documentId),
        { method: 'DELETE' },
        opts,
      );
      deadline.release();
      discard(response);
    },
  };
  return client;
}

export { fetchWithToken } from './fetchWithToken';
