'use client';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  fetchWithToken,
  type Document,
  type DocumentSort,
  type DocumentType,
  type ViewUrlType,
} from '../../core';
import {
  useArchiveDocument,
  useDocuments,
  useDocumentsClient,
  useDocumentsLabels,
  useViewUrl,
  type DocumentsLabelsOverrides,
  useLocale,
} from '../../react';
import type { GalleryLabels, ThumbnailLabels } from '../../react/labels';
import { cx } from '../shared/cx';
import { formatDate, formatFileSize } from '../shared/format';
import { useLatest } from '../shared/useLatest';
import { pickViewUrl, safeUrl } from '../shared/viewUrls';
import { DocumentPreview, type FetchProtectedFile } from '../DocumentPreview/DocumentPreview';
import { trapTab, useModalFocus } from '../DocumentPreview/focusTrap';
import { ThumbnailGrid, ThumbnailImage, type ThumbnailGridItem } from '../ThumbnailGrid/ThumbnailGrid';

/** Props of {@link DocumentGallery}. */
export interface DocumentGalleryProps {
  /** Show only documents of this type (or types). Defaults to every type. */
  type?: DocumentType | readonly DocumentType[];
  /** Show archived documents (controlled). */
  archived?: boolean;
  /** Initially show archived documents (uncontrolled). Defaults to `false`. */
  defaultArchived?: boolean;
  /** Called when the archived toggle changes. */
  onArchivedChange?: (archived: boolean) => void;
  /** Sort order (controlled). */
  sort?: DocumentSort;
  /** Initial sort order (uncontrolled). Defaults to `'ID_DESC'` (newest first). */
  defaultSort?: DocumentSort;
  /** Called when the sort toggle changes. */
  onSortChange?: (sort: DocumentSort) => void;
  /** Whether documents can be archived from the gallery. Defaults to `true`. */
  allowArchive?: boolean;
  /** Accessible name of the gallery region. Defaults to the `galleryTitle` label. */
  'aria-label'?: string;
  labels?: DocumentsLabelsOverrides;
  locale?: string;
  className?: string;
}

/**
 * The account's documents: thumbnail, name, type, review status, size and date, with an archived toggle, a sort
 * toggle, archiving with confirmation (optimistic), loading / empty / error states, and a preview dialog.
 */
