/**
 * Public types of the Documents API emulator (`react-lightreach-documents/mock`).
 */
import type { RequestHandler } from 'msw';
import type { Document, DocumentStatus, ExternalReference, JobEvent } from '../core/api/schemas';

/** The endpoints a fault can target. `view` covers signed view URLs and the sensitive-document proxy. */
export type MockEndpoint =
  'init' | 'put' | 'sse' | 'job' | 'list' | 'get' | 'refresh' | 'archive' | 'v1' | 'view';

/** Every {@link MockEndpoint}, for iteration. */
export const MOCK_ENDPOINTS: readonly MockEndpoint[] = [
  'init',
  'put',
  'sse',
  'job',
  'list',
  'get',
  'refresh',
  'archive',
  'v1',
  'view',
];

/** The image renditions the worker makes for image files. */
export type VariantName = 'thumbnail' | 'preview' | 'gallery';

/** One file to seed into a document. */
export interface SeedFile {
  /** The original file name. Its extension picks the content type when `contentType` is absent. */
  filename: string;
  /** The stored bytes (a string is UTF-8 encoded). Defaults to a small placeholder text. */
  bytes?: Uint8Array | ArrayBuffer | string;
  /** Defaults to the canonical type of the extension, or `application/octet-stream`. */
  contentType?: string;
}

/**
 * A document to seed: any part of the API's document plus its bytes. A single file can be given inline with
 * `filename`/`bytes`/`contentType`, several with `files`. Image files get their variants at once unless
 * `variants: false`.
 */
export interface SeedDocument {
  id?: string;
  accountId?: string;
  applicationId?: string | null;
  status?: DocumentStatus;
  archived?: boolean;
  /** Defaults to `'other'`. */
  type?: string;
  externalReference?: ExternalReference | null;
  /** Creation time (ms or ISO string). Defaults to the mock's clock. */
  createdAt?: number | string;
  filename?: string;
  bytes?: Uint8Array | ArrayBuffer | string;
  contentType?: string;
  files?: SeedFile[];
  /** Whether image files already have thumbnail/preview/gallery. Defaults to `true`. */
  variants?: boolean;
}

/** A stored rendition of an image file. */
export interface MockVariant {
  bytes: Uint8Array;
  contentType: string;
}

/** A file as the emulator stores it, with its bytes. */
export interface MockFile {
  originalName: string;
  contentType: string;
  size: number;
  md5Hash: string;
  bytes: Uint8Array;
  /** Present once variant generation finished (image files only). */
  variants?: Partial<Record<VariantName, MockVariant>>;
}

/** A document as the emulator stores it. Reads serialise it with freshly signed view URLs. */
export interface MockDocument {
  id: string;
  accountId: string;
  applicationId: string | null;
  status: DocumentStatus;
  archived: boolean;
  type: string;
  externalReference?: ExternalReference | null;
  files: MockFile[];
  createdAt: number;
  updatedAt: number;
  /** The upload job that created it, if any. */
  jobId?: string;
}

/** Where a job is in its lifecycle. `settled` jobs emit nothing more. */
export type MockJobState = 'awaitingUpload' | 'queued' | 'processing' | 'complete' | 'failed' | 'settled';

/** An upload job. */
export interface MockJob {
  id: string;
  accountId: string;
  type: string;
  externalReference?: ExternalReference;
  /** The effective grouping (the per-type default applied when the request omitted it). */
  grouped: boolean;
  /** Staging paths of the job's files, in request order. */
  stagingPaths: string[];
  state: MockJobState;
  /** Every event emitted so far; the last one is what polling returns and SSE replays. */
  events: JobEvent[];
  documentIds: string[];
  /** When set, the job emits `failed` with this message instead of completing. */
  failWith?: string;
  createdAt: number;
}

/** A file announced by init, waiting for (or holding) its bytes. */
export interface StagedFile {
  stagingPath: string;
  jobId: string;
  accountId: string;
  filename: string;
  contentType: string;
  /** The declared size in bytes. */
  size: number;
  /** Set once a PUT with a valid signature and the declared length landed. */
  bytes?: Uint8Array;
  uploadedAt?: number;
}

