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

/** The best view URL of a file for a slot, or `undefined` (non-images only get `original` when asked for it). */
export function pickViewUrl(file: DocumentFile | undefined, slot: ViewUrlType): ViewUrl | undefined {
  if (file === undefined) return undefined;
  for (const type of VARIANT_ORDER[slot]) {
    if (type === 'original' && slot !== 'original' && !isImageFile(file.contentType)) return undefined;
    const url = file.viewUrls.find((v) => v.type === type);
    if (url !== undefined) return url;
  }
  return undefined;
}

/** Whether the server's image renditions exist for a file. */
export function hasVariants(file: DocumentFile | undefined): boolean {
  return file?.viewUrls.some((v) => v.type !== 'original') ?? false;
}
