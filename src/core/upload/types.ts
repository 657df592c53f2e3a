/**
 * Public types of the upload engine (`createUploader`). The engine owns in-flight upload state and exposes it as an
 * observable store (`subscribe` / `getSnapshot`) that React reads with `useSyncExternalStore`.
 */
import type { DocumentsClient } from '../api/client';
import type { FileRejection, FileRules } from '../api/documentTypes';
import type { DocumentsError } from '../api/errors';
import type { Document, ExternalReference } from '../api/schemas';

/** A file's place in the upload pipeline; the same strings appear in the DOM as `data-status`. */
export type UploadStatus =
  | 'rejected'
  /** Added with `add(files, { collect: true })`: judged and kept, sent by `start()` (collect, then upload). */
  | 'collected'
  | 'queued'
  /** Queued, but the browser is offline: it starts by itself when the connection returns. */
  | 'waiting'
  | 'initializing'
  | 'uploading'
  | 'finalizing'
  | 'processing'
  | 'complete'
  | 'failed'
  | 'canceled';

/** The error on a failed item: a typed {@link DocumentsError} (see `retryable`). */
export type UploadError = DocumentsError;

/** One file in the engine. Immutable: a change produces a new object. */
export interface UploadItem {
  /** Stable id of this item within the uploader. */
  readonly id: string;
  /** The file itself (the body sent to storage; never read into memory). */
  readonly file: Blob & { readonly name: string };
  /** The file's name (as sent to init). */
  readonly name: string;
  /** The file's size in bytes. */
  readonly size: number;
  readonly status: UploadStatus;
  /** Bytes sent so far in the current attempt. */
  readonly loaded: number;
  /** Bytes to send (the file size). */
  readonly total: number;
  /** Attempt number of the current or last transfer, starting at 1 (0 before any). */
  readonly attempt: number;
  /** Why the item failed (status `failed`), or why it was rejected (status `rejected`, as `rejection`). */
  readonly error: UploadError | undefined;
  /** For `rejected` items: every reason, as returned by `validateFiles`. */
  readonly rejection: FileRejection<File | Blob>['errors'] | undefined;
  /** The upload job this file belongs to, once initialised. */
  readonly jobId: string | undefined;
  /** Ids of the documents created from this file, once `complete`. */
  readonly documentIds: readonly string[];
  /** Whether this item went through the v1 multipart fallback (init answered 503). */
  readonly viaV1: boolean;
  /**
   * With `grouped: true`: the name of a file of the same job that failed for good. This file's bytes are stored
   * (`processing`), and the group's one document waits for that file to be retried or removed.
   */
  readonly waitingFor?: string | undefined;
}

/** Status of one upload job (one init call). */
export type UploadJobStatus = 'uploading' | 'processing' | 'complete' | 'failed' | 'canceled';

/** One upload job (one init call, at most 25 files). */
export interface UploadJob {
  readonly id: string;
  readonly status: UploadJobStatus;
  /** Ids of the items in this job. */
  readonly itemIds: readonly string[];
  /** Documents the job created (after `complete`), enriched with variants after `imageVariantsReady`. */
  readonly documents: readonly Document[];
  /** Whether `imageVariantsReady` has arrived. */
  readonly variantsReady: boolean;
  /** The server's message when the job `failed`. */
  readonly error: UploadError | undefined;
  /**
   * Whether this "job" is a v1 multipart upload (init answered 503). Such jobs have ids starting with `v1:`, are
   * not known to the server, and are `complete` as soon as the upload returns.
   */
  readonly viaV1?: boolean;
}

/** Counts of items by status. */
export type UploadCounts = Readonly<Record<UploadStatus, number>>;

/** Aggregate progress across items. Byte-weighted; failed, canceled and rejected files are excluded. */
export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
  /** 0–100, rounded down (never 100 before every counted file is stored). */
  readonly percent: number;
  /** Smoothed transfer rate, bytes per second (0 when idle). */
  readonly bytesPerSecond: number;
  /** Estimated seconds left for the bytes, or `undefined` when unknown. */
  readonly etaSeconds: number | undefined;
  readonly counts: UploadCounts;
}

/** Overall status of an uploader. */
export type UploaderStatus = 'idle' | 'uploading' | 'processing' | 'complete' | 'failed';

