'use client';
import { useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type {
  AddOptions,
  AddResult,
  Document,
  DocumentType,
  ExtensionAllowlist,
  ExternalReference,
  UploadError,
  UploadItem,
  UploadJob,
  UploadProgress,
  UploaderStatus,
} from '../core';
import { ConfigurationError } from '../core';
import { DocumentsUploadsContext, useDocumentsContext } from './DocumentsContext';
import {
  EMPTY_BINDING_STATE,
  createUploaderBinding,
  type ReselectFile,
  type UploadEngineOptions,
} from './uploaderBinding';

/** Options of {@link useDocumentUpload}. A fresh object on every render is fine. */
export interface UseDocumentUploadOptions {
  /** The document type of every file uploaded here, e.g. `'utilityBill'`. */
  type: DocumentType;
  /** One document for all files of a job (`true`), one per file (`false`). Defaults to the type's server default. */
  grouped?: boolean;
  /** Your own id, stored on every document created. Defaults to none. */
  externalReference?: ExternalReference;
  /**
   * File transfers in flight at once for this uploader. They share the provider's pool (`uploadConcurrency`, 4 by
   * default) with every other uploader below it, so this can only lower it. Defaults to the pool's.
   */
  concurrency?: number;
  /** Most files in the list (rejections beyond it are `too-many-files`). Defaults to no limit. */
  maxFiles?: number;
  /**
   * Files held elsewhere that count toward `maxFiles`, e.g. the documents a reopened form field already has. Defaults
   * to `0`.
   */
  heldFiles?: number;
  /** Largest file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Allowed extensions (`['pdf', 'jpg']` or an extension → MIME map). Defaults to `DEFAULT_EXTENSIONS`. */
  accept?: ExtensionAllowlist;
  /** Reject a file equal (name, size, last modified) to one already uploading or stored here. Defaults to `true`. */
  rejectDuplicates?: boolean;
  /**
   * The field's name (e.g. the form field's). Identifies its recovery record: after a reload, the uploader with the
   * same name shows the files it had and reports their documents. Defaults to none (see `persistenceId`).
   */
  name?: string;
  /**
   * The field's identity for recovery when it has no `name` (or to override it). Two uploaders of one type mounted
   * at once never share one: the second gets a suffix (`#2`), in mount order, so unnamed uploaders are told apart
   * by their order on the page. Read on mount. Defaults to `name`, else none.
   */
  persistenceId?: string;
  /**
   * While files are collected, queued, waiting or uploading, leaving the page asks to confirm (`beforeunload`).
   * Defaults to `true`.
   */
  confirmLeave?: boolean;
  /** Called when a job completes, with its documents (already in the cache). Defaults to none. */
  onComplete?: (documents: Document[], job: UploadJob) => void;
  /** Called when a job's image variants are ready, with the enriched documents. Defaults to none. */
  onVariantsReady?: (documents: Document[], job: UploadJob) => void;
  /** Called when a file or job fails. Defaults to none. */
  onError?: (error: UploadError, item: UploadItem | undefined) => void;
  /**
   * Engine settings read once, when the engine is created: retry policy, tracking (SSE/polling), persistence (and
   * its key prefix), stall timeout, connectivity, transport, clock. Defaults to the engine's defaults.
   */
  engineOptions?: UploadEngineOptions;
}

/** What {@link useDocumentUpload} returns. Functions are stable across renders. */
export interface UseDocumentUploadResult {
  /** Validates and uploads files; resolves with the created documents, rejects with a typed error. */
  upload: (files: Iterable<File | Blob>) => Promise<Document[]>;
  /**
   * Validates and queues files (uploads start at once); returns accepted and rejected items. With
   * `{ collect: true }` the accepted files wait as `collected` until `start()` (collect, then upload).
   */
  add: (files: Iterable<File | Blob>, options?: AddOptions) => AddResult;
  /** Sends the `collected` files: those named, in that order, or all of them in list order. */
  start: (ids?: readonly string[]) => void;
  /** Moves a `collected` file to `index` among the collected files (their upload order, e.g. page order). */
  move: (id: string, index: number) => void;
  /** Every file added, rejected ones included (with reasons), in the engine's order. */
  items: readonly UploadItem[];
  /** Upload jobs (one per init call). */
  jobs: readonly UploadJob[];
  /** Aggregate, byte-weighted progress and counts by status. */
  progress: UploadProgress;
  /** `idle`, `uploading`, `processing`, `complete` or `failed`. */
  status: UploaderStatus;
  /** Whether bytes are in flight or jobs are processing. */
  isUploading: boolean;
  /** `false` while the browser is offline: queued files are `waiting` and start when the connection returns. */
  online: boolean;
  /** Documents created so far, in completion order (resumed jobs' included). */
  documents: readonly Document[];
  /**
   * Files a reload interrupted before their bytes landed: the browser cannot give them back, so ask the user to
   * pick them again. Empty otherwise.
   */
  needsReselect: readonly ReselectFile[];
  /** Empties `needsReselect` (the user has seen it). */
  dismissReselect: () => void;
  /** Cancels one item, or everything in flight. */
  cancel: (id?: string) => void;
  /** Retries one failed or canceled item, or every retryable one. */
  retry: (id?: string) => void;
  /** Removes an item (canceling it first when active). */
  remove: (id: string) => void;
  /** Cancels everything in flight and empties the list. */
  reset: () => void;
}

const getServerState = () => EMPTY_BINDING_STATE;

/** Asks the browser to confirm leaving the page. */
function confirmLeaving(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Browsers that predate `preventDefault()` here (Chrome < 119) ask only when `returnValue` is set.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- that fallback is the point
  event.returnValue = true;
}

/**
 * Uploads files of one document type and follows them to `complete`. When a job completes (and again when its image
 * variants are ready) the documents are written into their detail queries and every document list is invalidated,
 * so lists update without a manual refetch.
 *
 * The engine is created on mount and resumes what a reload interrupted (the field's recovery record: account, type
 * and `name` / `persistenceId`). Changed options apply in place and never drop a file: callbacks and rules at once,
 * `type`, `grouped` and `externalReference` for files added afterwards. Only another account (client) or
 * QueryClient replaces the engine; that, and unmounting, cancel the files in flight with `onError` (an
 * `AbortedError`). StrictMode-safe. Renders at most once per animation frame while files are in flight.
 *
 * @example
 * ```tsx
 * const { add, items, progress } = useDocumentUpload({ type: 'utilityBill', accept: ['pdf', 'jpg'] });
 * <input type="file" multiple onChange={(e) => add(e.currentTarget.files ?? [])} />
 * ```
 */
export function useDocumentUpload(options: UseDocumentUploadOptions): UseDocumentUploadResult {
  const { client, queryClient } = useDocumentsContext('useDocumentUpload');
  // Fail at render, where the mistake is, rather than on the first file dropped (the engine is created in an effect).
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ConfigurationError(
      "useDocumentUpload needs a document `type` (a non-empty string), e.g. { type: 'utilityBill' }.",
    );
  }
  const uploads = useContext(DocumentsUploadsContext);
  const [binding] = useState(createUploaderBinding);

  // No dependency list: every render hands over the latest options; the binding updates the engine only when a
  // setting changed by value, so fresh option objects cost nothing.
  useEffect(() => {
    binding.configure({
      ...options,
      // the provider's pool and field registry (none outside a provider)
      ...uploads,
      client,
      queryClient,
      fieldId: options.persistenceId ?? options.name ?? '',
    });
  });
  useEffect(() => binding.mount(), [binding]);

  const { snapshot, needsReselect } = useSyncExternalStore(
    binding.subscribe,
    binding.getState,
    getServerState,
  );

  const { counts } = snapshot.progress;
  const leaving =
    options.confirmLeave !== false &&
    counts.collected +
      counts.queued +
      counts.waiting +
      counts.initializing +
      counts.uploading +
      counts.finalizing >
      0;
  useEffect(() => {
    if (!leaving || typeof window === 'undefined') return undefined;
    window.addEventListener('beforeunload', confirmLeaving);
    return () => {
      window.removeEventListener('beforeunload', confirmLeaving);
    };
  }, [leaving]);

  return useMemo(
    () => ({
      // upload, add, start, move, cancel, retry, remove, reset, dismissReselect
      ...binding.actions,
      // items, jobs, progress, status, documents, online
      ...snapshot,
      isUploading: snapshot.status === 'uploading' || snapshot.status === 'processing',
      needsReselect,
    }),
    [binding, snapshot, needsReselect],
  );
}
