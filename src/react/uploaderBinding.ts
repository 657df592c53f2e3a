/**
 * The bridge between one `useDocumentUpload` and one upload engine: a stable store for `useSyncExternalStore`
 * that creates the engine on mount (in an effect: never on the server) and resumes what a reload interrupted,
 * updates it in place when options change, replaces it only for another account (client or QueryClient), and
 * writes finished documents into the query cache. Unmounting tears the engine down one task later, so StrictMode's
 * `mount → unmount → mount` keeps it (and the files it resumed). No React in here.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  AbortedError,
  ConfigurationError,
  EMPTY_UPLOAD_SNAPSHOT,
  createUploader,
  isActiveStatus,
  type AddOptions,
  type AddResult,
  type Document,
  type DocumentsClient,
  type ExtensionAllowlist,
  type ExternalReference,
  type ResumeResult,
  type UploadError,
  type UploadItem,
  type UploadJob,
  type UploadPool,
  type UploadSnapshot,
  type Uploader,
  type UploaderOptions,
  type UploaderUpdate,
} from '../core';
import { documentKeys } from './documentKeys';
import type { FieldRegistry } from './fieldRegistry';
import { writeDocuments } from './refreshDocumentUrls';

/** Engine settings that are read once, when the engine is created. */
export type UploadEngineOptions = Pick<
  UploaderOptions,
  | 'retry'
  | 'tracking'
  | 'persistence'
  | 'persistenceKey'
  | 'transport'
  | 'urlExpiryMarginMs'
  | 'stallTimeoutMs'
  | 'connectivity'
  | 'now'
>;

/** A file a reload interrupted before its bytes landed: it must be picked again. */
export type ReselectFile = ResumeResult['needsReselect'][number];

/** What the binding needs from the hook, every render. */
export interface UploaderBindingConfig {
  client: DocumentsClient;
  queryClient: QueryClient;
  type: string;
  grouped?: boolean | undefined;
  externalReference?: ExternalReference | undefined;
  concurrency?: number | undefined;
  maxFiles?: number | undefined;
  /** Files held elsewhere that count toward `maxFiles` (a field's documents from before). */
  heldFiles?: number | undefined;
  maxSize?: number | undefined;
  accept?: ExtensionAllowlist | undefined;
  rejectDuplicates?: boolean | undefined;
  /**
   * The field's identity (its recovery record; `''` for none), made unique among the live uploaders of its type by
   * `fields`. Read when an engine is created.
   */
  fieldId: string;
  /** The provider's live field identities. */
  fields?: FieldRegistry | undefined;
  /** The provider's transfer pool. Read when an engine is created. */
  pool?: UploadPool | undefined;
  engineOptions?: UploadEngineOptions | undefined;
  onComplete?: ((documents: Document[], job: UploadJob) => void) | undefined;
  onVariantsReady?: ((documents: Document[], job: UploadJob) => void) | undefined;
  onError?: ((error: UploadError, item: UploadItem | undefined) => void) | undefined;
}

/** What the hook reads: the engine's snapshot and what `resume()` could not re-attach. Immutable. */
export interface UploaderBindingState {
  readonly snapshot: UploadSnapshot;
  readonly needsReselect: readonly ReselectFile[];
}

const NO_RESELECT: readonly ReselectFile[] = Object.freeze([]);

/** The state before the engine exists, and on the server. */
export const EMPTY_BINDING_STATE: UploaderBindingState = Object.freeze({
  snapshot: EMPTY_UPLOAD_SNAPSHOT,
  needsReselect: NO_RESELECT,
});

/** Why active files end when their engine does (each gets `onError` with an {@link AbortedError}). */
export const ACCOUNT_CHANGED_MESSAGE = 'The upload was canceled: the account changed.';
export const UNMOUNTED_MESSAGE = 'The upload was canceled: the uploader was removed from the page.';

