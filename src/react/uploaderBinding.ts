/**
 * The bridge between one `useDocumentUpload` and one upload engine: a stable store for `useSyncExternalStore`
 * that creates the engine lazily on first use, swaps it when the upload settings change by value, disposes it on
 * unmount, and writes finished documents into the query cache. No React in here, so StrictMode's double mount is
 * just `mount → unmount → mount` on a plain object.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  ConfigurationError,
  EMPTY_UPLOAD_SNAPSHOT,
  createUploader,
  type AddResult,
  type Document,
  type DocumentsClient,
  type ExtensionAllowlist,
  type ExternalReference,
  type UploadError,
  type UploadItem,
  type UploadJob,
  type UploadSnapshot,
  type Uploader,
  type UploaderOptions,
} from '../core';
import { documentKeys } from './documentKeys';
import { writeDocuments } from './refreshDocumentUrls';

/** Engine settings that are read once, when the engine is created. */
export type UploadEngineOptions = Pick<
  UploaderOptions,
  'retry' | 'tracking' | 'persistence' | 'persistenceKey' | 'transport' | 'urlExpiryMarginMs' | 'now'
>;

/** What the binding needs from the hook, every render. */
export interface UploaderBindingConfig {
  client: DocumentsClient;
  queryClient: QueryClient;
  type: string;
  grouped?: boolean | undefined;
  externalReference?: ExternalReference | undefined;
  concurrency?: number | undefined;
  maxFiles?: number | undefined;
  maxSize?: number | undefined;
  accept?: ExtensionAllowlist | undefined;
  engineOptions?: UploadEngineOptions | undefined;
  onComplete?: ((documents: Document[], job: UploadJob) => void) | undefined;
  onVariantsReady?: ((documents: Document[], job: UploadJob) => void) | undefined;
  onError?: ((error: UploadError, item: UploadItem | undefined) => void) | undefined;
}

/** The settings that define an engine, compared by value: an equal key keeps the engine. */
function engineKey(config: UploaderBindingConfig): string {
  const accept =
    config.accept === undefined
      ? null
      : Array.isArray(config.accept)
        ? [...(config.accept as readonly string[])].map((e) => e.toLowerCase()).sort()
        : Object.entries(config.accept).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    config.type,
    config.grouped ?? null,
    config.externalReference ?? null,
    config.concurrency ?? null,
    config.maxFiles ?? null,
    config.maxSize ?? null,
    accept,
  ]);
}

/** A stable store over a replaceable engine. Methods are bound (safe to pass around as callbacks). */
export class UploaderBinding {
  #config: UploaderBindingConfig | undefined;
  #engine: Uploader | undefined;
  #engineKey = '';
  #engineClient: DocumentsClient | undefined;
  #engineQueryClient: QueryClient | undefined;
  #stopListening: (() => void) | undefined;
  #mounted = false;
  readonly #listeners = new Set<() => void>();

  /** Called after every render with the latest options: callbacks are swapped, the engine only on a real change. */
  configure(config: UploaderBindingConfig): void {
    this.#config = config;
    if (
      this.#engine !== undefined &&
      (engineKey(config) !== this.#engineKey ||
        config.client !== this.#engineClient ||
        config.queryClient !== this.#engineQueryClient)
    ) {
      this.#teardown();
      this.#notify();
    }
  }

  /** Marks the hook mounted; the returned cleanup disposes the engine. */
  mount(): () => void {
    this.#mounted = true;
    return () => {
      this.#mounted = false;
      this.#teardown();
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): UploadSnapshot => this.#engine?.getSnapshot() ?? EMPTY_UPLOAD_SNAPSHOT;

  readonly add = (files: Iterable<File | Blob>): AddResult => this.#ensure('add').add(files);

  readonly upload = (files: Iterable<File | Blob>): Promise<Document[]> => {
    let engine: Uploader;
    try {
      engine = this.#ensure('upload');
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return engine.upload(files);
  };

  readonly cancel = (id?: string): void => {
    this.#engine?.cancel(id);
  };

  readonly retry = (id?: string): void => {
    this.#engine?.retry(id);
  };

  readonly remove = (id: string): void => {
    this.#engine?.remove(id);
  };

  readonly reset = (): void => {
    this.#engine?.clear();
  };

  #ensure(operation: string): Uploader {
    if (this.#engine !== undefined) return this.#engine;
    const config = this.#config;
    if (!this.#mounted || config === undefined) {
      throw new ConfigurationError(
        `useDocumentUpload: ${operation}() was called before the component mounted or after it unmounted.`,
      );
    }
    const { client, queryClient } = config;
    const rules: NonNullable<UploaderOptions['rules']> = {};
    if (config.accept !== undefined) rules.extensions = config.accept;
    if (config.maxSize !== undefined) rules.maxSize = config.maxSize;
    if (config.maxFiles !== undefined) rules.maxFiles = config.maxFiles;
    const written = (documents: Document[]) => {
      writeDocuments(queryClient, client, documents);
      void queryClient.invalidateQueries({ queryKey: documentKeys.lists(client) });
    };
    const engine = createUploader({
      ...config.engineOptions,
      client,
      type: config.type,
      ...(config.grouped === undefined ? {} : { grouped: config.grouped }),
      ...(config.externalReference === undefined ? {} : { externalReference: config.externalReference }),
      ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
      rules,
      // Callbacks read the latest options, so a fresh function on every render is fine.
      onJobComplete: (documents, job) => {
        written(documents);
        this.#config?.onComplete?.(documents, job);
      },
      onVariantsReady: (documents, job) => {
        written(documents);
        this.#config?.onVariantsReady?.(documents, job);
      },
      onError: (error, item) => {
        this.#config?.onError?.(error, item);
      },
    });
    this.#engine = engine;
    this.#engineKey = engineKey(config);
    this.#engineClient = client;
    this.#engineQueryClient = queryClient;
    this.#stopListening = engine.subscribe(() => {
      this.#notify();
    });
    this.#notify();
    return engine;
  }

  #teardown(): void {
    const engine = this.#engine;
    if (engine === undefined) return;
    this.#engine = undefined;
    this.#stopListening?.();
    this.#stopListening = undefined;
    engine.dispose();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
