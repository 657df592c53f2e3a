/**
 * Runs the reducer's effects and owns every handle they make (XHR, fetch, timer, tracker), one per effect key.
 * Starting an effect under a key stops the one before it; `abort` stops it. An outcome is dispatched only while its
 * effect is still the current one under its key: this is the engine's one staleness check.
 */
import { type DocumentsClient, isAbortError } from '../api/client';
import { errorFromResponse } from '../api/errors';
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

/** One piece of work under its key, as an effect's starter sees it. */
interface Work {
  readonly options: RunnerOptions;
  readonly state: EngineState;
  /** Whether this is still the work under its key. */
  current(): boolean;
  /** Passes an outcome on while the work is current; `last` (the default) also lets the key go. */
  out(outcome: Outcome, last?: boolean): void;
  /** What stops the work (an abort, a timer's clear, a tracker's stop). */
  onStop(stop: () => void): void;
  /** Sends a transfer whose abort is the work's stop. */
  send(request: TransportRequest): TransportHandle['response'];
  /** There is nothing to do after all: the key goes. */
  abandon(): void;
}

const PUT = 'PUT upload';

type Starter<E extends Effect> = (effect: E, work: Work) => void;

const wait: Starter<Extract<Effect, { type: 'wait' }>> = (effect, work) => {
  work.onStop(
    work.options.timers.set(() => {
      work.out(effect.then);
    }, effect.ms),
  );
};

const init: Starter<Extract<Effect, { type: 'init' }>> = (effect, work) => {
  const controller = new AbortController();
  const { batch } = effect;
  work.onStop(() => {
    controller.abort();
  });
  work.options.client.initUpload(effect.request, { signal: controller.signal }).then(
    (response) => {
      work.out({ type: 'initOk', batch, response });
    },
    (error: unknown) => {
      if (!isAbortError(error)) work.out({ type: 'initFailed', batch, error });
    },
  );
};

const put: Starter<Extract<Effect, { type: 'put' }>> = ({ id }, work) => {
  const file = work.state.files.get(id);
  if (file?.phase !== 'sending') {
    work.abandon();
    return;
  }
  const failed = (error: unknown, fatal?: boolean): void => {
    work.out({ type: 'putFailed', id, error: asUploadError(error, PUT), fatal });
  };
  try {
    work
      .send({
        method: 'PUT',
        url: file.target.url,
        // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
        headers: { 'Content-Type': file.target.contentType },
        body: file.file,
        onProgress: (loaded) => {
          work.out({ type: 'putProgress', id, loaded }, false);
        },
      })
      .then((r) => {
        if (r.status >= 200 && r.status < 300) work.out({ type: 'putOk', id });
        else
          failed(
            errorFromResponse(r.status, r.body, r.headers, {
              operation: PUT,
              storage: true,
              now: work.options.now(),
            }),
          );
      }, failed);
  } catch (error) {
    failed(error, true);
  }
};

const v1: Starter<Extract<Effect, { type: 'v1' }>> = ({ batch }, work) => {
  const { client, config } = work.options;
  const entry = work.state.batches.get(batch);
  const files = entry === undefined ? [] : batchFiles(work.state, entry).map((f) => f.file);
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
    if (!work.current()) throw new Error('stopped');
    const r = await work.send({
      ...request,
      onProgress: (loaded, total) => {
        work.out({ type: 'v1Progress', batch, loaded, total }, false);
      },
    });
    // The token was refused: once more with a fresh one.
    if (r.status === 401 && !forceRefresh) return attempt(true);
    return { type: 'v1Ok', batch, documents: parseV1Response(r.status, r.body, r.headers) };
  };
  attempt(false).then(
    (outcome) => {
      work.out(outcome);
    },
    (error: unknown) => {
      work.out({ type: 'v1Failed', batch, error });
    },
  );
};

const track: Starter<Extract<Effect, { type: 'track' }>> = ({ job }, work) => {
  const { options } = work;
  const tracker = trackJob({
    client: options.client,
    jobId: job,
    tracking: options.tracking,
    retry: options.retry,
    timers: options.timers,
    onEvent: (event) => {
      work.out({ type: 'jobEvent', job, event }, false);
    },
    onFailure: (error) => {
      work.out({ type: 'trackingFailed', job, error });
    },
  });
  work.onStop(() => {
    tracker.stop();
  });
  void tracker.done.then(() => {
    work.out({ type: 'trackingEnded', job });
  });
};

const STARTERS: { [K in Exclude<Effect['type'], 'abort'>]: Starter<Extract<Effect, { type: K }>> } = {
  wait,
  init,
  put,
  v1,
  track,
};

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
    let cancel = (): void => undefined;
    const mine = (): void => {
      cancel();
    };
    live.set(key, mine);
    const current = (): boolean => live.get(key) === mine;
    const work: Work = {
      options,
      state,
      current,
      out(outcome, last = true) {
        if (!current()) return;
        if (last) live.delete(key);
        options.dispatch(outcome);
      },
      onStop(fn) {
        cancel = fn;
        // Stopped while starting (a synchronous report that led to an abort): stop it now.
        if (!current()) fn();
      },
      send(request) {
        const handle = options.transport().send(request);
        work.onStop(() => {
          handle.abort();
        });
        return handle.response;
      },
      abandon() {
        if (current()) live.delete(key);
      },
    };
    (STARTERS[effect.type] as Starter<Effect>)(effect, work);
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