/** The settings `update()` changes in place, compared by value: an equal key sends no update. */
function settingsOf(config: UploaderBindingConfig): UploaderUpdate & { type: string } {
  // (an undefined rule is no rule, as when it is left out)
  return {
    type: config.type,
    grouped: config.grouped,
    externalReference: config.externalReference,
    concurrency: config.concurrency,
    rules: {
      extensions: config.accept,
      maxSize: config.maxSize,
      maxFiles: config.maxFiles,
      held: config.heldFiles,
    },
    rejectDuplicates: config.rejectDuplicates,
  };
}

/** The settings by value: the same extensions in another order or case are the same settings. */
function settingsKey(config: UploaderBindingConfig): string {
  const settings = settingsOf(config);
  const accept = config.accept;
  const extensions =
    accept === undefined
      ? undefined
      : Array.isArray(accept)
        ? [...(accept as readonly string[])].map((e) => e.toLowerCase()).sort()
        : // (each entry sorts as "extension,type": the same entries in any order sort alike)
          Object.entries(accept).sort();
  return JSON.stringify({ ...settings, rules: { ...settings.rules, extensions } });
}

/** The config fields {@link settingsOf} reads: when none changed identity, the key cannot have changed. */
const SETTINGS_FIELDS = [
  'type',
  'grouped',
  'externalReference',
  'concurrency',
  'accept',
  'maxSize',
  'maxFiles',
  'heldFiles',
  'rejectDuplicates',
] as const satisfies readonly (keyof UploaderBindingConfig)[];

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** A stable store over a replaceable engine. Methods are bound (safe to pass around as callbacks). */
export interface UploaderBinding {
  /**
   * Called after every render with the latest options: callbacks are read from it, changed settings go to the
   * engine's `update()`, and another client or QueryClient replaces the engine (canceling its files).
   */
  configure: (config: UploaderBindingConfig) => void;
  /**
   * Marks the hook mounted and creates the engine (resuming its recovery record) if there is none. The returned
   * cleanup tears the engine down one task later unless the hook mounts again meanwhile (StrictMode).
   */
  mount: () => () => void;
  subscribe: (listener: () => void) => () => void;
  getState: () => UploaderBindingState;
  /** What `useDocumentUpload()` hands out as they are. */
  actions: UploaderActions;
}

/** The actions of a {@link UploaderBinding}. */
export interface UploaderActions {
  upload: (files: Iterable<File | Blob>) => Promise<Document[]>;
  add: (files: Iterable<File | Blob>, options?: AddOptions) => AddResult;
  start: (ids?: readonly string[]) => void;
  move: (id: string, index: number) => void;
  cancel: (id?: string) => void;
  retry: (id?: string) => void;
  remove: (id: string) => void;
  reset: () => void;
  /** Hides the files `resume()` asked to pick again. */
  dismissReselect: () => void;
}

/**
 * Creates a {@link UploaderBinding} (a closure rather than a class with `#private` fields, which bundlers lower to
 * WeakMaps for older targets).
 */
