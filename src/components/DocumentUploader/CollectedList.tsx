'use client';
import { useEffect, useId, useRef, type MouseEvent } from 'react';
import type { UploadItem } from '../../core';
import type { DocumentUploaderLabels } from '../../react/labels';
import { enabledButton, rowsOf } from '../shared/focus';
import { IconButton } from '../UploadList/FileIcon';
import { FileThumbnail } from '../UploadList/FileThumbnail';
import { rowMain } from '../UploadList/UploadListItem';

type Move = 'up' | 'down' | 'remove';

/**
 * The engine's `collected` files (`autoUpload={false}`: judged when added, refused ones are rejected rows of the
 * upload list), in page order: each can move up or down (buttons, so the keyboard can) or be removed; one button
 * uploads them all as one job. Focus stays on the moved file's button, and after a removal
 * goes to the next file, the previous one, or the upload button's place (`onFocusLeave`).
 */
export function CollectedList({
  files,
  labels,
  locale,
  onMove,
  onRemove,
  onUpload,
  onFocusLeave,
  disabled,
}: {
  files: readonly UploadItem[];
  labels: DocumentUploaderLabels;
  locale: string | undefined;
  onMove: (id: string, by: -1 | 1) => void;
  onRemove: (id: string) => void;
  onUpload: () => void;
  onFocusLeave: () => void;
  disabled: boolean | undefined;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const pending = useRef<{ key: string; action: Move; index: number; order: string } | undefined>(undefined);
  const order = files.map((f) => f.id).join('\n');
  const headingId = useId();

  // After a move the same button keeps focus (React moved its row); at an end it passes to the other direction.
  // The engine applies the move on its next notification: until the order changed, nothing has moved yet.
  useEffect(() => {
    const p = pending.current;
    if (p === undefined || p.order === order) return;
    pending.current = undefined;
    const rows = rowsOf(listRef.current, 'data-key');
    const row = rows.find((r) => r.dataset.key === p.key);
    const target =
      row === undefined
        ? (enabledButton(rows[p.index]) ?? enabledButton(rows[p.index - 1]))
        : (enabledButton(row, p.action) ??
          enabledButton(row, p.action === 'up' ? 'down' : 'up') ??
          enabledButton(row));
    if (target !== undefined) target.focus();
    else onFocusLeave();
  });

  if (files.length === 0) return null;
  const act = (action: Move, key: string, index: number, event: MouseEvent<HTMLElement>) => {
    event.preventDefault();
    pending.current = { key, action, index, order };
    if (action === 'remove') onRemove(key);
    else onMove(key, action === 'up' ? -1 : 1);
  };

  return (
    <div className="lrd-upload-list lrd-collected">
      <p id={headingId} className="lrd-upload-summary__text">
        <span>{labels.collectedList(files.length)}</span>
      </p>
      <ol ref={listRef} className="lrd-upload-list__items" aria-labelledby={headingId}>
        {/* eslint-disable-next-line react-hooks/refs -- the ref is written in the buttons' click handlers, not during render (the rule cannot see through rowMain) */}
        {files.map((item, index) => {
          const { file, id: key, name } = item;
          const button = (action: Move, label: string, off: boolean) => (
            <IconButton
              key={action}
              action={action}
              label={label}
              disabled={off}
              onClick={(event) => {
                act(action, key, index, event);
              }}
            />
          );
          return (
            <li key={key} className="lrd-upload-item" data-status={item.status} data-key={key}>
              {rowMain(<FileThumbnail name={name} file={file} />, name, item.size, locale, undefined, [
                button('up', labels.moveUp(name), index === 0),
                button('down', labels.moveDown(name), index === files.length - 1),
                button('remove', labels.remove(name), false),
              ])}
            </li>
          );
        })}
      </ol>
      <div className="lrd-upload-list__toolbar">
        <button
          type="button"
          className="lrd-button"
          data-action="upload"
          disabled={disabled}
          onClick={onUpload}
        >
          {labels.uploadCollected(files.length)}
        </button>
      </div>
    </div>
  );
}
