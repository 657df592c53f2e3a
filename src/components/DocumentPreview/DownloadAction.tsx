'use client';
/** The preview's Download: a signed link, or the protected bytes fetched with the token and saved by name. */
import { useEffect, useRef, useState } from 'react';
import type { ViewUrl } from '../../core';
import type { PreviewLabels } from '../../react/labels';
import { type ThumbnailGridItem } from '../ThumbnailGrid/ThumbnailGrid';

import { isProtected, type FetchProtectedFile } from './PreviewMedia';

/** How long a downloaded file's `blob:` URL lives after the click that saves it (the browser has read it by then). */
const DOWNLOAD_URL_LIFETIME_MS = 30_000;
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
export function DownloadAction({
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
  labels: PreviewLabels;
  onDownload: ((item: ThumbnailGridItem, file: number) => void | Promise<void>) | undefined;
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