export function createUploaderBinding(): UploaderBinding {
  let current: UploaderBindingConfig | undefined;
  let engine: Uploader | undefined;
  let currentKey = '';
  /** The config `currentKey` was last checked against (configure runs on every render). */
  let keyed: UploaderBindingConfig | undefined;
  /** The config the engine was made with (its clients, type and field registry). */
  let made: UploaderBindingConfig | undefined;
  /** The field identity the engine holds (claimed in the registry). */
  let claimed = '';
  let stopListening: (() => void) | undefined;
  let mounted = false;
  let pendingTeardown: ReturnType<typeof setTimeout> | undefined;
  let needsReselect: readonly ReselectFile[] = NO_RESELECT;
  let state: UploaderBindingState = EMPTY_BINDING_STATE;
  const listeners = new Set<() => void>();

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  /** The engine, while mounted (add() and upload() need one; the other actions do nothing without). */
  const live = (): Uploader | undefined => (mounted ? engine : undefined);
  const misuse = (operation: string) =>
    new ConfigurationError(
      `useDocumentUpload: ${operation}() was called before the component mounted or after it unmounted.`,
    );

  const create = (): void => {
    const config = current;
    if (config === undefined) return;
    const { client, queryClient } = config;
    const written = (documents: Document[]) => {
      writeDocuments(queryClient, client, documents);
      void queryClient.invalidateQueries({ queryKey: documentKeys.lists(client) });
    };
    claimed = config.fields?.claim(config.type, config.fieldId) ?? config.fieldId;
    const created = createUploader({
      ...config.engineOptions,
      client,
      ...settingsOf(config),
      pool: config.pool,
      persistenceId: claimed === '' ? undefined : claimed,
      // Callbacks read the latest options, so a fresh function on every render is fine.
      onJobComplete: (documents, job) => {
        written(documents);
        current?.onComplete?.(documents, job);
      },
      onVariantsReady: (documents, job) => {
        written(documents);
        current?.onVariantsReady?.(documents, job);
      },
      onError: (error, item) => {
        current?.onError?.(error, item);
      },
    });
    engine = created;
    made = config;
    currentKey = settingsKey(config);
    keyed = config;
    stopListening = created.subscribe(notify);
    // Resumed jobs report their documents through onJobComplete like any other; what could not be re-attached is
    // offered to pick again, at once (not when the resumed jobs settle).
    created
      .resume({
        onNeedsReselect: (files) => {
          if (engine !== created) return;
          needsReselect = Object.freeze([...files]);
          notify();
        },
      })
      .catch(() => undefined);
    notify();
  };

  /** Disposes the engine (its recovery record stays) and tells `onError` about every file that was still active. */
  const teardown = (message: string): void => {
    const ending = engine;
    if (ending === undefined) return;
    engine = undefined;
    stopListening?.();
    stopListening = undefined;
    // collected files end with it too (they were never sent): their owners hear of it like of active ones
    const active = ending
      .getSnapshot()
      .items.filter((item) => isActiveStatus(item.status) || item.status === 'collected');
    ending.dispose();
    made?.fields?.release(made.type, claimed);
    made = undefined;
    needsReselect = NO_RESELECT;
    const onError = current?.onError;
    if (onError !== undefined) {
      for (const item of active) {
        safely(() => {
          onError(new AbortedError(message, { operation: 'upload' }), item);
        });
      }
    }
    notify();
  };

  const dismissReselect = (): void => {
    if (needsReselect === NO_RESELECT) return;
    needsReselect = NO_RESELECT;
    notify();
  };

  return {
    configure(config) {
      current = config;
      if (engine === undefined) return;
      if (config.client !== made?.client || config.queryClient !== made.queryClient) {
        teardown(ACCOUNT_CHANGED_MESSAGE);
        if (mounted) create();
        return;
      }
      const previous = keyed;
      keyed = config;
      if (previous && SETTINGS_FIELDS.every((field) => config[field] === previous[field])) return;
      const key = settingsKey(config);
      if (key === currentKey) return;
      currentKey = key;
      engine.update(settingsOf(config));
    },
    mount() {
      if (pendingTeardown !== undefined) {
        clearTimeout(pendingTeardown);
        pendingTeardown = undefined;
      }
      mounted = true;
      if (engine === undefined) create();
      return () => {
        mounted = false;
        pendingTeardown = setTimeout(() => {
          pendingTeardown = undefined;
          if (!mounted) teardown(UNMOUNTED_MESSAGE);
        }, 0);
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getState() {
      const snapshot = engine?.getSnapshot() ?? EMPTY_UPLOAD_SNAPSHOT;
      if (snapshot !== state.snapshot || needsReselect !== state.needsReselect) {
        state = { snapshot, needsReselect };
      }
      return state;
    },
    actions: {
      upload: (files) => live()?.upload(files) ?? Promise.reject(misuse('upload')),
      add(files, addOptions) {
        const target = live();
        if (target === undefined) throw misuse('add');
        return target.add(files, addOptions);
      },
      start: (ids) => engine?.start(ids),
      move: (id, index) => engine?.move(id, index),
      cancel: (id) => engine?.cancel(id),
      retry: (id) => engine?.retry(id),
      remove: (id) => engine?.remove(id),
      reset() {
        engine?.clear();
        dismissReselect();
      },
      dismissReselect,
    },
  };
}
