/**
 * `createDocumentsApiMock`: a stateful emulator of the whole Documents v2 API, as msw handlers over an in-memory
 * store, with fault injection. The same object backs msw (`setupServer`/`setupWorker`), the loopback server
 * (`./server`) and dev-server middleware.
 */
import { getResponse } from 'msw';
import { createFaults } from './faults';
import { createHandlers } from './handlers';
import { createUrlSigner } from './signing';
import { createJobStreams } from './sse';
import {
  createDb,
  createDocumentIds,
  resolveOptions,
  seedIntoStore,
  toApiDocument,
  type MockContext,
} from './store';
import { createTimerRegistry } from './timers';
import type { DocumentsApiMock, DocumentsApiMockOptions } from './types';
import { createJobWorker, type JobWorker } from './worker';

/**
 * Creates an emulator of the Documents v2 API with one seeded account (`acc_demo`) and token (`token_demo`).
 *
 * @example
 * const mock = createDocumentsApiMock({ processingDelayMs: 10 });
 * const server = setupServer(...mock.handlers);
 */
export function createDocumentsApiMock(options: DocumentsApiMockOptions = {}): DocumentsApiMock {
  const resolved = resolveOptions(options);
  const db = createDb();
  const timers = createTimerRegistry();
  const signer = createUrlSigner();
  const ids = createDocumentIds();
  // The worker needs the context that the fault hooks live in: bind it late through this holder.
  const late: { worker?: JobWorker } = {};
  const { state: faults, control } = createFaults(timers, {
    failJobNow: (jobId, message) => late.worker?.failJobNow(jobId, message),
    expireAllUrls: () => {
      signer.revokeAll();
    },
  });
  const ctx: MockContext = {
    options: resolved,
    db,
    signer,
    timers,
    faults,
    now: () => resolved.now(),
    nextDocumentId: () => {
      let id = ids.next();
      while (db.documents.has(id)) id = ids.next();
      return id;
    },
  };
  const streams = createJobStreams(ctx);
  const jobWorker = createJobWorker(ctx, streams);
  late.worker = jobWorker;
  const handlers = createHandlers(ctx, streams, jobWorker);

  function addToken(token: string, accountIds: string[]): void {
    for (const id of accountIds) db.accounts.add(id);
    db.tokens.set(token, new Set(accountIds));
  }

  function seedDefaults(): void {
    db.accounts.add(resolved.accountId);
    addToken(resolved.token, [resolved.accountId]);
    for (const account of options.seed?.accounts ?? []) db.accounts.add(account);
    for (const [token, accounts] of Object.entries(options.seed?.tokens ?? {})) addToken(token, accounts);
    if (options.seed?.documents !== undefined) seedIntoStore(ctx, options.seed.documents, resolved.accountId);
  }
  seedDefaults();

  function dispose(): void {
    control.reset();
    streams.closeAll();
    timers.clearAll();
  }

  return {
    handlers,
    baseUrl: resolved.baseUrl,
    storageUrl: resolved.storageUrl,
    accountId: resolved.accountId,
    token: resolved.token,
    db,
    control,
    addToken,
    addAccount(accountId) {
      db.accounts.add(accountId);
    },
    seedDocuments(docs, accountId = resolved.accountId) {
      // Stored at once (visible to the next request); the promise only waits for the URL signatures.
      const stored = seedIntoStore(ctx, docs, accountId);
      return Promise.all(stored.map((doc) => toApiDocument(ctx, doc)));
    },
    handle(request) {
      return getResponse(handlers, request, { quiet: true });
    },
    openStreams: (jobId) => streams.openCount(jobId),
    flush: () => jobWorker.flush(),
    reset() {
      dispose();
      db.jobs.clear();
      db.documents.clear();
      db.staged.clear();
      db.requests.length = 0;
      db.accounts.clear();
      db.tokens.clear();
      ids.reset();
      seedDefaults();
    },
    dispose,
  };
}
