'use client';
import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { uploaderLabels, useDocumentUpload, useLocale } from '../../react';
import { useLabels } from '../../react/useDocumentsLabels';
import { cx } from '../shared/cx';
import { useLatest } from '../shared/useLatest';
import { Dropzone, type DropzoneHandle } from '../Dropzone/Dropzone';
import { UploadList, canRetryItem } from '../UploadList/UploadList';
import { CollectedList } from './CollectedList';
import { reselectSentence, useUploadAnnouncements } from './useUploadAnnouncements';
import { useStoredDocuments } from './useStoredDocuments';

import type { DocumentUploaderHandle, DocumentUploaderProps } from './DocumentUploaderProps';

export type { DocumentUploaderHandle, DocumentUploaderProps } from './DocumentUploaderProps';

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
    // (required and disabled: undefined is false, for the DOM and the zone)
    const { name, required, disabled, className } = props;
    const locale = useLocale(props.locale);
    const labels = useLabels(uploaderLabels, props.labels);
    const dropzoneRef = useRef<DropzoneHandle>(null);
    const listRef = useRef<HTMLUListElement>(null);
    const validityRef = useRef<HTMLInputElement>(null);
    const statusId = useId();
    const focusZone = useCallback(() => {
      dropzoneRef.current?.focus();
    }, []);

    // value / defaultValue / onValueChange: the document ids this field holds.
    const [internalValue, setInternalValue] = useState<readonly string[]>(props.defaultValue ?? EMPTY);
    const value = props.value ?? internalValue;
    const latest = useLatest({ value, props });
    // (the list and the engine's callbacks read the latest props, so none of these handlers needs to be stable)
    const setValue = (next: string[]) => {
      // uncontrolled: the field keeps its own value
      if (latest.current.props.value === undefined) setInternalValue(next);
      latest.current.props.onValueChange?.(next);
    };
    /** Takes these document ids out of the value. */
    const dropFromValue = (ids: readonly string[]) => {
      if (ids.length > 0) setValue(latest.current.value.filter((v) => !ids.includes(v)));
    };

    const persistenceId = props.persistenceId ?? name ?? props.id;
    // maxFiles={1}: a new file replaces the document held, once it is stored
    const replace = props.maxFiles === 1;

    // How many documents the field held before count toward maxFiles (set below once they are known).
    const [heldFiles, setHeldFiles] = useState(0);
    // Image variants ready (thumbnails, previews): announced politely, once per job.
    const [variantsReady, setVariantsReady] = useState(0);
    const upload = useDocumentUpload({
      // type, grouped, externalReference, maxFiles, maxSize, accept, concurrency, rejectDuplicates, confirmLeave,
      // engineOptions as given (the rest of the props are not options of the hook, and it reads none of them)
      ...props,
      heldFiles,
      persistenceId,
      onComplete: (documents) => {
        const current = latest.current.value;
        const ids = documents.map((d) => d.id);
        const added = ids.filter((id) => !current.includes(id));
        if (latest.current.props.maxFiles === 1 && ids.length > 0) {
          if (current.length !== ids.length || added.length > 0) setValue(ids);
        } else if (added.length > 0) setValue([...current, ...added]);
        latest.current.props.onComplete?.(documents);
      },
      onVariantsReady: (documents) => {
        setVariantsReady((n) => n + 1);
        latest.current.props.onVariantsReady?.(documents);
      },
      onError: (error, item) => latest.current.props.onError?.(error, item),
    });
    const { items, progress, isUploading, online, needsReselect } = upload;

    // Ids of the value that no file of this session became: documents the field held already (e.g. an application
    // reopened for editing). They are read and shown, and count toward maxFiles.
    const uploadedIds = new Set(items.flatMap((i) => i.documentIds));
    const storedIds = value.filter((id) => !uploadedIds.has(id));
    const stored = useStoredDocuments(storedIds);
    const nextHeld = replace ? 0 : storedIds.length;
    if (nextHeld !== heldFiles) setHeldFiles(nextHeld);
    const collected = items.filter((i) => i.status === 'collected');
    const pendingCollected = collected.length > 0;

    // Removing a stored file from the list removes its ids from the value.
    const remove = (id: string) => {
      upload.remove(id);
      dropFromValue(items.find((i) => i.id === id)?.documentIds ?? EMPTY);
    };
    const removeStored = (documentId: string) => {
      dropFromValue([documentId]);
    };
    // Clear empties the upload list (canceling what is in flight); the documents it made leave the value, the
    // documents the field held before stay.
    const clear = () => {
      // The upload list's Clear leaves the collected files (another list, with its own Remove) where they are.
      if (pendingCollected) {
        for (const item of items) if (item.status !== 'collected') upload.remove(item.id);
        upload.dismissReselect();
      } else upload.reset();
      dropFromValue(items.flatMap((i) => i.documentIds));
    };

    // Every file whose row offers Retry (the engine's own retry-all leaves out failures it would not retry itself).
    const retryAll = () => {
      for (const item of items) if (canRetryItem(item)) upload.retry(item.id);
    };

    /**
     * Hands files to the engine, the one judge: sent at once, or (autoUpload={false}) kept `collected` — refused ones
     * are rejected rows either way — to be reordered and removed until Upload sends them as one set of jobs. With
     * maxFiles={1} the new file takes the place of the one stored or collected before (a stored one's id stays in
     * the value until the new one is stored).
     */
    const handOver = (files: readonly File[]) => {
      if (files.length === 0) return;
      if (replace)
        for (const item of items)
          if (item.status === 'complete' || item.status === 'collected') upload.remove(item.id);
      upload.add(files, { collect: props.autoUpload === false });
    };
    const moveCollected = (id: string, by: -1 | 1) => {
      upload.move(id, collected.findIndex((i) => i.id === id) + by);
    };
    const uploadCollected = () => {
      upload.start();
      focusZone();
    };

    const announcements = useUploadAnnouncements(items, progress, labels, {
      online,
      needsReselect,
      variantsReady,
    });
    const dismissReselect = () => {
      upload.dismissReselect();
      // The button goes away with the notice: keep the keyboard user in the field.
      focusZone();
    };

    // Native constraint validation through a visually hidden input the browser can point at.
    const validityMessage = isUploading
      ? labels.stillUploadingMessage
      : pendingCollected
        ? labels.collectedMessage
        : required && value.length === 0
          ? labels.requiredMessage
          : '';
    useEffect(() => {
      validityRef.current?.setCustomValidity(validityMessage);
    }, [validityMessage]);

    const focusFirstFailed = useCallback(() => {
      const button = listRef.current?.querySelector<HTMLButtonElement>(
        '[data-status="failed"] [data-action], [data-status="rejected"] [data-action]',
      );
      button?.focus();
      return button != null;
    }, []);

    useImperativeHandle(
      ref,
      () => ({
        open: () => dropzoneRef.current?.open(),
        focus: focusZone,
        focusFirstFailed,
      }),
      [focusFirstFailed, focusZone],
    );

    const failedCount =
      progress.counts.failed + progress.counts.rejected + stored.filter((s) => s.error !== undefined).length;

    return (
      <div
        className={cx('lrd-root lrd-uploader', className)}
        data-status={upload.status}
        data-disabled={disabled || undefined}
      >
        <Dropzone
          ref={dropzoneRef}
          id={props.id}
          // every file goes on as it came: the engine is the one judge (rejected files become rejected rows)
          onFiles={handOver}
          accept={props.accept}
          maxSize={props.maxSize}
          capture={props.capture}
          disabled={disabled}
          labels={props.labels}
          locale={locale}
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
          onFocus={focusZone}
          onInvalid={focusZone}
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
        <CollectedList
          files={collected}
          labels={labels}
          locale={locale}
          onMove={moveCollected}
          onRemove={upload.remove}
          onUpload={uploadCollected}
          onFocusLeave={focusZone}
          disabled={disabled}
        />
        <UploadList
          ref={listRef}
          items={pendingCollected ? items.filter((i) => i.status !== 'collected') : items}
          progress={progress}
          documents={upload.documents}
          stored={stored}
          onRetry={upload.retry}
          onCancel={upload.cancel}
          onRemove={remove}
          onRemoveStored={removeStored}
          onRetryAll={retryAll}
          onCancelAll={upload.cancel}
          onClear={clear}
          onFocusLeave={focusZone}
          labels={props.labels}
          locale={locale}
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
