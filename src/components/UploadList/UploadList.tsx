'use client';
import { forwardRef, memo, useCallback, useEffect, useId, useRef, type MouseEvent, type Ref } from 'react';
import {
  isActiveStatus,
  NotFoundError,
  type Document,
  type UploadItem as UploadItemData,
  type UploadProgress,
} from '../../core';
import { uploaderLabels, useLocale, type DocumentsLabelsOverrides, type UploaderLabels } from '../../react';
import { useLabels } from '../../react/useDocumentsLabels';
import { cx } from '../shared/cx';
import { useRenderBatches } from '../shared/useRenderBatches';
import { formatFileSize, formatRate, formatSeconds } from '../shared/format';
import { useLatest } from '../shared/useLatest';
import { ActionIcon } from './FileIcon';
import { FileThumbnail, fileOf, serverThumbnailUrl } from './FileThumbnail';

export { FileIcon } from './FileIcon';

/** An action on one file of an upload list. */
export type UploadAction = 'retry' | 'cancel' | 'remove';

/**
 * Whether Retry can help: not when the API refused the request itself (a 400 from init or the v1 upload: an invalid
 * type or extension) nor for a mistake in the setup (`configuration`). A storage PUT's 400 may clear, so it can.
 */
export const canRetryItem = (item: UploadItemData): boolean => {
  if (item.status === 'canceled') return true;
  if (item.status !== 'failed') return false;
  const error = item.error;
  return !(
    error?.code === 'configuration' ||
    (error?.code === 'invalid-request' && error.operation !== 'PUT upload')
  );
};

/** Which actions a file offers, in order. */
function actionsOf(item: UploadItemData): UploadAction[] {
  if (isActiveStatus(item.status)) return ['cancel'];
  return canRetryItem(item) ? ['retry', 'remove'] : ['remove'];
}

/** A document the field already holds (an id of its `value`), shown as a row before the uploads. */
export interface UploadListStoredDocument {
  /** The document's id. */
  id: string;
  /** The document, once read. */
  document?: Document | undefined;
  /** Why it could not be read (a `NotFoundError`: it does not exist, or is another account's). */
  error?: Error | undefined;
}

/** Props of {@link UploadList}. */
export interface UploadListProps {
  /** The items to show, e.g. `useDocumentUpload().items`. */
  items: readonly UploadItemData[];
  /** Aggregate progress; when given, a summary with speed and time left is shown. */
  progress?: UploadProgress;
  /**
   * Documents the uploads created (e.g. `useDocumentUpload().documents`): a row shows its server thumbnail once the
   * variants exist, instead of the local preview. Defaults to none.
   */
  documents?: readonly Document[];
  /** Documents the field already held, shown first with their name, thumbnail and review status. Defaults to none. */
  stored?: readonly UploadListStoredDocument[];
  onRetry?: (id: string) => void;
  onCancel?: (id: string) => void;
  onRemove?: (id: string) => void;
  /** Removes a stored document from the field (by document id). Without it stored rows have no Remove button. */
  onRemoveStored?: (documentId: string) => void;
  /** With more than one file: a "Retry failed" button. */
  onRetryAll?: () => void;
  /** With more than one file: a "Cancel all" button. */
  onCancelAll?: () => void;
  /** With more than one file: a "Clear list" button. */
  onClear?: () => void;
  /**
   * Called when an action took away the focused button and no row is left to move focus to (e.g. focus the drop
   * zone). Focus otherwise moves to the same row's next action, the next row, or the previous one.
   */
  onFocusLeave?: () => void;
  /**
   * Rows rendered at first, and added each time the end of the list nears the viewport: a 1,000-file drop costs
   * the first screens, not 1,000 rows. `Infinity` renders everything. Defaults to `50`.
   */
  renderBatch?: number;
  /** Label overrides. Defaults to the provider's labels. */
  labels?: DocumentsLabelsOverrides;
  /** Locale for sizes and times. Defaults to the browser's. */
  locale?: string;
  className?: string;
}

const NONE: readonly never[] = [];

