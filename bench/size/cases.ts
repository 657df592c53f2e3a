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
    id: 'uppy-light',
    library: 'Uppy (light)',
    label: '@uppy/core + @uppy/drag-drop + @uppy/react StatusBar + @uppy/xhr-upload',
    resolveDir: PEERS_DIR,
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
    label: '@uploadthing/react UploadDropzone',
    resolveDir: PEERS_DIR,
    entry: `
import { UploadDropzone } from '@uploadthing/react';
${mount(`<UploadDropzone endpoint="documents" url="https://api.example.com/api/uploadthing" />`)}`,
  },
  {
    id: 'react-uploady',
    library: 'react-uploady',
    label: '@rpldy/uploady + upload-drop-zone + upload-preview',
    resolveDir: PEERS_DIR,
    entry: `
import Uploady from '@rpldy/uploady';
import UploadDropZone from '@rpldy/upload-drop-zone';
import UploadPreview from '@rpldy/upload-preview';
${mount(`<Uploady destination={{ url: 'https://api.example.com/upload' }}>
  <UploadDropZone onDragOverClassName="drag-over"><span>Drop files here</span></UploadDropZone>
  <UploadPreview />
</Uploady>`)}`,
  },
  {
    id: 'filepond',
    library: 'FilePond',
    label: 'filepond + react-filepond',
    resolveDir: PEERS_DIR,
    entry: `
import { FilePond } from 'react-filepond';
import 'filepond/dist/filepond.min.css';
${mount(`<FilePond allowMultiple server="https://api.example.com/upload" />`)}`,
  },
];
