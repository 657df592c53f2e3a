/**
 * Server-side commands the browser tests call through `commands` from 'vitest/browser': the control channel of the
 * loopback emulator (a browser test cannot reach `mock.control` directly), Playwright's file chooser, and network
 * throttling and offline emulation through CDP. Types for the browser side are in ./types.d.ts.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserCommandContext } from 'vitest/node';
import type { CDPSession, Download, Page } from 'playwright-core';
import type { MockEndpoint } from '../../src/mock';
import { decodeBase64, type WireSeedDocument } from '../../stories/emulator/protocol';
import { runningServer, shared } from './emulatorServer';

/** A file for the chooser: bytes as base64, or `size` zero bytes. */
export interface ChooserFile {
  name: string;
  mimeType: string;
  base64?: string;
  size?: number;
}

/** A document the emulator stores, as the tests see it. */
export interface StoredDocument {
  id: string;
  type: string;
  status: string;
  /** Original names of its files. */
  files: string[];
  jobId?: string;
}

/** A file the page downloaded, as Playwright saved it. */
export interface SavedDownload {
  /** The name the browser would save it under (`<a download>`'s value, else the URL's). */
  suggestedFilename: string;
  /** The URL scheme it came from (`blob:`, `http:`, …); never the URL itself (signed URLs are secrets). */
  protocol: string;
  /** The saved bytes, base64 (keep downloads in these tests small). */
  base64: string;
  size: number;
}

/** A recorded emulator request with whether it carried an Authorization header. */
export interface SeenAuthorizedRequest extends SeenRequest {
  authorization: boolean;
}

/** A recorded emulator request (no query strings: signed URLs are secrets). */
export interface SeenRequest {
  method: string;
  path: string;
  endpoint: string | undefined;
}

const pageOf = (context: BrowserCommandContext): Page => (context as unknown as { page: Page }).page;

const SWITCHES = new Set([
  'failNextPuts',
  'dropSseAfter',
  'stopHeartbeats',
  'sseUnavailable',
  'failJob',
  'neverComplete',
  'expireAllUrls',
  'rateLimit',
  'failEndpoint',
  'latency',
  'v2Unavailable',
]);

const mockReset: BrowserCommand<[]> = () => {
  shared().releasePuts?.();
  delete shared().releasePuts;
  hangs.clear(); // reset() drops the held requests
  runningServer().mock.reset();
};

const mockControl: BrowserCommand<[name: string, args: unknown[]]> = (_context, name, args) => {
  if (!SWITCHES.has(name)) throw new Error(`Unknown fault switch: ${name}`);
  const control = runningServer().mock.control as unknown as Record<string, (...a: unknown[]) => unknown>;
  control[name]!(...args);
};

/** Holds PUT responses (bytes read, landing on release): every PUT, or the next `count`, until released. */
const mockStallPuts: BrowserCommand<[options?: { count?: number }]> = (_context, options) => {
  const stall = runningServer().mock.control.stallPuts(
    options?.count === undefined ? {} : { count: options.count },
  );
  shared().releasePuts = () => {
    stall.release();
  };
};

/** Requests to `endpoint` get no answer until {@link mockReleaseEndpoint} (or a reset). */
const hangs = new Map<MockEndpoint, { release(): void }>();
const mockHangEndpoint: BrowserCommand<[endpoint: MockEndpoint]> = (_context, endpoint) => {
  hangs.get(endpoint)?.release();
  hangs.set(endpoint, runningServer().mock.control.hangEndpoint(endpoint));
};
const mockReleaseEndpoint: BrowserCommand<[endpoint: MockEndpoint]> = (_context, endpoint) => {
  hangs.get(endpoint)?.release();
  hangs.delete(endpoint);
};

/** The documents the emulator stores, with their files' names (no bytes, no URLs). */
const mockDocuments: BrowserCommand<[], StoredDocument[]> = () =>
  [...runningServer().mock.db.documents.values()].map((doc) => ({
    id: doc.id,
    type: doc.type,
    status: doc.status,
    files: doc.files.map((f) => f.originalName),
    ...(doc.jobId === undefined ? {} : { jobId: doc.jobId }),
  }));

const mockReleasePuts: BrowserCommand<[]> = () => {
  shared().releasePuts?.();
  delete shared().releasePuts;
};

const mockRequests: BrowserCommand<[], SeenRequest[]> = () =>
  runningServer().mock.db.requests.map((r) => ({ method: r.method, path: r.path, endpoint: r.endpoint }));

/** Like {@link mockRequests}, with whether each request carried an Authorization header. */
const mockRequestsWithAuth: BrowserCommand<[], SeenAuthorizedRequest[]> = () =>
  runningServer().mock.db.requests.map((r) => ({
    method: r.method,
    path: r.path,
    endpoint: r.endpoint,
    authorization: r.authorization,
  }));

