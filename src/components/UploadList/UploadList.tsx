'use client';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  type MouseEvent,
} from 'react';
import {
  isActiveStatus,
  type Document,
  type UploadItem as UploadItemData,
  type UploadProgress,
} from '../../core';
import { uploaderLabels, useLocale, type DocumentsLabelsOverrides } from '../../react';
import type { UploadListLabels } from '../../react/labels';
import { useLabels } from '../../react/useDocumentsLabels';
import { cx } from '../shared/cx';
import { enabledButton, rowsOf } from '../shared/focus';
import { useRenderBatches } from '../shared/useRenderBatches';
import { useLatest } from '../shared/useLatest';
import { fileOf, serverThumbnailUrl } from './FileThumbnail';

export { FileIcon } from './FileIcon';

import {
  canRetryItem,
  StoredListItem,
  UploadListItem,
  type UploadAction,
  type UploadListStoredDocument,
} from './UploadListItem';
import { UploadSummary } from './UploadSummary';

export {
  canRetryItem,
  UploadListItem,
  type UploadAction,
  type UploadListItemProps,
  type UploadListStoredDocument,
} from './UploadListItem';
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
    // (the keys of the upload side this component shows)
    const labels: UploadListLabels = useLabels(uploaderLabels, props.labels);
    const listRef = useRef<HTMLUListElement | null>(null);
    const rootRef = useRef<HTMLDivElement>(null);
    const pending = useRef<PendingFocus | undefined>(undefined);
    const { shown, more, sentinelRef, setLimit } = useRenderBatches(items.length, renderBatch, '800px 0px');
    const handlers = useLatest(props);

    // the forwarded ref is the list element (set with the list's own ref, cleared on unmount)
    useImperativeHandle(ref, () => listRef.current as HTMLUListElement, []);

    /** Remembers the clicked button, so focus can follow if it disappears. */
    const track = useCallback((event: MouseEvent<HTMLElement>) => {
      const button = event.currentTarget;
      const row = button.closest<HTMLElement>('[data-row]');
      const rows = rowsOf(listRef.current, 'data-row');
      pending.current = {
        button,
        row: row?.dataset.row,
        index: row === null ? 0 : rows.indexOf(row),
      };
    }, []);

    // Stable across renders, so memoised rows are not re-rendered by a parent's fresh callbacks.
    const onAction = useCallback(
      (action: UploadAction | 'stored', id: string, event: MouseEvent<HTMLElement>) => {
        track(event);
        const h = handlers.current;
        (action === 'retry'
          ? h.onRetry
          : action === 'cancel'
            ? h.onCancel
            : action === 'remove'
              ? h.onRemove
              : h.onRemoveStored)?.(id);
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
      const rows = rowsOf(listRef.current, 'data-row');
      const same = p.row === undefined ? undefined : rows.find((r) => r.dataset.row === p.row);
      const target =
        (p.row === undefined
          ? enabledButton(rootRef.current?.querySelector('.lrd-upload-list__toolbar'))
          : undefined) ??
        enabledButton(same) ??
        enabledButton(rows[p.index]) ??
        enabledButton(rows[p.index - 1]) ??
        enabledButton(rows[0]);
      if (target !== undefined) target.focus();
      else handlers.current.onFocusLeave?.();
    });

    // rebuilt when the documents change, not on every progress frame
    const byId = useMemo(() => new Map<string, Document>(documents.map((d) => [d.id, d])), [documents]);
    const thumbnailOf = (item: UploadItemData): string | undefined => {
      const id = item.documentIds[0];
      return id === undefined ? undefined : serverThumbnailUrl(fileOf(byId.get(id), item.name));
    };

    const bulk = items.length > 1;
    const retryable = bulk && props.onRetryAll !== undefined && items.some(canRetryItem);
    const cancelable = bulk && props.onCancelAll !== undefined && items.some((i) => isActiveStatus(i.status));
    const clearable = bulk && props.onClear !== undefined;
    const bulkButton = (label: string, run: (() => void) | undefined, action?: string) => (
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
        <ul ref={listRef} className="lrd-upload-list__items">
          {stored.map((entry) => (
            <StoredListItem
              key={`stored:${entry.id}`}
              entry={entry}
              labels={labels}
              locale={locale}
              onRemove={props.onRemoveStored === undefined ? undefined : onAction}
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
              {bulkButton(labels.moreFiles(items.length - shown), () => {
                setLimit(shown + renderBatch);
              })}
            </li>
          ) : null}
        </ul>
      </div>
    );
  },
);
