/**
 * Bounded notifications (docs/decisions/0003, decision 7): however many changes happen, subscribers hear about them at most
 * once per animation frame, or once per {@link FALLBACK_FRAME_MS} where there is no `requestAnimationFrame`
 * (Node, workers, SSR) — with one exception: an urgent change right after a spaced notification may follow it within
 * the same frame (two notifications, never more).
 *
 * A notifier can also be given a `spacing`: the least time between two notifications, read each time one is
 * scheduled. The uploader uses it to keep the work of its subscribers flat as files are added (each notification may
 * redraw every row of a list; see {@link notifySpacingMs}). An urgent change (a file added, finished, failed or
 * canceled, or started again) skips the spacing and is delivered on the next frame. A spacing of a frame or more is
 * delivered from its timer, without waiting for a frame as well.
 */

/** The notification interval used when `requestAnimationFrame` is not available. */
export const FALLBACK_FRAME_MS = 50;

/** Item updates per second the uploader aims to stay under when many files are in flight. */
export const ITEM_UPDATES_PER_SECOND = 500;
/** The longest the uploader lets progress wait before subscribers hear about it. */
export const MAX_NOTIFY_SPACING_MS = 250;

/**
 * The least time between two notifications with `items` files in the uploader (in flight or finished: a list shows
 * them all; a count, never negative): about a frame up to 8 files, then growing
 * with the count so that items × notifications per second stays under {@link ITEM_UPDATES_PER_SECOND} (25 files:
 * every 50 ms, 100 files: every 200 ms), and never more than {@link MAX_NOTIFY_SPACING_MS} (4 per second, Uppy's
 * default is 2). Progress bars and percentages stay live; the list is just not redrawn 60 times a second.
 */
export function notifySpacingMs(items: number): number {
  return Math.min(MAX_NOTIFY_SPACING_MS, (items * 1000) / ITEM_UPDATES_PER_SECOND);
}

/** Coalesces change signals into one listener call per frame (or per `spacing`). */
export interface Notifier {
  subscribe: (listener: () => void) => () => void;
  /** Schedules a notification: on the next frame when `urgent`, else after the spacing since the last one. */
  schedule(urgent?: boolean): void;
  /** Delivers a scheduled notification now, if there is one (before a promise about the same change settles). */
  flush(): void;
  /** Cancels a scheduled notification and drops every listener. */
  dispose(): void;
  /** Listeners subscribed now. */
  readonly listenerCount: number;
}

export interface NotifierOptions {
  /** The least time between two notifications, in ms (default 0: once per frame). */
  spacing?: () => number;
}

const clock = (): number => (globalThis as { performance?: Performance }).performance?.now() ?? Date.now();

/** Spacings shorter than about a frame still wait for the next frame; longer ones do not. */
const PAINT_ALIGN_BELOW_MS = 16;

/** Calls `callback` on the next animation frame (or after {@link FALLBACK_FRAME_MS}); returns a cancel function. */
function nextFrame(callback: () => void, atLeastMs: number): () => void {
  const raf = globalThis.requestAnimationFrame as typeof requestAnimationFrame | undefined;
  const caf = globalThis.cancelAnimationFrame as typeof cancelAnimationFrame | undefined;
  if (typeof raf !== 'function' || typeof caf !== 'function') {
    const handle = globalThis.setTimeout(callback, Math.max(FALLBACK_FRAME_MS, atLeastMs));
    return () => {
      globalThis.clearTimeout(handle);
    };
  }
  if (atLeastMs <= 0) {
    const handle = raf(callback);
    return () => {
      caf(handle);
    };
  }
  // A spacing of a frame or more is its own pace: deliver from the timer (a frame request on top of each timer is
  // as much main-thread work again as the notification, for nothing a person could see).
  if (atLeastMs >= PAINT_ALIGN_BELOW_MS) {
    // A timer may fire a little early (whole milliseconds; an event loop's cached clock): then it waits the rest,
    // so that the spacing is never cut short.
    const due = clock() + atLeastMs;
    let handle: ReturnType<typeof setTimeout>;
    const fire = (): void => {
      const left = due - clock();
      if (left > 0) handle = globalThis.setTimeout(fire, Math.ceil(left));
      else callback();
    };
    handle = globalThis.setTimeout(fire, Math.ceil(atLeastMs));
    return () => {
      globalThis.clearTimeout(handle);
    };
  }
  // Wait out a shorter spacing, then still paint-align the notification.
  let cancel: () => void;
  const timer = globalThis.setTimeout(() => {
    cancel = nextFrame(callback, 0);
  }, atLeastMs);
  cancel = () => {
    globalThis.clearTimeout(timer);
  };
  return () => {
    cancel();
  };
}

/** Creates a {@link Notifier}. */
export function createNotifier(options: NotifierOptions = {}): Notifier {
  const listeners = new Set<() => void>();
  let pending: { cancel: () => void; urgent: boolean } | undefined;
  let lastFlush = -Infinity;
  let disposed = false;

  // Never reached once disposed: `dispose` drops the pending request, and `schedule` makes no other.
  const flush = (): void => {
    pending = undefined;
    lastFlush = clock();
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
    schedule(urgent = false) {
      if (disposed) return;
      if (pending) {
        if (!urgent || pending.urgent) return;
        pending.cancel(); // an urgent change does not wait out the spacing
      }
      const wait = urgent ? 0 : lastFlush + (options.spacing?.() ?? 0) - clock();
      // A replaced request whose cancel came too late must not notify a second time.
      const mine = {
        cancel: nextFrame(() => {
          if (pending === mine) flush();
        }, wait),
        urgent: urgent || wait <= 0,
      };
      pending = mine;
    },
    flush() {
      if (!pending) return;
      pending.cancel();
      flush();
    },
    dispose() {
      disposed = true;
      pending?.cancel();
      pending = undefined;
      listeners.clear();
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
