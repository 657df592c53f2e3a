/**
 * Transfer slots and SSE streams shared by uploaders (issue: "one page, one pool"). `DocumentsProvider` makes one
 * for every uploader below it; an uploader without one gets a pool of its own for transfers, and shares the
 * page-wide SSE budget per API origin. No timers and no globals: a pool is plain counting.
 */
import type { UploadPool } from './types';

/** Transfers in flight across a pool's uploaders when `concurrency` is not given. */
export const DEFAULT_POOL_CONCURRENCY = 4;
/**
 * SSE streams open at once per API origin when `maxStreamsPerOrigin` is not given: 2. Over HTTP/1.1 a browser opens
 * 6 connections per origin; each stream holds one for as long as its job runs, so more would make every other API
 * call of the page wait for a connection.
 */
export const DEFAULT_MAX_STREAMS_PER_ORIGIN = 2;

/** Options of {@link createUploadPool}. */
export interface UploadPoolOptions {
  /** PUTs and v1 uploads in flight at once across the pool's uploaders. Defaults to `4`. */
  concurrency?: number;
  /** SSE streams open at once per API origin; other jobs are polled until one is free. Defaults to `2`. */
  maxStreamsPerOrigin?: number;
}

/** Counts open streams per origin under a budget. */
function createStreamBudget(max: number) {
  const open = new Map<string, number>();
  return (origin: string): (() => void) | undefined => {
    const count = open.get(origin) ?? 0;
    if (count >= max) return undefined;
    open.set(origin, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (open.get(origin) ?? 1) - 1;
      if (left > 0) open.set(origin, left);
      else open.delete(origin);
    };
  };
}

/** The page-wide SSE budget of uploaders without a pool (created on first use). */
let pageStreams: ((origin: string) => (() => void) | undefined) | undefined;

function makePool(
  concurrency: number,
  maxStreamsPerOrigin: number,
  streams: (origin: string) => (() => void) | undefined,
): UploadPool {
  const line: (() => void)[] = [];
  let active = 0;
  const next = (): void => {
    while (active < concurrency) {
      const start = line.shift();
      if (!start) return;
      active += 1;
      start();
    }
  };
  return {
    concurrency,
    maxStreamsPerOrigin,
    acquire(start) {
      // 0: waiting in line, 1: running, 2: done.
      let state = 0;
      const release = (): void => {
        if (state === 0) line.splice(line.indexOf(run), 1);
        else if (state === 1) {
          active -= 1;
          next();
        }
        state = 2;
      };
      const run = (): void => {
        state = 1;
        start(release);
      };
      line.push(run);
      next();
      return release;
    },
    tryStream: streams,
    get active() {
      return active;
    },
    get waiting() {
      return line.length;
    },
  };
}

/**
 * Creates a pool: at most `concurrency` transfers run at once across every uploader given it (first come, first
 * served), and at most `maxStreamsPerOrigin` job streams per API origin.
 *
 * @example
 * ```ts
 * const pool = createUploadPool({ concurrency: 4 });
 * const bills = createUploader({ client, type: 'utilityBill', pool });
 * const photos = createUploader({ client, type: 'sitePhoto', pool }); // the same 4 slots
 * ```
 */
export function createUploadPool(options: UploadPoolOptions = {}): UploadPool {
  const streams = Math.max(0, Math.floor(options.maxStreamsPerOrigin ?? DEFAULT_MAX_STREAMS_PER_ORIGIN));
  return makePool(
    Math.max(1, Math.floor(options.concurrency ?? DEFAULT_POOL_CONCURRENCY)),
    streams,
    createStreamBudget(streams),
  );
}

/** The pool of an uploader given none: no shared transfer limit (its own `concurrency` rules), the page's SSE budget. */
export const ownPool = (): UploadPool =>
  makePool(
    Infinity,
    DEFAULT_MAX_STREAMS_PER_ORIGIN,
    (pageStreams ??= createStreamBudget(DEFAULT_MAX_STREAMS_PER_ORIGIN)),
  );
