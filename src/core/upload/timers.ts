/**
 * Every timer the engine starts goes through one {@link TimerSet}, so that `cancel` and `dispose` can prove nothing
 * is left running. The global `setTimeout` is looked up at call time (fake timers in tests, no access at import).
 */
import { AbortedError } from '../api/errors';

/** The longest delay `setTimeout` keeps: beyond it (2^31 − 1 ms, about 24.8 days) browsers and Node fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay `setTimeout` honours: within [0, {@link MAX_TIMER_MS}], and 0 for anything that is not a number. */
export const clampTimerMs = (ms: number): number => (ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0);

/** A set of timeouts that can be cleared all at once. */
export interface TimerSet {
  /** Runs `callback` after `ms`; returns a function that clears it. */
  set(callback: () => void, ms: number): () => void;
  /** Resolves after `ms`, or rejects with {@link AbortedError} as soon as `signal` aborts (clearing the timer). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Clears every pending timer. */
  clearAll(): void;
  /** Timers pending now. */
  readonly size: number;
}

/** Creates an empty {@link TimerSet}. */
export function createTimerSet(): TimerSet {
  const pending = new Set<ReturnType<typeof setTimeout>>();
  const set = (callback: () => void, ms: number): (() => void) => {
    const handle = globalThis.setTimeout(() => {
      pending.delete(handle);
      callback();
    }, clampTimerMs(ms));
    pending.add(handle);
    return () => {
      if (pending.delete(handle)) globalThis.clearTimeout(handle);
    };
  };
  return {
    set,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(new AbortedError());
          return;
        }
        const onAbort = (): void => {
          clear();
          reject(new AbortedError());
        };
        const clear = set(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    clearAll() {
      for (const handle of pending) globalThis.clearTimeout(handle);
      pending.clear();
    },
    get size() {
      return pending.size;
    },
  };
}
