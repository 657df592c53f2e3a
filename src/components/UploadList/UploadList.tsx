'use client';
import { forwardRef, memo, useCallback, useId, type Ref } from 'react';
import {
  RETRYABLE_STATUSES,
  isActiveStatus,
  type UploadItem as UploadItemData,
  type UploadProgress,
  type UploadStatus,
} from '../../core';
import { uploaderLabels, type DocumentsLabelsOverrides, type UploaderLabels } from '../../react';
import { useLabels } from '../../react/useDocumentsLabels';
import { cx } from '../shared/cx';
import { formatFileSize, formatRate, formatSeconds } from '../shared/format';
import { useLatest } from '../shared/useLatest';

/** An action on one file of an upload list. */
export type UploadAction = 'retry' | 'cancel' | 'remove';
const ACTIONS: readonly UploadAction[] = ['retry', 'cancel', 'remove'];
/** Which actions a file in a given status offers. */
const ACTION_APPLIES: Readonly<Record<UploadAction, (status: UploadStatus) => boolean>> = {
  retry: (status) => RETRYABLE_STATUSES.includes(status),
  cancel: isActiveStatus,
  remove: (status) => !isActiveStatus(status),
};

/** Props of {@link UploadList}. */
export interface UploadListProps {
  /** The items to show, e.g. `useDocumentUpload().items`. */
  items: readonly UploadItemData[];
  /** Aggregate progress; when given, a summary with speed and time left is shown. */
  progress?: UploadProgress;
  onRetry?: (id: string) => void;
  onCancel?: (id: string) => void;
  onRemove?: (id: string) => void;
  /** Label overrides. Defaults to the provider's labels. */
  labels?: DocumentsLabelsOverrides;
  /** Locale for sizes and times. Defaults to the browser's. */
  locale?: string;
  className?: string;
}

/**
 * The files of an upload with name, size, status, progress and their actions. Presentational: props in,
 * callbacks out. Items are immutable, so each row re-renders only when its own item changed.
 */
export const UploadList = /* @__PURE__ */ forwardRef<HTMLUListElement, UploadListProps>(
  function UploadList(props, ref) {
    const { items, progress, locale, className } = props;
    const labels = useLabels(uploaderLabels, props.labels);
    const handlers = useLatest({
      onRetry: props.onRetry,
      onCancel: props.onCancel,
      onRemove: props.onRemove,
    });
    // Stable across renders, so memoised rows are not re-rendered by a parent's fresh callbacks.
    const onAction = useCallback(
      (action: UploadAction, id: string) => {
        const h = handlers.current;
        (action === 'retry' ? h.onRetry : action === 'cancel' ? h.onCancel : h.onRemove)?.(id);
      },
      [handlers],
    );
    const can = {
      retry: props.onRetry !== undefined,
      cancel: props.onCancel !== undefined,
      remove: props.onRemove !== undefined,
    };

    return (
      <div className={cx('lrd-upload-list', className)}>
        {progress !== undefined && items.length > 0 ? (
          <UploadSummary progress={progress} labels={labels} locale={locale} />
        ) : null}
        <ul ref={ref} className="lrd-upload-list__items">
          {items.map((item) => (
            <UploadListItem
              key={item.id}
              item={item}
              labels={labels}
              locale={locale}
              onAction={onAction}
              canRetry={can.retry}
              canCancel={can.cancel}
              canRemove={can.remove}
            />
          ))}
        </ul>
      </div>
    );
  },
);

function UploadSummary({
  progress,
  labels,
  locale,
}: {
  progress: UploadProgress;
  labels: UploaderLabels;
  locale: string | undefined;
}) {
  const { counts } = progress;
  const total =
    counts.queued +
    counts.waiting +
    counts.initializing +
    counts.uploading +
    counts.finalizing +
    counts.processing +
    counts.complete;
  if (total === 0) return null; // only rejected, failed or canceled files: nothing is on its way
  const text = labels.overallProgress({ complete: counts.complete, total, percent: progress.percent });
  const transferring = counts.uploading > 0 && progress.bytesPerSecond > 0;
  return (
    <div className="lrd-upload-summary">
      <div className="lrd-upload-summary__text">
        <span>{text}</span>
        <span className="lrd-upload-summary__percent">{labels.progressPercent(progress.percent)}</span>
        {transferring ? (
          <span className="lrd-upload-summary__rate">{formatRate(progress.bytesPerSecond, locale)}</span>
        ) : null}
        {transferring && progress.etaSeconds !== undefined ? (
          <span className="lrd-upload-summary__eta">{formatSeconds(progress.etaSeconds, locale)}</span>
        ) : null}
      </div>
      <div
        className="lrd-progress"
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
      >
        <div className="lrd-progress__bar" style={{ inlineSize: `${progress.percent}%` }} />
      </div>
    </div>
  );
}

