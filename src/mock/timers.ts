/**
 * The emulator's own timer registry, so that `dispose()` clears every timer it started (worker delays,
 * heartbeats, latency, stalls) and nothing keeps a test process alive.
 */

/** The longest delay `setTimeout` keeps (2^31 − 1 ms); beyond it timers fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A delay `setTimeout` honours: within [`min`, {@link MAX_TIMER_MS}], `min` for anything that is not a number. */
const clampMs = (ms: number, min: number): number => (ms > min ? Math.min(ms, MAX_TIMER_MS) : min);

/** A handle to cancel one registered timer. */
export type TimerHandle = () => void;

/** Timers owned by one emulator instance. */
export interface TimerRegistry {
  /** Runs `fn` once after `ms`. */
  timeout(fn: () => void, ms: number): TimerHandle;
  /** Runs `fn` every `ms`. */
  interval(fn: () => void, ms: number): TimerHandle;
  /** Resolves after `ms`, or at once when the registry is disposed (check {@link TimerRegistry.disposed}). */
  sleep(ms: number): Promise<void>;
  /** Clears every timer and resolves every pending sleep. The registry stays usable. */
  clearAll(): void;
  /** Increments on every {@link TimerRegistry.clearAll}: work started before a clear compares its generation. */
  readonly generation: number;
  /** Whether `clearAll` has run since `generation` was read. */
  disposed(generation: number): boolean;
}

/** Creates an empty registry. */
export function createTimerRegistry(): TimerRegistry {
  const active = new Map<ReturnType<typeof setTimeout>, () => void>();
  let generation = 0;

  function timeout(fn: () => void, ms: number): TimerHandle {
    const id = setTimeout(
      () => {
        active.delete(id);
        fn();
      },
      clampMs(ms, 0),
    );
    const cancel = (): void => {
      clearTimeout(id);
      active.delete(id);
    };
    active.set(id, cancel);
    return cancel;
  }

  function interval(fn: () => void, ms: number): TimerHandle {
    const id = setInterval(fn, clampMs(ms, 1));
    const cancel = (): void => {
      clearInterval(id);
      active.delete(id);
    };
    active.set(id, cancel);
    return cancel;
  }

  const sleepers = new Set<() => void>();
  function sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        sleepers.delete(done);
        cancel();
        resolve();
      };
      const cancel = timeout(done, ms);
      sleepers.add(done);
    });
  }

  return {
    timeout,
    interval,
    sleep,
    clearAll() {
      generation += 1;
      for (const cancel of [...active.values()]) cancel();
      active.clear();
      for (const wake of [...sleepers]) wake();
    },
    get generation() {
      return generation;
    },
    disposed(since) {
      return since !== generation;
    },
  };
}