/** The immutable state of an uploader: the same object until something changed. */
export interface UploadSnapshot {
  readonly items: readonly UploadItem[];
  readonly jobs: readonly UploadJob[];
  readonly progress: UploadProgress;
  /** `uploading` while any bytes are in flight or queued, `processing` while waiting on jobs, then `complete`/`failed`; `idle` when empty. */
  readonly status: UploaderStatus;
  /** Every document created so far, in completion order. */
  readonly documents: readonly Document[];
  /** `false` while the browser reports no connection: queued files show `waiting` and start when it returns. */
  readonly online: boolean;
}

/** Retry policy for transfers and API calls: capped exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts in all, the first included. Defaults to `4`. */
  attempts?: number;
  /** First backoff in ms. Defaults to `500`. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Defaults to `15000`. */
  maxDelayMs?: number;
  /**
   * The longest Retry-After (429/503) waited before trying again. A server asking for longer fails the call with its
   * retryable error, whose message says when to try again. Defaults to `60000` (1 min).
   */
  maxRetryAfterMs?: number;
  /**
   * How long network errors (no answer, a stalled transfer, a timeout) are retried while the browser is online
   * before a file fails; `attempts` does not limit them. Offline time does not count. Defaults to `120000` (2 min).
   */
  networkRetryWindowMs?: number;
}

