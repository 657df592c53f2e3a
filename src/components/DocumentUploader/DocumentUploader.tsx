'use client';
import {
  forwardRef,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type {
  Document,
  DocumentType,
  ExtensionAllowlist,
  ExternalReference,
  UploadError,
  UploadItem,
} from '../../core';
import {
  uploaderLabels,
  useDocumentUpload,
  type DocumentsLabelsOverrides,
  type UploadEngineOptions,
} from '../../react';
import { useLabels } from '../../react/useDocumentsLabels';
import { cx } from '../shared/cx';
import { useLatest } from '../shared/useLatest';
import { Dropzone, type DropzoneHandle } from '../Dropzone/Dropzone';
import { UploadList } from '../UploadList/UploadList';
import { reselectSentence, useUploadAnnouncements } from './useUploadAnnouncements';

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
  /** Most files. Defaults to no limit. */
  maxFiles?: number;
  /** Largest file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Allowed extensions. Defaults to the API's default allowlist. */
  accept?: ExtensionAllowlist;
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
  /** Document ids (controlled). */
  value?: readonly string[];
  /** Initial document ids (uncontrolled). Defaults to `[]`. */
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

const EMPTY: readonly string[] = [];

/**
 * The drop-in uploader for one document type: a drop zone, the list of files with progress and actions, and
 * screen-reader announcements. Works in a plain `<form>` (`name`, `required`) and controlled (`value` /
 * `onValueChange`, e.g. with react-hook-form's `Controller`).
 *
 * @example
 * ```tsx
 * <form action="/apply"><DocumentUploader type="utilityBill" name="utilityBillIds" required /></form>
 * ```
 */
export const DocumentUploader = /* @__PURE__ */ forwardRef<DocumentUploaderHandle, DocumentUploaderProps>(
  function DocumentUploader(props, ref) {
    const { type, name, required = false, disabled = false, locale, className } = props;
    const labels = useLabels(uploaderLabels, props.labels);
    const dropzoneRef = useRef<DropzoneHandle>(null);
    const listRef = useRef<HTMLUListElement>(null);
    const validityRef = useRef<HTMLInputElement>(null);
    const statusId = useId();

    // value / defaultValue / onValueChange: the document ids this field holds.
    const [internalValue, setInternalValue] = useState<readonly string[]>(props.defaultValue ?? EMPTY);
    const controlled = props.value !== undefined;
    const value = props.value ?? internalValue;
    const latest = useLatest({ value, controlled, onValueChange: props.onValueChange, props });
    const setValue = useCallback(
      (next: string[]) => {
        if (!latest.current.controlled) setInternalValue(next);
        latest.current.onValueChange?.(next);
      },
      [latest],
    );

    const persistenceId = props.persistenceId ?? name ?? props.id;
    const upload = useDocumentUpload({
      type,
      ...(props.grouped === undefined ? {} : { grouped: props.grouped }),
      ...(props.externalReference === undefined ? {} : { externalReference: props.externalReference }),
      ...(props.maxFiles === undefined ? {} : { maxFiles: props.maxFiles }),
      ...(props.maxSize === undefined ? {} : { maxSize: props.maxSize }),
      ...(props.accept === undefined ? {} : { accept: props.accept }),
      ...(props.concurrency === undefined ? {} : { concurrency: props.concurrency }),
      ...(props.rejectDuplicates === undefined ? {} : { rejectDuplicates: props.rejectDuplicates }),
      ...(props.confirmLeave === undefined ? {} : { confirmLeave: props.confirmLeave }),
      ...(persistenceId === undefined ? {} : { persistenceId }),
      ...(props.engineOptions === undefined ? {} : { engineOptions: props.engineOptions }),
      onComplete: (documents) => {
        const current = latest.current.value;
        const added = documents.map((d) => d.id).filter((id) => !current.includes(id));
        if (added.length > 0) setValue([...current, ...added]);
        latest.current.props.onComplete?.(documents);
      },
      onVariantsReady: (documents) => latest.current.props.onVariantsReady?.(documents),
      onError: (error, item) => latest.current.props.onError?.(error, item),
    });
    const { items, progress, isUploading, online, needsReselect } = upload;

    // Removing a stored file from the list removes its ids from the value.
    const remove = useCallback(
      (id: string) => {
        const item = items.find((i) => i.id === id);
        upload.remove(id);
        if (item !== undefined && item.documentIds.length > 0) {
          const drop = new Set(item.documentIds);
          setValue(latest.current.value.filter((v) => !drop.has(v)));
        }
      },
      [items, upload, setValue, latest],
    );

    const announcements = useUploadAnnouncements(items, progress, labels, { online, needsReselect });
    const dismissReselect = useCallback(() => {
      upload.dismissReselect();
      // The button goes away with the notice: keep the keyboard user in the field.
      dropzoneRef.current?.focus();
    }, [upload]);

    // Native constraint validation through a visually hidden input the browser can point at.
    const validityMessage = isUploading
      ? labels.stillUploadingMessage
      : required && value.length === 0
        ? labels.requiredMessage
        : '';
    useEffect(() => {
      validityRef.current?.setCustomValidity(validityMessage);
    }, [validityMessage]);

    const focusFirstFailed = useCallback(() => {
      const button = listRef.current?.querySelector<HTMLButtonElement>(
        '[data-status="failed"] [data-action="retry"], [data-status="rejected"] [data-action="remove"]',
      );
      button?.focus();
      return button != null;
    }, []);

    useImperativeHandle(
      ref,
      () => ({
        open: () => dropzoneRef.current?.open(),
        focus: () => dropzoneRef.current?.focus(),
        focusFirstFailed,
      }),
      [focusFirstFailed],
    );

    const activeCount = items.filter((i) => i.status !== 'rejected' && i.status !== 'complete').length;
    const failedCount = progress.counts.failed + progress.counts.rejected;

    return (
      <div
        className={cx('lrd-root lrd-uploader', className)}
        data-status={upload.status}
        data-disabled={disabled || undefined}
      >
        <Dropzone
          ref={dropzoneRef}
          {...(props.id === undefined ? {} : { id: props.id })}
          onDrop={(accepted, rejections) => {
            // rejected files join the list as `rejected` items with their reasons
            upload.add([...accepted, ...rejections.map((r) => r.file)]);
          }}
          {...(props.accept === undefined ? {} : { accept: props.accept })}
          {...(props.maxSize === undefined ? {} : { maxSize: props.maxSize })}
          {...(props.maxFiles === undefined ? {} : { maxFiles: props.maxFiles })}
          fileCount={activeCount + value.length}
          disabled={disabled}
          showRejections={false}
          {...(props.labels === undefined ? {} : { labels: props.labels })}
          {...(locale === undefined ? {} : { locale })}
          aria-describedby={cx(statusId, props['aria-describedby']) || undefined}
        >
          {props.children}
        </Dropzone>
        <input
          ref={validityRef}
          className="lrd-visually-hidden lrd-uploader__validity"
          tabIndex={-1}
          aria-hidden="true"
          required={required}
          value={value.join(',')}
          onChange={() => undefined}
          onFocus={() => dropzoneRef.current?.focus()}
          onInvalid={() => dropzoneRef.current?.focus()}
        />
        {name === undefined
          ? null
          : value.map((id) => <input key={id} type="hidden" name={name} value={id} />)}
        {online ? null : <p className="lrd-uploader__notice lrd-uploader__offline">{labels.offlineNotice}</p>}
        {needsReselect.length > 0 ? (
          <p className="lrd-uploader__notice lrd-uploader__reselect">
            <span>{reselectSentence(needsReselect, labels)}</span>{' '}
            <button type="button" className="lrd-button lrd-button--link" onClick={dismissReselect}>
              {labels.dismiss}
            </button>
          </p>
        ) : null}
        {failedCount > 0 ? (
          <p className="lrd-uploader__failed">
            <span>{labels.failedSummary(failedCount)}</span>{' '}
            <button type="button" className="lrd-button lrd-button--link" onClick={focusFirstFailed}>
              {labels.showFirstFailed}
            </button>
          </p>
        ) : null}
        <UploadList
          ref={listRef}
          items={items}
          progress={progress}
          onRetry={upload.retry}
          onCancel={upload.cancel}
          onRemove={remove}
          {...(props.labels === undefined ? {} : { labels: props.labels })}
          {...(locale === undefined ? {} : { locale })}
        />
        <p id={statusId} className="lrd-visually-hidden">
          {validityMessage}
        </p>
        <div className="lrd-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          {announcements.polite}
        </div>
        <div className="lrd-visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">
          {announcements.assertive}
        </div>
      </div>
    );
  },
);
