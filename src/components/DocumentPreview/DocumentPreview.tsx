'use client';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useDocumentsLabels, type DocumentsLabelsOverrides } from '../../react';
import { cx } from '../shared/cx';
import { formatDate } from '../shared/format';
import { useLatest } from '../shared/useLatest';
import { pickViewUrl, primaryFile } from '../shared/viewUrls';
import {
  ThumbnailImage,
  type RenderThumbnailImage,
  type ThumbnailGridItem,
} from '../ThumbnailGrid/ThumbnailGrid';

/** Props of {@link DocumentPreview}. */
export interface DocumentPreviewProps {
  /** The items the preview pages through (the same items as the grid). */
  items: readonly ThumbnailGridItem[];
  /** The item shown. */
  index: number;
  /** Called with the new index on previous/next (buttons or arrow keys). */
  onIndexChange: (index: number) => void;
  /** Called on Escape, the close button or a click on the backdrop. Focus returns where it was before opening. */
  onClose: () => void;
  /** Renders the large image instead of the default `<img>` of the best signed URL. */
  renderImage?: RenderThumbnailImage;
  /** Called once per URL when the image fails to load. */
  onImageError?: (item: ThumbnailGridItem) => void;
  /** Handles "Download" (e.g. to fetch a proxy URL with the token). Defaults to a link to the original's signed URL. */
  onDownload?: (item: ThumbnailGridItem) => void;
  labels?: DocumentsLabelsOverrides;
  locale?: string;
  className?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal preview of one document (its `preview` rendition, falling back to `gallery` and `original`), with
 * previous/next and a download of the original. Escape closes; focus is trapped inside and restored on close.
 */
export function DocumentPreview(props: DocumentPreviewProps) {
  const { items, index, className, locale } = props;
  const labels = useDocumentsLabels(props.labels);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const latest = useLatest({ onClose: props.onClose });
  const item = items[index];

  // Remember what had focus, focus the dialog, and give focus back on close.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (previous?.isConnected === true) previous.focus();
    };
  }, []);

  if (item === undefined) return null;
  const total = items.length;
  const go = (delta: number) => {
    const next = index + delta;
    if (next >= 0 && next < total) props.onIndexChange(next);
  };
  const original = pickViewUrl(
    item.document === undefined ? undefined : primaryFile(item.document),
    'original',
  );
  const created = item.document?.meta?.createdAt;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      latest.current.onClose();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      if ((event.target as HTMLElement).tagName === 'INPUT') return;
      const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
      go((event.key === 'ArrowRight') !== rtl ? 1 : -1);
    } else if (event.key === 'Tab') {
      const focusable = dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE);
      if (focusable === undefined || focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <div
      className="lrd-preview__backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) props.onClose();
      }}
    >
      <div
        ref={dialogRef}
        className={cx('lrd-preview', className)}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <header className="lrd-preview__header">
          <h2 id={titleId} className="lrd-preview__title">
            {item.name}
          </h2>
          <span className="lrd-preview__position">{labels.previewPosition({ index: index + 1, total })}</span>
          <button
            ref={closeRef}
            type="button"
            className="lrd-button lrd-button--quiet"
            onClick={props.onClose}
          >
            {labels.previewClose}
          </button>
        </header>
        <div className="lrd-preview__media">
          {props.renderImage !== undefined ? (
            props.renderImage(item, 'preview')
          ) : (
            <ThumbnailImage item={item} slot="preview" labels={labels} onImageError={props.onImageError} />
          )}
        </div>
        <footer className="lrd-preview__footer">
          {/* aria-disabled, not disabled: a focused button that becomes disabled drops focus out of the dialog */}
          <button
            type="button"
            className="lrd-button"
            onClick={() => {
              go(-1);
            }}
            aria-disabled={index === 0}
          >
            {labels.previewPrevious}
          </button>
          {created === undefined ? null : (
            <span className="lrd-preview__date">{formatDate(created, locale)}</span>
          )}
          {props.onDownload !== undefined ? (
            <button type="button" className="lrd-button" onClick={() => props.onDownload?.(item)}>
              {labels.previewDownload}
            </button>
          ) : original !== undefined ? (
            <a
              className="lrd-button"
              href={original.url}
              download={item.name}
              target="_blank"
              rel="noopener noreferrer"
            >
              {labels.previewDownload}
            </a>
          ) : null}
          <button
            type="button"
            className="lrd-button"
            onClick={() => {
              go(1);
            }}
            aria-disabled={index >= total - 1}
          >
            {labels.previewNext}
          </button>
        </footer>
      </div>
    </div>
  );
}
