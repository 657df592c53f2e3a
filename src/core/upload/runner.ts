/**
 * Runs the reducer's effects and owns every handle they make (XHR, fetch, timer, tracker), one per effect key.
 * Starting an effect under a key stops the one before it; `abort` stops it. An outcome is dispatched only while its
 * effect is still the current one under its key: this is the engine's one staleness check.
 */
import { type DocumentsClient, isAbortError, parseWith } from '../api/client';
import { NetworkError, type DocumentsError, errorFromResponse } from '../api/errors';
import { jobEventValidator } from '../api/validators';
import type { ResolvedRetryOptions } from './backoff';
import type { Effect, Outcome } from './events';
import { trackJob, type ResolvedTrackingOptions } from './jobTracker';
import { asUploadError } from './reducer/fail';
import { batchFiles, type EngineConfig, type EngineState } from './state';
import type { TimerSet } from './timers';
import type { Connectivity, TransportHandle, TransportRequest, UploadPool, UploadTransport } from './types';
import { parseV1Response, v1UploadRequest } from './uploadApi';

export interface RunnerOptions {
  client: DocumentsClient;
  transport: () => UploadTransport;
  timers: TimerSet;
  tracking: ResolvedTrackingOptions;
  retry: ResolvedRetryOptions;
  /** Read at every start (`update` may change it). */
  config: () => EngineConfig;
  pool: UploadPool;
  connectivity: Connectivity;
  now: () => number;
  dispatch: (outcome: Outcome) => void;
}

export interface Runner {
  /** Runs an effect of the transition that produced `state`. */
  run(effect: Effect, state: EngineState): void;
  /** Stops every handle (dispose). */
  stopAll(): void;
  /** Keys with live work. */
  readonly keys: readonly string[];
}

/** Passes an outcome on while the work is current; `last` (the default) also lets its key go. */
type Out = (outcome: Outcome, last?: boolean) => void;
/** Sets what stops the work (an abort, a timer's clear, a tracker's stop). */
type OnStop = (stop: () => void) => void;

/**
 * Sends a transfer with a stall watchdog: no progress and no answer for `stallMs` (finalizing counts from the last
 * byte handed over) aborts it, and it rejects with a NetworkError, retried like one. Nothing waits forever.
 */
function guarded(
  o: RunnerOptions,
  operation: string,
  request: TransportRequest,
): { response: TransportHandle['response']; stop: () => void } {
  const { stallMs } = o.config();
  let stalled: (error: unknown) => void;
  // One timer per transfer, not one per progress event: progress only moves `last`, and the timer, when it fires
  // early, waits out what is left.
  let last = Date.now();
  const handle = o.transport().send({
    ...request,
    onProgress: (loaded, total) => {
      last = Date.now();
      request.onProgress(loaded, total);
    },
  });
  const check = (): void => {
    const idle = Date.now() - last;
    if (idle < stallMs) {
      watchdog = o.timers.set(check, stallMs - idle);
      return;
    }
    handle.abort();
    stalled(new NetworkError(`${operation} stalled: no progress for ${stallMs} ms.`, { operation }));
  };
  // Armed once the transfer started (a transport that throws at once leaves no timer behind).
  let watchdog = o.timers.set(check, stallMs);
  const response = new Promise<Awaited<TransportHandle['response']>>((resolve, reject) => {
    stalled = reject;
    handle.response.then(resolve, reject);
  }).finally(() => {
    watchdog();
  });
  return {
    response,
    stop: () => {
      watchdog();
      handle.abort();
    },
  };
}

const PUT = 'PUT upload';

/** Starts the work of one kind of effect, for the state it was made in; `current` tells whether it still is. */
type Starter<E extends Effect> = (
  effect: E,
  o: RunnerOptions,
  state: EngineState,
  out: Out,
  onStop: OnStop,
  current: () => boolean,
) => void;

const wait: Starter<Extract<Effect, { type: 'wait' }>> = (effect, o, _, out, onStop) => {
  onStop(
    o.timers.set(() => {
      out(effect.then);
    }, effect.ms),
  );
};

/** `{ offline: true }` when the browser reports no connection (a failure then waits for it instead of counting). */
const offline = (o: RunnerOptions): { offline?: true } =>
  o.connectivity.isOnline() ? {} : { offline: true };

const init: Starter<Extract<Effect, { type: 'init' }>> = (effect, o, _, out, onStop) => {
  const controller = new AbortController();
  const { batch } = effect;
  onStop(() => {
    controller.abort();
  });
  o.client.initUpload(effect.request, { signal: controller.signal }).then(
    (response) => {
      out({ type: 'initOk', batch, response });
    },
    (error: unknown) => {
      if (!isAbortError(error)) out({ type: 'initFailed', batch, error, ...offline(o) });
    },
  );
};

/** Waits for a slot of the pool, then runs `start`, which returns the work's stop; the slot goes back when it ends. */
function withSlot(
  o: RunnerOptions,
  onStop: OnStop,
  started: () => void,
  start: (done: () => void) => (() => void) | undefined,
): void {
  let stopWork: (() => void) | undefined;
  const release = o.pool.acquire((free) => {
    started();
    stopWork = start(free);
  });
  onStop(() => {
    release();
    stopWork?.();
  });
}

