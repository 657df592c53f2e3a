'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { DocumentFile, ViewUrl } from '../../core';
import {
  useDocumentsLabels,
  useLocale,
  type DocumentsLabels,
  type DocumentsLabelsOverrides,
} from '../../react';
import { cx } from '../shared/cx';
import { formatDate } from '../shared/format';
import { useLatest } from '../shared/useLatest';
import { isPdfFile, pickViewUrl, safeUrl } from '../shared/viewUrls';
import {
  ThumbnailImage,
  type RenderThumbnailImage,
  type ThumbnailGridItem,
} from '../ThumbnailGrid/ThumbnailGrid';
import { FileIcon } from '../UploadList/UploadList';
import { trapTab, useModalFocus } from './focusTrap';

/**
 * Fetches a token-protected URL (a sensitive document's proxy URL: it has no `expiresAt`) as a Blob. The
 * gallery passes `fetchWithToken` from core bound to its client.
 */
export type FetchProtectedFile = (url: string, options: { signal: AbortSignal }) => Promise<Blob>;

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

/** How long a downloaded file's `blob:` URL lives after the click that saves it (the browser has read it by then). */
const DOWNLOAD_URL_LIFETIME_MS = 30_000;

/** The original's URL of a file, when it may be rendered. */
function originalOf(file: DocumentFile | undefined): ViewUrl | undefined {
  return file?.viewUrls.find((v) => v.type === 'original' && safeUrl(v.url) !== undefined);
}

