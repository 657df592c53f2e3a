'use client';
/** The rows of an {@link UploadList}: one uploading file, one document the field already held, their actions. */
import { memo, useId, type LiHTMLAttributes, type MouseEvent, type ReactNode, type Ref } from 'react';
import { isActiveStatus, NotFoundError, type Document, type UploadItem as UploadItemData } from '../../core';
import type { UploadListLabels } from '../../react/labels';
import { formatFileSize } from '../shared/format';
import { IconButton } from './FileIcon';
import { FileThumbnail, serverThumbnailUrl } from './FileThumbnail';
import { progressBar } from './UploadSummary';

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

/**
 * The line of a row: thumbnail, name (with its tooltip and an optional `more`), size, status (no status cell when
 * `undefined`, as in the collected list) and actions. Shared by the upload, stored and collected rows.
 */
export const rowMain = (
  thumbnail: ReactNode,
  name: string,
  size: number | undefined,
  locale: string | undefined,
  status: ReactNode,
  actions: ReactNode,
  more?: ReactNode,
) => (
  <div className="lrd-upload-item__main">
    {thumbnail}
    <span className="lrd-upload-item__name" title={name}>
      {name}
      {more}
    </span>
    {size === undefined ? null : (
      <span className="lrd-upload-item__size">{formatFileSize(size, locale)}</span>
    )}
    {status === undefined ? null : <span className="lrd-upload-item__status">{status}</span>}
    <span className="lrd-upload-item__actions">{actions}</span>
  </div>
);

/** A row of an upload list: its line, an optional bar, and the problem (described by it) when there is one. */
const row = (
  attrs: LiHTMLAttributes<HTMLLIElement> & { ref?: Ref<HTMLLIElement> | undefined } & Record<
      `data-${string}`,
      string
    >,
  errorId: string,
  problem: string | undefined,
  main: ReactNode,
  bar?: ReactNode,
) => (
  <li {...attrs} aria-describedby={problem === undefined ? undefined : errorId}>
    {main}
    {bar}
    {problem === undefined ? null : (
      <p id={errorId} className="lrd-upload-item__error">
        {problem}
      </p>
    )}
  </li>
);

/** A document the field already holds (an id of its `value`), shown as a row before the uploads. */
export interface UploadListStoredDocument {
  /** The document's id. */
  id: string;
  /** The document, once read. */
  document?: Document | undefined;
  /** Why it could not be read (a `NotFoundError`: it does not exist, or is another account's). */
  error?: Error | undefined;
}

/** Props of {@link UploadListItem}. */
export interface UploadListItemProps {
  item: UploadItemData;
  labels: UploadListLabels;
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

  return row(
    {
      ref: rowRef,
      className: 'lrd-upload-item',
      'data-status': status,
      'data-upload-id': item.id,
      'data-row': item.id,
    },
    errorId,
    problem,
    rowMain(
      <FileThumbnail name={name} file={item.file} url={thumbnailUrl} />,
      name,
      item.size,
      locale,
      [statusText, status === 'uploading' ? ` · ${labels.progressPercent(percent)}` : ''],
      // the actions the file offers, in order, that the list handles
      (isActiveStatus(status)
        ? ['cancel' as const]
        : canRetryItem(item)
          ? (['retry', 'remove'] as const)
          : ['remove' as const]
      )
        .filter((action) => allowed[action])
        .map((action) => (
          <IconButton
            key={action}
            action={action}
            label={labels[action](name)}
            title={labels[`${action}Button`]}
            onClick={(event) => {
              onAction(action, item.id, event);
            }}
          />
        )),
    ),
    showBar
      ? progressBar(
          'lrd-progress lrd-progress--thin',
          labels.progressLabel(name),
          indeterminate ? undefined : percent,
          indeterminate ? statusText : labels.progressPercent(percent),
        )
      : null,
  );
});

/** A document the field already held: its name, thumbnail and review status, or why it could not be read. */
export const StoredListItem = /* @__PURE__ */ memo(function StoredListItem({
  entry,
  labels,
  locale,
  onRemove,
}: {
  entry: UploadListStoredDocument;
  labels: UploadListLabels;
  locale: string | undefined;
  /** The list's action handler (`'stored'`: remove this stored document). */
  onRemove: ((action: 'stored', id: string, event: MouseEvent<HTMLElement>) => void) | undefined;
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
  // [data-stored, the upload status it looks like]
  const [state, status] =
    problem !== undefined
      ? ['error', 'failed']
      : document === undefined
        ? ['loading', 'queued']
        : ['stored', 'complete'];
  return row(
    {
      className: 'lrd-upload-item lrd-upload-item--stored',
      'data-status': status,
      'data-stored': state,
      'data-document-id': entry.id,
      'data-row': `stored:${entry.id}`,
    },
    errorId,
    problem,
    rowMain(
      <FileThumbnail name={name} url={serverThumbnailUrl(file)} contentType={file?.contentType} />,
      name,
      size,
      locale,
      document === undefined ? (
        problem === undefined ? (
          labels.storedLoading
        ) : (
          labels.status.failed
        )
      ) : (
        <span className="lrd-badge" data-status={document.status}>
          {labels.documentStatus[document.status]}
        </span>
      ),
      onRemove === undefined ? null : (
        <IconButton
          action="remove"
          label={labels.remove(name)}
          title={labels.removeButton}
          onClick={(event) => {
            onRemove('stored', entry.id, event);
          }}
        />
      ),
      more > 0 ? <span className="lrd-upload-item__more">{` +${more}`}</span> : null,
    ),
  );
});
