/**
 * Follows one upload job after its bytes landed (docs/decisions/0003, decision 3): SSE over fetch with our own reconnect loop,
 * a stall watchdog, and polling as the fallback.
 *
 * - The token is read on every connection attempt (the client does it, refreshing once on 401).
 * - Reconnects use the retry backoff (full jitter). After `maxSseFailures` connections that ended without a terminal
 *   event, or at once when SSE answers 503 or sends an event past the 1 MiB bound, the tracker polls `jobs/{jobId}`
 *   every `pollIntervalMs`.
 * - The server replays its latest event on connect, so events are de-duplicated by type, and the stream is closed
 *   as soon as a terminal event (`imageVariantsReady`, `failed`) arrives: reconnecting after one would loop.
 * - `timeoutMs` bounds the wait for `complete`; after `complete` the tracker waits at most `variantsTimeoutMs` more
 *   for `imageVariantsReady`, then stops quietly (documents are already final).
 */
import type { DocumentsClient } from '../api/client';
import {
  AbortedError,
  DocumentsError,
  InvalidResponseError,
  TimeoutError,
  UnavailableError,
} from '../api/errors';
import type { JobEvent } from '../api/schemas';
import {
  backoffDelay,
  exceedsRetryAfter,
  isRetryableError,
  retryDelayFor,
  type ResolvedRetryOptions,
} from './backoff';
import { readSse, SseEventTooLargeError } from './sseReader';
import type { TimerSet } from './timers';
import type { TrackingOptions } from './types';
import { openUploadProgress, parseJobEvent } from './uploadApi';

/** {@link TrackingOptions} with every default applied. */
export type ResolvedTrackingOptions = Required<TrackingOptions>;

/** Applies the tracking defaults: SSE, poll every 2 s, 30 s heartbeat, 3 SSE failures, 10 min timeout, 2 min for variants. */
export function resolveTrackingOptions(options: TrackingOptions = {}): ResolvedTrackingOptions {
  return {
    mode: options.mode ?? 'sse',
    pollIntervalMs: Math.max(1, options.pollIntervalMs ?? 2000),
    heartbeatMs: Math.max(1, options.heartbeatMs ?? 30_000),
    maxSseFailures: Math.max(0, options.maxSseFailures ?? 3),
    timeoutMs: Math.max(1, options.timeoutMs ?? 600_000),
    variantsTimeoutMs: Math.max(0, options.variantsTimeoutMs ?? 120_000),
  };
}

/** Options of {@link trackJob}. */
export interface TrackJobOptions {
  client: DocumentsClient;
  jobId: string;
  tracking: ResolvedTrackingOptions;
  retry: ResolvedRetryOptions;
  timers: TimerSet;
  /** Each new event (replays of an already seen type are dropped). */
  onEvent(event: JobEvent): void;
  /** Tracking gave up before `complete`: timeout (retryable) or a non-retryable error (404, 401, 403). */
  onFailure(error: DocumentsError): void;
  /** Observes the transport in use, for tests and diagnostics. */
  onModeChange?: (mode: 'sse' | 'poll') => void;
  /**
   * Takes one of the page's SSE streams for this origin, or `undefined` when none is free: the job is then polled,
   * and moves to SSE when a stream frees up. Defaults to always free.
   */
  streams?: () => (() => void) | undefined;
}

/** A running tracker. */
export interface JobTracker {
  /** Stops at once: aborts the stream or poll, clears every timer. Idempotent. */
  stop(): void;
  /** Settles when the tracker stopped, for whatever reason. Never rejects. */
  readonly done: Promise<void>;
}

/** A tracking failure as the error to report: a {@link DocumentsError} as it is, anything else as a server one. */
const asDocumentsError = (error: unknown, message: string, operation: string): DocumentsError =>
  error instanceof DocumentsError ? error : new DocumentsError('server', message, { operation });

