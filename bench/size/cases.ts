/**
 * The bundle-size cases: what a user writes to get a working uploader, with this package and with each peer. Each
 * case is an entry file given to esbuild as text, so nothing here needs the peers' types (they live in
 * bench/peers/node_modules, installed by `npm run bench` only).
 */
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '../..');
/** Where the peers are installed (their own package.json and lock). */
export const PEERS_DIR = join(ROOT, 'bench/peers');

/** One bundle to measure. */
export interface SizeCase {
  /** Stable id (the key of the size pins). */
  id: string;
  /** Library shown in the table. */
  library: string;
  /** What the case contains. */
  label: string;
  /** The entry module (TSX). */
  entry: string;
  /** Where imports resolve from. */
  resolveDir: string;
  /** Bundle `@tanstack/react-query` too (an app without React Query pays for it). Defaults to `false`. */
  bundleReactQuery?: boolean;
  /** What the bundled case does and does not do (retries, validation, job tracking, progress list, a11y). */
  does?: string;
  doesNot?: string;
}

const mount = (jsx: string) => `
import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')).render(${jsx});
`;

const OURS_UPLOADER = `
import { DocumentsProvider, DocumentUploader } from 'react-lightreach-documents';
import 'react-lightreach-documents/styles.css';
${mount(`<DocumentsProvider baseUrl="https://api.example.com" accountId="acc_1" getAccessToken={() => 'token'}>
  <DocumentUploader type="utilityBill" />
</DocumentsProvider>`)}`;

/** This package's cases, bundled from the built `dist/` (what users install). */
export const OUR_CASES: readonly SizeCase[] = [
  {
    id: 'uploader',
    library: 'react-lightreach-documents',
    label: '(a) drop-in: DocumentsProvider + DocumentUploader',
    entry: OURS_UPLOADER,
    resolveDir: ROOT,
    does:
      'drop zone with a real chooser button; type/size/count validation before any request; typed init; XHR PUT ' +
      'straight to storage with progress; automatic retries with backoff; job tracking to complete (SSE, polling ' +
      'fallback); recovery after a reload; per-file list with progress, cancel and retry; live-region announcements',
    doesNot: 'bundle React Query (the app has it; see the row with it bundled)',
  },
  {
    id: 'everything',
    library: 'react-lightreach-documents',
    label: '(b) everything: every component, hook and core export',
    entry: `export * from 'react-lightreach-documents';\nimport 'react-lightreach-documents/styles.css';`,
    resolveDir: ROOT,
  },
  {
    id: 'core',
    library: 'react-lightreach-documents/core',
    label: '(c) core: createDocumentsClient + createUploader',
    entry: `export { createDocumentsClient, createUploader } from 'react-lightreach-documents/core';`,
    resolveDir: ROOT,
  },
];

/** Not pinned: the drop-in for an app that does not already use React Query. */
export const OUR_EXTRA_CASES: readonly SizeCase[] = [
  {
    id: 'uploader+react-query',
    library: 'react-lightreach-documents',
    label: '(a) drop-in, with @tanstack/react-query bundled too',
    entry: OURS_UPLOADER,
    resolveDir: ROOT,
    bundleReactQuery: true,
  },
];

