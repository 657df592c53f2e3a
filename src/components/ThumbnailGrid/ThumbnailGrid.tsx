'use client';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Document, ViewUrlType } from '../../core';
import { useDocumentsLabels, type DocumentsLabelsOverrides } from '../../react';
import type { ThumbnailLabels } from '../../react/labels';
import { cx } from '../shared/cx';
import { useRenderBatches } from '../shared/useRenderBatches';
import { useLatest } from '../shared/useLatest';
import { FileIcon } from '../UploadList/UploadList';
import { hasVariants, isImageFile, pickViewUrl, safeUrl } from '../shared/viewUrls';

/** One tile of a {@link ThumbnailGrid}: a stored document, or a local file just uploaded, or both. */
export interface ThumbnailGridItem {
  /** Stable key. */
  id: string;
  /** File name shown under the tile and used as the image's alt text. */
  name: string;
  /** MIME type (decides between an image and a file-type icon). */
  contentType: string;
  /** The stored document, once it exists. */
  document?: Document;
  /** The local file, for an instant preview until the server's variants exist. */
  file?: Blob;
  /** Extra content under the name (type, size, date, status badge…). Prefer the grid's `renderMeta`. */
  meta?: ReactNode;
  /** Actions of the tile (e.g. archive), outside the open button. Prefer the grid's `renderActions`. */
  actions?: ReactNode;
}

/** Renders a part of a tile from its item (items stay plain data, so unchanged tiles need not re-render). */
export type RenderThumbnailPart = (item: ThumbnailGridItem) => ReactNode;

/**
 * How an image is rendered, for data sources that resolve URLs themselves (e.g. proxy URLs with a token). `file` is
 * the index of the file in `item.document.files`: `0` in the grid, the file paged to in the preview.
 */
export type RenderThumbnailImage = (item: ThumbnailGridItem, slot: ViewUrlType, file: number) => ReactNode;

/** Props of {@link ThumbnailGrid}. */
export interface ThumbnailGridProps {
  items: readonly ThumbnailGridItem[];
  /** Called when a tile is activated (click, Enter, Space). */
  onOpen?: (item: ThumbnailGridItem, index: number) => void;
  /** Called once per URL when an image fails to load (e.g. its signed URL expired): refresh it there. */
  onImageError?: (item: ThumbnailGridItem) => void;
  /** Renders a tile's image instead of the default `<img>` of the best signed URL. */
  renderImage?: RenderThumbnailImage;
  /** Renders the content under a tile's name (type, size, date, badge…); `item.meta` when not given. */
  renderMeta?: RenderThumbnailPart;
  /** Renders a tile's actions (e.g. archive), outside its open button; `item.actions` when not given. */
  renderActions?: RenderThumbnailPart;
  /**
   * Tiles rendered at first, and added each time the end of the grid nears the viewport: a 1,000-document
   * account costs the first screens, not 1,000 tiles. `Infinity` renders everything. Defaults to `96`.
   */
  renderBatch?: number;
  /** Accessible name of the grid. */
  'aria-label'?: string;
  labels?: DocumentsLabelsOverrides;
  className?: string;
}

/**
 * A grid of document thumbnails: the best rendition per tile (thumbnail first), a file-type icon for non-images,
 * a local preview of a just-uploaded image until the server's variants exist, lazy loading, and arrow-key
 * navigation between tiles (one tab stop). Presentational: props in, callbacks out.
 */