/** Starts following a job. */
export function trackJob(options: TrackJobOptions): JobTracker {
  const { client, jobId, tracking, retry, timers } = options;
  const controller = new AbortController();
  const { signal } = controller;
  const seen = new Set<JobEvent['type']>();
  let completed = false;
  // The controller aborts exactly when the tracker finishes (read through a call: TypeScript would keep narrowings).
  const isFinished = (): boolean => signal.aborted;
  const clears: (() => void)[] = [];

  const finish = (): void => {
    if (isFinished()) return;
    for (const clear of clears.splice(0)) clear();
    controller.abort();
  };
  const fail = (error: DocumentsError): void => {
    if (isFinished()) return;
    finish();
    options.onFailure(error);
  };

  const handle = (event: JobEvent): void => {
    // An event about another job (a proxy mixing streams, a stale poll) is not this job's.
    if (event.jobId !== undefined && event.jobId !== jobId) return;
    if (isFinished() || seen.has(event.type)) return;
    seen.add(event.type);
    // Seen once (above); `imageVariantsReady` finishes at once (below), so `completed` only matters after this.
    if (event.type === 'complete') {
      completed = true;
      clears.push(timers.set(finish, tracking.variantsTimeoutMs));
    }
    // Finish before reporting, so that a listener that stops the tracker finds it stopped.
    if (event.type === 'imageVariantsReady' || event.type === 'failed') finish();
    options.onEvent(event);
  };

  clears.push(
    timers.set(() => {
      if (completed) finish();
      else
        fail(
          new TimeoutError(`Upload job ${jobId} did not complete within ${tracking.timeoutMs} ms.`, {
            operation: 'trackJob',
            retryable: true,
          }),
        );
    }, tracking.timeoutMs),
  );

  /**
   * An SSE `onData` that parses each event and hands it on; a malformed one is skipped (the next one carries the
   * state again), and reading stops once the tracker finished.
   */
  const onData = (data: string): 'continue' | 'close' => {
    let event: JobEvent;
    try {
      event = parseJobEvent(data);
    } catch {
      return 'continue';
    }
    handle(event);
    return isFinished() ? 'close' : 'continue';
  };

  /**
   * Reads the job's SSE stream, reconnecting with backoff, until the tracker finishes (`undefined`) or polling
   * should take over (`true`: SSE not offered here, or `maxSseFailures` connections in a row ended without a
   * terminal event). A non-retryable answer (404, 401, 403) fails the tracker.
   */
  const followSse = async (): Promise<true | undefined> => {
    for (let failures = 1; ; failures += 1) {
      let lastError: unknown;
      try {
        const response = await openUploadProgress(client, jobId, { signal });
        await readSse(response, { signal, stallMs: tracking.heartbeatMs * 2, timers, onData });
      } catch (error) {
        lastError = error;
      }
      if (isFinished()) return undefined;
      // SSE is not offered here, or the stream sent an event past the bound (reconnecting would read it again):
      // poll at once.
      if (lastError instanceof UnavailableError || lastError instanceof SseEventTooLargeError) return true;
      if (
        lastError instanceof DocumentsError &&
        !isRetryableError(lastError) &&
        !(lastError instanceof InvalidResponseError)
      ) {
        fail(lastError);
        return undefined;
      }
      if (failures >= tracking.maxSseFailures) return true;
      await timers.sleep(backoffDelay(failures, retry), signal).catch(() => undefined);
    }
  };

  /**
   * Polls `jobs/{jobId}` every `pollIntervalMs` (longer after retryable failures) until the tracker finishes, or
   * until `upgrade` gives an SSE stream (returned, to be followed instead).
   */
  const poll = async (upgrade?: () => (() => void) | undefined): Promise<(() => void) | undefined> => {
    for (let failures = 0; !isFinished();) {
      let wait = tracking.pollIntervalMs;
      try {
        handle(await client.getJob(jobId, { signal }));
        failures = 0;
      } catch (error) {
        // Stopped meanwhile: `fail` does nothing and the sleep below ends at once.
        // Not retryable, or the server asks to wait longer than we wait: the job fails (retryable, when it is).
        if (!isRetryableError(error) || exceedsRetryAfter(error, retry)) {
          fail(asDocumentsError(error, 'Polling the upload job failed.', 'getJob'));
          return undefined;
        }
        failures += 1;
        wait = Math.max(wait, retryDelayFor(error, failures, retry));
      }
      await timers.sleep(wait, signal).catch(() => undefined);
      const stream = isFinished() ? undefined : upgrade?.();
      if (stream) return stream;
    }
    return undefined;
  };

  const take = options.streams ?? (() => () => undefined);
  const run = async (): Promise<void> => {
    let sse = tracking.mode !== 'poll' && tracking.maxSseFailures > 0;
    let stream = sse ? take() : undefined;
    for (;;) {
      if (stream) {
        options.onModeChange?.('sse');
        if (!(await followSse().finally(stream))) return;
        sse = false;
      }
      options.onModeChange?.('poll');
      // Polled until done, or (SSE wanted but every stream taken) until a stream is free.
      stream = await poll(sse ? take : undefined);
      if (!stream) return;
    }
  };

  return {
    stop: finish,
    done: run().catch((error: unknown) => {
      if (!(error instanceof AbortedError))
        fail(asDocumentsError(error, 'Tracking the upload job failed.', 'trackJob'));
    }),
  };
}