/** The same user case (a drop zone with per-file progress uploading to a server) with each peer. */
export const PEER_CASES: readonly SizeCase[] = [
  {
    id: 'uppy-dashboard',
    library: 'Uppy (dashboard)',
    label: '@uppy/core + @uppy/react Dashboard + @uppy/aws-s3',
    resolveDir: PEERS_DIR,
    does:
      'drop zone + chooser; per-file list with progress, pause/cancel and a manual retry button; validation through ' +
      "core's `restrictions` (type, size, count); labelled, keyboard-usable controls; direct-to-S3 upload",
    doesNot:
      'automatic retries of a failed S3 PUT; server-side job tracking; recovery after a reload (Golden Retriever not included)',
    entry: `
import { useState } from 'react';
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';
import Dashboard from '@uppy/react/dashboard';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
function App() {
  const [uppy] = useState(() => new Uppy().use(AwsS3, { endpoint: 'https://api.example.com' }));
  return <Dashboard uppy={uppy} />;
}
${mount('<App />')}`,
  },
  {
    id: 'uppy-core-s3',
    library: 'Uppy (core + S3)',
    label: '@uppy/core + @uppy/aws-s3, no UI (the peer of (c))',
    resolveDir: PEERS_DIR,
    does: 'the engine only: queue, `restrictions` validation, direct-to-S3 upload with progress events',
    doesNot: 'UI; automatic retries of a failed S3 PUT; server-side job tracking',
    entry: `
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';
export const uppy = new Uppy().use(AwsS3, { endpoint: 'https://api.example.com' });`,
  },
  {
    id: 'uppy-light',
    library: 'Uppy (light)',
    label: '@uppy/core + @uppy/drag-drop + @uppy/react StatusBar + @uppy/xhr-upload',
    resolveDir: PEERS_DIR,
    does:
      "drop zone + chooser; validation through core's `restrictions`; XHR upload with progress and automatic retries " +
      '(3, exponential backoff); one aggregate status bar with cancel/retry',
    doesNot: 'per-file progress list; server-side job tracking; recovery after a reload',
    entry: `
import { useEffect, useRef, useState } from 'react';
import Uppy from '@uppy/core';
import DragDrop from '@uppy/drag-drop';
import XHRUpload from '@uppy/xhr-upload';
import StatusBar from '@uppy/react/status-bar';
import '@uppy/core/css/style.min.css';
import '@uppy/drag-drop/css/style.min.css';
import '@uppy/status-bar/css/style.min.css';
function App() {
  const [uppy] = useState(() => new Uppy().use(XHRUpload, { endpoint: 'https://api.example.com/upload' }));
  const target = useRef(null);
  useEffect(() => {
    uppy.use(DragDrop, { target: target.current });
    return () => uppy.removePlugin(uppy.getPlugin('DragDrop'));
  }, [uppy]);
  return <><div ref={target} /><StatusBar uppy={uppy} /></>;
}
${mount('<App />')}`,
  },
  {
    id: 'uploadthing',
    library: 'UploadThing',
    label: '@uploadthing/react UploadDropzone + its styles.css',
    resolveDir: PEERS_DIR,
    does:
      "drop zone + chooser; type/size/count checks against the server route's config; direct upload with one " +
      "aggregate progress; waits for the server's upload callback (serverData); its own stylesheet (`@uploadthing/react/styles.css`)",
    doesNot: 'automatic retries; per-file progress list; cancel per file; recovery after a reload',
    entry: `
import { UploadDropzone } from '@uploadthing/react';
import '@uploadthing/react/styles.css';
${mount(`<UploadDropzone endpoint="documents" url="https://api.example.com/api/uploadthing" />`)}`,
  },
  {
    id: 'react-uploady',
    library: 'react-uploady',
    label: '@rpldy/uploady + upload-button + upload-drop-zone + a per-file progress list',
    resolveDir: PEERS_DIR,
    does:
      'drop zone + a real chooser `<button>` (@rpldy/upload-button); XHR upload with progress; a per-file progress list ' +
      'written in the case with the documented hooks (`useBatchAddListener`, `useItemProgressListener`, ' +
      '`useItemFinishListener`, `useItemErrorListener`); no stylesheet shipped',
    doesNot:
      'validation (only a `fileFilter` callback the app writes); retries (@rpldy/retry-hooks, not included); ' +
      'server-side job tracking; announcements; recovery after a reload',
    entry: `
import { useState } from 'react';
import Uploady, {
  useBatchAddListener,
  useItemErrorListener,
  useItemFinishListener,
  useItemProgressListener,
} from '@rpldy/uploady';
import UploadButton from '@rpldy/upload-button';
import UploadDropZone from '@rpldy/upload-drop-zone';
function Row({ item }) {
  const progress = useItemProgressListener(item.id);
  const [status, setStatus] = useState('uploading');
  useItemFinishListener(() => setStatus('done'), item.id);
  useItemErrorListener(() => setStatus('failed'), item.id);
  const percent = Math.round(progress?.completed ?? 0);
  return (
    <li>
      {item.file.name} <progress max={100} value={percent} aria-label={item.file.name} /> {percent}% {status}
    </li>
  );
}
function ProgressList() {
  const [items, setItems] = useState([]);
  useBatchAddListener((batch) => setItems((list) => list.concat(batch.items)));
  return <ul>{items.map((item) => <Row key={item.id} item={item} />)}</ul>;
}
${mount(`<Uploady destination={{ url: 'https://api.example.com/upload' }}>
  <UploadDropZone onDragOverClassName="drag-over"><span>Drop files here</span></UploadDropZone>
  <UploadButton>Choose files</UploadButton>
  <ProgressList />
</Uploady>`)}`,
  },
  {
    id: 'filepond',
    library: 'FilePond',
    label: 'filepond + react-filepond',
    resolveDir: PEERS_DIR,
    does:
      'drop zone + chooser; per-file list with progress, cancel and a manual retry button; aria-live status ' +
      'announcements; XHR upload to a server endpoint',
    doesNot:
      'validation (type/size need plugins, not included); automatic retries (only for chunked uploads, not enabled); ' +
      'server-side job tracking; recovery after a reload',
    entry: `
import { FilePond } from 'react-filepond';
import 'filepond/dist/filepond.min.css';
${mount(`<FilePond allowMultiple server="https://api.example.com/upload" />`)}`,
  },
];
