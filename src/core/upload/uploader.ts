/**
 * The upload engine: validation → batching (≤ 25 files per init) → init → signed PUTs with progress (at most
 * `concurrency` in flight across jobs) → job tracking (SSE, falling back to polling) → documents.
 *
 * This file is wiring. Decisions are made by the pure reducer (`reducer/`), effects are run by the runner
 * (`runner.ts`), and `step` below does, after every transition and each in this one place and order: commit,
 * persist (only when a phase changed), schedule a notification, run effects, settle `upload()` promises, call the
 * user's callbacks. Events raised meanwhile (an effect that fails at once) wait their turn: one transition at a time.
 * The rules are listed in docs/decisions/0004-upload-engine-v2.md; the decisions they follow in
 * docs/decisions/0003 (decisions 1–7, 10, 12).
 */
import { AbortedError, ConfigurationError, InvalidRequestError } from '../api/errors';
import type { Document } from '../api/schemas';
import { resolveRetryOptions } from './backoff';
import type { Emit, EngineEvent, Reply } from './events';
import { resolveTrackingOptions } from './jobTracker';
import { createNotifier, notifySpacingMs } from './notifier';
import { browserConnectivity } from './connectivity';
import { createPersistenceStore } from './persistence';
import { createRecorder, recordOf } from './recorder';
import { ownPool } from './pool';
import { reduce } from './reducer';
import { createRunner } from './runner';
import { createProjector, documentsOf, settlement } from './snapshot';
import { initialState, type EngineConfig } from './state';
import { createTimerSet } from './timers';
import type {
  ResumeResult,
  UploadItem,
  UploadPool,
  UploadSnapshot,
  Uploader,
  UploaderOptions,
} from './types';
import { createXhrTransport } from './xhrTransport';

/** PUTs in flight at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 4;
/** Margin before an upload URL's expiry when `urlExpiryMarginMs` is not given: 2 minutes. */
export const DEFAULT_URL_EXPIRY_MARGIN_MS = 120_000;
/** How long a PUT may go without progress or an answer when `stallTimeoutMs` is not given: 30 s. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

interface Waiter {
  ids: readonly string[];
  resolve(documents: Document[]): void;
  reject(error: unknown): void;
}

/** The options the reducer decides with, checked and with their defaults (`pool`: the shared one, if any). */
function resolveConfig(options: UploaderOptions, pool: UploadPool | undefined): EngineConfig {
  if (typeof options.type !== 'string' || options.type.trim() === '') {
    throw new ConfigurationError('createUploader needs a document `type` (a non-empty string).');
  }
  const own = options.concurrency ?? pool?.concurrency ?? DEFAULT_CONCURRENCY;
  return {
    settings: {
      type: options.type,
      grouped: options.grouped,
      externalReference: options.externalReference,
    },
    // An uploader may ask for less than its pool, never more.
    concurrency: Math.max(1, Math.floor(Math.min(own, pool?.concurrency ?? own))),
    retry: resolveRetryOptions(options.retry),
    margin: Math.max(0, options.urlExpiryMarginMs ?? DEFAULT_URL_EXPIRY_MARGIN_MS),
    rules: options.rules ?? {},
    idPrefix: `${Math.random().toString(36).slice(2, 7)}-`,
    stallMs: Math.max(1, options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS),
    rejectDuplicates: options.rejectDuplicates ?? true,
  };
}

/** The record's key: `<prefix>:<accountId>:<type>[:<persistenceId>]` (never shared across accounts). */
export const persistenceKeyOf = (options: UploaderOptions): string =>
  [options.persistenceKey ?? 'lrd:uploads', options.client.accountId, options.type, options.persistenceId]
    .filter((part) => part !== undefined && part !== '')
    .join(':');

/**
 * Calls the user's callback named by an emit, with items and jobs as the new snapshot has them. A throwing callback
 * must not break the engine: its error is rethrown as an uncaught one instead of being swallowed.
 */