/** A proxy URL needs the token: the API gives them no `expiresAt` (signed URLs always have one). */
function isProtected(viewUrl: ViewUrl): boolean {
  return viewUrl.expiresAt === undefined;
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
  const latest = useLatest({ onClose: props.onClose });
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

/**
 * A file's bytes as a `blob:` URL, fetched with `fetchFile` and revoked when the component unmounts. `type`, when
 * given, replaces the response's type (a frame must only ever show a PDF as a PDF).
 */
function useProtectedBlobUrl(
  url: string | undefined,
  fetchFile: FetchProtectedFile | undefined,
  type?: string,
): { src: string | undefined; failed: boolean } {
  const [state, setState] = useState<{ url: string; src?: string; failed?: boolean } | undefined>(undefined);
  useEffect(() => {
    if (url === undefined || fetchFile === undefined) return undefined;
    const controller = new AbortController();
    let objectUrl: string | undefined;
    fetchFile(url, { signal: controller.signal }).then(
      (blob) => {
        if (controller.signal.aborted) return;
        // typed as the document says: a blob: URL has this page's origin, and a frame must only ever show a PDF
        objectUrl = URL.createObjectURL(type === undefined ? blob : new Blob([blob], { type }));
        setState({ url, src: objectUrl });
      },
      () => {
        if (!controller.signal.aborted) setState({ url, failed: true });
      },
    );
    return () => {
      controller.abort();
      if (objectUrl !== undefined) URL.revokeObjectURL(objectUrl);
    };
  }, [url, fetchFile, type]);
  return state !== undefined && state.url === url
    ? { src: state.src, failed: state.failed === true }
    : { src: undefined, failed: false };
}

/**
 * The large image of the default preview: the best rendition's signed URL, or a protected one fetched with
 * `fetchFile` (without it, the icon: a proxy URL in an `<img>` would only answer 401).
 */
function PreviewImage({
  item,
  file,
  labels,
  fetchFile,
  onImageError,
}: {
  item: ThumbnailGridItem;
  file: number;
  labels: DocumentsLabels;
  fetchFile: FetchProtectedFile | undefined;
  onImageError: ((item: ThumbnailGridItem) => void) | undefined;
}) {
  const picked = pickViewUrl(item.document?.files[file], 'preview');
  const protectedUrl = picked !== undefined && isProtected(picked) ? picked.url : undefined;
  const fetched = useProtectedBlobUrl(protectedUrl, fetchFile);
  const src = safeUrl(fetched.src, true);
  if (protectedUrl !== undefined && src === undefined) {
    if (fetchFile === undefined || fetched.failed) {
      const shown = item.document?.files[file];
      // the icon of the file shown, without its document (whose URLs cannot be shown here)
      const bare = {
        id: item.id,
        name: shown?.originalName ?? item.name,
        contentType: shown?.contentType ?? item.contentType,
      };
      return <ThumbnailImage item={bare} slot="preview" labels={labels} />;
    }
    return <span className="lrd-thumbnail__placeholder" role="img" aria-label={labels.imageLoading} />;
  }
  return (
    <ThumbnailImage
      item={item}
      file={file}
      slot="preview"
      labels={labels}
      src={src}
      onImageError={onImageError}
    />
  );
}

/** A PDF inline: an `<iframe>` of its signed URL, or of a `blob:` URL of its protected bytes. */
function PdfFrame({
  original,
  title,
  name,
  contentType,
  labels,
  fetchFile,
}: {
  original: ViewUrl | undefined;
  title: string;
  name: string;
  contentType: string;
  labels: DocumentsLabels;
  fetchFile: FetchProtectedFile | undefined;
}) {
  const protectedUrl = original !== undefined && isProtected(original) ? original.url : undefined;
  const fetched = useProtectedBlobUrl(protectedUrl, fetchFile, 'application/pdf');
  const src = protectedUrl === undefined ? original?.url : safeUrl(fetched.src, true);
  if (src === undefined) {
    const loading = protectedUrl !== undefined && fetchFile !== undefined && !fetched.failed;
    return (
      <span className="lrd-thumbnail__icon" data-state={loading ? 'loading' : 'unavailable'}>
        <FileIcon name={name} contentType={contentType} />
        <span className="lrd-thumbnail__no-preview" role={loading ? 'status' : undefined}>
          {loading ? labels.imageLoading : fetched.failed ? labels.imageError : labels.noPreview}
        </span>
      </span>
    );
  }
  return <iframe className="lrd-preview__frame" src={src} title={title} />;
}

/** Saves a Blob under `name` through an `<a download>` of a `blob:` URL; returns the URL, to revoke later. */
function saveBlob(blob: Blob, name: string): string {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  return href;
}

/**
 * Download of the file shown: a plain link to a signed original; for a protected one, a button that fetches it with
 * `fetchFile` and saves it under its original name (the proxy URL itself would answer 401 without the token).
 */
function DownloadAction({
  item,
  file,
  name,
  original,
  labels,
  onDownload,
  fetchFile,
}: {
  item: ThumbnailGridItem;
  file: number;
  name: string;
  original: ViewUrl | undefined;
  labels: DocumentsLabels;
  onDownload: DocumentPreviewProps['onDownload'];
  fetchFile: FetchProtectedFile | undefined;
}) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const resources = useRef<{
    controller?: AbortController;
    urls: Map<string, ReturnType<typeof setTimeout>>;
  }>({
    urls: new Map(),
  });
  useEffect(() => {
    const held = resources.current;
    return () => {
      held.controller?.abort();
      for (const [url, timer] of held.urls) {
        clearTimeout(timer);
        URL.revokeObjectURL(url);
      }
      held.urls.clear();
    };
  }, []);

  const run = (work: (signal: AbortSignal) => void | Promise<void>) => {
    if (state === 'busy') return;
    const controller = new AbortController();
    resources.current.controller = controller;
    const result = work(controller.signal);
    if (result === undefined) return;
    setState('busy');
    result.then(
      () => {
        if (!controller.signal.aborted) setState('idle');
      },
      () => {
        // the message names the file, never the URL or the server's text (it could carry a signed URL)
        if (!controller.signal.aborted) setState('failed');
      },
    );
  };

  let action;
  if (onDownload !== undefined) {
    action = () => {
      run(() => onDownload(item, file));
    };
  } else if (original === undefined) {
    return null;
  } else if (!isProtected(original)) {
    return (
      <a className="lrd-button" href={original.url} download={name} target="_blank" rel="noopener noreferrer">
        {labels.previewDownload}
      </a>
    );
  } else if (fetchFile !== undefined) {
    const url = original.url;
    action = () => {
      run(async (signal) => {
        const blob = await fetchFile(url, { signal });
        if (signal.aborted) return;
        const href = saveBlob(blob, name);
        const held = resources.current.urls;
        held.set(
          href,
          setTimeout(() => {
            held.delete(href);
            URL.revokeObjectURL(href);
          }, DOWNLOAD_URL_LIFETIME_MS),
        );
      });
    };
  } else {
    return null;
  }
  return (
    <span className="lrd-preview__download">
      <button
        type="button"
        className="lrd-button"
        onClick={action}
        aria-disabled={state === 'busy' || undefined}
        data-state={state}
      >
        {state === 'busy' ? labels.previewDownloading : labels.previewDownload}
      </button>
      {state === 'failed' ? (
        <span className="lrd-preview__error" role="alert">
          {labels.previewDownloadError(name)}
        </span>
      ) : null}
    </span>
  );
}