/** Where focus goes once the button it was on is gone. */
interface PendingFocus {
  button: HTMLElement;
  /** `data-row` of the row it was in (none for the toolbar). */
  row: string | undefined;
  index: number;
}

/**
 * The files of an upload with name, size, status, progress and their actions, one compact line each. Presentational:
 * props in, callbacks out. Items are immutable, so each row re-renders only when its own item changed. Focus never
 * drops to the page: after Cancel, Remove or a bulk action it moves to the next sensible button.
 */
export const UploadList = /* @__PURE__ */ forwardRef<HTMLUListElement, UploadListProps>(
  function UploadList(props, ref) {
    const { items, progress, className, renderBatch = 50 } = props;
    const locale = useLocale(props.locale);
    const stored = props.stored ?? NONE;
    const documents = props.documents ?? NONE;
    const labels = useLabels(uploaderLabels, props.labels);
    const listRef = useRef<HTMLUListElement | null>(null);
    const rootRef = useRef<HTMLDivElement>(null);
    const pending = useRef<PendingFocus | undefined>(undefined);
    const { shown, more, sentinelRef, setLimit } = useRenderBatches(items.length, renderBatch, '800px 0px');
    const handlers = useLatest(props);

    const setListRef = useCallback(
      (node: HTMLUListElement | null) => {
        listRef.current = node;
        if (typeof ref === 'function') ref(node);
        else if (ref !== null) ref.current = node;
      },
      [ref],
    );

    /** Remembers the clicked button, so focus can follow if it disappears. */
    const track = useCallback((event: MouseEvent<HTMLElement>) => {
      const button = event.currentTarget;
      const row = button.closest<HTMLElement>('[data-row]');
      const rows = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[data-row]') ?? []);
      pending.current = {
        button,
        row: row?.dataset.row,
        index: row === null ? 0 : rows.indexOf(row),
      };
    }, []);

    // Stable across renders, so memoised rows are not re-rendered by a parent's fresh callbacks.
    const onAction = useCallback(
      (action: UploadAction, id: string, event: MouseEvent<HTMLElement>) => {
        track(event);
        const h = handlers.current;
        (action === 'retry' ? h.onRetry : action === 'cancel' ? h.onCancel : h.onRemove)?.(id);
      },
      [handlers, track],
    );
    const onRemoveStored = useCallback(
      (id: string, event: MouseEvent<HTMLElement>) => {
        track(event);
        handlers.current.onRemoveStored?.(id);
      },
      [handlers, track],
    );

    // After every commit: if the button an action was started from is gone, move focus on. Engine updates arrive
    // a frame later, so this waits until the change is on screen.
    useEffect(() => {
      const p = pending.current;
      if (p === undefined || p.button.isConnected) return;
      pending.current = undefined;
      const active = document.activeElement;
      if (active !== null && active !== document.body) return; // the user has moved on
      const rows = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[data-row]') ?? []);
      const first = (row: Element | undefined) =>
        row?.querySelector<HTMLElement>('button:not(:disabled)') ?? undefined;
      const same = p.row === undefined ? undefined : rows.find((r) => r.dataset.row === p.row);
      const target =
        (p.row === undefined
          ? first(rootRef.current?.querySelector('.lrd-upload-list__toolbar') ?? undefined)
          : undefined) ??
        first(same) ??
        first(rows[p.index]) ??
        first(rows[p.index - 1]) ??
        first(rows[0]);
      if (target !== undefined) target.focus();
      else handlers.current.onFocusLeave?.();
    });

    const byId = new Map<string, Document>();
    for (const d of documents) byId.set(d.id, d);
    const thumbnailOf = (item: UploadItemData): string | undefined => {
      const id = item.documentIds[0];
      return id === undefined ? undefined : serverThumbnailUrl(fileOf(byId.get(id), item.name));
    };

    const bulk = items.length > 1;
    const retryable = bulk && props.onRetryAll !== undefined && items.some(canRetryItem);
    const cancelable = bulk && props.onCancelAll !== undefined && items.some((i) => isActiveStatus(i.status));
    const clearable = bulk && props.onClear !== undefined;
    const bulkButton = (label: string, run: (() => void) | undefined, action: string) => (
      <button
        type="button"
        className="lrd-button lrd-button--small lrd-button--quiet"
        data-action={action}
        onClick={(event) => {
          track(event);
          run?.();
        }}
      >
        {label}
      </button>
    );

    return (
      <div ref={rootRef} className={cx('lrd-upload-list', className)}>
        {progress !== undefined && items.length > 0 ? (
          <UploadSummary progress={progress} labels={labels} locale={locale} />
        ) : null}
        {retryable || cancelable || clearable ? (
          <div className="lrd-upload-list__toolbar">
            {retryable ? bulkButton(labels.retryAll, props.onRetryAll, 'retry-all') : null}
            {cancelable ? bulkButton(labels.cancelAll, props.onCancelAll, 'cancel-all') : null}
            {clearable ? bulkButton(labels.clearAll, props.onClear, 'clear') : null}
          </div>
        ) : null}
        <ul ref={setListRef} className="lrd-upload-list__items">
          {stored.map((entry) => (
            <StoredListItem
              key={`stored:${entry.id}`}
              entry={entry}
              labels={labels}
              locale={locale}
              onRemove={props.onRemoveStored === undefined ? undefined : onRemoveStored}
            />
          ))}
          {(more ? items.slice(0, shown) : items).map((item) => (
            <UploadListItem
              key={item.id}
              item={item}
              labels={labels}
              locale={locale}
              onAction={onAction}
              canRetry={props.onRetry !== undefined}
              canCancel={props.onCancel !== undefined}
              canRemove={props.onRemove !== undefined}
              thumbnailUrl={thumbnailOf(item)}
            />
          ))}
          {more ? (
            // Rendered on scroll; the button is there for keyboards and screen readers, which may not scroll.
            <li ref={sentinelRef} className="lrd-upload-list__more" data-row="more">
              <button
                type="button"
                className="lrd-button lrd-button--small lrd-button--quiet"
                onClick={(event) => {
                  track(event);
                  setLimit(shown + renderBatch);
                }}
              >
                {labels.moreFiles(items.length - shown)}
              </button>
            </li>
          ) : null}
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
  onAction: (action: UploadAction, id: string, event: MouseEvent<HTMLElement>) => void;
  canRetry: boolean;
  canCancel: boolean;
  canRemove: boolean;
  /** The server's thumbnail of the stored file, once its variants exist. Defaults to the local preview. */
  thumbnailUrl?: string | undefined;
  /** Ref to the row (e.g. to move focus to a failed file). */
  rowRef?: Ref<HTMLLIElement>;
}

/** A small square button with an icon and an accessible name. */
function IconButton({
  action,
  icon,
  label,
  title,
  onClick,
  disabled,
}: {
  action: string;
  icon: Parameters<typeof ActionIcon>[0]['name'];
  label: string;
  title: string;
  onClick: (event: MouseEvent<HTMLElement>) => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="lrd-icon-button"
      data-action={action}
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      <ActionIcon name={icon} />
    </button>
  );
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
  thumbnailUrl,
  rowRef,
}: UploadListItemProps) {
  const errorId = useId();
  const { status, name } = item;
  const percent = item.total > 0 ? Math.min(100, Math.floor((item.loaded / item.total) * 100)) : 0;
  // finalizing and processing are waits of unknown length: an indeterminate bar, never a stuck 100 %
  const indeterminate = status === 'finalizing' || status === 'processing' || status === 'initializing';
  const problem =
    status === 'rejected'
      ? item.rejection?.map(labels.rejectionReason).join(' ')
      : status === 'failed' && item.error !== undefined
        ? labels.errorMessage(item.error)
        : undefined;
  // a thin bar only while the file is on its way; a finished, failed or waiting row has none
  const showBar = indeterminate || status === 'uploading';
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
      data-row={item.id}
      aria-describedby={problem === undefined ? undefined : errorId}
    >
      <div className="lrd-upload-item__main">
        <FileThumbnail name={name} file={item.file} url={thumbnailUrl} />
        <span className="lrd-upload-item__name" title={name}>
          {name}
        </span>
        <span className="lrd-upload-item__size">{formatFileSize(item.size, locale)}</span>
        <span className="lrd-upload-item__status">
          {statusText}
          {status === 'uploading' ? ` · ${labels.progressPercent(percent)}` : ''}
        </span>
        <span className="lrd-upload-item__actions">
          {actionsOf(item)
            .filter((action) => allowed[action])
            .map((action) => (
              <IconButton
                key={action}
                action={action}
                icon={action}
                label={labels[action](name)}
                title={labels[`${action}Button`]}
                onClick={(event) => {
                  onAction(action, item.id, event);
                }}
              />
            ))}
        </span>
      </div>
      {showBar ? (
        <div
          className="lrd-progress lrd-progress--thin"
          role="progressbar"
          aria-label={labels.progressLabel(name)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={indeterminate ? undefined : percent}
          aria-valuetext={indeterminate ? statusText : labels.progressPercent(percent)}
          data-indeterminate={indeterminate || undefined}
        >
          <div
            className="lrd-progress__bar"
            style={indeterminate ? undefined : { inlineSize: `${percent}%` }}
          />
        </div>
      ) : null}
      {problem === undefined ? null : (
        <p id={errorId} className="lrd-upload-item__error">
          {problem}
        </p>
      )}
    </li>
  );
});

