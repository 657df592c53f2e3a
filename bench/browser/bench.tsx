/**
 * The bench page (bundled by bench/browser/build.ts, driven by bench/run.ts through playwright-core). Every
 * scenario is a function on `window.lrdBench` that resolves with its measurements; the Node side adds heap figures
 * from the Chrome DevTools Protocol around them. Talks to the loopback emulator only.
 */
import { Profiler, useEffect, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import {
  createDocumentsClient,
  createUploader,
  createXhrTransport,
  DEFAULT_CONCURRENCY,
  DocumentGallery,
  DocumentsProvider,
  DocumentUploader,
  UploadList,
  type DocumentsClient,
  type UploadItem,
  type Uploader,
  type UploadTransport,
} from '../../src/index';

/** Where the emulator is, set once by the runner. */
export interface BenchConfig {
  url: string;
  accountId: string;
  token: string;
}

let config: BenchConfig | undefined;
const cfg = (): BenchConfig => {
  if (config === undefined) throw new Error('lrdBench.configure() first');
  return config;
};
const client = (): DocumentsClient => {
  const { url, accountId, token } = cfg();
  return createDocumentsClient({ baseUrl: url, accountId, getAccessToken: () => token });
};

const contents = new Map<number, Blob>();
/**
 * `count` PDF files of `bytes` each. They share one Blob of that size (a File made from a Blob references its bytes,
 * it does not copy them), so repeated runs do not pile up hundreds of MB in Chromium's blob storage between garbage
 * collections (it answers a network error once that is full). The memory scenario passes `distinct` to upload 1 GiB
 * of separate Blobs.
 */
function makeFiles(count: number, bytes: number, prefix: string, distinct = false): File[] {
  const contentOf = (): Blob => {
    const data = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4096) data[i] = i & 0xff;
    return new Blob([data]);
  };
  let shared = contents.get(bytes);
  if (shared === undefined && !distinct) contents.set(bytes, (shared = contentOf()));
  return Array.from(
    { length: count },
    (_, i) => new File([shared ?? contentOf()], `${prefix}-${i}.pdf`, { type: 'application/pdf' }),
  );
}

const nextFrame = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => {
      resolve();
    });
  });

/**
 * Resolves once every item of the uploader has its bytes stored (status `processing` or `complete`). Checked on
 * every notification and right after every PUT response has been handled: notifications are spaced out with many
 * files in flight, and the raw loop's clock stops at the PUT's `load`, so ours stops when the engine has it too.
 */
function bytesStored(count: number): {
  done: Promise<void>;
  watch(uploader: Uploader): void;
  transport: UploadTransport;
} {
  const xhr = createXhrTransport();
  let uploader: Uploader | undefined;
  let stop: () => void = () => undefined;
  let settle: (error?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => {
      if (error === undefined) resolve();
      else reject(error);
    };
  });
  const check = () => {
    if (uploader === undefined) return;
    const { items } = uploader.getSnapshot();
    const failed = items.find((i) => i.status === 'failed' || i.status === 'rejected');
    if (failed !== undefined) {
      stop();
      settle(new Error(`${failed.name}: ${failed.error?.message ?? failed.status}`));
      return;
    }
    if (items.length === count && items.every((i) => i.status === 'processing' || i.status === 'complete')) {
      stop();
      settle();
    }
  };
  const afterMicrotasks = new MessageChannel();
  afterMicrotasks.port1.onmessage = check;
  const closePort = (): void => {
    afterMicrotasks.port1.close();
  };
  void done.then(closePort, closePort);
  return {
    done,
    watch(u) {
      uploader = u;
      stop = u.subscribe(check);
    },
    transport: {
      send(request) {
        const handle = xhr.send(request);
        // The engine handles the response a few promise hops later (its stall guard wraps it), so a microtask
        // queued here ran before it and missed the file: ours then stopped at the next notification, up to a frame
        // or a spacing later (12–50 ms of a ~900 ms upload). A message-channel task runs as soon as every microtask
        // is done, well under a millisecond later, without the 4 ms clamp of a nested setTimeout.
        void handle.response.then(
          () => {
            afterMicrotasks.port2.postMessage(null);
          },
          () => undefined,
        );
        return handle;
      },
    },
  };
}