/** One request the emulator saw. URLs are stored without their query string (signed URLs are secrets). */
export interface RecordedRequest {
  method: string;
  /** The URL without its query string. */
  url: string;
  /** The path of the URL. */
  path: string;
  /** Which endpoint handled it, when known. */
  endpoint?: MockEndpoint;
  /** Whether an Authorization header was present. */
  authorization: boolean;
  /** The Content-Type header, if any. */
  contentType?: string;
  /** The mock clock when it arrived. */
  time: number;
}

/** The emulator's in-memory state. Mutable: tests may inspect it and seed it directly. */
export interface MockDb {
  accounts: Set<string>;
  /** token → account ids it can access. */
  tokens: Map<string, Set<string>>;
  jobs: Map<string, MockJob>;
  documents: Map<string, MockDocument>;
  /** stagingPath → staged file. */
  staged: Map<string, StagedFile>;
  requests: RecordedRequest[];
}

/** Options of `createDocumentsApiMock`. */
export interface DocumentsApiMockOptions {
  /** The API's environment root (the client appends `/api/v2/accounts/…`); may carry a path prefix. Defaults to `'http://api.lightreach.test'`. */
  baseUrl?: string;
  /** The storage origin signed upload and view URLs point at; may carry a path prefix. Defaults to `'http://storage.localhost'`. */
  storageUrl?: string;
  /** The clock used for `expiresAt`, expiry checks, timestamps and `meta`. Defaults to `Date.now`. */
  now?: () => number;
  /** Delay after a job's last byte lands before `complete`. Defaults to `200`. */
  processingDelayMs?: number;
  /** Delay between `complete` and `imageVariantsReady` for jobs with images. Defaults to `300`. */
  variantsDelayMs?: number;
  /** Emit `imageVariantsReady` before `complete` (the contract allows either order). Defaults to `false`. */
  variantsBeforeComplete?: boolean;
  /** Interval of SSE heartbeat comments. Defaults to `30000`. */
  heartbeatMs?: number;
  /** Types whose `grouped` default is `false` (each file its own document). Defaults to `['roofPhoto', 'sitePhoto']`. */
  splitTypes?: string[];
  /** Types whose view URLs are token-protected proxy URLs on the API origin. Defaults to `['governmentId']`. */
  sensitiveTypes?: string[];
  /** Valid document types. Defaults to `KNOWN_DOCUMENT_TYPES`. */
  documentTypes?: string[];
  /** Extension allowlist with canonical MIME types. Defaults to `DEFAULT_EXTENSIONS`. */
  extensions?: Record<string, string>;
  /**
   * Lifetime of signed view URLs, per type or for all; a number must be within 20–60 minutes (function results
   * are clamped to it). Defaults to 60 minutes.
   */
  viewUrlTtlMs?: number | ((type: string) => number);
  /** The seeded default account. Defaults to `'acc_demo'`. */
  accountId?: string;
  /** The seeded token with access to the default account. Defaults to `'token_demo'`. */
  token?: string;
  /** Extra accounts, tokens and documents to start with (documents go to the default account unless they name one). */
  seed?: { accounts?: string[]; tokens?: Record<string, string[]>; documents?: SeedDocument[] };
  /** Accepted for compatibility with msw's `quiet`; the emulator never logs. Defaults to `true`. */
  quiet?: boolean;
}

