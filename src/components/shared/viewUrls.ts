import type { Document, DocumentFile, ViewUrl, ViewUrlType } from '../../core';

/** Which renditions to try for a slot, best first. `original` is the last resort for images only. */
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

/** Whether a file is an image the browser can show. */
export function isImageFile(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.startsWith('image/') && contentType !== 'image/tiff';
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
 * The best view URL of a file for a slot, or `undefined` (non-images only get `original` when asked for it). A URL
 * that is not `http(s):` is never picked.
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
