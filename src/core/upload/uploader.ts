/**
 * The upload engine: validation → batching (≤ 25 files per init) → init → signed PUTs with progress (at most
 * `concurrency` in flight across jobs) → job tracking (SSE, falling back to polling) → documents.
 *
 * Resilience rules (DESIGN.md decisions 1–7, 10, 12):
 * - Transfers and API calls are retried on network errors, 408, 429 (Retry-After honoured) and 5xx with capped
 *   exponential backoff and full jitter: by default 4 attempts, 500 ms base, 15 s cap. 400, 403 (Content-Type) and
 *   404 are not retried.
 * - An upload URL that expired or expires within `urlExpiryMarginMs` is never used: before every PUT (first try or
 *   retry) the engine checks it and re-inits the files of that job (a new job). A storage 403 "expired" also leads to
 *   re-init, never to a failure. See `reinit` for why landed files of that job go along.
 * - Init answering 503 sends that batch through the v1 multipart endpoint (XHR POST, with progress).
 * - `imageVariantsReady` implies completion: it carries the final documents and closes the stream, so when it
 *   arrives before `complete` the job is completed with its (already enriched) documents; a later `complete` is
 *   ignored.
 * - Subscribers are notified at most once per animation frame (50 ms without rAF); `getSnapshot()` is always current.
 */
import type { DocumentsClient } from '../api/client';
import { isAbortError } from '../api/client';
import { MAX_FILES_PER_JOB, validateFiles } from '../api/documentTypes';
import {
  AbortedError,
  ConfigurationError,
  DocumentsError,
  ForbiddenError,
  InvalidRequestError,
  JobFailedError,
  UnavailableError,
  errorFromResponse,
} from '../api/errors';
import type { Document, InitUploadRequest, JobEvent } from '../api/schemas';
import {
  isExpiredUrlError,
  isRetryableError,
  resolveRetryOptions,
  retryDelayFor,
  type ResolvedRetryOptions,
} from './backoff';
import { matchDocuments, mergeDocuments } from './documents';
import {
  resolveTrackingOptions,
  trackJob,
  type JobTracker,
  type ResolvedTrackingOptions,
} from './jobTracker';
import { createNotifier, notifySpacingMs } from './notifier';
import { createPersistenceStore, type PersistedFile } from './persistence';
import { computeProgress, createRateMeter } from './progress';
import { createTimerSet } from './timers';
import type {
  AddResult,
  ResumeResult,
  TransportHandle,
  UploadError,
  UploadItem,
  UploadJob,
  UploadSnapshot,
  UploadStatus,
  UploadTransport,
  Uploader,
  UploaderOptions,
  UploaderStatus,
} from './types';
import { ACTIVE_UPLOAD_STATUSES } from './types';
import { createXhrTransport } from './xhrTransport';

/** PUTs in flight at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 4;
/** Margin before an upload URL's expiry when `urlExpiryMarginMs` is not given: 2 minutes. */
export const DEFAULT_URL_EXPIRY_MARGIN_MS = 120_000;
/** Re-inits of one file caused by expired URLs before the engine gives up (guards against a skewed clock). */
const MAX_REINITS_PER_FILE = 5;
const PUT_OPERATION = 'PUT upload';

type NamedBlob = Blob & { readonly name: string };

interface Target {
  url: string;
  contentType: string;
  expiresAt: number;
}

/** A group of files sent to one init (and, on 503, to one v1 upload). */
interface Batch {
  ids: string[];
  grouped: boolean | undefined;
  controller: AbortController;
  tries: number;
  /** The v1 transfer in flight, if this batch fell back to v1. */
  handle: TransportHandle | undefined;
}

interface Entry {
  item: UploadItem;
  target: Target | undefined;
  landed: boolean;
  handle: TransportHandle | undefined;
  cancelWait: (() => void) | undefined;
  /** Bumped on cancel/retry/re-init: continuations of an older run are ignored. */
  run: number;
  /** Failed attempts since the last manual retry. */
  failures: number;
  reinits: number;
  batch: Batch | undefined;
  /** Whether the file was placed in a grouped job (re-inits then take the whole job). */
  grouped: boolean | undefined;
}

interface JobEntry {
  job: UploadJob;
  tracker: JobTracker | undefined;
  grouped: boolean | undefined;
  /** A file announced to this job was removed before its bytes landed: the server will never complete the job. */
  dropped: boolean;
}

/** A v2 job whose files are on their way (from an init, or re-attached by `resume()`). */
function newJobEntry(id: string, itemIds: string[], grouped: boolean | undefined): JobEntry {
  return {
    job: {
      id,
      status: 'uploading',
      itemIds,
      documents: [],
      variantsReady: false,
      error: undefined,
      viaV1: false,
    },
    tracker: undefined,
    grouped,
    dropped: false,
  };
}

type Task = { kind: 'put'; id: string } | { kind: 'v1'; batch: Batch };

/** Per job, the failed file that holds it (see `heldBy`), worked out once per pass over many files. */
type Holders = Map<JobEntry, Entry | undefined>;

interface Waiter {
  ids: string[];
  resolve(documents: Document[]): void;
  reject(error: unknown): void;
}

const ACTIVE: ReadonlySet<UploadStatus> = new Set(ACTIVE_UPLOAD_STATUSES);
const SENDING: ReadonlySet<UploadStatus> = new Set(['queued', 'initializing', 'uploading', 'finalizing']);
const TERMINAL: ReadonlySet<UploadStatus> = new Set(['complete', 'failed', 'canceled', 'rejected']);

let nextItemId = 0;
let nextV1Job = 0;

function newItemId(): string {
  nextItemId += 1;
  return `upload-${nextItemId}`;
}

function fileName(file: File | Blob): string {
  const name = (file as Partial<File>).name;
  return typeof name === 'string' ? name : '';
}

