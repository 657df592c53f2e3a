/**
 * The engine's state: plain data, no handles (no XHR, timer or tracker: those live in the runner, by effect key).
 *
 * A file's state is a union by phase, each variant carrying exactly its own fields, so that contradictions (a
 * target on a stored file, `processing` without landed bytes) cannot be written down. Whether a file's bytes landed
 * and which job it belongs to are read from its phase ({@link landed}, {@link jobOf}); a job lists its files.
 */
import type { FileRejection, FileRules } from '../api/documentTypes';
import type { Document, ExternalReference } from '../api/schemas';
import type { ResolvedRetryOptions } from './backoff';
import type { UploadError, UploadJobStatus, UploadStatus } from './types';

export type NamedBlob = Blob & { readonly name: string };

/** A signed upload URL, bound to a Content-Type, and when it expires (ms since the epoch). */
export interface Target {
  readonly url: string;
  readonly contentType: string;
  readonly expiresAt: number;
}

/** What every file carries, whatever its phase. */
interface FileBase {
  readonly id: string;
  readonly file: NamedBlob;
  readonly name: string;
  readonly size: number;
  /** Transfers started (PUT or v1). */
  readonly attempt: number;
  /** Failed transfer attempts since the file was (re)started by hand. */
  readonly failures: number;
  /** New inits caused by expired URLs since then (guards against a skewed clock). */
  readonly reinits: number;
  /** The request settings the file was added with (re-inits and retries keep them; `update` changes later files). */
  readonly settings: Settings;
  /** When the current streak of network failures began (ms), to bound it by time rather than attempts. */
  readonly failingSince: number | undefined;
  /** Init answered 503 for it: its bytes go (or went) through the v1 fallback. */
  readonly viaV1: boolean;
}

/** What shapes a file's requests: its document type, grouping and external reference. */
export interface Settings {
  readonly type: string;
  readonly grouped: boolean | undefined;
  readonly externalReference: ExternalReference | undefined;
}

/**
 * Where a file is. Comments give the public {@link UploadStatus} each phase shows (`waiting` instead of `queued`
 * while the engine is offline).
 */
export type Phase =
  /** `rejected`: refused before any request. */
  | {
      readonly phase: 'rejected';
      readonly rejection: FileRejection<Blob>['errors'];
      readonly error?: UploadError;
    }
  /** `collected`: accepted and kept until `start` (collect, then upload). */
  | { readonly phase: 'collected' }
  /** `queued`: accepted, in a batch whose init is not sent yet (inits go just in time, see `pumpInits`). */
  | { readonly phase: 'pending'; readonly batch: number }
  /** `initializing`: announced to an init call in flight (`batch`). */
  | { readonly phase: 'announcing'; readonly batch: number }
  /** `queued`: has a URL, waits for a transfer slot. */
  | { readonly phase: 'queued'; readonly job: string; readonly target: Target }
  /** `queued`: a failed attempt waits out its backoff (effect `f:<id>`). */
  | { readonly phase: 'backoff'; readonly job: string; readonly target: Target }
  /**
   * `uploading` / `finalizing` (every byte handed over, no answer yet): the PUT `f:<id>` runs. `slot` (shown as
   * `queued`): it waits for a slot of the shared pool.
   */
  | {
      readonly phase: 'sending';
      readonly job: string;
      readonly target: Target;
      readonly loaded: number;
      readonly step: 'slot' | 'uploading' | 'finalizing';
    }
  /** The v1 multipart fallback (init answered 503): `step` is the status. */
  | {
      readonly phase: 'v1';
      readonly batch: number;
      readonly loaded: number;
      readonly step: 'queued' | 'slot' | 'uploading' | 'finalizing';
    }
  /** `processing`: bytes stored, the job is on its way to documents. */
  | { readonly phase: 'stored'; readonly job: string }
  | { readonly phase: 'complete'; readonly job: string; readonly documentIds: readonly string[] }
  | {
      readonly phase: 'failed';
      readonly error: UploadError;
      readonly job?: string | undefined;
      /** Kept while unused, so that a retry can reuse the job. */
      readonly target?: Target | undefined;
      readonly landed: boolean;
    }
  | {
      readonly phase: 'canceled';
      readonly job?: string | undefined;
      readonly target?: Target | undefined;
      readonly landed: boolean;
    };

export type FileState = FileBase & Phase;
export type PhaseName = Phase['phase'];

/** One upload job: an init's answer (or a finished v1 upload, id `v1:<n>`). */
export interface JobState {
  readonly id: string;
  /** Its files, in request order. */
  readonly files: readonly string[];
  readonly status: UploadJobStatus;
  readonly documents: readonly Document[];
  readonly variantsReady: boolean;
  readonly error: UploadError | undefined;
  readonly viaV1: boolean;
  readonly grouped: boolean | undefined;
  /** A file announced to it was removed before landing: the server will never complete it. */
  readonly dropped: boolean;
  /** The tracker `j:<id>` runs. */
  readonly tracking: boolean;
}

/** Files sent to one init (effect `b:<id>`), or, after a 503, to one v1 multipart upload. */
export interface BatchState {
  readonly id: number;
  /** The files of the request in flight, or of the next one. */
  readonly files: readonly string[];
  readonly settings: Settings;
  readonly tries: number;
  /** When the current streak of network failures began. */
  readonly failingSince: number | undefined;
  /** Its init is in flight (or waits out a backoff); `false`: not sent yet (just in time) or held while offline. */
  readonly sent: boolean;
  /** Init answered 503: the files go as one v1 upload. */
  readonly v1: boolean;
  /** The v1 upload is in flight (it holds a transfer slot). */
  readonly sending: boolean;
}