function callBack(options: UploaderOptions, emit: Emit, snapshot: UploadSnapshot): void {
  const fn = options[emit.type] as ((...args: unknown[]) => void) | undefined;
  if (!fn) return;
  const item = 'id' in emit ? snapshot.items.find((i) => i.id === emit.id) : undefined;
  const args =
    'job' in emit
      ? [emit.documents, snapshot.jobs.find((j) => j.id === emit.job)]
      : 'error' in emit
        ? [emit.error, item]
        : [item];
  if (args.at(-1) === undefined && emit.type !== 'onError') return;
  try {
    fn(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

const DISPOSED = 'This uploader was disposed; create a new one.';

/**
 * Creates an upload engine: an observable store of files and jobs, read with `subscribe`/`getSnapshot` (e.g. by
 * `useSyncExternalStore`). Nothing is sent until files are added; nothing touches browser globals before then.
 *
 * Inside: its state, the one `step`, and `upload()` (and `resume()`) promises, settled when their files are done.
 */
export function createUploader(options: UploaderOptions): Uploader {
  const pool = options.pool;
  let config = resolveConfig(options, pool);
  const callbacks: UploaderOptions = { ...options };
  const now = options.now ?? (() => Date.now());
  const store = createPersistenceStore(options.persistence, persistenceKeyOf(options));
  const timers = createTimerSet();
  const recorder = createRecorder(store, timers);
  const project = createProjector(now);
  let snapshot = project(initialState());
  let state = initialState();
  let projected = state;
  let transport = options.transport;
  const connectivity = options.connectivity ?? browserConnectivity();
  let unsubscribe: (() => void) | undefined;
  // Progress of many files is coalesced so that subscribers' work stays flat as files are added (notifier.ts). The
  // spacing follows every item, finished ones too: a list redraws all its rows on each notification.
  const notifier = createNotifier({ spacing: () => notifySpacingMs(state.files.size) });
  const waiters = new Set<Waiter>();

  const getSnapshot = (): UploadSnapshot => {
    if (projected !== state) {
      snapshot = project(state);
      projected = state;
    }
    return snapshot;
  };

  /** Settles the waiters whose files are all done. */
  const settle = (): void => {
    let flushed = false;
    for (const waiter of [...waiters]) {
      const outcome = settlement(state, waiter.ids);
      if (!outcome) continue;
      waiters.delete(waiter);
      // Subscribers see the final state before `upload()` settles: code after `await upload(…)` reads it.
      if (!flushed) notifier.flush();
      flushed = true;
      if ('documents' in outcome) waiter.resolve(outcome.documents);
      else
        waiter.reject(outcome.error ?? new AbortedError('The upload was canceled.', { operation: 'upload' }));
    }
  };

  /** Settles with the documents of `ids` once every one of them is done (rejects with a failure). */
  const wait = (ids: readonly string[]): Promise<Document[]> =>
    new Promise<Document[]>((resolve, reject) => {
      waiters.add({ ids, resolve, reject });
      settle();
    });

  /** One transition, and its tail in this order: commit, persist, notify, effects, waiters, callbacks. */
  const step = (event: EngineEvent): Reply | undefined => {
    const t = reduce(state, event, { now: now(), random: Math.random, config });
    if (t.state === state) return t.reply;
    const wasOnline = state.online;
    state = t.state;
    if (t.phases) recorder.changed(state);
    notifier.schedule(t.urgent || wasOnline !== state.online);
    for (const effect of t.effects) runner.run(effect, state);
    if (t.phases) settle();
    for (const emit of t.emits) callBack(callbacks, emit, getSnapshot());
    return t.reply;
  };

  // One transition at a time. `dispatch` runs a command at once (the user's call, perhaps from a callback: after the
  // transition that called out) and then every outcome raised meanwhile, in order; `raise` queues an outcome while a
  // transition runs (an effect that fails at once), else runs it.
  const queue: EngineEvent[] = [];
  let running = false;
  const dispatch = (event: EngineEvent): Reply | undefined => {
    const outer = running;
    running = true;
    try {
      const result = step(event);
      if (!outer) for (let next = queue.shift(); next; next = queue.shift()) step(next);
      return result;
    } finally {
      running = outer;
    }
  };
  const raise = (event: EngineEvent): void => {
    if (running) queue.push(event);
    else dispatch(event);
  };

  const runner = createRunner({
    client: options.client,
    transport: () => (transport ??= createXhrTransport()),
    timers,
    tracking: resolveTrackingOptions(options.tracking),
    retry: config.retry,
    config: () => config,
    pool: pool ?? ownPool(),
    connectivity,
    now,
    dispatch: raise,
  });

  /** Starts listening to online/offline (first use, not creation: nothing touches browser globals before). */
  const listen = (): void => {
    if (unsubscribe) return;
    // Raised, not dispatched: the browser may report it while a transition runs (from inside a request).
    unsubscribe = connectivity.subscribe((online) => {
      raise({ type: 'connectivity', online });
    });
    if (!connectivity.isOnline()) dispatch({ type: 'connectivity', online: false });
  };

  const add = (files: Iterable<File | Blob>, strict: boolean, collect?: boolean): Reply => {
    if (state.disposed) throw new ConfigurationError(DISPOSED);
    listen();
    return dispatch({ type: 'add', files: [...files], strict, collect }) ?? { accepted: [], rejected: [] };
  };
  const items = (ids: readonly string[]): UploadItem[] => {
    const byId = new Map(getSnapshot().items.map((item) => [item.id, item]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  const command = (event: EngineEvent): void => {
    if (!state.disposed) dispatch(event);
  };

  return {
    subscribe: notifier.subscribe,
    getSnapshot,
    add(files, addOptions) {
      const reply = add(files, false, addOptions?.collect === true);
      return { accepted: items(reply.accepted), rejected: items(reply.rejected) };
    },
    start: (ids) => {
      command({ type: 'start', ids: ids && [...ids] });
    },
    move: (id, index) => {
      command({ type: 'move', id, index });
    },
    async upload(files) {
      const { accepted, error } = add(files, true);
      if (error) throw error;
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
    async resume(resumeOptions = {}): Promise<ResumeResult> {
      if (state.disposed) throw new ConfigurationError(DISPOSED);
      const files = recorder.take();
      if (files.length > 0) listen();
      const reply = dispatch({ type: 'resume', files });
      const ids = reply?.accepted ?? [];
      const needsReselect = [...(reply?.needsReselect ?? [])];
      // Written even when nothing was re-attached: what cannot be resumed is not offered again.
      store.write(recordOf(state));
      if (needsReselect.length > 0) resumeOptions.onNeedsReselect?.([...needsReselect]);
      if (ids.length === 0) return { documents: [], needsReselect };
      const documents = await wait(ids).catch(() => documentsOf(state, ids));
      return { documents, needsReselect };
    },
    update(changes) {
      if (state.disposed) return;
      Object.assign(callbacks, changes);
      config = {
        ...resolveConfig({ ...callbacks, client: options.client }, pool),
        idPrefix: config.idPrefix,
      };
      // The record follows the type: a reload with the new type finds the files added before and after.
      store.rekey(persistenceKeyOf({ ...options, type: config.settings.type }));
      dispatch({ type: 'configured' });
    },
    /** Stops everything: no timer, listener or request is left, and every `upload()` promise rejects. */
    dispose() {
      if (state.disposed) return;
      dispatch({ type: 'dispose' });
      recorder.flush();
      unsubscribe?.();
      runner.stopAll();
      timers.clearAll();
      notifier.dispose();
      for (const waiter of waiters)
        waiter.reject(new AbortedError('The uploader was disposed.', { operation: 'upload' }));
      waiters.clear();
    },
  };
}