/** Switches that make the emulator misbehave on purpose. Each affects only this mock instance. */
export interface FaultControl {
  /** The next `count` PUTs to upload URLs fail: with `status` (default 500) and `body`, or as a network error. Bytes are not stored. */
  failNextPuts(count: number, fault?: { status?: number; network?: boolean; body?: string }): void;
  /**
   * Holds PUT responses (the bytes are read first, and land only when released) until `release()` or, with `ms`,
   * for that long. `count` limits how many PUTs are held; defaults to every PUT until released.
   */
  stallPuts(options?: { count?: number; ms?: number }): { release(): void };
  /** The next `count` (default 1) SSE streams end abruptly (stream error) after `events` data events. */
  dropSseAfter(events: number, options?: { count?: number }): void;
  /** Stops (or with `false` resumes) heartbeat comments on SSE streams. */
  stopHeartbeats(stopped?: boolean): void;
  /** `upload-progress` answers 503 so clients must poll. */
  sseUnavailable(unavailable?: boolean): void;
  /** That job (now, if it is still in progress), or the next one created, emits `failed` with `message` instead of completing. */
  failJob(jobId: string, message?: string): void;
  /** Jobs stay `awaitingUpload`/`queued` forever after their bytes land (for timeout tests). */
  neverComplete(enabled?: boolean): void;
  /** Every upload and view URL issued so far is expired now; URLs issued later are valid. */
  expireAllUrls(): void;
  /** The next `count` (default 1) requests to `endpoint` answer 429 with `Retry-After` (seconds or HTTP-date; default `'1'`). */
  rateLimit(endpoint: MockEndpoint, options?: { count?: number; retryAfter?: string }): void;
  /**
   * The next `count` (default 1) requests to `endpoint` answer `status` (default 500) with `body` and `headers`
   * (e.g. a 302 with a `location`).
   */
  failEndpoint(
    endpoint: MockEndpoint,
    options?: { status?: number; count?: number; body?: unknown; headers?: Record<string, string> },
  ): void;
  /**
   * Requests to `endpoint` get no answer at all (a server or proxy that hangs), without any timer: the next `count`
   * of them (default: every one until released). `release()` lets the held ones (and later ones) be answered as
   * usual; `held()` is how many are waiting now. A request whose client aborts is dropped, and `reset()` or
   * `dispose()` drops every held one (a network error nobody reads), so nothing stays pending.
   */
  hangEndpoint(endpoint: MockEndpoint, options?: { count?: number }): { release(): void; held(): number };
  /** Adds `ms` of latency to `endpoint`, or to every endpoint when omitted. `0` removes it. */
  latency(ms: number, endpoint?: MockEndpoint): void;
  /** v2 init answers 503 (clients fall back to the v1 multipart endpoint). */
  v2Unavailable(unavailable?: boolean): void;
  /**
   * A hostile or broken server: every upload URL (init's `files[].uploadUrl`) and view URL (`viewUrls[].url` of
   * every document served, in reads, job events and v1) issued from now on is `rewrite(url, field)`. Without an
   * argument, URLs are the emulator's own again.
   */
  rewriteUrls(rewrite?: (url: string, field: 'uploadUrl' | 'viewUrl') => string): void;
  /**
   * A broken server or proxy: init answers list their files in reverse order (each URL still signed for its own
   * file), so a client that matched URLs to files by position alone would PUT bytes to the wrong file.
   */
  misorderInit(enabled?: boolean): void;
  /**
   * A proxy that mixes streams: every SSE stream opened from now on starts with a `failed` event whose `jobId` is
   * another job's. A client must ignore it.
   */
  crossJobEvents(enabled?: boolean): void;
  /** Turns every switch off, releases stalled PUTs and drops requests held by `hangEndpoint`. */
  reset(): void;
}

/** The emulator returned by `createDocumentsApiMock`. */
export interface DocumentsApiMock {
  /** msw handlers: `setupServer(...mock.handlers)` or `setupWorker(...mock.handlers)`. */
  handlers: RequestHandler[];
  /** The API root (no trailing slash). */
  baseUrl: string;
  /** The storage root (no trailing slash). */
  storageUrl: string;
  /** The default account. */
  accountId: string;
  /** A token with access to the default account. */
  token: string;
  /** The in-memory state. */
  db: MockDb;
  /** Fault injection. */
  control: FaultControl;
  /** Adds (or replaces) a token with access to `accountIds` (the accounts are created). */
  addToken(token: string, accountIds: string[]): void;
  /** Adds an account (no token can access it until {@link DocumentsApiMock.addToken}). */
  addAccount(accountId: string): void;
  /** Stores documents (default account unless given) and returns them as the API would. */
  seedDocuments(docs: SeedDocument[], accountId?: string): Promise<Document[]>;
  /** Runs one request through the handlers; `undefined` when no handler matches. */
  handle(request: Request): Promise<Response | undefined>;
  /** How many SSE streams are open (for one job, or in all): lets tests check that streams close. */
  openStreams(jobId?: string): number;
  /** Resolves when no worker step is pending (every job whose bytes landed has settled). */
  flush(): Promise<void>;
  /** Clears jobs, documents, staged files, recorded requests and faults; keeps the default account and token. */
  reset(): void;
  /** Clears every timer and closes every open SSE stream. */
  dispose(): void;
}
