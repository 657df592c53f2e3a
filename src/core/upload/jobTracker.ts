/**
 * Follows one upload job after its bytes landed (docs/decisions/0003, decision 3): SSE over fetch with our own reconnect loop,
 * a stall watchdog, and polling as the fallback.
 *
 * - The token is read on every connection attempt (the client does it, refreshing once on 401).
 * - Reconnects use the retry backoff (full jitter). After `maxSseFailures` connections that ended without a terminal
 *   event, or at once when SSE answers 503, the tracker polls `jobs/{jobId}` every `pollIntervalMs`.
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
import { backoffDelay, isRetryableError, retryDelayFor, type ResolvedRetryOptions } from './backoff';
import { readSse } from './sseReader';
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
}

/** A running tracker. */
export interface JobTracker {
  /** Stops at once: aborts the stream or poll, clears every timer. Idempotent. */
  stop(): void;
  /** Settles when the tracker stopped, for whatever reason. Never rejects. */
  readonly done: Promise<void>;
}

/** Starts following a job. */
export function trackJob(options: TrackJobOptions): JobTracker {
  const { client, jobId, tracking, retry, timers } = options;
  const controller = new AbortController();
  const seen = new Set<JobEvent['type']>();
  let completed = false;
  let finished = false;
  const isFinished = (): boolean => finished;
  const clears: (() => void)[] = [];

  const finish = (): void => {
    if (isFinished()) return;
    finished = true;
    for (const clear of clears.splice(0)) clear();
    controller.abort();
  };
  const fail = (error: DocumentsError): void => {
    if (isFinished()) return;
    finish();
    options.onFailure(error);
  };

  const handle = (event: JobEvent): void => {
    if (isFinished() || seen.has(event.type)) return;
    seen.add(event.type);
    if (event.type === 'complete' || event.type === 'imageVariantsReady') {
      if (!completed) {
        completed = true;
        if (event.type === 'complete') clears.push(timers.set(finish, tracking.variantsTimeoutMs));
      }
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

  const onData = (data: string): 'continue' | 'close' => {
    let event: JobEvent;
    try {
      event = parseJobEvent(data);
    } catch {
      // A malformed event is skipped; the next one (or a poll) carries the state again.
      return 'continue';
    }
    handle(event);
    return isFinished() ? 'close' : 'continue';
  };

  const run = async (): Promise<void> => {
    const signal = controller.signal;
    let mode: 'sse' | 'poll' = tracking.mode === 'poll' || tracking.maxSseFailures === 0 ? 'poll' : 'sse';
    options.onModeChange?.(mode);
    let sseFailures = 0;
    let pollFailures = 0;
    while (!isFinished()) {
      if (mode === 'sse') {
        let lastError: unknown;
        try {
          const response = await openUploadProgress(client, jobId, { signal });
          await readSse(response, { signal, stallMs: tracking.heartbeatMs * 2, timers, onData });
        } catch (error) {
          lastError = error;
        }
        if (isFinished() || signal.aborted) return;
        if (lastError instanceof UnavailableError) {
          // SSE is not offered here: poll at once.
          mode = 'poll';
          options.onModeChange?.(mode);
          continue;
        }
        if (
          lastError instanceof DocumentsError &&
          !isRetryableError(lastError) &&
          !(lastError instanceof InvalidResponseError)
        ) {
          fail(lastError);
          return;
        }
        sseFailures += 1;
        if (sseFailures >= tracking.maxSseFailures) {
          mode = 'poll';
          options.onModeChange?.(mode);
          continue;
        }
        await timers.sleep(backoffDelay(sseFailures, retry), signal).catch(() => undefined);
      } else {
        let wait = tracking.pollIntervalMs;
        try {
          handle(await client.getJob(jobId, { signal }));
          pollFailures = 0;
        } catch (error) {
          if (isFinished() || signal.aborted) return;
          if (!isRetryableError(error)) {
            fail(
              error instanceof DocumentsError
                ? error
                : new DocumentsError('server', 'Polling the upload job failed.', { operation: 'getJob' }),
            );
            return;
          }
          pollFailures += 1;
          wait = Math.max(wait, retryDelayFor(error, pollFailures, retry));
        }
        if (isFinished()) return;
        await timers.sleep(wait, signal).catch(() => undefined);
      }
    }
  };

  const done = run().catch((error: unknown) => {
    if (!(error instanceof AbortedError)) {
      fail(
        error instanceof DocumentsError
          ? error
          : new DocumentsError('server', 'Tracking the upload job failed.', { operation: 'trackJob' }),
      );
    }
  });

  return { stop: finish, done };
}