function asNamed(file: File | Blob, name: string): NamedBlob {
  return (file as Partial<File>).name === name ? (file as NamedBlob) : Object.assign(file, { name });
}

/** A placeholder body for a file known only by name and size (recovered after a reload). */
function placeholderFile(name: string): NamedBlob {
  return Object.assign(new Blob([]), { name });
}

function report(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    // A throwing listener must not break the engine; surface it as an uncaught error instead of swallowing it.
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * Creates an upload engine: an observable store of files and jobs, read with `subscribe`/`getSnapshot` (e.g. by
 * `useSyncExternalStore`). Nothing is sent until files are added; nothing touches browser globals before then.
 */
export function createUploader(options: UploaderOptions): Uploader {
  const client: DocumentsClient = options.client;
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ConfigurationError('createUploader needs a document `type` (a non-empty string).');
  }
  const type = options.type;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const retry: ResolvedRetryOptions = resolveRetryOptions(options.retry);
  const tracking: ResolvedTrackingOptions = resolveTrackingOptions(options.tracking);
  const margin = Math.max(0, options.urlExpiryMarginMs ?? DEFAULT_URL_EXPIRY_MARGIN_MS);
  const now = options.now ?? (() => Date.now());
  let transport: UploadTransport | undefined = options.transport;
  const getTransport = (): UploadTransport => (transport ??= createXhrTransport());
  const store = createPersistenceStore(
    options.persistence,
    options.persistenceKey ?? `lrd:uploads:${client.accountId}:${type}`,
  );

  const timers = createTimerSet();
  const rate = createRateMeter();
  const entries = new Map<string, Entry>();
  const jobs = new Map<string, JobEntry>();
  const batches = new Set<Batch>();
  const queue: Task[] = [];
  const waiters = new Set<Waiter>();
  let documents: Document[] = [];
  let inFlight = 0;
  let disposed = false;
  /** Read through a call: TypeScript would keep a narrowing of the variable across awaits. */
  const isDisposed = (): boolean => disposed;
  let dirty = true;
  let snapshot: UploadSnapshot | undefined;

  // Progress of many files is coalesced so that subscribers' work stays flat as files are added (notifier.ts). The
  // spacing follows every item in the snapshot, finished ones too: a list redraws all its rows on each notification.
  const notifier = createNotifier({ spacing: () => notifySpacingMs(entries.size) });

  // ---------------------------------------------------------------- state

  /** `urgent`: subscribers hear of it on the next frame (files added, removed, started again or stopped short). */
  const changed = (urgent = false): void => {
    dirty = true;
    notifier.schedule(urgent);
  };

  const patch = (entry: Entry, changes: Partial<UploadItem>): UploadItem => {
    const wasActive = ACTIVE.has(entry.item.status);
    entry.item = { ...entry.item, ...changes };
    // Progress, steps within an upload and completion may wait out the spacing (notifier.ts); a file that starts
    // again or stops short (failed, canceled) is heard of on the next frame.
    const { status } = entry.item;
    changed(wasActive !== ACTIVE.has(status) && status !== 'complete');
    return entry.item;
  };

  const patchJob = (job: JobEntry, changes: Partial<UploadJob>): UploadJob => {
    job.job = { ...job.job, ...changes };
    changed();
    return job.job;
  };

  const overallStatus = (items: readonly UploadItem[]): UploaderStatus => {
    let processing = false;
    let failed = false;
    let complete = false;
    for (const item of items) {
      if (SENDING.has(item.status)) return 'uploading';
      if (item.status === 'processing') processing = true;
      else if (item.status === 'failed') failed = true;
      else if (item.status === 'complete') complete = true;
    }
    if (processing) return 'processing';
    if (failed) return 'failed';
    if (complete) return 'complete';
    return 'idle';
  };

  /** Jobs in the order of their first file (inits may answer in any order). */
  const orderedJobs = (items: readonly UploadItem[]): UploadJob[] => {
    const position = new Map(items.map((item, index) => [item.id, index]));
    const first = (job: UploadJob): number =>
      Math.min(
        Number.MAX_SAFE_INTEGER,
        ...job.itemIds.map((id) => position.get(id) ?? Number.MAX_SAFE_INTEGER),
      );
    return [...jobs.values()].map((j) => j.job).sort((a, b) => first(a) - first(b));
  };

  /** Snapshot views of held items (see heldBy), by the item they decorate: stable until either changes. */
  const waitingViews = new WeakMap<UploadItem, UploadItem>();
  const withWaiting = (entry: Entry, holders: Holders): UploadItem => {
    const holder = waitsFor(entry, holders);
    if (holder === undefined) return entry.item;
    const cached = waitingViews.get(entry.item);
    if (cached?.waitingFor === holder.item.name) return cached;
    const view = { ...entry.item, waitingFor: holder.item.name };
    waitingViews.set(entry.item, view);
    return view;
  };

  const getSnapshot = (): UploadSnapshot => {
    if (!dirty && snapshot !== undefined) return snapshot;
    const holders: Holders = new Map();
    const items = [...entries.values()].map((entry) => withWaiting(entry, holders));
    const sending = items.some((i) => i.status === 'uploading' || i.status === 'finalizing');
    snapshot = Object.freeze({
      items: Object.freeze(items),
      jobs: Object.freeze(orderedJobs(items)),
      progress: Object.freeze(computeProgress(items, rate.read(now(), sending))),
      status: overallStatus(items),
      documents: Object.freeze([...documents]),
    });
    dirty = false;
    return snapshot;
  };

  /**
   * Whether a failed file can still become a document without being sent again: its bytes landed in a job that did
   * not fail, and only following the job gave up (a tracking timeout). It stays in the recovery record, so that a
   * reloaded page re-attaches to the job instead of losing its documents (or uploading the file a second time).
   */
  const awaitsJob = (entry: Entry): boolean => {
    const { item } = entry;
    return (
      item.status === 'failed' &&
      entry.landed &&
      item.jobId !== undefined &&
      item.error?.retryable === true &&
      !(item.error instanceof JobFailedError)
    );
  };

  const persist = (): void => {
    const files: PersistedFile[] = [];
    for (const entry of entries.values()) {
      const { item } = entry;
      if ((!ACTIVE.has(item.status) && !awaitsJob(entry)) || item.viaV1) continue;
      files.push({
        name: item.name,
        size: item.size,
        jobId: item.jobId ?? null,
        landed: entry.landed,
        status: item.status,
      });
    }
    store.write(files);
  };

  const documentsOf = (ids: readonly string[]): Document[] => {
    const byId = new Map<string, Document>();
    for (const job of jobs.values()) for (const doc of job.job.documents) byId.set(doc.id, doc);
    for (const doc of documents) byId.set(doc.id, doc);
    const out: Document[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      for (const docId of entries.get(id)?.item.documentIds ?? []) {
        const doc = byId.get(docId);
        if (doc !== undefined && !seen.has(docId)) {
          seen.add(docId);
          out.push(doc);
        }
      }
    }
    return out;
  };

  const settleWaiters = (): void => {
    let flushed = false;
    for (const waiter of [...waiters]) {
      const members = waiter.ids.map((id) => entries.get(id));
      const holders: Holders = new Map();
      // A held file (see heldBy) counts as settled: the upload rejects with its failed sibling's error.
      const holderOf = (e: Entry | undefined) => (e === undefined ? undefined : waitsFor(e, holders));
      if (members.some((e) => e !== undefined && !TERMINAL.has(e.item.status) && holderOf(e) === undefined))
        continue;
      const items = members.map((e) => e?.item);
      const failed =
        items.find((item) => item?.status === 'failed') ?? members.map(holderOf).find(Boolean)?.item;
      waiters.delete(waiter);
      // Subscribers see the final state before `upload()` settles: code after `await upload(…)` reads it.
      if (!flushed) notifier.flush();
      flushed = true;
      if (failed?.error !== undefined) waiter.reject(failed.error);
      else if (items.some((item) => item === undefined || item.status !== 'complete'))
        waiter.reject(new AbortedError('The upload was canceled.', { operation: 'upload' }));
      else waiter.resolve(documentsOf(waiter.ids));
    }
  };

  /** Stops what is in flight for `entry` (a PUT, a retry wait); late callbacks of the old run are then ignored. */
  const stopWork = (entry: Entry): void => {
    entry.run += 1;
    entry.cancelWait?.();
    entry.cancelWait = undefined;
    const handle = entry.handle;
    entry.handle = undefined;
    handle?.abort();
  };

  const fail = (entry: Entry, error: UploadError): void => {
    entry.run += 1;
    entry.handle = undefined;
    entry.batch = undefined;
    const item = patch(entry, { status: 'failed', error, loaded: 0 });
    if (options.onError !== undefined) {
      const onError = options.onError;
      report(() => {
        onError(error, item);
      });
    }
  };

  // ---------------------------------------------------------------- scheduling

  const expiringSoon = (target: Target): boolean => target.expiresAt - now() <= margin;

  const enqueue = (task: Task, front = false): void => {
    if (front) queue.unshift(task);
    else queue.push(task);
  };

  const pump = (): void => {
    while (!isDisposed() && inFlight < concurrency && queue.length > 0) {
      const task = queue.shift();
      if (task === undefined) break;
      if (task.kind === 'v1') {
        if (batchMembers(task.batch).length > 0) void runV1(task.batch);
        continue;
      }
      const entry = entries.get(task.id);
      if (entry?.item.status !== 'queued' || entry.target === undefined || entry.batch !== undefined)
        continue;
      if (expiringSoon(entry.target)) {
        // Never use a URL that expired or is about to: re-init instead.
        reinit(entry, undefined);
        continue;
      }
      startPut(entry, entry.target);
    }
  };

  const schedulePump = (): void => {
    queueMicrotask(pump);
  };

  // ---------------------------------------------------------------- init

  const batchMembers = (batch: Batch): Entry[] =>
    batch.ids.map((id) => entries.get(id)).filter((e): e is Entry => e?.batch === batch);

  const startBatches = (
    ids: readonly string[],
    grouped: boolean | undefined,
    batchSize: number = MAX_FILES_PER_JOB,
  ): void => {
    const size = Math.max(1, Math.min(MAX_FILES_PER_JOB, batchSize));
    for (let i = 0; i < ids.length; i += size) {
      const batch: Batch = {
        ids: ids.slice(i, i + size),
        grouped,
        controller: new AbortController(),
        tries: 0,
        handle: undefined,
      };
      batches.add(batch);
      for (const id of batch.ids) {
        const entry = entries.get(id);
        if (entry === undefined) continue;
        entry.run += 1;
        entry.batch = batch;
        entry.grouped = grouped;
        entry.target = undefined;
        entry.landed = false;
        patch(entry, { status: 'initializing', jobId: undefined, loaded: 0, error: undefined, viaV1: false });
      }
      void runInit(batch);
    }
    persist();
  };

  const endBatch = (batch: Batch): void => {
    batches.delete(batch);
    batch.controller.abort();
  };

  const runInit = async (batch: Batch): Promise<void> => {
    const members = batchMembers(batch);
    if (members.length === 0 || isDisposed()) {
      endBatch(batch);
      return;
    }
    const request: InitUploadRequest = {
      files: members.map((e) => ({ filename: e.item.name, size: e.item.size })),
      type,
    };
    const fields: NonNullable<InitUploadRequest['fields']> = {};
    if (batch.grouped !== undefined) fields.grouped = batch.grouped;
    if (options.externalReference !== undefined) fields.externalReference = options.externalReference;
    if (Object.keys(fields).length > 0) request.fields = fields;

    let response: Awaited<ReturnType<DocumentsClient['initUpload']>>;
    try {
      response = await client.initUpload(request, { signal: batch.controller.signal });
    } catch (error) {
      if (isDisposed() || batch.controller.signal.aborted || isAbortError(error)) return;
      if (error instanceof UnavailableError && error.status === 503) {
        startV1(batch);
        return;
      }
      batch.tries += 1;
      if (isRetryableError(error) && batch.tries < retry.attempts) {
        const wait = retryDelayFor(error, batch.tries, retry);
        try {
          await timers.sleep(wait, batch.controller.signal);
        } catch {
          return;
        }
        await runInit(batch);
        return;
      }
      endBatch(batch);
      const failure = asUploadError(error, 'initUpload');
      for (const entry of batchMembers(batch)) fail(entry, failure);
      persist();
      settleWaiters();
      return;
    }
    endBatch(batch);
    if (isDisposed()) return;
    const live = members.filter((e) => e.batch === batch);
    if (live.length < members.length) {
      // Files were canceled during init: the server would wait for their bytes forever. Nothing was sent yet, so
      // announce the others again instead.
      if (live.length > 0)
        startBatches(
          live.map((e) => e.item.id),
          batch.grouped,
        );
      return;
    }
    const expiresAtOf = (text: string): number => {
      const parsed = Date.parse(text);
      return Number.isNaN(parsed) ? now() : parsed;
    };
    const itemIds: string[] = [];
    members.forEach((entry, index) => {
      const file = response.files[index];
      if (entry.batch !== batch || file === undefined) return;
      entry.batch = undefined;
      entry.target = {
        url: file.uploadUrl,
        contentType: file.contentType,
        expiresAt: expiresAtOf(file.expiresAt),
      };
      patch(entry, { status: 'queued', jobId: response.jobId });
      itemIds.push(entry.item.id);
      enqueue({ kind: 'put', id: entry.item.id });
    });
    if (itemIds.length > 0) {
      jobs.set(response.jobId, newJobEntry(response.jobId, itemIds, batch.grouped));
      changed();
    }
    persist();
    pump();
  };

  const asUploadError = (error: unknown, operation: string): UploadError =>
    error instanceof DocumentsError
      ? error
      : new DocumentsError('server', `${operation} failed.`, { operation, cause: error, retryable: true });

  // ---------------------------------------------------------------- PUT

  const jobOf = (entry: Entry): JobEntry | undefined =>
    entry.item.jobId === undefined ? undefined : jobs.get(entry.item.jobId);

  const startPut = (entry: Entry, target: Target): void => {
    inFlight += 1;
    const run = entry.run;
    const size = entry.item.size;
    patch(entry, { status: 'uploading', loaded: 0, attempt: entry.item.attempt + 1, error: undefined });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight -= 1;
      if (entry.run === run) entry.handle = undefined;
      schedulePump();
    };
    let handle: TransportHandle;
    try {
      handle = getTransport().send({
        method: 'PUT',
        url: target.url,
        // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
        headers: { 'Content-Type': target.contentType },
        body: entry.item.file,
        onProgress: (loaded) => {
          if (entry.run !== run || isDisposed()) return;
          const clamped = Math.max(0, Math.min(loaded, size));
          rate.add(clamped - entry.item.loaded);
          patch(entry, { loaded: clamped, status: clamped >= size ? 'finalizing' : 'uploading' });
        },
      });
    } catch (error) {
      release();
      fail(entry, asUploadError(error, PUT_OPERATION));
      settleWaiters();
      return;
    }
    entry.handle = handle;
    handle.response.then(
      (response) => {
        release();
        if (entry.run !== run || isDisposed()) return;
        if (response.status >= 200 && response.status < 300) {
          landed(entry);
          return;
        }
        onTransferError(
          entry,
          errorFromResponse(response.status, response.body, response.headers, {
            operation: PUT_OPERATION,
            storage: true,
            now: now(),
          }),
        );
      },
      (error: unknown) => {
        release();
        if (entry.run !== run || isDisposed()) return;
        onTransferError(entry, asUploadError(error, PUT_OPERATION));
      },
    );
  };

  const landed = (entry: Entry): void => {
    entry.landed = true;
    // The signed URL is a secret with no further use: drop it.
    entry.target = undefined;
    patch(entry, { status: 'processing', loaded: entry.item.size, error: undefined });
    persist();
    const job = jobOf(entry);
    if (job !== undefined) maybeTrack(job);
  };

  const onTransferError = (entry: Entry, error: UploadError): void => {
    if (isExpiredUrlError(error)) {
      // Not a failure: the URL outlived its signature. New URLs, new job.
      reinit(entry, error);
      return;
    }
    entry.failures += 1;
    if (isRetryableError(error) && entry.failures < retry.attempts) {
      const run = entry.run;
      patch(entry, { status: 'queued', loaded: 0 });
      entry.cancelWait = timers.set(
        () => {
          entry.cancelWait = undefined;
          if (entry.run !== run || isDisposed()) return;
          enqueue({ kind: 'put', id: entry.item.id }, true);
          pump();
        },
        retryDelayFor(error, entry.failures, retry),
      );
      return;
    }
    fail(entry, error);
    persist();
    const job = jobOf(entry);
    if (job !== undefined) maybeTrack(job);
    settleWaiters();
  };

  // ---------------------------------------------------------------- URL lifecycle

  /**
   * Gets new URLs for `entry`'s job: a new init (so a new job) for every file of the job that is still active.
   * The server completes a job only once every file it announced has landed, so files left behind in the old job
   * would never become documents: the landed ones are sent again, and the old job is abandoned. With the queue
   * running jobs in order, the job whose URLs run out is usually one that has not started, so little is re-sent.
   */
  const reinit = (entry: Entry, cause: UploadError | undefined): void => {
    const job = jobOf(entry);
    const members = job === undefined ? [entry] : jobMembers(job).filter((e) => ACTIVE.has(e.item.status));
    for (const member of members) stopWork(member);
    if (job !== undefined) forgetJob(job);
    const exhausted = members.filter((e) => e.reinits >= MAX_REINITS_PER_FILE);
    const fresh = members.filter((e) => e.reinits < MAX_REINITS_PER_FILE);
    for (const member of exhausted) {
      fail(
        member,
        cause ??
          new ForbiddenError(
            `${PUT_OPERATION} failed: the upload URLs kept expiring (is the device clock right?).`,
            { operation: PUT_OPERATION, reason: 'expired' },
          ),
      );
    }
    for (const member of fresh) member.reinits += 1;
    const grouped = job?.grouped ?? entry.grouped;
    // Some bytes had landed and the URLs still ran out: the job is too big for this link. When files may go to
    // separate jobs (grouped: false), halve it so that the next jobs fit in the URLs' lifetime.
    const tooBig = grouped === false && members.some((e) => e.landed);
    if (fresh.length > 0)
      startBatches(
        fresh.map((e) => e.item.id),
        grouped,
        tooBig ? Math.ceil(fresh.length / 2) : MAX_FILES_PER_JOB,
      );
    else persist();
    if (exhausted.length > 0) settleWaiters();
  };

  // ---------------------------------------------------------------- v1 fallback

  const startV1 = (batch: Batch): void => {
    batch.tries = 0;
    for (const entry of batchMembers(batch)) patch(entry, { status: 'queued', viaV1: true });
    enqueue({ kind: 'v1', batch });
    pump();
  };

  const runV1 = async (batch: Batch): Promise<void> => {
    const members = batchMembers(batch);
    inFlight += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight -= 1;
      batch.handle = undefined;
      schedulePump();
    };
    const sizes = members.map((e) => e.item.size);
    const totalSize = sizes.reduce((a, b) => a + b, 0);
    for (const entry of members)
      patch(entry, { status: 'uploading', loaded: 0, attempt: entry.item.attempt + 1, error: undefined });
    const attempt = async (forceRefresh: boolean): Promise<Document[]> => {
      const request = await client.v1UploadRequest(
        {
          files: members.map((e) => e.item.file),
          filenames: members.map((e) => e.item.name),
          type,
          grouped: batch.grouped,
          externalReference: options.externalReference,
        },
        { forceRefresh },
      );
      if (batch.controller.signal.aborted) throw new AbortedError('uploadV1 was aborted.');
      const handle = getTransport().send({
        method: 'POST',
        url: request.url,
        headers: request.headers,
        body: request.body,
        onProgress: (loaded, total) => {
          if (batch.controller.signal.aborted || isDisposed()) return;
          // Spread the multipart's progress over its files, in order.
          let sent = total > 0 ? (loaded / total) * totalSize : loaded;
          members.forEach((entry, index) => {
            const size = sizes[index] ?? 0;
            const part = Math.max(0, Math.min(size, Math.floor(sent)));
            sent -= size;
            if (entry.batch !== batch) return;
            rate.add(part - entry.item.loaded);
            patch(entry, { loaded: part, status: part >= size ? 'finalizing' : 'uploading' });
          });
        },
      });
      batch.handle = handle;
      const response = await handle.response;
      if (response.status === 401 && !forceRefresh) return attempt(true);
      return client.parseV1Response(response.status, response.body, response.headers);
    };
    let result: Document[];
    try {
      result = await attempt(false);
    } catch (error) {
      release();
      if (isDisposed() || batch.controller.signal.aborted || isAbortError(error)) return;
      batch.tries += 1;
      if (isRetryableError(error) && batch.tries < retry.attempts) {
        for (const entry of batchMembers(batch)) patch(entry, { status: 'queued', loaded: 0 });
        try {
          await timers.sleep(retryDelayFor(error, batch.tries, retry), batch.controller.signal);
        } catch {
          return;
        }
        enqueue({ kind: 'v1', batch }, true);
        pump();
        return;
      }
      endBatch(batch);
      const failure = asUploadError(error, 'uploadV1');
      for (const entry of batchMembers(batch)) fail(entry, failure);
      settleWaiters();
      return;
    }
    release();
    endBatch(batch);
    if (isDisposed()) return;
    const done = members.filter((e) => e.batch === batch);
    nextV1Job += 1;
    const job: JobEntry = {
      job: {
        id: `v1:${nextV1Job}`,
        status: 'complete',
        itemIds: done.map((e) => e.item.id),
        documents: result,
        variantsReady: false,
        error: undefined,
        viaV1: true,
      },
      tracker: undefined,
      grouped: batch.grouped,
      dropped: false,
    };
    jobs.set(job.job.id, job);
    for (const entry of done) {
      entry.batch = undefined;
      entry.landed = true;
      patch(entry, { jobId: job.job.id });
    }
    completeJob(job, result);
  };

  // ---------------------------------------------------------------- tracking

  const jobMembers = (job: JobEntry): Entry[] =>
    job.job.itemIds
      .map((id) => entries.get(id))
      .filter((e): e is Entry => e !== undefined && e.item.jobId === job.job.id);

  /**
   * The sibling that failed for good and holds a grouped job's landed files: a grouped job makes one document, so
   * they are kept (not sent again in a new job) until that file is retried (same job while its URL holds, else the
   * whole group in a new one) or removed (then the landed ones go on without it). `undefined` when nothing holds.
   */
  const heldBy = (job: JobEntry, members: readonly Entry[] = jobMembers(job)): Entry | undefined =>
    job.grouped === true && job.tracker === undefined && members.some((e) => e.landed)
      ? members.find((e) => !e.landed && e.item.status === 'failed')
      : undefined;

  /** The failed file a landed file of a held job waits for; `holders` keeps one answer per job for a pass. */
  const waitsFor = (entry: Entry, holders: Holders): Entry | undefined => {
    if (!entry.landed || entry.item.status !== 'processing') return undefined;
    const job = jobOf(entry);
    if (job === undefined) return undefined;
    if (!holders.has(job)) holders.set(job, heldBy(job));
    return holders.get(job);
  };

  /**
   * Starts tracking once every file of the job landed. When every file landed or dropped out (failed for good,
   * canceled) and some dropped out, the job can never complete (the server waits for every file it announced):
   * the landed files are sent again in a new job, and the old job is forgotten — except in a grouped job whose
   * missing file failed and can still be retried ({@link heldBy}).
   */
  const maybeTrack = (job: JobEntry): void => {
    if (isDisposed() || job.tracker !== undefined || job.job.status !== 'uploading' || job.job.viaV1 === true)
      return;
    const members = jobMembers(job);
    if (members.some((e) => !e.landed && ACTIVE.has(e.item.status))) return;
    const landedMembers = members.filter((e) => e.landed && e.item.status === 'processing');
    if (landedMembers.length === 0) return;
    const out = members.filter((e) => !e.landed);
    if (out.length === 0 && !job.dropped) {
      startTracking(job);
      return;
    }
    if (heldBy(job, members) !== undefined) {
      settleWaiters();
      return;
    }
    forgetJob(job);
    startBatches(
      landedMembers.map((e) => e.item.id),
      job.grouped,
    );
  };

  /** Drops a job that will never complete; its failed or canceled files no longer belong to a job. */
  const forgetJob = (job: JobEntry): void => {
    job.tracker?.stop();
    job.tracker = undefined;
    jobs.delete(job.job.id);
    for (const entry of jobMembers(job))
      if (!ACTIVE.has(entry.item.status)) patch(entry, { jobId: undefined });
    changed();
  };

  const startTracking = (job: JobEntry): void => {
    patchJob(job, { status: 'processing', error: undefined });
    const jobId = job.job.id;
    const tracker = trackJob({
      client,
      jobId,
      tracking,
      retry,
      timers,
      onEvent: (event) => {
        if (job.tracker === tracker) onJobEvent(job, event);
      },
      onFailure: (error) => {
        if (job.tracker !== tracker) return;
        job.tracker = undefined;
        failJob(job, error);
      },
    });
    job.tracker = tracker;
    void tracker.done.then(() => {
      if (job.tracker === tracker) job.tracker = undefined;
    });
  };

  const onJobEvent = (job: JobEntry, event: JobEvent): void => {
    if (isDisposed()) return;
    switch (event.type) {
      case 'complete':
        if (job.job.status !== 'complete') completeJob(job, event.documents);
        return;
      case 'imageVariantsReady':
        if (job.job.status !== 'complete') completeJob(job, event.documents);
        variantsReady(job, event.documents);
        return;
      case 'failed':
        failJob(job, new JobFailedError(`The upload job failed: ${event.error}`, { jobId: job.job.id }));
        return;
      default:
        return;
    }
  };

  const completeJob = (job: JobEntry, docs: Document[]): void => {
    const members = jobMembers(job).filter((e) => e.landed && e.item.status !== 'canceled');
    const matched = matchDocuments(
      members.map((e) => ({ id: e.item.id, name: e.item.name })),
      docs,
    );
    const finished = patchJob(job, { status: 'complete', documents: docs, error: undefined });
    documents = mergeDocuments(documents, docs);
    const completed: UploadItem[] = [];
    for (const entry of members) {
      entry.run += 1;
      completed.push(
        patch(entry, {
          status: 'complete',
          error: undefined,
          loaded: entry.item.size,
          documentIds: matched.get(entry.item.id) ?? [],
        }),
      );
    }
    persist();
    if (options.onFileComplete !== undefined) {
      const onFileComplete = options.onFileComplete;
      for (const item of completed)
        report(() => {
          onFileComplete(item);
        });
    }
    if (options.onJobComplete !== undefined) {
      const onJobComplete = options.onJobComplete;
      report(() => {
        onJobComplete([...docs], finished);
      });
    }
    settleWaiters();
  };

  const variantsReady = (job: JobEntry, docs: Document[]): void => {
    const updated = patchJob(job, {
      documents: mergeDocuments(job.job.documents, docs),
      variantsReady: true,
    });
    documents = mergeDocuments(documents, docs);
    changed();
    if (options.onVariantsReady !== undefined) {
      const onVariantsReady = options.onVariantsReady;
      report(() => {
        onVariantsReady([...docs], updated);
      });
    }
  };

  const failJob = (job: JobEntry, error: UploadError): void => {
    if (job.job.status === 'complete') return;
    patchJob(job, { status: 'failed', error });
    for (const entry of jobMembers(job)) if (entry.item.status === 'processing') fail(entry, error);
    persist();
    settleWaiters();
  };

  // ---------------------------------------------------------------- public: add / upload

  const assertUsable = (): void => {
    if (isDisposed()) throw new ConfigurationError('This uploader was disposed; create a new one.');
  };

  const acceptedCount = (): number => {
    let count = 0;
    for (const entry of entries.values())
      if (entry.item.status !== 'rejected' && entry.item.status !== 'canceled') count += 1;
    return count;
  };

  const newEntry = (file: File | Blob, status: UploadStatus): Entry => {
    const name = fileName(file);
    const item: UploadItem = {
      id: newItemId(),
      file: asNamed(file, name),
      name,
      size: file.size,
      status,
      loaded: 0,
      total: file.size,
      attempt: 0,
      error: undefined,
      rejection: undefined,
      jobId: undefined,
      documentIds: [],
      viaV1: false,
    };
    const entry: Entry = {
      item,
      target: undefined,
      landed: false,
      handle: undefined,
      cancelWait: undefined,
      run: 0,
      failures: 0,
      reinits: 0,
      batch: undefined,
      grouped: options.grouped,
    };
    entries.set(item.id, entry);
    changed(true);
    return entry;
  };

  const groupedTooLarge = (count: number): ConfigurationError =>
    new ConfigurationError(
      `grouped: true makes one document, and one upload job carries at most ${MAX_FILES_PER_JOB} files; got ${count}. ` +
        'Send fewer files, or use grouped: false.',
    );

  interface Prepared {
    result: AddResult;
    error: DocumentsError | undefined;
  }

  const prepare = (files: Iterable<File | Blob>, start: boolean, strict: boolean): Prepared => {
    assertUsable();
    const list = [...files];
    const validation = validateFiles(
      list.map((file) => ({ file, name: fileName(file), size: file.size })),
      options.rules ?? {},
      { alreadyAccepted: acceptedCount() },
    );
    const rejected: UploadItem[] = [];
    for (const { file, errors } of validation.rejected) {
      const entry = newEntry(file.file, 'rejected');
      rejected.push(patch(entry, { rejection: errors }));
    }
    let error: DocumentsError | undefined;
    if (options.grouped === true && validation.accepted.length > MAX_FILES_PER_JOB) {
      error = groupedTooLarge(validation.accepted.length);
      for (const { file } of validation.accepted) {
        const entry = newEntry(file, 'rejected');
        rejected.push(
          patch(entry, { error, rejection: [{ code: 'too-many-files', message: error.message }] }),
        );
      }
      if (options.onError !== undefined) {
        const onError = options.onError;
        const reported = error;
        report(() => {
          onError(reported, undefined);
        });
      }
      return { result: { accepted: [], rejected }, error };
    }
    if (strict && rejected.length > 0) {
      const reasons = validation.rejected
        .slice(0, 3)
        .map((r) => `${r.file.name || '(unnamed)'}: ${r.errors.map((e) => e.message).join(' ')}`)
        .join('; ');
      error = new InvalidRequestError(
        `${rejected.length} of ${list.length} files were rejected, so nothing was uploaded (${reasons}${rejected.length > 3 ? '; …' : ''}).`,
        { operation: 'upload' },
      );
      return { result: { accepted: [], rejected }, error };
    }
    const accepted = validation.accepted.map(({ file }) => newEntry(file, 'queued'));
    if (start && accepted.length > 0)
      startBatches(
        accepted.map((e) => e.item.id),
        options.grouped,
      );
    return { result: { accepted: accepted.map((e) => e.item), rejected }, error };
  };

  // ---------------------------------------------------------------- public: cancel / retry / remove

  /** Cancels entries (no job bookkeeping). Returns the jobs touched. */
  const cancelEntries = (targets: Entry[]): Set<JobEntry> => {
    const touched = new Set<JobEntry>();
    const v1Batches = new Set<Batch>();
    for (const entry of targets) {
      if (!ACTIVE.has(entry.item.status)) continue;
      stopWork(entry);
      const batch = entry.batch;
      entry.batch = undefined;
      if (batch !== undefined) {
        if (batch.handle !== undefined) v1Batches.add(batch);
        else if (batchMembers(batch).length === 0) endBatch(batch);
      }
      const job = jobOf(entry);
      if (job !== undefined) touched.add(job);
      patch(entry, { status: 'canceled', loaded: 0, error: undefined });
    }
    for (const batch of v1Batches) {
      // One multipart carries every file of the batch: abort it and send the others again.
      const rest = batchMembers(batch);
      batch.handle?.abort();
      endBatch(batch);
      if (rest.length > 0) {
        const again: Batch = {
          ids: rest.map((e) => e.item.id),
          grouped: batch.grouped,
          controller: new AbortController(),
          tries: 0,
          handle: undefined,
        };
        batches.add(again);
        for (const entry of rest) entry.batch = again;
        startV1(again);
      }
    }
    return touched;
  };

  const settleJobsAfterCancel = (touched: Set<JobEntry>): void => {
    for (const job of touched) {
      const members = jobMembers(job);
      if (members.every((e) => e.item.status === 'canceled')) {
        job.tracker?.stop();
        job.tracker = undefined;
        if (job.job.status !== 'complete') patchJob(job, { status: 'canceled' });
      } else if (job.tracker !== undefined && !members.some((e) => e.item.status === 'processing')) {
        job.tracker.stop();
        job.tracker = undefined;
        patchJob(job, { status: 'canceled' });
      } else maybeTrack(job);
    }
  };

  const cancel = (id?: string): void => {
    if (isDisposed()) return;
    const targets =
      id === undefined ? [...entries.values()] : [entries.get(id)].filter((e) => e !== undefined);
    const touched = cancelEntries(targets);
    settleJobsAfterCancel(touched);
    persist();
    settleWaiters();
    schedulePump();
  };

  const retryEntries = (targets: Entry[], explicit: boolean): void => {
    const reinitIds: string[] = [];
    const reattach = new Set<JobEntry>();
    let grouped: boolean | undefined = options.grouped;
    for (const entry of targets) {
      const { item } = entry;
      if (item.status !== 'failed' && item.status !== 'canceled') continue;
      if (!explicit && item.status === 'failed' && item.error?.retryable === false) continue;
      entry.failures = 0;
      entry.reinits = 0;
      entry.run += 1;
      const job = jobOf(entry);
      const jobFailed = item.error instanceof JobFailedError;
      if (entry.landed && job !== undefined && !jobFailed && job.job.status !== 'complete') {
        // Bytes are stored: follow the same job again instead of uploading them again.
        patch(entry, { status: 'processing', error: undefined, loaded: item.size });
        reattach.add(job);
        continue;
      }
      if (
        !entry.landed &&
        !jobFailed &&
        job !== undefined &&
        job.tracker === undefined &&
        job.job.status !== 'complete' &&
        entry.target !== undefined &&
        !expiringSoon(entry.target)
      ) {
        // Its URL is still good: reuse the job.
        patch(entry, { status: 'queued', error: undefined, loaded: 0 });
        if (job.job.status !== 'uploading') patchJob(job, { status: 'uploading', error: undefined });
        enqueue({ kind: 'put', id: item.id });
        continue;
      }
      if (job !== undefined && heldBy(job) !== undefined) {
        // Its URL is gone, and the group makes one document: the landed files go again with it, in a new job.
        const landedIds = jobMembers(job)
          .filter((e) => e.landed && e.item.status === 'processing')
          .map((e) => e.item.id);
        forgetJob(job);
        grouped = true;
        reinitIds.push(item.id, ...landedIds);
        continue;
      }
      if (job !== undefined) {
        grouped = job.grouped;
        patchJob(job, { itemIds: job.job.itemIds.filter((x) => x !== item.id) });
      } else if (entry.grouped !== undefined) grouped = entry.grouped;
      reinitIds.push(item.id);
    }
    for (const job of reattach) {
      if (job.tracker === undefined) {
        patchJob(job, { status: 'uploading' });
        startTracking(job);
      }
    }
    if (reinitIds.length > 0) startBatches(reinitIds, grouped);
    persist();
    pump();
  };

  const retryItems = (id?: string): void => {
    if (isDisposed()) return;
    if (id === undefined) retryEntries([...entries.values()], false);
    else {
      const entry = entries.get(id);
      if (entry !== undefined) retryEntries([entry], true);
    }
  };

  const removeEntries = (ids: readonly string[]): void => {
    const targets = ids.map((id) => entries.get(id)).filter((e): e is Entry => e !== undefined);
    const touched = cancelEntries(targets);
    for (const entry of targets) {
      entries.delete(entry.item.id);
      const job = jobOf(entry);
      if (job !== undefined) {
        touched.add(job);
        if (!entry.landed) job.dropped = true;
        const itemIds = job.job.itemIds.filter((x) => x !== entry.item.id);
        patchJob(job, { itemIds });
      }
    }
    for (const job of touched) {
      if (job.job.itemIds.length === 0) {
        job.tracker?.stop();
        jobs.delete(job.job.id);
        touched.delete(job);
      }
    }
    settleJobsAfterCancel(touched);
    changed(true);
    persist();
    settleWaiters();
    schedulePump();
  };

  // ---------------------------------------------------------------- public: resume

  const resume = async (): Promise<ResumeResult> => {
    assertUsable();
    const records = store.read();
    const needsReselect: ResumeResult['needsReselect'] = [];
    const byJob = new Map<string, PersistedFile[]>();
    for (const record of records) {
      if (record.jobId === null) needsReselect.push({ name: record.name, size: record.size });
      else {
        const list = byJob.get(record.jobId) ?? [];
        list.push(record);
        byJob.set(record.jobId, list);
      }
    }
    const ids: string[] = [];
    for (const [jobId, files] of byJob) {
      if (jobs.has(jobId)) continue; // this uploader is already following it
      if (!files.every((f) => f.landed)) {
        // The job cannot complete without the missing bytes, and the File objects are gone.
        for (const f of files) needsReselect.push({ name: f.name, size: f.size });
        continue;
      }
      const itemIds: string[] = [];
      for (const f of files) {
        const entry = newEntry(placeholderFile(f.name), 'processing');
        entry.landed = true;
        patch(entry, { size: f.size, total: f.size, loaded: f.size, jobId });
        itemIds.push(entry.item.id);
      }
      ids.push(...itemIds);
      const job = newJobEntry(jobId, itemIds, undefined);
      jobs.set(jobId, job);
      startTracking(job);
    }
    persist();
    if (ids.length === 0) return { documents: [], needsReselect };
    const resumed = await new Promise<Document[]>((resolve) => {
      waiters.add({
        ids,
        resolve,
        reject: () => {
          resolve(documentsOf(ids));
        },
      });
      settleWaiters();
    });
    return { documents: resumed, needsReselect };
  };

  // ---------------------------------------------------------------- public object

  return {
    subscribe(listener) {
      return notifier.subscribe(listener);
    },
    getSnapshot,
    add(files) {
      return prepare(files, true, false).result;
    },
    upload(files) {
      let prepared: Prepared;
      try {
        prepared = prepare(files, true, true);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new ConfigurationError(String(error)));
      }
      if (prepared.error !== undefined) return Promise.reject(prepared.error);
      const ids = prepared.result.accepted.map((item) => item.id);
      if (ids.length === 0) {
        return Promise.reject(
          new InvalidRequestError('upload() needs at least one file.', { operation: 'upload' }),
        );
      }
      return new Promise<Document[]>((resolve, reject) => {
        waiters.add({ ids, resolve, reject });
        settleWaiters();
      });
    },
    cancel,
    retry: retryItems,
    remove(id) {
      if (isDisposed()) return;
      removeEntries([id]);
    },
    clear() {
      if (isDisposed()) return;
      removeEntries([...entries.keys()]);
      for (const job of jobs.values()) job.tracker?.stop();
      jobs.clear();
      documents = [];
      changed(true);
      store.clear();
    },
    resume,
    dispose() {
      if (isDisposed()) return;
      const pending = [...entries.values()].filter((e) => ACTIVE.has(e.item.status));
      disposed = true;
      for (const entry of pending) stopWork(entry);
      for (const batch of [...batches]) {
        batch.handle?.abort();
        endBatch(batch);
      }
      for (const job of jobs.values()) {
        job.tracker?.stop();
        job.tracker = undefined;
      }
      queue.length = 0;
      timers.clearAll();
      notifier.dispose();
      for (const waiter of [...waiters])
        waiter.reject(new AbortedError('The uploader was disposed.', { operation: 'upload' }));
      waiters.clear();
    },
  };
}
