'use client';
/** What the preview shows of one file: an image (signed, or fetched with the token) or a PDF inline. */
import { useEffect, useState } from 'react';
import type { DocumentFile, ViewUrl } from '../../core';
import type { PreviewLabels } from '../../react/labels';
import { pickViewUrl, safeUrl } from '../shared/viewUrls';
import { ThumbnailImage, type ThumbnailGridItem } from '../ThumbnailGrid/ThumbnailGrid';
import { FileIcon } from '../UploadList/UploadList';

/**
 * Fetches a token-protected URL (a sensitive document's proxy URL: it has no `expiresAt`) as a Blob. The
 * gallery passes `fetchWithToken` from core bound to its client.
 */
export type FetchProtectedFile = (url: string, options: { signal: AbortSignal }) => Promise<Blob>;

/** The original's URL of a file, when it may be rendered. */
export function originalOf(file: DocumentFile | undefined): ViewUrl | undefined {
  return file?.viewUrls.find((v) => v.type === 'original' && safeUrl(v.url) !== undefined);
}

/** A proxy URL needs the token: the API gives them no `expiresAt` (signed URLs always have one). */
export function isProtected(viewUrl: ViewUrl): boolean {
  return viewUrl.expiresAt === undefined;
}

/**
 * A file's bytes as a `blob:` URL, fetched with `fetchFile` and revoked when the component unmounts. `type`, when
 * given, replaces the response's type (a frame must only ever show a PDF as a PDF).
 */
export function useProtectedBlobUrl(
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
export function PreviewImage({
  item,
  file,
  labels,
  fetchFile,
  onImageError,
}: {
  item: ThumbnailGridItem;
  file: number;
  labels: PreviewLabels;
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
export function PdfFrame({
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
  labels: PreviewLabels;
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
