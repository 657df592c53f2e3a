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
import type { UploadTransport } from './types';
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

const PUT = 'PUT upload';

export function createRunner(options: RunnerOptions): Runner {
  const { client, timers, dispatch } = options;
  const live = new Map<string, () => void>();

  const stop = (key: string): void => {
    const cancel = live.get(key);
    live.delete(key);
    cancel?.();
  };

  /**
   * Registers work under `key` (stopping what ran there); `cancel` is called if it is stopped. `report` passes on an
   * outcome while the work is current; `finish` passes on its last one and lets the key go.
   */
  const own = (key: string, cancel: () => void) => {
    stop(key);
    const mine = (): void => {
      cancel();
    };
    live.set(key, mine);
    const current = (): boolean => live.get(key) === mine;
    return {
      current,
      report: (outcome: Outcome): void => {
        if (current()) dispatch(outcome);
      },
      finish: (outcome: Outcome): void => {
        if (!current()) return;
        live.delete(key);
        dispatch(outcome);
      },
    };
  };

  const run = (effect: Effect, state: EngineState): void => {
    const { key } = effect;
    if (effect.type === 'abort') { stop(key); return; }
    let abort = (): void => undefined;
    const work = own(key, () => {
      abort();
    });
    /** Sends a transfer (abortable through the key). */
    const send = (request: Parameters<UploadTransport['send']>[0]) => {
      const handle = options.transport().send(request);
      abort = () => {
        handle.abort();
      };
      return handle.response;
    };
    switch (effect.type) {
      case 'wait': {
        abort = timers.set(() => {
          work.finish(effect.then);
        }, effect.ms);
        return;
      }
      case 'init': {
        const controller = new AbortController();
        abort = () => {
          controller.abort();
        };
        const { batch } = effect;
        client.initUpload(effect.request, { signal: controller.signal }).then(
          (response) => {
            work.finish({ type: 'initOk', batch, response });
          },
          (error: unknown) => {
            if (!isAbortError(error)) work.finish({ type: 'initFailed', batch, error });
          },
        );
        return;
      }
      case 'put': {
        const { id } = effect;
        const file = state.files.get(id);
        if (file?.phase !== 'sending') { stop(key); return; }
        try {
          send({
            method: 'PUT',
            url: file.target.url,
            // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
            headers: { 'Content-Type': file.target.contentType },
            body: file.file,
            onProgress: (loaded) => {
              work.report({ type: 'putProgress', id, loaded });
            },
          }).then(
            (r) => {
              work.finish(
                r.status >= 200 && r.status < 300
                  ? { type: 'putOk', id }
                  : {
                      type: 'putFailed',
                      id,
                      error: errorFromResponse(r.status, r.body, r.headers, {
                        operation: PUT,
                        storage: true,
                        now: options.now(),
                      }),
                    },
              );
            },
            (error: unknown) => {
              work.finish({ type: 'putFailed', id, error: asUploadError(error, PUT) });
            },
          );
        } catch (error) {
          work.finish({ type: 'putFailed', id, error: asUploadError(error, PUT), fatal: true });
        }
        return;
      }
      case 'v1': {
        const { batch } = effect;
        const entry = state.batches.get(batch);
        const files = entry === undefined ? [] : batchFiles(state, entry).map((f) => f.file);
        const { type, externalReference } = options.config;
        const attempt = async (forceRefresh: boolean): Promise<Outcome> => {
          const request = await v1UploadRequest(
            client,
            { files, filenames: files.map((f) => f.name), type, grouped: entry?.grouped, externalReference },
            { forceRefresh },
          );
          if (!work.current()) throw new Error('stopped');
          const r = await send({
            ...request,
            onProgress: (loaded, total) => {
              work.report({ type: 'v1Progress', batch, loaded, total });
            },
          });
          // The token was refused: once with a fresh one.
          if (r.status === 401 && !forceRefresh) return attempt(true);
          return { type: 'v1Ok', batch, documents: parseV1Response(r.status, r.body, r.headers) };
        };
        attempt(false).then(work.finish, (error: unknown) => {
          work.finish({ type: 'v1Failed', batch, error });
        });
        return;
      }
      case 'track': {
        const { job } = effect;
        const tracker = trackJob({
          client,
          jobId: job,
          tracking: options.tracking,
          retry: options.retry,
          timers,
          onEvent: (event) => {
            work.report({ type: 'jobEvent', job, event });
          },
          onFailure: (error) => {
            work.finish({ type: 'trackingFailed', job, error });
          },
        });
        abort = tracker.stop;
        void tracker.done.then(() => {
          work.finish({ type: 'trackingEnded', job });
        });
      }
    }
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
