import type { Document, DocumentFile, ViewUrl, ViewUrlType } from '../../core';

/** Which renditions to try for a slot, best first. `original` is the last resort for displayable images only. */
export const VARIANT_ORDER: Readonly<Record<ViewUrlType, readonly ViewUrlType[]>> = {
  thumbnail: ['thumbnail', 'gallery', 'preview', 'original'],
  gallery: ['gallery', 'preview', 'original'],
  preview: ['preview', 'gallery', 'original'],
  original: ['original'],
};

/** The first file of a document (the one shown as its thumbnail). */
export function primaryFile(document: Document): DocumentFile | undefined {
  return document.files[0];
}

/**
 * Image types every current browser decodes in an `<img>`. HEIC/HEIF (Chrome and Firefox cannot) and TIFF are not
 * among them: such photos show their type icon until the server's renditions (JPEG) exist.
 */
const DISPLAYABLE_IMAGES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'image/jpeg',
  'image/jpg',
  'image/pjpeg',
  'image/png',
  'image/apng',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

/** The MIME type without parameters, lower-case (`Image/JPEG; q=1` → `image/jpeg`). */
function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Whether a file is an image the browser can show as it is (JPEG, PNG, GIF, WebP, AVIF, BMP). HEIC/HEIF and TIFF
 * are images but not displayable: they get the type icon until a server rendition exists.
 */
export function isImageFile(contentType: string | undefined): boolean {
  return DISPLAYABLE_IMAGES.has(essence(contentType));
}

/** Whether a file is a PDF (shown inline in the preview). */
export function isPdfFile(contentType: string | undefined): boolean {
  return essence(contentType) === 'application/pdf';
}

/**
 * `url` when it may go into `src`/`href`: `http(s):` (or, with `blob`, a `blob:` URL this library made), else
 * `undefined`. A document may come from anywhere (e.g. put in the cache by hand): a `javascript:` or `data:` URL in
 * it is never rendered.
 */
export function safeUrl(url: string | undefined, blob = false): string | undefined {
  return url !== undefined && (blob ? /^(?:https?|blob):/i : /^https?:\/\//i).test(url) ? url : undefined;
}

/**
 * The best view URL of a file for a slot, or `undefined`. The server's renditions (thumbnail, gallery, preview) are
 * images for any source type, so they are always candidates; the `original` is one only for images the browser
 * can show (or when `original` itself is asked for). A URL that is not `http(s):` is never picked.
 */
export function pickViewUrl(file: DocumentFile | undefined, slot: ViewUrlType): ViewUrl | undefined {
  if (file === undefined) return undefined;
  for (const type of VARIANT_ORDER[slot]) {
    if (type === 'original' && slot !== 'original' && !isImageFile(file.contentType)) return undefined;
    const url = file.viewUrls.find((v) => v.type === type && safeUrl(v.url) !== undefined);
    if (url !== undefined) return url;
  }
  return undefined;
}

/** Whether the server's image renditions exist for a file. */
export function hasVariants(file: DocumentFile | undefined): boolean {
  return file?.viewUrls.some((v) => v.type !== 'original') ?? false;
}