export function ThumbnailGrid(props: ThumbnailGridProps) {
  const { items, className, renderBatch = 96 } = props;
  const labels = useDocumentsLabels(props.labels);
  const listRef = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(0);
  const { shown, more, sentinelRef, setLimit } = useRenderBatches(items.length, renderBatch, '1200px 0px');
  const [pendingFocus, setPendingFocus] = useState<number | undefined>(undefined);
  const latest = useLatest(props);
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  const focusTile = useCallback(
    (index: number) => {
      setActive(index);
      const tile = listRef.current?.querySelectorAll<HTMLButtonElement>('[data-lrd-tile]')[index];
      if (tile !== undefined) {
        tile.focus();
        return;
      }
      // not rendered yet: render up to it, then focus it (effect below)
      setLimit((current) => Math.max(current, index + renderBatch));
      setPendingFocus(index);
    },
    [renderBatch, setLimit],
  );

  useEffect(() => {
    if (pendingFocus === undefined) return;
    const tile = listRef.current?.querySelectorAll<HTMLButtonElement>('[data-lrd-tile]')[pendingFocus];
    if (tile === undefined) return;
    tile.focus();
    setPendingFocus(undefined);
  }, [pendingFocus, shown]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLUListElement>) => {
      const tiles = listRef.current?.querySelectorAll<HTMLElement>('[data-lrd-tile]');
      if (tiles === undefined || tiles.length === 0) return;
      const current = Array.from(tiles).indexOf(document.activeElement as HTMLElement);
      if (current < 0) return;
      const columns = columnCount(tiles);
      const last = latest.current.items.length - 1;
      // (a right-to-left grid runs the other way; the target is kept within the tiles below)
      const step = isRtl(listRef.current) ? -1 : 1;
      const next: Record<string, number> = {
        ArrowRight: current + step,
        ArrowLeft: current - step,
        ArrowDown: current + columns,
        ArrowUp: current - columns,
        Home: 0,
        End: last,
      };
      const target = next[event.key];
      if (target === undefined) return;
      event.preventDefault();
      focusTile(Math.max(0, Math.min(last, target)));
    },
    [focusTile, latest],
  );

  const open = useCallback(
    (index: number) => {
      const item = latest.current.items[index];
      if (item !== undefined) latest.current.onOpen?.(item, index);
    },
    [latest],
  );
  const imageError = useCallback((item: ThumbnailGridItem) => latest.current.onImageError?.(item), [latest]);

  return (
    <ul
      ref={listRef}
      className={cx('lrd-thumbnail-grid', className)}
      aria-label={props['aria-label']}
      onKeyDown={onKeyDown}
    >
      {items.slice(0, shown).map((item, index) => (
        <Tile
          key={item.id}
          item={item}
          index={index}
          total={items.length}
          tabbable={index === activeIndex}
          labels={labels}
          onOpen={open}
          onFocusTile={setActive}
          onImageError={imageError}
          renderImage={props.renderImage}
          renderMeta={props.renderMeta}
          renderActions={props.renderActions}
        />
      ))}
      {more ? <li ref={sentinelRef} className="lrd-thumbnail-grid__more" aria-hidden="true" /> : null}
    </ul>
  );
}

function isRtl(element: HTMLElement | null): boolean {
  return element !== null && getComputedStyle(element).direction === 'rtl';
}

/** Tiles per row, measured from layout (tiles sharing the first tile's top). At least 1. */
function columnCount(tiles: NodeListOf<HTMLElement>): number {
  const first = tiles[0]?.getBoundingClientRect().top;
  let count = 0;
  for (const tile of tiles) {
    if (tile.getBoundingClientRect().top !== first) break;
    count += 1;
  }
  return Math.max(1, count);
}

interface TileProps {
  item: ThumbnailGridItem;
  index: number;
  total: number;
  tabbable: boolean;
  labels: ThumbnailLabels;
  onOpen: (index: number) => void;
  onFocusTile: (index: number) => void;
  onImageError: (item: ThumbnailGridItem) => void;
  renderImage: RenderThumbnailImage | undefined;
  renderMeta: RenderThumbnailPart | undefined;
  renderActions: RenderThumbnailPart | undefined;
}

