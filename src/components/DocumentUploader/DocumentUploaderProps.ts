/** The props and imperative handle of `DocumentUploader`. */
import { type ReactNode } from 'react';
import {
  type Document,
  type DocumentType,
  type ExtensionAllowlist,
  type ExternalReference,
  type UploadError,
  type UploadItem,
} from '../../core';
import { type DocumentsLabelsOverrides, type UploadEngineOptions } from '../../react';

/** Imperative handle of {@link DocumentUploader}. */
export interface DocumentUploaderHandle {
  /** Opens the file chooser. */
  open: () => void;
  /** Moves focus to the uploader's button. */
  focus: () => void;
  /** Moves focus to the first failed file's retry button; `false` when nothing failed. */
  focusFirstFailed: () => boolean;
}

/** Props of {@link DocumentUploader}. */
export interface DocumentUploaderProps {
  /** The document type of every file uploaded here. */
  type: DocumentType;
  /** One document for all files (`true`) or one per file (`false`). Defaults to the type's server default. */
  grouped?: boolean;
  /** Your own id, stored on every document created. Applies to files added after a change. */
  externalReference?: ExternalReference;
  /**
   * File transfers in flight at once for this uploader, within the provider's `uploadConcurrency` (it can only
   * lower it). Defaults to the provider's.
   */
  concurrency?: number;
  /** Reject a file equal (name, size, last modified) to one already uploading or stored here. Defaults to `true`. */
  rejectDuplicates?: boolean;
  /** While files are queued, waiting or uploading, leaving the page asks to confirm. Defaults to `true`. */
  confirmLeave?: boolean;
  /**
   * The field's identity for recovery after a reload (its record is kept per account, type and this). Read on
   * mount. Defaults to `name`, else `id`, else none: unnamed uploaders of one type are told apart by their order.
   */
  persistenceId?: string;
  /**
   * Most files, counting the documents the field already holds (`value` / `defaultValue`). With `1`, a new file
   * replaces the document held: the old id leaves the value once the new file is stored. Defaults to no limit.
   */
  maxFiles?: number;
  /** Largest file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Allowed extensions. Defaults to the API's default allowlist. */
  accept?: ExtensionAllowlist;
  /**
   * `false` collects files across several drops, choices or camera shots, in a list where they can be reordered
   * and removed, and uploads them when the user presses Upload: one job (with `grouped`, one document whose pages
   * are in the list's order). Defaults to `true` (each drop starts uploading).
   */
  autoUpload?: boolean;
  /**
   * Opens the camera on phones instead of the file chooser (for photo types): `'environment'` (rear), `'user'`
   * (front) or `true`. Defaults to none.
   */
  capture?: boolean | 'user' | 'environment';
  /** Disables adding files (uploads in flight continue). Defaults to `false`. */
  disabled?: boolean;
  /**
   * Form field name: hidden inputs named so hold the resulting document ids. Also the field's identity for
   * recovery: after a reload, the uploader with this name shows its files again and adds their documents to
   * `value`.
   */
  name?: string;
  /** Takes part in native form validation: invalid while no document is stored or uploads are still running. */
  required?: boolean;
  /**
   * Document ids (controlled). Ids the field did not upload itself (an application reopened for editing) are read
   * and shown as rows with their name, thumbnail and review status; removing one takes it out of the value (the
   * document itself is not archived). An id that does not exist or is another account's shows an error in its row.
   */
  value?: readonly string[];
  /** Initial document ids (uncontrolled), shown like `value`'s. Defaults to `[]`. */
  defaultValue?: readonly string[];
  /** Called with the new document ids when uploads complete or files are removed. */
  onValueChange?: (ids: string[]) => void;
  /** Called when a job completes, with its documents. */
  onComplete?: (documents: Document[]) => void;
  /** Called when image variants (thumbnails, previews) are ready. */
  onVariantsReady?: (documents: Document[]) => void;
  /** Called when a file fails. */
  onError?: (error: UploadError, item: UploadItem | undefined) => void;
  /** Label overrides. Defaults to the provider's labels. */
  labels?: DocumentsLabelsOverrides;
  /** Locale for sizes and times. Defaults to the browser's. */
  locale?: string;
  /** Engine settings (retry, tracking, persistence, stall timeout, transport), read when the engine is created. */
  engineOptions?: UploadEngineOptions;
  /** `id` of the uploader's button, for `<label htmlFor>`. */
  id?: string;
  /** Extra description ids (e.g. a field hint). */
  'aria-describedby'?: string;
  className?: string;
  /** Content of the drop zone (replaces the default prompt). */
  children?: ReactNode;
}
