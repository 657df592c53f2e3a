/**
 * The upload engine: validation → batching (≤ 25 files per init) → init → signed PUTs with progress (at most
 * `concurrency` in flight across jobs) → job tracking (SSE, falling back to polling) → documents.
 *
 * This file is wiring. Decisions are made by the pure reducer (`reducer/`), effects are run by the runner
 * (`runner.ts`), and `dispatch` below does, after every transition and each in this one place and order: commit,
 * persist (only when a phase changed), schedule a notification, run effects, settle `upload()` promises, call the
 * user's callbacks. Events raised meanwhile (an effect that fails at once) wait their turn: one transition at a time.
 * The rules themselves are listed in docs/decisions/0004-upload-engine-v2.md; the resilience decisions they follow
 * in docs/decisions/0003 (decisions 1–7, 10, 12).
 */
import { AbortedError, ConfigurationError, InvalidRequestError } from '../api/errors';
import type { Document } from '../api/schemas';
import { resolveRetryOptions } from './backoff';
import type { Emit, EngineEvent, Reply } from './events';
import { resolveTrackingOptions } from './jobTracker';
import { createNotifier, notifySpacingMs } from './notifier';
import { createPersistenceStore, type PersistedFile } from './persistence';
import { reduce } from './reducer';
import { createRunner } from './runner';
import { createProjector, documentsOf, settlement } from './snapshot';
import { awaitsJob, initialState, isActive, jobOf, landed, statusOf, type EngineState } from './state';
import { createTimerSet } from './timers';
import type {
  ResumeResult,
  UploadError,
  UploadItem,
  UploadSnapshot,
  Uploader,
  UploaderOptions,
} from './types';
import { createXhrTransport } from './xhrTransport';

/** PUTs in flight at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 4;
/** Margin before an upload URL's expiry when `urlExpiryMarginMs` is not given: 2 minutes. */
export const DEFAULT_URL_EXPIRY_MARGIN_MS = 120_000;

interface Waiter {
  ids: readonly string[];
  resolve(documents: Document[]): void;
  reject(error: unknown): void;
}

