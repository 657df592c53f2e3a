/**
 * Bounded notifications (DESIGN.md decision 7): however many changes happen, subscribers hear about them at most
 * once per animation frame, or once per {@link FALLBACK_FRAME_MS} where there is no `requestAnimationFrame`
 * (Node, workers, SSR).
 */

/** The notification interval used when `requestAnimationFrame` is not available. */
export const FALLBACK_FRAME_MS = 50;

/** Coalesces change signals into one listener call per frame. */
export interface Notifier {
  subscribe(listener: () => void): () => void;
  /** Schedules a notification (once per frame). */
  schedule(): void;
  /** Cancels a scheduled notification and drops every listener. */
  dispose(): void;
  /** Listeners subscribed now. */
  readonly listenerCount: number;
}

/** Creates a {@link Notifier}. `beforeNotify` runs once per frame, before the listeners. */
export function createNotifier(beforeNotify?: () => void): Notifier {
  const listeners = new Set<() => void>();
  let cancelFrame: (() => void) | undefined;
  let disposed = false;

  const flush = (): void => {
    cancelFrame = undefined;
    if (disposed) return;
    beforeNotify?.();
    for (const listener of [...listeners]) listener();
  };

  return {
    subscribe(listener) {
      if (disposed) return () => undefined;
      // Wrap so that the same function subscribed twice gets two independent subscriptions.
      const entry = (): void => {
        listener();
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    schedule() {
      if (disposed || cancelFrame !== undefined) return;
      const raf = globalThis.requestAnimationFrame as typeof requestAnimationFrame | undefined;
      const caf = globalThis.cancelAnimationFrame as typeof cancelAnimationFrame | undefined;
      if (typeof raf === 'function' && typeof caf === 'function') {
        const handle = raf(flush);
        cancelFrame = () => {
          caf(handle);
        };
      } else {
        const handle = globalThis.setTimeout(flush, FALLBACK_FRAME_MS);
        cancelFrame = () => {
          globalThis.clearTimeout(handle);
        };
      }
    },
    dispose() {
      disposed = true;
      cancelFrame?.();
      cancelFrame = undefined;
      listeners.clear();
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
