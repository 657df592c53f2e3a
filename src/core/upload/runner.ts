/**
 * Runs the reducer's effects and owns every handle they make (XHR, fetch, timer, tracker), one per effect key.
 * Starting an effect under a key stops the one before it; `abort` stops it. An outcome is dispatched only while its
 * effect is still the current one under its key: this is the engine's one staleness check.
 */
import { type DocumentsClient, isAbortError, parseWith } from '../api/client';
import { NetworkError, type DocumentsError, errorFromResponse } from '../api/errors';
import { jobEventSchema } from '../api/schemas';
import type { ResolvedRetryOptions } from './backoff';
import type { Effect, Outcome } from './events';
import { trackJob, type ResolvedTrackingOptions } from './jobTracker';
import { asUploadError } from './reducer/fail';
import { batchFiles, type EngineConfig, type EngineState } from './state';
import type { TimerSet } from './timers';
import type { TransportHandle, TransportRequest, UploadTransport } from './types';
import { parseV1Response, v1UploadRequest } from './uploadApi';

export interface RunnerOptions {
  client: DocumentsClient;
  transport: () => UploadTransport;
  timers: TimerSet;
  tracking: ResolvedTrackingOptions;
  retry: ResolvedRetryOptions;
  config: EngineConfig;
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

/** Sends a transfer whose abort is the work's stop. */
function transfer(o: RunnerOptions, onStop: OnStop, request: TransportRequest): TransportHandle['response'] {
  const handle = o.transport().send(request);
  onStop(() => {
    handle.abort();
  });
  return handle.response;
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
      if (!isAbortError(error)) out({ type: 'initFailed', batch, error });
    },
  );
};

const put: Starter<Extract<Effect, { type: 'put' }>> = ({ id }, o, state, out, onStop) => {
  const file = state.files.get(id);
  if (file?.phase !== 'sending') return;
  const failed = (error: unknown, fatal?: boolean): void => {
    watchdog();
    out({ type: 'putFailed', id, error: asUploadError(error, PUT), fatal });
  };
  // Nothing waits forever: no progress and no answer for `stallMs` (finalizing counts from the last byte handed
  // over) aborts the PUT as a network error, which is retried like one.
  let watchdog = (): void => undefined;
  let abort = (): void => undefined;
  const arm = (): void => {
    watchdog();
    watchdog = o.timers.set(() => {
      abort();
      failed(new NetworkError(`${PUT} stalled: no progress for ${o.config.stallMs} ms.`, { operation: PUT }));
    }, o.config.stallMs);
  };
  try {
    transfer(
      o,
      (stop) => {
        abort = stop;
        onStop(() => {
          watchdog();
          stop();
        });
      },
      {
        method: 'PUT',
        url: file.target.url,
        // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
        headers: { 'Content-Type': file.target.contentType },
        body: file.file,
        onProgress: (loaded) => {
          arm();
          out({ type: 'putProgress', id, loaded }, false);
        },
      },
    ).then((r) => {
      watchdog();
      if (r.status >= 200 && r.status < 300) out({ type: 'putOk', id });
      else
        failed(
          errorFromResponse(r.status, r.body, r.headers, {
            operation: PUT,
            storage: true,
            now: o.now(),
          }),
        );
    }, failed);
    arm();
  } catch (error) {
    failed(error, true);
  }
};

const v1: Starter<Extract<Effect, { type: 'v1' }>> = ({ batch }, o, state, out, onStop, current) => {
  const { client, config } = o;
  const entry = state.batches.get(batch);
  const files = entry === undefined ? [] : batchFiles(state, entry).map((f) => f.file);
  const attempt = async (forceRefresh: boolean): Promise<Outcome> => {
    const request = await v1UploadRequest(
      client,
      {
        files,
        filenames: files.map((f) => f.name),
        type: config.type,
        grouped: entry?.grouped,
        externalReference: config.externalReference,
      },
      { forceRefresh },
    );
    if (!current()) throw new Error('stopped');
    const r = await transfer(o, onStop, {
      ...request,
      onProgress: (loaded, total) => {
        out({ type: 'v1Progress', batch, loaded, total }, false);
      },
    });
    // The token was refused: once more with a fresh one (the client's one shared refresh).
    if (r.status === 401 && !forceRefresh) return attempt(true);
    const token = request.headers.authorization.slice(7);
    return { type: 'v1Ok', batch, documents: parseV1Response(r.status, r.body, r.headers, client, token) };
  };
  attempt(false).then(
    (outcome) => {
      out(outcome);
    },
    (error: unknown) => {
      out({ type: 'v1Failed', batch, error });
    },
  );
};

const track: Starter<Extract<Effect, { type: 'track' }>> = ({ job }, o, _, out, onStop) => {
  const fail = (error: DocumentsError): void => {
    out({ type: 'trackingFailed', job, error });
  };
  const tracker = trackJob({
    ...o,
    jobId: job,
    onEvent: (event) => {
      // SSE events are parsed without the client: their view URLs are checked here (polled ones are by the client).
      try {
        parseWith(jobEventSchema, event, 'job event', o.client);
      } catch (error) {
        tracker.stop();
        fail(error as DocumentsError);
        return;
      }
      // A failed job's message is server text shown to the user: a token it echoes is removed.
      const kept = event.type === 'failed' ? { ...event, error: o.client.redact(event.error) } : event;
      out({ type: 'jobEvent', job, event: kept }, false);
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
    // A starter with nothing to do (a PUT for a file no longer sending) lets the key go.
    if (cancel === idle && effect.type === 'put') stop(key);
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
