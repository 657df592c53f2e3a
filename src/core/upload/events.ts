/**
 * What can happen to the engine (events: commands from the user and outcomes reported by the runner), what the
 * reducer asks the world to do (effects, each under a key that names the work it owns) and which user callbacks a
 * transition calls (emits).
 *
 * Effect keys: `f:<fileId>` (a PUT or its retry wait), `b:<batchId>` (an init, a v1 upload, or their retry wait),
 * `j:<jobId>` (a job tracker). Starting an effect under a key stops whatever ran under it; the runner drops every
 * outcome of work that is no longer the current one under its key.
 */
import type { Document, InitUploadRequest, InitUploadResponse, JobEvent } from '../api/schemas';
import type { PersistedFile } from './persistence';
import type { UploadError } from './types';

/** A file given to `add` or `upload`. */
export type Incoming = File | Blob;

export type Command =
  /** `strict`: any rejection refuses the whole call (`upload()`); `collect`: keep them for `start`. */
  | {
      readonly type: 'add';
      readonly files: readonly Incoming[];
      readonly strict: boolean;
      readonly collect?: boolean | undefined;
    }
  /** Send collected files (`ids` in that order; all when omitted). */
  | { readonly type: 'start'; readonly ids?: readonly string[] | undefined }
  /** Move a collected file to `index` among the collected files. */
  | { readonly type: 'move'; readonly id: string; readonly index: number }
  | { readonly type: 'cancel'; readonly id?: string | undefined }
  | { readonly type: 'retry'; readonly id?: string | undefined }
  | { readonly type: 'remove'; readonly ids: readonly string[] }
  | { readonly type: 'clear' }
  /** Re-attach to the jobs of a recovery record (after a reload). */
  | { readonly type: 'resume'; readonly files: readonly PersistedFile[] }
  /** The browser went online or offline. */
  | { readonly type: 'connectivity'; readonly online: boolean }
  /** The options changed (`update`): work the new ones allow starts. */
  | { readonly type: 'configured' }
  | { readonly type: 'dispose' };

export type Outcome =
  | { readonly type: 'initOk'; readonly batch: number; readonly response: InitUploadResponse }
  /** `offline`: the browser reported no connection when it failed. */
  | {
      readonly type: 'initFailed';
      readonly batch: number;
      readonly error: unknown;
      readonly offline?: boolean;
    }
  /** The pool gave the PUT (or the batch's v1 upload) its transfer slot. */
  | { readonly type: 'putStarted'; readonly id: string }
  | { readonly type: 'v1Started'; readonly batch: number }
  | { readonly type: 'putProgress'; readonly id: string; readonly loaded: number }
  | { readonly type: 'putOk'; readonly id: string }
  /** `fatal`: the transfer could not even start (no retry). `offline`: no connection when it failed. */
  | {
      readonly type: 'putFailed';
      readonly id: string;
      readonly error: UploadError;
      readonly fatal?: boolean;
      readonly offline?: boolean;
    }
  /** A file's backoff is over. */
  | { readonly type: 'retryDue'; readonly id: string }
  /** A batch's backoff is over (init again, or queue its v1 upload again). */
  | { readonly type: 'batchDue'; readonly batch: number }
  | { readonly type: 'v1Progress'; readonly batch: number; readonly loaded: number; readonly total: number }
  | { readonly type: 'v1Ok'; readonly batch: number; readonly documents: Document[] }
  | {
      readonly type: 'v1Failed';
      readonly batch: number;
      readonly error: unknown;
      readonly offline?: boolean;
    }
  | { readonly type: 'jobEvent'; readonly job: string; readonly event: JobEvent }
  | { readonly type: 'trackingFailed'; readonly job: string; readonly error: UploadError }
  /** The tracker stopped by itself (terminal event, or the quiet wait for variants ran out). */
  | { readonly type: 'trackingEnded'; readonly job: string };

export type EngineEvent = Command | Outcome;

export type Effect =
  | {
      readonly type: 'init';
      readonly key: string;
      readonly batch: number;
      readonly request: InitUploadRequest;
    }
  /** A signed PUT of the file's bytes to its target (both read from the state when it starts). */
  | { readonly type: 'put'; readonly key: string; readonly id: string }
  /** The v1 multipart upload of the batch's files. */
  | { readonly type: 'v1'; readonly key: string; readonly batch: number }
  /** Dispatches `then` after `ms`. */
  | { readonly type: 'wait'; readonly key: string; readonly ms: number; readonly then: Outcome }
  | { readonly type: 'track'; readonly key: string; readonly job: string }
  | { readonly type: 'abort'; readonly key: string };

/** A user callback (by its option's name) to call once the transition is committed (items from the new snapshot). */
export type Emit =
  | { readonly type: 'onError'; readonly error: UploadError; readonly id?: string | undefined }
  | { readonly type: 'onFileComplete'; readonly id: string }
  | {
      readonly type: 'onJobComplete' | 'onVariantsReady';
      readonly job: string;
      readonly documents: Document[];
    };

/** What `add` (and `resume`) answer. */
export interface Reply {
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** Why the whole call was refused (grouped over 25 files, or a strict call with rejections). */
  readonly error?: UploadError | undefined;
  /** `resume`: recovered files that must be picked again. */
  readonly needsReselect?: readonly { name: string; size: number }[];
}