/** Reports whether the browser has a connection, and when that changes. */
export interface Connectivity {
  isOnline(): boolean;
  /** Calls `listener` on every change; returns the unsubscribe. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/** How jobs are followed after their bytes landed. */
export interface TrackingOptions {
  /** `sse` (fetch + eventsource-parser, falling back to polling) or `poll` only. Defaults to `'sse'`. */
  mode?: 'sse' | 'poll';
  /** Polling interval in ms. Defaults to `2000`. */
  pollIntervalMs?: number;
  /** The server's heartbeat interval; the stall watchdog fires after twice this. Defaults to `30000`. */
  heartbeatMs?: number;
  /** SSE failures in a row before switching to polling. Defaults to `3`. */
  maxSseFailures?: number;
  /** Give up on a job after this long (retryable error that keeps the job id). Defaults to `600000` (10 min). */
  timeoutMs?: number;
  /**
   * After `complete`, how long to keep listening for `imageVariantsReady` before stopping quietly (the documents are
   * final; only the variant URLs would be missing). Defaults to `120000` (2 min).
   */
  variantsTimeoutMs?: number;
}

/** Where in-flight job ids and per-file status are kept across reloads. Never URLs, never tokens. */
export interface UploadPersistence {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What `resume()` found after a reload. */
export interface ResumeResult {
  /** Documents of jobs whose bytes had all landed and that completed. */
  documents: Document[];
  /** Names of files that had not landed and must be picked again. */
  needsReselect: { name: string; size: number }[];
}

/** A transfer of bytes with progress: XMLHttpRequest by default, injectable for tests and other runtimes. */
export interface UploadTransport {
  send(request: TransportRequest): TransportHandle;
}

/** One transfer. */
export interface TransportRequest {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Blob | FormData;
  /** Bytes handed to the network so far. */
  onProgress(loaded: number, total: number): void;
}

/** A running transfer. `response` rejects with a NetworkError/AbortedError; HTTP errors resolve with their status. */
export interface TransportHandle {
  response: Promise<{ status: number; body: string; headers: { get(name: string): string | null } }>;
  abort(): void;
}

/** Options of `createUploader`. */
export interface UploaderOptions {
  client: DocumentsClient;
  /** Document type of every file in this uploader. */
  type: string;
  /** One document for all files (`true`), one per file (`false`), or the type's default (omitted). */
  grouped?: boolean;
  externalReference?: ExternalReference;
  /** PUTs in flight at once, across jobs. Defaults to `4`, or the pool's (`pool`); never more than the pool's. */
  concurrency?: number;
  /**
   * Transfer slots and SSE streams shared with other uploaders (`createUploadPool`; `DocumentsProvider` gives every
   * uploader below it one). Defaults to a pool of this uploader's own, with the page-wide SSE budget per API origin.
   */
  pool?: UploadPool;
  /** Reject a file equal (name, size, lastModified) to one already active or stored here (`duplicate`). Defaults to `true`. */
  rejectDuplicates?: boolean;
  /** Online/offline source. Defaults to `navigator.onLine` and the window's `online`/`offline` events. */
  connectivity?: Connectivity;
  retry?: RetryOptions;
  tracking?: TrackingOptions;
  /** Validation before any request. Defaults to the default allowlist, no size or count limit. */
  rules?: FileRules;
  /** Upload URLs expiring within this margin are never used (re-init instead). Defaults to `120000` (2 min). */
  urlExpiryMarginMs?: number;
  /**
   * A PUT with no upload progress and no answer for this long is aborted and retried as a network error (while
   * finalizing, it counts from the last byte handed over). Defaults to `30000` (30 s).
   */
  stallTimeoutMs?: number;
  /** Where to keep recovery state. Defaults to sessionStorage in browsers, nothing elsewhere; `false` disables. */
  persistence?: UploadPersistence | false;
  /**
   * Key prefix in `persistence`: the record is kept under `<prefix>:<accountId>:<type>[:<persistenceId>]`. Defaults
   * to `lrd:uploads`.
   */
  persistenceKey?: string;
  /** Tells this uploader's record from others of the same account and type (a form field's name). Defaults to none. */
  persistenceId?: string;
  /** Transport for the bytes. Defaults to XMLHttpRequest. */
  transport?: UploadTransport;
  /** Clock, for tests. Defaults to `Date.now`. */
  now?: () => number;
  onFileComplete?: (item: UploadItem) => void;
  onJobComplete?: (documents: Document[], job: UploadJob) => void;
  onVariantsReady?: (documents: Document[], job: UploadJob) => void;
  onError?: (error: UploadError, item: UploadItem | undefined) => void;
}

/** Options `update` can change on a live uploader. */
export type UploaderUpdate = Partial<
  Pick<
    UploaderOptions,
    | 'type'
    | 'grouped'
    | 'externalReference'
    | 'concurrency'
    | 'rules'
    | 'rejectDuplicates'
    | 'onFileComplete'
    | 'onJobComplete'
    | 'onVariantsReady'
    | 'onError'
  >
>;

/** Transfer slots and SSE streams shared by uploaders: see `createUploadPool`. */
export interface UploadPool {
  /** PUTs and v1 uploads in flight at once across its uploaders. */
  readonly concurrency: number;
  /** SSE streams open at once per API origin; jobs beyond it are polled until one is free. */
  readonly maxStreamsPerOrigin: number;
  /**
   * Runs `start` when a transfer slot is free (first come, first served). Both `start`'s argument and the returned
   * function give the slot back (or leave the line); calling them again does nothing.
   */
  acquire(start: (release: () => void) => void): () => void;
  /** Takes an SSE stream slot for `origin` if one is free; returns its release, or `undefined`. */
  tryStream(origin: string): (() => void) | undefined;
  /** Transfers running now / waiting for a slot. */
  readonly active: number;
  readonly waiting: number;
}

/** Options of `add`. */
export interface AddOptions {
  /**
   * Keep the accepted files as `collected` instead of sending them: they are judged now (rules, counts,
   * duplicates), can be reordered with `move` and removed, and go as one set of jobs — with `grouped`, one
   * document in their order — when `start()` is called. Defaults to `false`.
   */
  collect?: boolean;
}

/** The outcome of `add`. */
export interface AddResult {
  accepted: UploadItem[];
  rejected: UploadItem[];
}

/** An observable upload store. */
export interface Uploader {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploadSnapshot;
  /** Validates and queues files; uploads start at once (or, with `collect`, when `start()` is called). */
  add(files: Iterable<File | Blob>, options?: AddOptions): AddResult;
  /** Sends `collected` files (those named, in the order named; all, in list order, when none are named). */
  start(ids?: readonly string[]): void;
  /** Moves a `collected` file to `index` among the collected files (their upload order). */
  move(id: string, index: number): void;
  /** Uploads files and resolves with the created documents (rejects with a typed error). */
  upload(files: Iterable<File | Blob>): Promise<Document[]>;
  /** Cancels one item, or everything in flight when no id is given. */
  cancel(id?: string): void;
  /** Retries one failed/canceled item, or every retryable one when no id is given. */
  retry(id?: string): void;
  /** Removes an item from the list (canceling it first if active). */
  remove(id: string): void;
  /** Cancels everything in flight and empties the list. */
  clear(): void;
  /**
   * Re-attaches to jobs kept in persistence (after a reload); settles once they are done. `onNeedsReselect` hears at
   * once (before that) of the files that must be picked again, when there are any.
   */
  resume(options?: {
    onNeedsReselect?: (files: ResumeResult['needsReselect']) => void;
  }): Promise<ResumeResult>;
  /**
   * Changes options in place: callbacks and rules at once, `concurrency` from the next start, `type`, `grouped` and
   * `externalReference` for files added after the call (files already added finish under theirs).
   */
  update(options: UploaderUpdate): void;
  /** Stops everything: no timer, listener or request is left. */
  dispose(): void;
}
