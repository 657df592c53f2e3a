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
import type { TransportRequest, UploadTransport } from './types';
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
  const { client, timers } = options;
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
    /** Passes an outcome on while this work is current; `last` also lets the key go. */
    const out = (outcome: Outcome, last = true): void => {
      if (!current()) return;
      if (last) live.delete(key);
      options.dispatch(outcome);
    };
    const send = (request: TransportRequest) => {
      const handle = options.transport().send(request);
      cancel = () => {
        handle.abort();
      };
      // Stopped while starting (a synchronous progress report that led to an abort): abort it now.
      if (!current()) cancel();
      return handle.response;
    };

    switch (effect.type) {
      case 'wait':
        cancel = timers.set(() => {
          out(effect.then);
        }, effect.ms);
        return;
      case 'init': {
        const controller = new AbortController();
        const { batch } = effect;
        cancel = () => {
          controller.abort();
        };
        client.initUpload(effect.request, { signal: controller.signal }).then(
          (response) => {
            out({ type: 'initOk', batch, response });
          },
          (error: unknown) => {
            if (!isAbortError(error)) out({ type: 'initFailed', batch, error });
          },
        );
        return;
      }
      case 'put': {
        const { id } = effect;
        const file = state.files.get(id);
        if (file?.phase !== 'sending') {
          stop(key);
          return;
        }
        const failed = (error: unknown, fatal?: boolean): void => {
          out({ type: 'putFailed', id, error: asUploadError(error, PUT), fatal });
        };
        try {
          send({
            method: 'PUT',
            url: file.target.url,
            // Exactly the init response's type: the signature is bound to it. Never an Authorization header.
            headers: { 'Content-Type': file.target.contentType },
            body: file.file,
            onProgress: (loaded) => {
              out({ type: 'putProgress', id, loaded }, false);
            },
          }).then((r) => {
            if (r.status >= 200 && r.status < 300) out({ type: 'putOk', id });
            else
              failed(
                errorFromResponse(r.status, r.body, r.headers, {
                  operation: PUT,
                  storage: true,
                  now: options.now(),
                }),
              );
          }, failed);
        } catch (error) {
          failed(error, true);
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
          if (!current()) throw new Error('stopped');
          const r = await send({
            ...request,
            onProgress: (loaded, total) => {
              out({ type: 'v1Progress', batch, loaded, total }, false);
            },
          });
          // The token was refused: once more with a fresh one.
          if (r.status === 401 && !forceRefresh) return attempt(true);
          return { type: 'v1Ok', batch, documents: parseV1Response(r.status, r.body, r.headers) };
        };
        attempt(false).then(out, (error: unknown) => {
          out({ type: 'v1Failed', batch, error });
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
            out({ type: 'jobEvent', job, event }, false);
          },
          onFailure: (error) => {
            out({ type: 'trackingFailed', job, error });
          },
        });
        cancel = () => {
          tracker.stop();
        };
        void tracker.done.then(() => {
          out({ type: 'trackingEnded', job });
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