const Tile = /* @__PURE__ */ memo(function Tile({
  item,
  index,
  total,
  tabbable,
  labels,
  onOpen,
  onFocusTile,
  onImageError,
  renderImage,
  renderMeta,
  renderActions,
}: TileProps) {
  const meta = renderMeta === undefined ? item.meta : renderMeta(item);
  const actions = renderActions === undefined ? item.actions : renderActions(item);
  return (
    // setsize/posinset: screen readers announce "5 of 1,000" even while only the first tiles are rendered
    <li
      className="lrd-thumbnail"
      data-content-type={item.contentType}
      aria-setsize={total}
      aria-posinset={index + 1}
    >
      <button
        type="button"
        className="lrd-thumbnail__open"
        data-lrd-tile=""
        tabIndex={tabbable ? 0 : -1}
        onClick={() => {
          onOpen(index);
        }}
        onFocus={() => {
          onFocusTile(index);
        }}
      >
        <span className="lrd-thumbnail__media">
          {renderImage !== undefined ? (
            renderImage(item, 'thumbnail', 0)
          ) : (
            <ThumbnailImage item={item} slot="thumbnail" labels={labels} onImageError={onImageError} />
          )}
        </span>
        <span className="lrd-thumbnail__name" title={item.name}>
          {item.name}
        </span>
      </button>
      {meta === undefined || meta === null ? null : <div className="lrd-thumbnail__meta">{meta}</div>}
      {actions === undefined || actions === null ? null : (
        <div className="lrd-thumbnail__actions">{actions}</div>
      )}
    </li>
  );
});

/** Props of {@link ThumbnailImage}. */
export interface ThumbnailImageProps {
  item: ThumbnailGridItem;
  slot: ViewUrlType;
  labels: ThumbnailLabels;
  /** Which file of the document (index into `files`). Defaults to `0`. */
  file?: number;
  /** A resolved source (e.g. from `useViewUrl`) used instead of the document's signed URL. */
  src?: string | undefined;
  onImageError?: (item: ThumbnailGridItem) => void;
}

/**
 * The image of a tile: the server's best rendition; until it exists, an object URL of the local file (revoked as
 * soon as the server's rendition is shown or the tile unmounts); a file-type icon for files the browser cannot show
 * as an image (PDFs, documents, and HEIC/HEIF or TIFF photos until the server's renditions exist), never a broken
 * `<img>`. In the preview slot the icon says that there is no preview.
 */
export function ThumbnailImage({
  item,
  slot,
  labels,
  file: fileIndex = 0,
  src,
  onImageError,
}: ThumbnailImageProps) {
  const file = item.document?.files[fileIndex];
  const contentType = file?.contentType ?? item.contentType;
  const name = file?.originalName ?? item.name;
  const serverUrl = safeUrl(src, true) ?? pickViewUrl(file, slot)?.url;
  // the local file is the first file's (what was just uploaded), shown only when the browser can decode it
  const useLocal =
    fileIndex === 0 && item.file !== undefined && isImageFile(item.contentType) && !hasVariants(file);
  const localUrl = useObjectUrl(useLocal ? item.file : undefined);
  const [failedUrl, setFailedUrl] = useState<string | undefined>(undefined);
  const url = useLocal && localUrl !== undefined ? localUrl : serverUrl;

  if (url === undefined) {
    return (
      <span className="lrd-thumbnail__icon">
        <FileIcon name={name} contentType={contentType} />
        {slot === 'preview' ? <span className="lrd-thumbnail__no-preview">{labels.noPreview}</span> : null}
      </span>
    );
  }
  return (
    <img
      className="lrd-thumbnail__img"
      src={url}
      // In a tile the visible name beside it names the button: the image is decorative there (axe
      // image-redundant-alt; an alt equal to the name would be read twice).
      alt={slot === 'thumbnail' ? '' : labels.thumbnailAlt(name)}
      loading="lazy"
      decoding="async"
      data-failed={failedUrl === url || undefined}
      onError={() => {
        // one report per URL: a refreshed URL gets its own chance, the same broken URL never loops
        if (failedUrl === url || url === localUrl) return;
        setFailedUrl(url);
        onImageError?.(item);
      }}
    />
  );
}

/** An object URL for a Blob, created after mount and revoked when the blob changes or the component unmounts. */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (blob === undefined) {
      setUrl(undefined); // eslint-disable-line react-hooks/set-state-in-effect -- see below
      return undefined;
    }
    // An object URL is a resource: it must be created where it can be revoked (an effect with a cleanup), not
    // during render, where StrictMode's double render would leak one.
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
    };
  }, [blob]);
  return url;
}
