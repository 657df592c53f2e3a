'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useDocumentsLabels, useLocale, type DocumentsLabelsOverrides } from '../../react';
import { cx } from '../shared/cx';
import { formatDate } from '../shared/format';
import { useLatest } from '../shared/useLatest';
import { isPdfFile } from '../shared/viewUrls';
import { type RenderThumbnailImage, type ThumbnailGridItem } from '../ThumbnailGrid/ThumbnailGrid';
import { DownloadAction } from './DownloadAction';
import { trapTab, useModalFocus } from './focusTrap';
import { originalOf, PdfFrame, PreviewImage, type FetchProtectedFile } from './PreviewMedia';

export type { FetchProtectedFile } from './PreviewMedia';

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
  /** Renders the large image instead of the default `<img>` of the best signed URL (`file`: the file paged to). */
  renderImage?: RenderThumbnailImage;
  /** Called once per URL when the image fails to load. */
  onImageError?: (item: ThumbnailGridItem) => void;
  /**
   * Fetches token-protected URLs (sensitive documents). With it, such a PDF is shown inline from a `blob:` URL
   * (revoked when no longer shown) and Download saves the file under its original name. Without it, those files
   * show their icon and have no Download. Signed URLs never go through it.
   */
  fetchFile?: FetchProtectedFile;
  /**
   * Handles "Download" itself (`file`: the file paged to). A returned promise shows the button busy, and an error
   * message if it rejects. Defaults to a link to a signed original, or a fetch with `fetchFile` for a protected one.
   */
  onDownload?: (item: ThumbnailGridItem, file: number) => void | Promise<void>;
  labels?: DocumentsLabelsOverrides;
  locale?: string;
  className?: string;
}

/**
 * A modal preview of a document: images in their `preview` rendition (falling back to `gallery` and `original`),
 * PDFs inline, a file-type icon otherwise. Previous/next go through the items; a document with several files (a
 * grouped document) pages through them too ("File 2 of 3"), and the arrow keys walk every file of every item.
 * Download saves the file shown. Escape closes; focus is trapped inside and restored on close.
 */
export function DocumentPreview(props: DocumentPreviewProps) {
  const { items, index, className } = props;
  const locale = useLocale(props.locale);
  const labels = useDocumentsLabels(props.labels);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const latest = useLatest(props);
  // the file shown, per item: paging to another item starts at its first file (or its last, going back by key)
  const [fileState, setFileState] = useState<{ id: string; file: number } | undefined>(undefined);
  const item = items[index];

  useModalFocus(dialogRef, { initialFocus: closeRef });
  // Paging can remove the focused control (a single-file document has no file buttons): focus stays in the dialog,
  // where the arrow keys and Escape still work.
  const shownKey = `${items[index]?.id ?? ''}:${fileState?.file ?? 0}`;
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.contains(dialog.ownerDocument.activeElement)) dialog.focus();
  }, [shownKey]);

  if (item === undefined) return null;
  const total = items.length;
  const files = item.document?.files ?? [];
  const fileCount = Math.max(1, files.length);
  const fileIndex = fileState?.id === item.id ? Math.min(fileState.file, fileCount - 1) : 0;
  const file = files[fileIndex];
  const name = file?.originalName ?? item.name;
  const contentType = file?.contentType ?? item.contentType;
  const original = originalOf(file);
  const created = item.document?.meta?.createdAt;

  const goItem = (delta: number) => {
    const next = index + delta;
    if (next >= 0 && next < total) props.onIndexChange(next);
  };
  const goFile = (next: number) => {
    if (next >= 0 && next < fileCount) setFileState({ id: item.id, file: next });
  };
  /** One step through every file of every item (the arrow keys). */
  const step = (delta: 1 | -1) => {
    const next = fileIndex + delta;
    if (next >= 0 && next < fileCount) {
      goFile(next);
      return;
    }
    const target = items[index + delta];
    if (target === undefined) return;
    setFileState({
      id: target.id,
      file: delta > 0 ? 0 : Math.max(0, (target.document?.files.length ?? 1) - 1),
    });
    props.onIndexChange(index + delta);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      latest.current.onClose();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      if ((event.target as HTMLElement).tagName === 'INPUT') return;
      const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
      step((event.key === 'ArrowRight') !== rtl ? 1 : -1);
    } else {
      trapTab(event, dialogRef.current);
    }
  };

  let media;
  if (isPdfFile(contentType)) {
    media = (
      <PdfFrame
        // a new frame per file: a frame that changes src keeps its history entry and scroll position
        key={`${item.id}:${fileIndex}`}
        original={original}
        title={labels.previewPdfTitle(name)}
        name={name}
        contentType={contentType}
        labels={labels}
        fetchFile={props.fetchFile}
      />
    );
  } else if (props.renderImage !== undefined) {
    media = props.renderImage(item, 'preview', fileIndex);
  } else {
    media = (
      <PreviewImage
        key={`${item.id}:${fileIndex}`}
        item={item}
        file={fileIndex}
        labels={labels}
        fetchFile={props.fetchFile}
        onImageError={props.onImageError}
      />
    );
  }

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
        data-content-type={contentType}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="lrd-preview__header">
          <h2 id={titleId} className="lrd-preview__title">
            {name}
          </h2>
          {total > 1 ? (
            <span className="lrd-preview__position">
              {labels.previewPosition({ index: index + 1, total })}
            </span>
          ) : null}
          <button
            ref={closeRef}
            type="button"
            className="lrd-button lrd-button--quiet"
            onClick={props.onClose}
          >
            {labels.previewClose}
          </button>
        </header>
        <div className="lrd-preview__media">{media}</div>
        {fileCount > 1 ? (
          <div className="lrd-preview__files" role="group" aria-label={labels.previewFiles}>
            <button
              type="button"
              className="lrd-button lrd-button--small"
              onClick={() => {
                goFile(fileIndex - 1);
              }}
              aria-disabled={fileIndex === 0}
            >
              {labels.previewPreviousFile}
            </button>
            <span className="lrd-preview__file-position" aria-live="polite">
              {labels.previewFilePosition({ index: fileIndex + 1, total: fileCount })}
            </span>
            <button
              type="button"
              className="lrd-button lrd-button--small"
              onClick={() => {
                goFile(fileIndex + 1);
              }}
              aria-disabled={fileIndex >= fileCount - 1}
            >
              {labels.previewNextFile}
            </button>
          </div>
        ) : null}
        <footer className="lrd-preview__footer">
          {/* aria-disabled, not disabled: a focused button that becomes disabled drops focus out of the dialog */}
          <button
            type="button"
            className="lrd-button"
            onClick={() => {
              goItem(-1);
            }}
            aria-disabled={index === 0}
          >
            {labels.previewPrevious}
          </button>
          {created === undefined ? null : (
            <span className="lrd-preview__date">{formatDate(created, locale)}</span>
          )}
          <DownloadAction
            // a new action per file: a pending download or its error belongs to the file it was for
            key={`${item.id}:${fileIndex}`}
            item={item}
            file={fileIndex}
            name={name}
            original={original}
            labels={labels}
            onDownload={props.onDownload}
            fetchFile={props.fetchFile}
          />
          <button
            type="button"
            className="lrd-button"
            onClick={() => {
              goItem(1);
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