export function DocumentGallery(props: DocumentGalleryProps) {
  const { className, allowArchive = true } = props;
  const locale = useLocale(props.locale);
  const labels = useDocumentsLabels(props.labels);
  const [archivedState, setArchivedState] = useState(props.defaultArchived ?? false);
  const [sortState, setSortState] = useState<DocumentSort>(props.defaultSort ?? 'ID_DESC');
  const archived = props.archived ?? archivedState;
  const sort = props.sort ?? sortState;
  const latest = useLatest(props);
  const query = useDocuments({ archived, sort, type: props.type });
  const archive = useArchiveDocument();
  const client = useDocumentsClient();
  const [confirming, setConfirming] = useState<Document | undefined>(undefined);
  const [previewIndex, setPreviewIndex] = useState<number | undefined>(undefined);
  // after an archive the opener's tile is gone: focus moves to the tile that took its place (or the heading)
  const [refocus, setRefocus] = useState<{ id: string; index: number } | undefined>(undefined);
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  const setArchived = (next: boolean) => {
    setArchivedState(next);
    setPreviewIndex(undefined);
    latest.current.onArchivedChange?.(next);
  };
  const setSort = (next: DocumentSort) => {
    setSortState(next);
    latest.current.onSortChange?.(next);
  };

  const documents = query.data;
  const items = useMemo(
    () =>
      (documents ?? []).map((document): ThumbnailGridItem => ({
        id: document.id,
        name: documentName(document),
        contentType: document.files[0]?.contentType ?? 'application/octet-stream',
        document,
      })),
    [documents],
  );
  const renderMeta = useCallback(
    (item: ThumbnailGridItem) =>
      item.document === undefined ? null : (
        <DocumentMeta document={item.document} labels={labels} locale={locale} />
      ),
    [labels, locale],
  );
  const renderActions = useCallback(
    (item: ThumbnailGridItem) => {
      const { document } = item;
      if (!allowArchive || document === undefined || document.archived) return null;
      return (
        <button
          type="button"
          className="lrd-button lrd-button--small lrd-button--quiet"
          onClick={() => {
            setConfirming(document);
          }}
          aria-label={labels.archive(documentName(document))}
        >
          {labels.archiveConfirmButton}
        </button>
      );
    },
    [labels, allowArchive],
  );

  const renderImage = useCallback(
    (item: ThumbnailGridItem, slot: ViewUrlType, file: number) => (
      <GalleryImage item={item} slot={slot} file={file} labels={labels} />
    ),
    [labels],
  );
  // sensitive documents' proxy URLs: PDFs inline and downloads, with the token (fetchWithToken refuses other origins)
  const fetchFile = useCallback<FetchProtectedFile>(
    (url, { signal }) => fetchWithToken(client, url, { signal }),
    [client],
  );

  useEffect(() => {
    if (refocus === undefined || items.some((item) => item.id === refocus.id)) return;
    const tiles = sectionRef.current?.querySelectorAll<HTMLElement>('[data-lrd-tile]');
    const target = tiles?.[Math.min(refocus.index, tiles.length - 1)] ?? headingRef.current;
    target?.focus();
    setRefocus(undefined); // eslint-disable-line react-hooks/set-state-in-effect -- one focus move per archive
  }, [items, refocus]);

  const archiveFailedFor = archive.isError
    ? typeof archive.variables === 'string'
      ? archive.variables
      : documentName(archive.variables)
    : undefined;

  return (
    <section ref={sectionRef} className={cx('lrd-root lrd-gallery', className)} aria-labelledby={headingId}>
      <header className="lrd-gallery__toolbar">
        <h2 ref={headingRef} id={headingId} className="lrd-gallery__title" tabIndex={-1}>
          {props['aria-label'] ?? labels.galleryTitle}
        </h2>
        <div className="lrd-gallery__controls">
          <button
            type="button"
            className="lrd-button lrd-button--small"
            aria-pressed={archived}
            onClick={() => {
              setArchived(!archived);
            }}
          >
            {labels.showArchived}
          </button>
          <button
            type="button"
            className="lrd-button lrd-button--small"
            onClick={() => {
              setSort(sort === 'ID_DESC' ? 'ID_ASC' : 'ID_DESC');
            }}
          >
            {sort === 'ID_DESC' ? labels.sortNewestFirst : labels.sortOldestFirst}
          </button>
        </div>
      </header>
      {archiveFailedFor === undefined ? null : (
        <p className="lrd-gallery__error" role="alert">
          {labels.archiveError(archiveFailedFor)}
        </p>
      )}
      {query.isPending ? (
        <p className="lrd-gallery__state" role="status">
          {labels.galleryLoading}
        </p>
      ) : query.isError && documents === undefined ? (
        <div className="lrd-gallery__state" role="alert">
          <p>{labels.galleryError}</p>
          <button type="button" className="lrd-button" onClick={() => void query.refetch()}>
            {labels.galleryRetry}
          </button>
        </div>
      ) : items.length === 0 ? (
        <p className="lrd-gallery__state">{archived ? labels.galleryArchivedEmpty : labels.galleryEmpty}</p>
      ) : (
        <ThumbnailGrid
          items={items}
          aria-label={archived ? labels.showArchived : labels.galleryTitle}
          onOpen={(_item, index) => {
            setPreviewIndex(index);
          }}
          renderImage={renderImage}
          renderMeta={renderMeta}
          renderActions={renderActions}
          labels={props.labels}
        />
      )}
      {previewIndex !== undefined && items[previewIndex] !== undefined ? (
        <DocumentPreview
          items={items}
          index={previewIndex}
          onIndexChange={setPreviewIndex}
          onClose={() => {
            setPreviewIndex(undefined);
          }}
          renderImage={renderImage}
          fetchFile={fetchFile}
          labels={props.labels}
          locale={locale}
        />
      ) : null}
      {confirming === undefined ? null : (
        <ArchiveConfirm
          document={confirming}
          labels={labels}
          onConfirm={() => {
            setRefocus({ id: confirming.id, index: items.findIndex((item) => item.id === confirming.id) });
            archive.mutate(confirming);
            setConfirming(undefined);
          }}
          onCancel={() => {
            setConfirming(undefined);
          }}
        />
      )}
    </section>
  );
}

