'use client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type {
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
import { ConfigurationError, EMPTY_UPLOAD_SNAPSHOT } from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { UploaderBinding, type UploadEngineOptions } from './uploaderBinding';

/** Options of {@link useDocumentUpload}. A fresh object on every render is fine. */
export interface UseDocumentUploadOptions {
  /** The document type of every file uploaded here, e.g. `'utilityBill'`. */
  type: DocumentType;
  /** One document for all files of a job (`true`), one per file (`false`). Defaults to the type's server default. */
  grouped?: boolean;
  /** Your own id, stored on every document created. Defaults to none. */
  externalReference?: ExternalReference;
  /** File transfers in flight at once. Defaults to `4`. */
  concurrency?: number;
  /** Most files in the list (rejections beyond it are `too-many-files`). Defaults to no limit. */
  maxFiles?: number;
  /** Largest file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Allowed extensions (`['pdf', 'jpg']` or an extension → MIME map). Defaults to `DEFAULT_EXTENSIONS`. */
  accept?: ExtensionAllowlist;
  /** Called when a job completes, with its documents (already in the cache). Defaults to none. */
  onComplete?: (documents: Document[], job: UploadJob) => void;
  /** Called when a job's image variants are ready, with the enriched documents. Defaults to none. */
  onVariantsReady?: (documents: Document[], job: UploadJob) => void;
  /** Called when a file or job fails. Defaults to none. */
  onError?: (error: UploadError, item: UploadItem | undefined) => void;
  /**
   * Engine settings read once, when the engine is created: retry policy, tracking (SSE/polling), persistence,
   * transport, clock. Defaults to the engine's defaults.
   */
  engineOptions?: UploadEngineOptions;
}

/** What {@link useDocumentUpload} returns. Functions are stable across renders. */
export interface UseDocumentUploadResult {
  /** Validates and uploads files; resolves with the created documents, rejects with a typed error. */
  upload: (files: Iterable<File | Blob>) => Promise<Document[]>;
  /** Validates and queues files (uploads start at once); returns accepted and rejected items. */
  add: (files: Iterable<File | Blob>) => AddResult;
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
  /** Documents created so far, in completion order. */
  documents: readonly Document[];
  /** Cancels one item, or everything in flight. */
  cancel: (id?: string) => void;
  /** Retries one failed or canceled item, or every retryable one. */
  retry: (id?: string) => void;
  /** Removes an item (canceling it first when active). */
  remove: (id: string) => void;
  /** Cancels everything in flight and empties the list. */
  reset: () => void;
}

const getServerSnapshot = () => EMPTY_UPLOAD_SNAPSHOT;

/**
 * Uploads files of one document type and follows them to `complete`. When a job completes (and again when its image
 * variants are ready) the documents are written into their detail queries and every document list is invalidated,
 * so lists update without a manual refetch.
 *
 * The engine is created on first use, kept while `type`, `grouped`, `externalReference`, `concurrency` and the
 * file rules stay equal by value, and disposed on unmount (StrictMode-safe). Renders at most once per animation
 * frame while files are in flight.
 *
 * @example
 * ```tsx
 * const { add, items, progress } = useDocumentUpload({ type: 'utilityBill', accept: ['pdf', 'jpg'] });
 * <input type="file" multiple onChange={(e) => add(e.currentTarget.files ?? [])} />
 * ```
 */
export function useDocumentUpload(options: UseDocumentUploadOptions): UseDocumentUploadResult {
  const { client, queryClient } = useDocumentsContext('useDocumentUpload');
  // Fail at render, where the mistake is, rather than on the first file dropped (the engine is created lazily).
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ConfigurationError(
      "useDocumentUpload needs a document `type` (a non-empty string), e.g. { type: 'utilityBill' }.",
    );
  }
  const [binding] = useState(() => new UploaderBinding());

  // No dependency list: every render hands over the latest options; the binding keeps the engine unless the
  // upload settings changed by value, so fresh option objects cost nothing.
  useEffect(() => {
    binding.configure({ ...options, client, queryClient });
  });
  useEffect(() => binding.mount(), [binding]);

  const snapshot = useSyncExternalStore(binding.subscribe, binding.getSnapshot, getServerSnapshot);

  return useMemo(
    () => ({
      upload: binding.upload,
      add: binding.add,
      cancel: binding.cancel,
      retry: binding.retry,
      remove: binding.remove,
      reset: binding.reset,
      items: snapshot.items,
      jobs: snapshot.jobs,
      progress: snapshot.progress,
      status: snapshot.status,
      isUploading: snapshot.status === 'uploading' || snapshot.status === 'processing',
      documents: snapshot.documents,
    }),
    [binding, snapshot],
  );
}