/** A document the field already held: its name, thumbnail and review status, or why it could not be read. */
const StoredListItem = /* @__PURE__ */ memo(function StoredListItem({
  entry,
  labels,
  locale,
  onRemove,
}: {
  entry: UploadListStoredDocument;
  labels: UploaderLabels;
  locale: string | undefined;
  onRemove: ((id: string, event: MouseEvent<HTMLElement>) => void) | undefined;
}) {
  const errorId = useId();
  const { document, error } = entry;
  const file = document?.files[0];
  const name = file?.originalName ?? labels.storedName(entry.id);
  const more = (document?.files.length ?? 1) - 1;
  const size = document?.files.reduce((sum, f) => sum + (f.sizeKB ?? 0) * 1024, 0);
  const problem =
    error === undefined
      ? undefined
      : error instanceof NotFoundError
        ? labels.storedNotFound
        : labels.storedError;
  const state = problem !== undefined ? 'error' : document === undefined ? 'loading' : 'stored';
  return (
    <li
      className="lrd-upload-item lrd-upload-item--stored"
      data-status={state === 'stored' ? 'complete' : state === 'error' ? 'failed' : 'queued'}
      data-stored={state}
      data-document-id={entry.id}
      data-row={`stored:${entry.id}`}
      aria-describedby={problem === undefined ? undefined : errorId}
    >
      <div className="lrd-upload-item__main">
        <FileThumbnail name={name} url={serverThumbnailUrl(file)} contentType={file?.contentType} />
        <span className="lrd-upload-item__name" title={name}>
          {name}
          {more > 0 ? <span className="lrd-upload-item__more">{` +${more}`}</span> : null}
        </span>
        {size === undefined ? null : (
          <span className="lrd-upload-item__size">{formatFileSize(size, locale)}</span>
        )}
        <span className="lrd-upload-item__status">
          {document === undefined ? (
            problem === undefined ? (
              labels.storedLoading
            ) : (
              labels.status.failed
            )
          ) : (
            <span className="lrd-badge" data-status={document.status}>
              {labels.documentStatus[document.status]}
            </span>
          )}
        </span>
        <span className="lrd-upload-item__actions">
          {onRemove === undefined ? null : (
            <IconButton
              action="remove"
              icon="remove"
              label={labels.remove(name)}
              title={labels.removeButton}
              onClick={(event) => {
                onRemove(entry.id, event);
              }}
            />
          )}
        </span>
      </div>
      {problem === undefined ? null : (
        <p id={errorId} className="lrd-upload-item__error">
          {problem}
        </p>
      )}
    </li>
  );
});