/** A document's display name: its first file's original name, else its id. */
function documentName(document: Document): string {
  return document.files[0]?.originalName ?? document.id;
}

const DocumentMeta = /* @__PURE__ */ memo(function DocumentMeta({
  document,
  labels,
  locale,
}: {
  document: Document;
  labels: GalleryLabels;
  locale: string | undefined;
}) {
  const sizeKB = document.files.reduce((sum, f) => sum + (f.sizeKB ?? 0), 0);
  return (
    <>
      <span className="lrd-badge" data-status={document.status}>
        {labels.documentStatus[document.status]}
      </span>
      <span className="lrd-gallery__type">{labels.documentType(document.type)}</span>
      {sizeKB > 0 ? <span className="lrd-gallery__size">{formatFileSize(sizeKB * 1024, locale)}</span> : null}
      <span className="lrd-gallery__date">{formatDate(document.meta?.createdAt, locale)}</span>
    </>
  );
});

/**
 * An image of a stored document through `useViewUrl`: fresh signed URLs, proxy URLs fetched with the token. Files
 * the browser cannot show (PDFs, HEIC/HEIF photos without renditions yet) get their type icon, never a broken image.
 */
function GalleryImage({
  item,
  slot,
  file,
  labels,
}: {
  item: ThumbnailGridItem;
  slot: ViewUrlType;
  file: number;
  labels: GalleryLabels & ThumbnailLabels;
}) {
  const picked = pickViewUrl(item.document?.files[file], slot);
  const view = useViewUrl(picked === undefined ? undefined : item.document, {
    file,
    variant: picked?.type ?? 'original',
  });
  if (picked === undefined) return <ThumbnailImage item={item} file={file} slot={slot} labels={labels} />;
  // a signed URL, or the blob: URL useViewUrl made of a proxy URL; never a javascript:/data: URL
  const src = safeUrl(view.src, true);
  if (src === undefined) {
    // A tile is named by its visible file name: there the placeholder is decorative, like the image.
    return slot === 'thumbnail' ? (
      <span className="lrd-thumbnail__placeholder" aria-hidden="true" />
    ) : (
      <span
        className="lrd-thumbnail__placeholder"
        role="img"
        aria-label={view.error === undefined ? labels.imageLoading : labels.imageError}
      />
    );
  }
  return (
    <ThumbnailImage
      item={item}
      file={file}
      slot={slot}
      labels={labels}
      src={src}
      onImageError={view.onError}
    />
  );
}

/** The archive confirmation: a modal alert dialog (focus trapped, Escape keeps the document, focus restored). */
function ArchiveConfirm({
  document,
  labels,
  onConfirm,
  onCancel,
}: {
  document: Document;
  labels: GalleryLabels;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // confirmed: the opener's tile leaves the list, and the gallery moves focus itself
  const restoreFocus = useRef(true);
  const textId = useId();
  useModalFocus(dialogRef, { initialFocus: cancelRef, restoreFocus });
  return (
    <div
      ref={dialogRef}
      className="lrd-confirm"
      role="alertdialog"
      aria-modal="true"
      aria-describedby={textId}
      aria-label={labels.archive(documentName(document))}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        } else {
          trapTab(event, dialogRef.current);
        }
      }}
    >
      <p id={textId}>{labels.archiveConfirm(documentName(document))}</p>
      <div className="lrd-confirm__actions">
        <button ref={cancelRef} type="button" className="lrd-button" onClick={onCancel}>
          {labels.archiveCancelButton}
        </button>
        <button
          type="button"
          className="lrd-button lrd-button--danger"
          onClick={() => {
            restoreFocus.current = false;
            onConfirm();
          }}
        >
          {labels.archiveConfirmButton}
        </button>
      </div>
    </div>
  );
}