/** A unit of work waiting for a transfer slot. */
export type Task = { readonly put: string } | { readonly v1: number };

export interface EngineState {
  readonly files: ReadonlyMap<string, FileState>;
  readonly jobs: ReadonlyMap<string, JobState>;
  readonly batches: ReadonlyMap<number, BatchState>;
  readonly queue: readonly Task[];
  /** Every document created so far, in completion order. */
  readonly documents: readonly Document[];
  /** Bytes handed to the network so far (the rate meter reads its growth). */
  readonly sent: number;
  /** The id sequence: item ids, batch ids and v1 job ids. */
  readonly seq: number;
  /** `false` while the browser is offline: nothing starts, and network failures wait instead of counting. */
  readonly online: boolean;
  readonly disposed: boolean;
}

/** The resolved options the reducer decides with. */
export interface EngineConfig {
  /** The settings of files added now (`update` replaces them; files already added keep theirs). */
  readonly settings: Settings;
  readonly concurrency: number;
  readonly retry: ResolvedRetryOptions;
  /** Upload URLs expiring within this many ms are never used. */
  readonly margin: number;
  readonly rules: FileRules;
  /** Makes item ids unique across uploaders. */
  readonly idPrefix: string;
  /** A PUT with no progress and no answer for this long is aborted and retried (the runner's watchdog). */
  readonly stallMs: number;
  /** Reject a file equal (name, size, lastModified) to one active or stored. */
  readonly rejectDuplicates: boolean;
}

/** What a transition may read besides the state: the clock, randomness (backoff jitter) and the config. */
export interface Ctx {
  readonly now: number;
  readonly random: () => number;
  readonly config: EngineConfig;
}

export const initialState = (): EngineState => ({
  files: new Map(),
  jobs: new Map(),
  batches: new Map(),
  queue: [],
  documents: [],
  sent: 0,
  seq: 0,
  online: true,
  disposed: false,
});

/** The status of the phases whose status is not their name (`queued` shows `waiting` while offline). */
const STATUS: Partial<Record<PhaseName, UploadStatus>> = {
  announcing: 'initializing',
  pending: 'queued',
  backoff: 'queued',
  stored: 'processing',
};

/** The public status a file shows. */
export function statusOf(file: FileState, online = true): UploadStatus {
  const status =
    (file as { step?: UploadStatus | 'slot' }).step ?? STATUS[file.phase] ?? (file.phase as UploadStatus);
  return status === 'slot' || status === 'queued' ? (online ? 'queued' : 'waiting') : status;
}

/** Whether the file's bytes reached storage. */
export function landed(file: FileState): boolean {
  return (
    file.phase === 'stored' || file.phase === 'complete' || (file as { landed?: boolean }).landed === true
  );
}

/** The job the file belongs to, if any. */
export const jobOf = (file: FileState): string | undefined => (file as { job?: string }).job;

/** The batch the file is in (pending, announcing or v1), if any. */
export const batchOf = (file: FileState): number | undefined => (file as { batch?: number }).batch;

/** The file's unused upload URL, if any. */
export const targetOf = (file: FileState): Target | undefined => (file as { target?: Target }).target;

/** The phases with no work ahead (every other phase is active). */
const TERMINAL_PHASES: ReadonlySet<PhaseName> = new Set([
  'rejected',
  'collected',
  'complete',
  'failed',
  'canceled',
]);

/** Whether the file has work ahead. */
export const isActive = (file: FileState): boolean => !TERMINAL_PHASES.has(file.phase);

/** Whether the file is done, one way or another. */
export const isTerminal = (file: FileState): boolean => TERMINAL_PHASES.has(file.phase);

/** The files listed under `ids` that still point back at `owner`. */
const members = (
  state: EngineState,
  ids: readonly string[],
  owner: (file: FileState) => boolean,
): FileState[] =>
  ids.map((id) => state.files.get(id)).filter((file): file is FileState => file !== undefined && owner(file));

/** The files that belong to `job` (listed by it and pointing back at it). */
export const jobFiles = (state: EngineState, job: JobState): FileState[] =>
  members(state, job.files, (file) => jobOf(file) === job.id);

/** The live files of a batch (pending or announcing). */
export const batchFiles = (state: EngineState, batch: BatchState): FileState[] =>
  members(state, batch.files, (file) => batchOf(file) === batch.id);

/**
 * The sibling that failed for good and holds a grouped job's landed files: a grouped job makes one document, so
 * they wait (instead of being sent again in a new job) until that file is retried or removed.
 */
export function heldBy(state: EngineState, job: JobState): FileState | undefined {
  if (job.grouped !== true || job.tracking) return undefined;
  const files = jobFiles(state, job);
  return files.some(landed) ? files.find((f) => f.phase === 'failed' && !f.landed) : undefined;
}

/** The failed file a stored file waits for, if its job is held. */
export function waitsFor(state: EngineState, file: FileState): FileState | undefined {
  const job = file.phase === 'stored' ? state.jobs.get(file.job) : undefined;
  return job && heldBy(state, job);
}

/** Whether a failed file can still become a document without being sent again (see persistence). */
export function awaitsJob(file: FileState): boolean {
  return (
    file.phase === 'failed' &&
    file.landed &&
    file.job !== undefined &&
    file.error.retryable &&
    file.error.code !== 'job-failed'
  );
}

/** PUTs and v1 uploads in flight. */
export function inFlight(state: Pick<EngineState, 'files' | 'batches'>): number {
  let count = 0;
  for (const file of state.files.values()) if (file.phase === 'sending') count += 1;
  for (const batch of state.batches.values()) if (batch.sending) count += 1;
  return count;
}
