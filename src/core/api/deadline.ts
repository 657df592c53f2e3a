/**
 * The bound on one API request attempt (`requestTimeoutMs`): an AbortController that fires when the caller's signal
 * aborts or when the time is up, whichever comes first. The timer is the global `setTimeout`, looked up when the
 * attempt starts (fake timers in tests), and clamped to what `setTimeout` can hold.
 */
import { clampTimerMs } from '../upload/timers';
import { AbortedError, TimeoutError, type DocumentsError } from './errors';

/** The default of `DocumentsClientOptions.requestTimeoutMs`: 30 s per API request attempt. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** One attempt's bound. */
export interface Deadline {
  /** Aborts when the caller's signal does or when the time is up: give it to `fetch`. */
  readonly signal: AbortSignal;
  /** Whether the attempt ended, by the caller's abort or the timeout. */
  ended(): boolean;
  /**
   * Why it ended: {@link AbortedError} when the caller aborted (the caller always wins), else {@link TimeoutError}
   * (`<operation> timed out after N ms.`, retryable). `undefined` while it runs.
   */
  error(): DocumentsError | undefined;
  /** `promise`, or the {@link Deadline.error} as soon as the attempt ends first (for what `signal` cannot stop). */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Stops the clock (a response body read past it, such as an SSE stream); the caller's abort still applies. */
  stopClock(): void;
  /** Stops the clock and lets go of the caller's signal: the attempt is over. Idempotent. */
  release(): void;
}

/** The {@link AbortedError} of `operation` (`<operation> was aborted.`). */
export const abortedError = (operation: string): AbortedError =>
  new AbortedError(`${operation} was aborted.`, { operation });

/** A rejection as an Error (a value without a string form, e.g. `Object.create(null)`, must not throw here). */
function asError(reason: unknown): Error {
  try {
    return reason instanceof Error ? reason : new Error(String(reason));
  } catch {
    return new Error('The operation failed with a value that is not an Error.');
  }
}

/** Starts the bound of one attempt of `operation`: `ms` (clamped) from now, or the caller's `outer` abort. */
export function startDeadline(operation: string, ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const limit = clampTimerMs(ms);
  let timedOut = false;
  const onOuterAbort = (): void => {
    controller.abort(outer?.reason);
  };
  const timeoutError = (): TimeoutError =>
    new TimeoutError(`${operation} timed out after ${limit} ms.`, { operation });
  const handle = globalThis.setTimeout(() => {
    timedOut = true;
    controller.abort(timeoutError());
  }, limit);
  const stopClock = (): void => {
    globalThis.clearTimeout(handle);
  };
  if (outer?.aborted === true) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const error = (): DocumentsError | undefined =>
    outer?.aborted === true ? abortedError(operation) : timedOut ? timeoutError() : undefined;
  const signal = controller.signal;
  return {
    signal,
    ended: () => signal.aborted,
    error,
    race<T>(promise: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const onEnd = (): void => {
          reject(error() ?? abortedError(operation));
        };
        // already ended: rejected at once (the handlers below then settle nothing)
        if (signal.aborted) onEnd();
        else signal.addEventListener('abort', onEnd, { once: true });
        promise.then(
          (value) => {
            signal.removeEventListener('abort', onEnd);
            resolve(value);
          },
          (reason: unknown) => {
            signal.removeEventListener('abort', onEnd);
            reject(asError(reason));
          },
        );
      });
    },
    stopClock,
    release() {
      stopClock();
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