/** Upload through the engine; the time until every file's bytes are stored. */
async function uploadOurs(count: number, bytes: number, concurrency = DEFAULT_CONCURRENCY): Promise<number> {
  const files = makeFiles(count, bytes, 'ours');
  const stored = bytesStored(count);
  const uploader = createUploader({
    client: client(),
    type: 'other',
    grouped: false,
    concurrency,
    transport: stored.transport,
  });
  stored.watch(uploader);
  const start = performance.now();
  uploader.add(files);
  await stored.done;
  const ms = performance.now() - start;
  uploader.dispose();
  return ms;
}

interface InitResponse {
  jobId: string;
  files: { uploadUrl: string; contentType: string }[];
}

function put(url: string, file: File, contentType: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = () => undefined; // a progress listener, as any uploader with a bar has
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(`PUT ${xhr.status}`));
    };
    xhr.onerror = () => {
      reject(new Error('PUT network error'));
    };
    xhr.send(file);
  });
}

/** The baseline: init with fetch, then an XHR PUT per signed URL with the same concurrency. */
async function uploadRaw(count: number, bytes: number, concurrency = DEFAULT_CONCURRENCY): Promise<number> {
  const files = makeFiles(count, bytes, 'raw');
  const { url, accountId, token } = cfg();
  const start = performance.now();
  const response = await fetch(`${url}/api/v2/accounts/${accountId}/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      type: 'other',
      fields: { grouped: false },
      files: files.map((f) => ({ filename: f.name, size: f.size })),
    }),
  });
  if (!response.ok) throw new Error(`init ${response.status}`);
  const init = (await response.json()) as InitResponse;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const target = init.files[index]!;
      await put(target.uploadUrl, files[index]!, target.contentType);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return performance.now() - start;
}

// Memory: files are made first (kept referenced throughout), the runner measures the heap around runMemory.
let memoryFiles: File[] = [];
let memoryUploader: Uploader | undefined;
function prepareMemory(count: number, bytes: number): number {
  memoryFiles = makeFiles(count, bytes, 'mem', true);
  memoryUploader = createUploader({ client: client(), type: 'other', grouped: false });
  return memoryFiles.length;
}
/** Uploads the prepared files to `complete`; the uploader stays alive (its items are what could leak). */
async function runMemory(): Promise<{ ms: number; documents: number }> {
  const uploader = memoryUploader!;
  const start = performance.now();
  const documents = await uploader.upload(memoryFiles);
  return { ms: performance.now() - start, documents: documents.length };
}
function releaseMemory(): void {
  memoryUploader?.dispose();
  memoryUploader = undefined;
  memoryFiles = [];
}

let root: Root | undefined;
const container = () => document.getElementById('root')!;
function unmount(): void {
  root?.unmount();
  root = undefined;
  container().replaceChildren();
}

/** React commits while `count` files (of `bytes` each) upload through `<DocumentUploader>`, until complete. */
async function render(
  count: number,
  bytes: number,
): Promise<{ commits: number; ms: number; perSecond: number; renderMs: number }> {
  unmount();
  const { url, accountId, token } = cfg();
  let commits = 0;
  let renderMs = 0;
  let done: () => void = () => undefined;
  const completed = new Promise<void>((resolve) => {
    done = resolve;
  });
  let stored = 0;
  root = createRoot(container());
  root.render(
    <DocumentsProvider baseUrl={url} accountId={accountId} getAccessToken={() => token}>
      <Profiler
        id="uploader"
        onRender={(_id, _phase, actualDuration) => {
          commits += 1;
          renderMs += actualDuration;
        }}
      >
        <DocumentUploader
          type="other"
          grouped={false}
          onComplete={(documents) => {
            stored += documents.length;
            if (stored >= count) done();
          }}
        />
      </Profiler>
    </DocumentsProvider>,
  );
  await nextFrame();
  await nextFrame();
  const input = container().querySelector<HTMLInputElement>('input[type="file"]')!;
  const transfer = new DataTransfer();
  for (const file of makeFiles(count, bytes, `render${count}`)) transfer.items.add(file);
  commits = 0;
  renderMs = 0;
  const start = performance.now();
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await completed;
  const ms = performance.now() - start;
  await nextFrame();
  const total = commits;
  const rendering = renderMs;
  unmount();
  return { commits: total, ms, perSecond: (total / ms) * 1000, renderMs: rendering };
}

/**
 * `count` tiny files chosen at once through `<DocumentsProvider><DocumentUploader/>` (given to its file input, so
 * the engine validates, queues and starts uploading them). From the `change` event: `firstMs` is the first animation
 * frame after the first row entered the DOM (the frame that paints it); `idleMs` is the end of the last long task
 * (≥ 50 ms, PerformanceObserver `longtask`) that is followed by `quietMs` with none (or `firstMs` when there is none
 * after the change); `completeMs` is when every file is complete (the uploads go on after idle; the scenario waits
 * for them so runs do not overlap).
 */
async function manyFiles(
  count: number,
  quietMs = 1000,
): Promise<{ firstMs: number; idleMs: number; completeMs: number; longTasks: number; longestMs: number }> {
  unmount();
  const { url, accountId, token } = cfg();
  let stored = 0;
  let done: () => void = () => undefined;
  const completed = new Promise<void>((resolve) => {
    done = resolve;
  });
  let completeAt = -1;
  root = createRoot(container());
  root.render(
    <DocumentsProvider baseUrl={url} accountId={accountId} getAccessToken={() => token}>
      <DocumentUploader
        type="other"
        grouped={false}
        onComplete={(documents) => {
          stored += documents.length;
          if (stored >= count && completeAt < 0) {
            completeAt = performance.now();
            done();
          }
        }}
      />
    </DocumentsProvider>,
  );
  await nextFrame();
  await nextFrame();
  const input = container().querySelector<HTMLInputElement>('input[type="file"]')!;
  const transfer = new DataTransfer();
  for (const file of makeFiles(count, 1024, `many${count}`)) transfer.items.add(file);
  const tasks: { start: number; end: number }[] = [];
  const longTasks = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      tasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }
  });
  longTasks.observe({ type: 'longtask' });
  let firstAt = -1;
  const rows = new MutationObserver(() => {
    if (firstAt >= 0 || container().querySelector('.lrd-upload-item') === null) return;
    rows.disconnect();
    requestAnimationFrame(() => {
      firstAt = performance.now();
    });
  });
  rows.observe(container(), { childList: true, subtree: true });
  // Yield once so the long task of the dispatch below is not merged with this set-up.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const start = performance.now();
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  let idleAt = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = performance.now();
    for (const entry of longTasks.takeRecords()) {
      tasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }
    const after = tasks.filter((t) => t.end > start);
    const lastEnd = Math.max(start, ...after.map((t) => t.end));
    if (firstAt >= 0 && idleAt < 0 && now - lastEnd >= quietMs) idleAt = Math.max(firstAt, lastEnd);
    if (idleAt >= 0 && completeAt >= 0) break;
    if (now - start > 120_000)
      throw new Error(`manyFiles: not idle and complete in 120 s (${stored} stored)`);
  }
  await completed;
  longTasks.disconnect();
  rows.disconnect();
  const after = tasks.filter((t) => t.end > start && t.end <= idleAt);
  unmount();
  return {
    firstMs: firstAt - start,
    idleMs: idleAt - start,
    completeMs: completeAt - start,
    longTasks: after.length,
    longestMs: Math.max(0, ...after.map((t) => t.end - Math.max(t.start, start))),
  };
}

/** Times to first tile and to settled (no commit for `quietMs`), from mount, of `node` under a `<Profiler>`. */
async function timeMount(
  id: string,
  children: ReactNode,
  tileSelector: string,
  quietMs = 400,
): Promise<{ firstMs: number; settleMs: number; tiles: number }> {
  const commitsRef = { last: 0 };
  const node = (
    <Profiler
      id={id}
      onRender={(_id, _phase, _actual, _base, _start, commitTime) => {
        commitsRef.last = Math.max(commitsRef.last, commitTime);
      }}
    >
      {children}
    </Profiler>
  );
  unmount();
  await nextFrame();
  const start = performance.now();
  commitsRef.last = start;
  root = createRoot(container());
  root.render(node);
  let firstMs = -1;
  for (;;) {
    await nextFrame();
    const now = performance.now();
    if (firstMs < 0 && container().querySelector(tileSelector) !== null) firstMs = commitsRef.last - start;
    if (firstMs >= 0 && now - commitsRef.last > quietMs) break;
    if (now - start > 60_000) throw new Error('did not settle in 60 s');
  }
  const settleMs = commitsRef.last - start;
  const tiles = container().querySelectorAll(tileSelector).length;
  return { firstMs, settleMs, tiles };
}

/** `<DocumentGallery>` over the seeded documents (a fresh provider and cache each time). */
function gallery(): Promise<{ firstMs: number; settleMs: number; tiles: number }> {
  const { url, accountId, token } = cfg();
  return timeMount(
    'gallery',
    <DocumentsProvider baseUrl={url} accountId={accountId} getAccessToken={() => token}>
      <DocumentGallery />
    </DocumentsProvider>,
    '.lrd-thumbnail',
  );
}

interface PlainDocument {
  id: string;
  files: { originalName: string; viewUrls?: { type: string; url: string }[] }[];
}

/** The baseline: fetch the same list and render one `<img>` per document, nothing else. */
function PlainList() {
  const [docs, setDocs] = useState<PlainDocument[] | undefined>(undefined);
  useEffect(() => {
    const { url, accountId, token } = cfg();
    void fetch(`${url}/api/v2/accounts/${accountId}/documents`, {
      headers: { authorization: `Bearer ${token}` },
    })
      .then((r) => r.json() as Promise<PlainDocument[]>)
      .then(setDocs);
  }, []);
  if (docs === undefined) return <p>Loading</p>;
  return (
    <ul>
      {docs.map((d) => {
        const file = d.files[0];
        const src = file?.viewUrls?.find((v) => v.type === 'thumbnail')?.url ?? file?.viewUrls?.[0]?.url;
        return (
          <li key={d.id} className="plain-tile">
            <img src={src} alt={file?.originalName ?? d.id} loading="lazy" width={120} height={120} />
          </li>
        );
      })}
    </ul>
  );
}

function plainList(): Promise<{ firstMs: number; settleMs: number; tiles: number }> {
  return timeMount('plain', <PlainList />, '.plain-tile');
}

/** `<UploadList>` with `count` files (every 7th one uploading): time to the first row and to the last commit. */
function uploadList(count: number): Promise<{ firstMs: number; settleMs: number; tiles: number }> {
  const items: UploadItem[] = makeFiles(count, 1024, 'list').map((file, i) => ({
    id: `bench-${i}`,
    file,
    name: file.name,
    size: 2_400_000,
    status: i % 7 === 0 ? 'uploading' : 'queued',
    loaded: i % 7 === 0 ? 800_000 : 0,
    total: 2_400_000,
    attempt: i % 7 === 0 ? 1 : 0,
    error: undefined,
    rejection: undefined,
    jobId: undefined,
    documentIds: [],
    viaV1: false,
  }));
  const noop = () => undefined;
  return timeMount(
    'upload-list',
    <UploadList
      items={items}
      onCancel={noop}
      onRetry={noop}
      onRemove={noop}
      onCancelAll={noop}
      onClear={noop}
    />,
    '.lrd-upload-item',
  );
}

const api = {
  configure(next: BenchConfig) {
    config = next;
  },
  uploadOurs,
  uploadRaw,
  prepareMemory,
  runMemory,
  releaseMemory,
  render,
  gallery,
  plainList,
  uploadList,
  manyFiles,
  unmount,
};
export type LrdBench = typeof api;
(globalThis as unknown as { lrdBench: LrdBench }).lrdBench = api;
