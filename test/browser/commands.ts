/**
 * Server-side commands the browser tests call through `commands` from 'vitest/browser': the control channel of the
 * loopback emulator (a browser test cannot reach `mock.control` directly), Playwright's file chooser, and network
 * throttling through CDP. Types for the browser side are in ./types.d.ts.
 */
import type { BrowserCommand } from 'vitest/node';
import type { BrowserCommandContext } from 'vitest/node';
import type { Page } from 'playwright-core';
import { runningServer, shared } from './emulatorServer';

/** A file for the chooser: bytes as base64, or `size` zero bytes. */
export interface ChooserFile {
  name: string;
  mimeType: string;
  base64?: string;
  size?: number;
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
  runningServer().mock.reset();
};

const mockControl: BrowserCommand<[name: string, args: unknown[]]> = (_context, name, args) => {
  if (!SWITCHES.has(name)) throw new Error(`Unknown fault switch: ${name}`);
  const control = runningServer().mock.control as unknown as Record<string, (...a: unknown[]) => unknown>;
  control[name]!(...args);
};

const mockStallPuts: BrowserCommand<[]> = () => {
  const stall = runningServer().mock.control.stallPuts();
  shared().releasePuts = () => {
    stall.release();
  };
};

const mockReleasePuts: BrowserCommand<[]> = () => {
  shared().releasePuts?.();
  delete shared().releasePuts;
};

const mockRequests: BrowserCommand<[], SeenRequest[]> = () =>
  runningServer().mock.db.requests.map((r) => ({ method: r.method, path: r.path, endpoint: r.endpoint }));

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

/** Limits upload throughput (bytes per second) through CDP, so XHR progress has several steps; `0` lifts it. */
const throttleUploads: BrowserCommand<[bytesPerSecond: number]> = async (context, bytesPerSecond) => {
  const page = pageOf(context);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond > 0 ? bytesPerSecond : -1,
  });
};

export const browserCommands = {
  mockReset,
  mockControl,
  mockStallPuts,
  mockReleasePuts,
  mockRequests,
  mockOpenStreams,
  armFileChooser,
  throttleUploads,
};
