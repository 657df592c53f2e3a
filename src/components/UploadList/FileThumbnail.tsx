'use client';
import { useEffect, useRef, useState } from 'react';
import type { Document, DocumentFile } from '../../core';
import { FileIcon } from './FileIcon';

/** Types every browser can draw. HEIC/HEIF, TIFF and the rest get the type icon until a server variant exists. */
const LOCAL_IMAGE = /\.(jpe?g|png|gif|webp|avif|bmp)$/i;
const LOCAL_IMAGE_TYPE = /^image\/(jpeg|png|gif|webp|avif|bmp)$/i;
/** The drawn size in CSS pixels (twice that in device pixels at most). */
const SIZE = 32;

/** Whether a local file is an image this browser can show. */
export function isLocallyDisplayable(file: { readonly name?: string; readonly type: string }): boolean {
  return file.type === '' ? LOCAL_IMAGE.test(file.name ?? '') : LOCAL_IMAGE_TYPE.test(file.type);
}

/**
 * The server's small rendition of a file, when it exists and can go into `src` as it is: a signed `https:` URL
 * (a proxy URL, without `expiresAt`, needs the token and is left to the gallery).
 */
export function serverThumbnailUrl(file: DocumentFile | undefined): string | undefined {
  for (const type of ['thumbnail', 'gallery', 'preview'] as const) {
    const view = file?.viewUrls.find((v) => v.type === type);
    if (view !== undefined && view.expiresAt !== undefined && /^https?:\/\//i.test(view.url)) return view.url;
  }
  return undefined;
}

/** The file of `document` that an upload named `name` became (grouped documents hold several). */
export function fileOf(document: Document | undefined, name: string): DocumentFile | undefined {
  return document?.files.find((f) => f.originalName === name) ?? document?.files[0];
}

// Decoding is bounded page-wide: 1,000 photos dropped at once decode two at a time, not all together.
const MAX_DECODES = 2;
let decoding = 0;
const waiting: (() => void)[] = [];
function decodeSlot(run: (done: () => void) => void): void {
  const start = () => {
    decoding += 1;
    // (run calls it once: at once when the row is gone, else when the decode settles)
    run(() => {
      decoding -= 1;
      waiting.shift()?.();
    });
  };
  if (decoding < MAX_DECODES) start();
  else waiting.push(start);
}

/**
 * A small local preview of an image being uploaded. Where `createImageBitmap` can resize, the browser decodes at
 * the drawn size off the main thread and the bitmap is drawn into a small canvas; elsewhere an `<img>` of an object
 * URL decodes asynchronously. The object URL is revoked (the bitmap closed) on unmount.
 */
function LocalThumbnail({ file, onFail }: { file: Blob; onFail: () => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [drawn, setDrawn] = useState(false);
  const bitmaps = typeof createImageBitmap === 'function';

  useEffect(() => {
    let live = true;
    if (!bitmaps) {
      const objectUrl = URL.createObjectURL(file);
      setUrl(objectUrl); // eslint-disable-line react-hooks/set-state-in-effect -- an object URL exists only client-side
      return () => {
        live = false;
        URL.revokeObjectURL(objectUrl);
      };
    }
    let bitmap: ImageBitmap | undefined;
    decodeSlot((done) => {
      if (!live) {
        done();
        return;
      }
      const scale = Math.min(2, globalThis.devicePixelRatio || 1);
      createImageBitmap(file, { resizeWidth: SIZE * scale, resizeQuality: 'medium' })
        .then((result) => {
          bitmap = result;
          const canvas = canvasRef.current;
          const context = canvas?.getContext('2d');
          if (!live || canvas == null || context == null) return;
          canvas.width = result.width;
          canvas.height = result.height;
          context.drawImage(result, 0, 0);
          setDrawn(true);
        })
        .catch(() => {
          if (live) onFail();
        })
        .finally(done);
    });
    return () => {
      live = false;
      bitmap?.close();
    };
  }, [file, bitmaps, onFail]);

  if (!bitmaps) {
    return url === undefined ? null : <ThumbImg url={url} onError={onFail} />;
  }
  return (
    <canvas
      ref={canvasRef}
      className="lrd-upload-item__thumb"
      aria-hidden="true"
      data-ready={drawn || undefined}
    />
  );
}

/** Props of {@link FileThumbnail}. */
export interface FileThumbnailProps {
  name: string;
  /** The local file (images get a local preview). */
  file?: Blob | undefined;
  /** The server's rendition, once its variants exist (wins over the local preview). */
  url?: string | undefined;
  contentType?: string | undefined;
}

/**
 * What a row shows in front of its name: the server's thumbnail when it exists, else a local preview of an image
 * the browser can draw, else the type icon. Decorative (the name follows it).
 */
export function FileThumbnail({ name, file, url, contentType }: FileThumbnailProps) {
  const [failed, setFailed] = useState<{ url: string | undefined; local: boolean }>({
    url: undefined,
    local: false,
  });
  // stable per row, so the local preview's effect does not restart on re-renders
  const [onLocalFail] = useState(() => () => {
    setFailed((f) => ({ ...f, local: true }));
  });
  if (url !== undefined && failed.url !== url) {
    return (
      <ThumbImg
        url={url}
        onError={() => {
          setFailed((f) => ({ ...f, url }));
        }}
      />
    );
  }
  if (file !== undefined && !failed.local && isLocallyDisplayable({ name, type: file.type })) {
    return <LocalThumbnail file={file} onFail={onLocalFail} />;
  }
  return <FileIcon name={name} contentType={contentType} />;
}

/** A row thumbnail: small, decoded off the critical path, decorative (the row names the file). */
function ThumbImg({ url, onError }: { url: string; onError: () => void }) {
  return (
    <img
      className="lrd-upload-item__thumb"
      src={url}
      alt=""
      width={SIZE}
      height={SIZE}
      decoding="async"
      loading="lazy"
      onError={onError}
    />
  );
}