/** Stores documents in the emulator (bytes as base64); returns their ids in order. */
const mockSeed: BrowserCommand<[docs: WireSeedDocument[]], string[]> = async (_context, docs) => {
  const stored = await runningServer().mock.seedDocuments(
    docs.map(({ bytesBase64, ...doc }) =>
      bytesBase64 === undefined ? doc : { ...doc, bytes: decodeBase64(bytesBase64) },
    ),
  );
  return stored.map((d) => d.id);
};

const mockOpenStreams: BrowserCommand<[], number> = () => runningServer().mock.openStreams();

/**
 * Arms Playwright's file chooser: the next chooser the page opens (a real Enter on the "Choose files" button) gets
 * these files. Returns at once; the test then presses the key.
 */
const armFileChooser: BrowserCommand<[files: ChooserFile[]]> = (context, files) => {
  const page = pageOf(context);
  page.once('filechooser', (chooser) => {
    void chooser.setFiles(
      files.map((f) => ({
        name: f.name,
        mimeType: f.mimeType,
        buffer: f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : Buffer.alloc(f.size ?? 0),
      })),
    );
  });
};

/**
 * Arms Playwright's download event: the next download the page starts is kept for {@link takeDownload}. Returns
 * at once (the listener is in place), so the test then clicks; a second arm replaces the first.
 */
const downloads = new WeakMap<Page, Promise<Download>>();
const armDownload: BrowserCommand<[options?: { timeoutMs?: number }]> = (context, options) => {
  const page = pageOf(context);
  const next = page.waitForEvent('download', { timeout: options?.timeoutMs ?? 30_000 });
  next.catch(() => undefined); // a timeout nobody takes is not an unhandled rejection
  downloads.set(page, next);
};

/** Waits for the download {@link armDownload} armed to finish and returns its name and bytes. */
const takeDownload: BrowserCommand<[], SavedDownload> = async (context) => {
  const page = pageOf(context);
  const pending = downloads.get(page);
  if (pending === undefined) throw new Error('takeDownload: call armDownload before the click.');
  downloads.delete(page);
  const download = await pending;
  const path = await download.path(); // waits for the download to finish; throws if it failed
  const bytes = await readFile(path);
  return {
    suggestedFilename: download.suggestedFilename(),
    protocol: new URL(download.url()).protocol,
    base64: bytes.toString('base64'),
    size: bytes.length,
  };
};

/**
 * Network conditions emulated through CDP, per page, on the emulator's two origins only (API and storage):
 * `Network.emulateNetworkConditionsByRule` with a rule per origin, so the Vitest runner's own connection to its
 * server (commands, results) stays up while the app is "offline" — the page-wide `Network.emulateNetworkConditions`
 * cuts that WebSocket too and the run hangs. `Network.overrideNetworkState` makes `navigator.onLine` follow and
 * fires the window's `offline`/`online` events. One session per page, so the upload throttle and the offline switch
 * combine (each call replaces the previous conditions).
 */
interface Conditions {
  offline: boolean;
  uploadThroughput: number;
}
const sessions = new WeakMap<Page, { cdp: CDPSession; conditions: Conditions }>();

async function emulate(context: BrowserCommandContext, change: Partial<Conditions>): Promise<void> {
  const page = pageOf(context);
  let entry = sessions.get(page);
  if (entry === undefined) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    entry = { cdp, conditions: { offline: false, uploadThroughput: -1 } };
    sessions.set(page, entry);
  }
  const was = entry.conditions.offline;
  const conditions = Object.assign(entry.conditions, change);
  const server = runningServer();
  const active = conditions.offline || conditions.uploadThroughput > 0;
  await entry.cdp.send('Network.emulateNetworkConditionsByRule', {
    matchedNetworkConditions: active
      ? [server.url, server.storageUrl].map((url) => ({
          urlPattern: `${new URL(url).origin}/*`,
          offline: conditions.offline,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: conditions.uploadThroughput,
        }))
      : [],
  });
  if (conditions.offline !== was) {
    await entry.cdp.send('Network.overrideNetworkState', {
      offline: conditions.offline,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
}

/** Limits upload throughput (bytes per second) through CDP, so XHR progress has several steps; `0` lifts it. */
const throttleUploads: BrowserCommand<[bytesPerSecond: number]> = async (context, bytesPerSecond) => {
  await emulate(context, { uploadThroughput: bytesPerSecond > 0 ? bytesPerSecond : -1 });
};

/**
 * Takes the emulator off the page's network (or puts it back) through CDP: its requests fail as
 * `ERR_INTERNET_DISCONNECTED`, `navigator.onLine` follows and the window gets `offline`/`online`. Keeps the
 * upload throttle.
 */
const setOffline: BrowserCommand<[offline: boolean]> = async (context, offline) => {
  await emulate(context, { offline });
};

export const browserCommands = {
  mockReset,
  mockControl,
  mockStallPuts,
  mockReleasePuts,
  mockRequests,
  mockRequestsWithAuth,
  mockSeed,
  mockOpenStreams,
  mockHangEndpoint,
  mockReleaseEndpoint,
  mockDocuments,
  armFileChooser,
  armDownload,
  takeDownload,
  throttleUploads,
  setOffline,
};