/** Props of {@link UploadListItem}. */
export interface UploadListItemProps {
  item: UploadItemData;
  labels: UploaderLabels;
  locale: string | undefined;
  onAction: (action: UploadAction, id: string) => void;
  canRetry: boolean;
  canCancel: boolean;
  canRemove: boolean;
  /** Ref to the row (e.g. to move focus to a failed file). */
  rowRef?: Ref<HTMLLIElement>;
}

/** One file of an {@link UploadList}. */
export const UploadListItem = /* @__PURE__ */ memo(function UploadListItem({
  item,
  labels,
  locale,
  onAction,
  canRetry,
  canCancel,
  canRemove,
  rowRef,
}: UploadListItemProps) {
  const errorId = useId();
  const { status, name } = item;
  const percent = item.total > 0 ? Math.min(100, Math.floor((item.loaded / item.total) * 100)) : 0;
  // finalizing and processing are waits of unknown length: an indeterminate bar, never a stuck 100 %
  const indeterminate = status === 'finalizing' || status === 'processing' || status === 'initializing';
  const shownPercent = status === 'complete' ? 100 : percent;
  const problem =
    status === 'rejected'
      ? item.rejection?.map((r) => r.message).join(' ')
      : status === 'failed'
        ? item.error?.message
        : undefined;
  const showBar = status !== 'rejected' && status !== 'failed' && status !== 'canceled';
  // stored, but its grouped document waits for a file that failed
  const statusText =
    item.waitingFor === undefined ? labels.status[status] : labels.waitingFor(item.waitingFor);
  const allowed: Record<UploadAction, boolean> = { retry: canRetry, cancel: canCancel, remove: canRemove };

  return (
    <li
      ref={rowRef}
      className="lrd-upload-item"
      data-status={status}
      data-upload-id={item.id}
      aria-describedby={problem === undefined ? undefined : errorId}
    >
      <div className="lrd-upload-item__main">
        <FileIcon name={name} />
        <span className="lrd-upload-item__name" title={name}>
          {name}
        </span>
        <span className="lrd-upload-item__size">{formatFileSize(item.size, locale)}</span>
        <span className="lrd-upload-item__status">
          {statusText}
          {status === 'uploading' ? ` · ${labels.progressPercent(percent)}` : ''}
        </span>
      </div>
      {showBar ? (
        <div
          className="lrd-progress"
          role="progressbar"
          aria-label={labels.progressLabel(name)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={indeterminate ? undefined : shownPercent}
          aria-valuetext={indeterminate ? statusText : labels.progressPercent(shownPercent)}
          data-indeterminate={indeterminate || undefined}
        >
          <div
            className="lrd-progress__bar"
            style={indeterminate ? undefined : { inlineSize: `${shownPercent}%` }}
          />
        </div>
      ) : null}
      {problem === undefined ? null : (
        <p id={errorId} className="lrd-upload-item__error">
          {problem}
        </p>
      )}
      <div className="lrd-upload-item__actions">
        {ACTIONS.filter((action) => allowed[action] && ACTION_APPLIES[action](status)).map((action) => (
          <button
            key={action}
            type="button"
            className={
              action === 'retry'
                ? 'lrd-button lrd-button--small'
                : 'lrd-button lrd-button--small lrd-button--quiet'
            }
            data-action={action}
            aria-label={labels[action](name)}
            onClick={() => {
              onAction(action, item.id);
            }}
          >
            {labels[`${action}Button`]}
          </button>
        ))}
      </div>
    </li>
  );
});

/** A small generic file glyph with the extension, for any file type. */
export function FileIcon({ name, contentType }: { name: string; contentType?: string }) {
  const ext = (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? contentType?.split('/')[1] ?? '')
    .slice(0, 4)
    .toUpperCase();
  return (
    <span className="lrd-file-icon" aria-hidden="true" data-ext={ext.toLowerCase()}>
      <svg viewBox="0 0 24 24" focusable="false">
        <path d="M6 2h8l6 6v13a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1Zm8 0v6h6" />
      </svg>
      <span className="lrd-file-icon__ext">{ext}</span>
    </span>
  );
}