function report(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    // A throwing listener must not break the engine; surface it as an uncaught error instead of swallowing it.
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The recovery record: job ids and landed flags of files with work ahead (never URLs, never v1 files). */
function recordOf(state: EngineState): PersistedFile[] {
  const files: PersistedFile[] = [];
  for (const file of state.files.values()) {
    if ((!isActive(file) && !awaitsJob(file)) || file.viaV1) continue;
    files.push({
      name: file.name,
      size: file.size,
      jobId: jobOf(file) ?? null,
      landed: landed(file),
      status: statusOf(file),
    });
  }
  return files;
}

/**
 * Creates an upload engine: an observable store of files and jobs, read with `subscribe`/`getSnapshot` (e.g. by
 * `useSyncExternalStore`). Nothing is sent until files are added; nothing touches browser globals before then.
 */
export function createUploader(options: UploaderOptions): Uploader {
  const { client } = options;
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ConfigurationError('createUploader needs a document `type` (a non-empty string).');
  }
  const retryOptions = resolveRetryOptions(options.retry);
  const config = {
    type: options.type,
    grouped: options.grouped,
    externalReference: options.externalReference,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
    retry: retryOptions,
    margin: Math.max(0, options.urlExpiryMarginMs ?? DEFAULT_URL_EXPIRY_MARGIN_MS),
    rules: options.rules ?? {},
    idPrefix: `${Math.random().toString(36).slice(2, 7)}-`,
  };
  const now = options.now ?? (() => Date.now());
  const store = createPersistenceStore(
    options.persistence,
    options.persistenceKey ?? `lrd:uploads:${client.accountId}:${options.type}`,
  );
  const timers = createTimerSet();
  const waiters = new Set<Waiter>();
  const project = createProjector(now);
  let state = initialState();
  let snapshot: UploadSnapshot | undefined;
  let projected: EngineState | undefined;
  let transport = options.transport;
  // Progress of many files is coalesced so that subscribers' work stays flat as files are added (notifier.ts). The
  // spacing follows every item, finished ones too: a list redraws all its rows on each notification.
  const notifier = createNotifier({ spacing: () => notifySpacingMs(state.files.size) });

  const getSnapshot = (): UploadSnapshot => {
    if (snapshot === undefined || projected !== state) {
      snapshot = project(state);
      projected = state;
    }
    return snapshot;
  };

  const itemOf = (id: string | undefined): UploadItem | undefined =>
    getSnapshot().items.find((item) => item.id === id);

  /** Calls the user's callback for an emit, with items and jobs as the new snapshot has them. */
  const callback = (emit: Emit): void => {
    const fn = options[emit.type] as ((...args: unknown[]) => void) | undefined;
    if (fn === undefined) return;
    const args =
      'job' in emit
        ? [emit.documents, getSnapshot().jobs.find((j) => j.id === emit.job)]
        : 'error' in emit
          ? [emit.error, itemOf(emit.id)]
          : [itemOf(emit.id)];
    if (args.at(-1) !== undefined || emit.type === 'onError')
      report(() => {
        fn(...args);
      });
  };

  const settleWaiters = (): void => {
    let flushed = false;
    for (const waiter of [...waiters]) {
      const outcome = settlement(state, waiter.ids);
      if (outcome === undefined) continue;
      waiters.delete(waiter);
      // Subscribers see the final state before `upload()` settles: code after `await upload(…)` reads it.
      if (!flushed) notifier.flush();
      flushed = true;
      if ('documents' in outcome) waiter.resolve(outcome.documents);
      else
        waiter.reject(outcome.error ?? new AbortedError('The upload was canceled.', { operation: 'upload' }));
    }
  };

  const queue: EngineEvent[] = [];
  let running = false;

  /** One transition, and its tail in this order: commit, persist, notify, effects, waiters, callbacks. */
  const step = (event: EngineEvent): Reply | undefined => {
    const t = reduce(state, event, { now: now(), random: Math.random, config });
    if (t.state === state) return t.reply;
    state = t.state;
    if (t.phases) store.write(recordOf(state));
    notifier.schedule(t.urgent);
    for (const effect of t.effects) runner.run(effect, state);
    if (t.phases) settleWaiters();
    for (const emit of t.emits) callback(emit);
    return t.reply;
  };

  /**
   * Runs a command (the user's call, perhaps from a callback: after the transition that called out) and then every
   * outcome raised meanwhile, in order.
   */
  const dispatch = (event: EngineEvent): Reply | undefined => {
    const outer = running;
    running = true;
    try {
      const reply = step(event);
      if (!outer) for (let next = queue.shift(); next; next = queue.shift()) step(next);
      return reply;
    } finally {
      running = outer;
    }
  };

  const runner = createRunner({
    client,
    transport: () => (transport ??= createXhrTransport()),
    timers,
    tracking: resolveTrackingOptions(options.tracking),
    retry: retryOptions,
    config,
    now,
    // An outcome raised while a transition runs (an effect that fails at once) waits its turn.
    dispatch: (outcome) => {
      if (running) queue.push(outcome);
      else dispatch(outcome);
    },
  });

  const assertUsable = (): void => {
    if (state.disposed) throw new ConfigurationError('This uploader was disposed; create a new one.');
  };

  const add = (files: Iterable<File | Blob>, strict: boolean): Reply => {
    assertUsable();
    return dispatch({ type: 'add', files: [...files], strict }) ?? { accepted: [], rejected: [] };
  };

  const items = (ids: readonly string[]): UploadItem[] =>
    ids.map((id) => itemOf(id)).filter((item): item is UploadItem => item !== undefined);

  /** Settles with the documents of `ids` once every one of them is done (rejects with a failure). */
  const wait = (ids: readonly string[]): Promise<Document[]> =>
    new Promise<Document[]>((resolve, reject) => {
      waiters.add({ ids, resolve, reject });
      settleWaiters();
    });

  const command = (event: EngineEvent): void => {
    if (!state.disposed) dispatch(event);
  };

  return {
    subscribe: (listener) => notifier.subscribe(listener),
    getSnapshot,
    add(files) {
      const reply = add(files, false);
      return { accepted: items(reply.accepted), rejected: items(reply.rejected) };
    },
    async upload(files) {
      const { accepted, error } = add(files, true);
      if (error !== undefined) throw error;
      if (accepted.length === 0)
        throw new InvalidRequestError('upload() needs at least one file.', { operation: 'upload' });
      return wait(accepted);
    },
    cancel: (id) => {
      command({ type: 'cancel', id });
    },
    retry: (id) => {
      command({ type: 'retry', id });
    },
    remove: (id) => {
      command({ type: 'remove', ids: [id] });
    },
    clear() {
      command({ type: 'clear' });
      store.clear();
    },
    async resume(): Promise<ResumeResult> {
      assertUsable();
      const reply = dispatch({ type: 'resume', files: store.read() });
      const ids = reply?.accepted ?? [];
      const needsReselect = [...(reply?.needsReselect ?? [])];
      // Written even when nothing was re-attached: what cannot be resumed is not offered again.
      store.write(recordOf(state));
      if (ids.length === 0) return { documents: [], needsReselect };
      const documents = await wait(ids).catch(() => documentsOf(state, ids));
      return { documents, needsReselect };
    },
    dispose() {
      if (state.disposed) return;
      dispatch({ type: 'dispose' });
      runner.stopAll();
      timers.clearAll();
      notifier.dispose();
      for (const waiter of waiters)
        waiter.reject(new AbortedError('The uploader was disposed.', { operation: 'upload' }));
      waiters.clear();
    },
  };
}