const put: Starter<Extract<Effect, { type: 'put' }>> = ({ id }, o, state, out, onStop) => {
  const file = state.files.get(id);
  if (file?.phase !== 'sending') return;
  withSlot(
    o,
    onStop,
    () => {
      out({ type: 'putStarted', id }, false);
    },
    (free) => {
      const failed = (error: unknown, fatal?: boolean): void => {
        free();
        out({ type: 'putFailed', id, error: asUploadError(error, PUT), fatal, ...offline(o) });
      };
      try {
        const { response, stop } = guarded(o, PUT, {
          method: 'PUT',
          url: file.target.url,
          // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
          headers: { 'Content-Type': file.target.contentType },
          body: file.file,
          onProgress: (loaded) => {
            out({ type: 'putProgress', id, loaded }, false);
          },
        });
        response.then((r) => {
          if (r.status >= 200 && r.status < 300) {
            free();
            out({ type: 'putOk', id });
          } else
            failed(
              errorFromResponse(r.status, r.body, r.headers, { operation: PUT, storage: true, now: o.now() }),
            );
        }, failed);
        return stop;
      } catch (error) {
        failed(error, true);
        return undefined;
      }
    },
  );
};

const v1: Starter<Extract<Effect, { type: 'v1' }>> = ({ batch }, o, state, out, onStop, current) => {
  const entry = state.batches.get(batch);
  if (!entry) return;
  const files = batchFiles(state, entry).map((f) => f.file);
  let stopTransfer = (): void => undefined;
  const attempt = async (forceRefresh: boolean): Promise<Outcome> => {
    // Each part is named by its File's own name (the form's default).
    const request = await v1UploadRequest(o.client, { ...entry.settings, files }, { forceRefresh });
    if (!current()) throw new Error('stopped');
    const transfer = guarded(o, 'v1 upload', {
      ...request,
      onProgress: (loaded, total) => {
        out({ type: 'v1Progress', batch, loaded, total }, false);
      },
    });
    stopTransfer = transfer.stop;
    const r = await transfer.response;
    // The token was refused: once more with a fresh one (the client's one shared refresh).
    if (r.status === 401 && !forceRefresh) return attempt(true);
    // The token it was sent with (after `Bearer `), never kept in an error message.
    return {
      type: 'v1Ok',
      batch,
      documents: parseV1Response(
        r.status,
        r.body,
        r.headers,
        o.client,
        request.headers.authorization.slice(7),
      ),
    };
  };
  withSlot(
    o,
    onStop,
    () => {
      out({ type: 'v1Started', batch }, false);
    },
    (free) => {
      attempt(false).then(
        (outcome) => {
          free();
          out(outcome);
        },
        (error: unknown) => {
          free();
          out({ type: 'v1Failed', batch, error, ...offline(o) });
        },
      );
      return () => {
        stopTransfer();
      };
    },
  );
};

/** The API origin, the unit of the SSE budget. */
const originOf = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
};

const track: Starter<Extract<Effect, { type: 'track' }>> = ({ job }, o, _, out, onStop) => {
  const fail = (error: DocumentsError): void => {
    out({ type: 'trackingFailed', job, error });
  };
  const origin = originOf(o.client.baseUrl);
  const tracker = trackJob({
    ...o,
    jobId: job,
    streams: () => o.pool.tryStream(origin),
    onEvent: (event) => {
      // SSE events are parsed without the client: their view URLs are checked here (polled ones are by the client).
      try {
        parseWith(jobEventValidator, event, 'job event', o.client);
      } catch (error) {
        tracker.stop();
        fail(error as DocumentsError);
        return;
      }
      // A failed job's message is server text shown to the user: a token it echoes is removed.
      out(
        {
          type: 'jobEvent',
          job,
          event: event.type === 'failed' ? { ...event, error: o.client.redact(event.error) } : event,
        },
        false,
      );
    },
    onFailure: fail,
  });
  onStop(() => {
    tracker.stop();
  });
  void tracker.done.then(() => {
    out({ type: 'trackingEnded', job });
  });
};

const STARTERS: { [K in Exclude<Effect['type'], 'abort'>]: Starter<Extract<Effect, { type: K }>> } = {
  wait,
  init,
  put,
  v1,
  track,
};

const idle = (): void => undefined;

export function createRunner(options: RunnerOptions): Runner {
  /** The stop function of the work running under each key. */
  const live = new Map<string, () => void>();

  const stop = (key: string): void => {
    const cancel = live.get(key);
    live.delete(key);
    cancel?.();
  };

  const run = (effect: Effect, state: EngineState): void => {
    const { key } = effect;
    stop(key);
    if (effect.type === 'abort') return;
    let cancel = idle;
    const mine = (): void => {
      cancel();
    };
    live.set(key, mine);
    const current = (): boolean => live.get(key) === mine;
    const out: Out = (outcome, last = true) => {
      if (!current()) return;
      if (last) live.delete(key);
      options.dispatch(outcome);
    };
    const onStop: OnStop = (fn) => {
      cancel = fn;
      // Stopped while starting (a synchronous report that led to an abort): stop it now.
      if (!current()) fn();
    };
    (STARTERS[effect.type] as Starter<Effect>)(effect, options, state, out, onStop, current);
    // A starter with nothing to do (a PUT for a file no longer sending, a v1 batch gone) lets the key go: every
    // other starter sets its stop at once.
    if (cancel === idle) stop(key);
  };

  return {
    run,
    stopAll() {
      for (const key of [...live.keys()]) stop(key);
    },
    get keys() {
      return [...live.keys()];
    },
  };
}
