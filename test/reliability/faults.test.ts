/**
 * The fault matrix (faultMatrix.ts) against the emulator: one test per row, each asserting the end state — every file
 * stored exactly once (documents counted in the emulator), or a clear retryable error after which `retry()` stores
 * everything. docs/RELIABILITY.md is generated from the same rows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentsClient } from '../../src/core/api/client';
import {
  ConfigurationError,
  ForbiddenError,
  InvalidResponseError,
  JobFailedError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from '../../src/core/api/errors';
import type { Document } from '../../src/core/api/schemas';
import { createUploadPool } from '../../src/core/upload';
import {
  file,
  files,
  onEachAnswer,
  recordingTransport,
  sleep,
  startHarness,
  switchableConnectivity,
  until,
  type Harness,
} from '../core/upload/helpers';
import { FAULT_MATRIX, type FaultId } from './faultMatrix';
import { expectStoredOnce, hookedTransport, memoryStorage } from './helpers';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

function harness(options: Parameters<typeof startHarness>[0] = {}) {
  const started = startHarness(options);
  h = started;
  return {
    mock: started.mock,
    make: (extra?: Parameters<Harness['uploader']>[0]) => started.uploader(extra),
    requests: (endpoint: string) => started.requests(endpoint),
  };
}

const names = (list: readonly File[]) => list.map((f) => f.name);

const KEY = 'lrd:uploads:acc_demo:utilityBill';

const scenarios: Record<FaultId, () => Promise<void>> = {
  async 'put-network-drop'() {
    const { mock, make, requests } = harness();
    mock.control.failNextPuts(10_000, { network: true });
    const WINDOW = 300;
    const uploader = make({ retry: { baseDelayMs: 1, maxDelayMs: 20, networkRetryWindowMs: WINDOW } });
    const started = Date.now();
    const error = await uploader.upload([file('bill.pdf')]).catch((e: unknown) => e);
    // Retried for the whole window (not for a count of attempts), then failed with a retryable error.
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).retryable).toBe(true);
    expect((error as Error).message).not.toMatch(/sig=|storage\.localhost/);
    const attempts = requests('put').length;
    expect(attempts).toBeGreaterThan(1);
    expect(mock.db.documents.size).toBe(0);

    mock.control.reset();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expect(requests('put')).toHaveLength(attempts + 1);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'put-500-twice'() {
    const { mock, make, requests } = harness();
    mock.control.failNextPuts(2, { status: 500 });
    const onError = vi.fn();
    const uploader = make({ onError });
    await uploader.upload([file('bill.pdf')]);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'complete', attempt: 3 });
    expect(requests('put')).toHaveLength(3);
    expect(onError).not.toHaveBeenCalled();
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'put-403-content-type'() {
    const { mock, make, requests } = harness();
    // The first PUT goes out with another Content-Type than the URL was signed with: storage answers 403.
    const transport = hookedTransport((request, index) =>
      index === 0 ? { ...request, headers: { ...request.headers, 'Content-Type': 'text/plain' } } : undefined,
    );
    const uploader = make({ transport });
    const error = await uploader.upload([file('bill.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ reason: 'content-type', retryable: false, status: 403 });
    expect((error as Error).message).toMatch(/Content-Type/);
    expect(requests('put')).toHaveLength(1);

    const item = uploader.getSnapshot().items[0]!;
    uploader.retry(item.id);
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'url-expired'() {
    const { mock, make, requests } = harness();
    const transport = hookedTransport((_request, index) => {
      if (index === 0) mock.control.expireAllUrls();
    });
    const onError = vi.fn();
    const uploader = make({ transport, onError, grouped: false, concurrency: 1 });
    const list = files(2);
    const documents = await uploader.upload(list);
    expect(documents).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
    expect(uploader.getSnapshot().items.every((i) => i.status === 'complete' && i.error === undefined)).toBe(
      true,
    );
    expect(requests('init').length).toBeGreaterThanOrEqual(2);
    expectStoredOnce(mock, names(list), 2);
  },

  async 'init-500'() {
    const { mock, make, requests } = harness();
    mock.control.failEndpoint('init', { status: 500, count: 4 });
    const uploader = make({ grouped: false });
    const list = files(2);
    const error = await uploader.upload(list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).retryable).toBe(true);
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(requests('init')).toHaveLength(4);
    expect(requests('put')).toHaveLength(0);

    mock.control.reset();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, names(list), 2);
  },

  async 'init-429-seconds'() {
    const { mock, make, requests } = harness();
    mock.control.rateLimit('init', { retryAfter: '1' });
    await make().upload([file('bill.pdf')]);
    const [first, second] = requests('init');
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(990);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'init-429-date'() {
    const { mock, make, requests } = harness();
    const date = new Date(Date.now() + 1500).toUTCString(); // whole seconds: 0.5–1.5 s from now
    mock.control.rateLimit('init', { retryAfter: date });
    await make().upload([file('bill.pdf')]);
    const [, second] = requests('init');
    expect(second!.time).toBeGreaterThanOrEqual(Date.parse(date) - 10);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'init-503-v1'() {
    const { mock, make, requests } = harness();
    mock.control.v2Unavailable();
    const uploader = make({ grouped: false });
    const list = files(2);
    const documents = await uploader.upload(list);
    expect(documents).toHaveLength(2);
    expect(uploader.getSnapshot().items.every((i) => i.status === 'complete' && i.viaV1)).toBe(true);
    expect(requests('v1')).toHaveLength(1);
    expect(requests('v1')[0]?.authorization).toBe(true);
    expect(requests('put')).toHaveLength(0);
    expectStoredOnce(mock, names(list), 2);
  },

  async 'token-401'() {
    const { mock, make, requests } = harness({ processingDelayMs: 30 });
    mock.addToken('token_first', [mock.accountId]);
    let cached = 'token_first';
    const refreshes: boolean[] = [];
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: ({ forceRefresh }) => {
        if (forceRefresh) {
          refreshes.push(true);
          cached = 'token_second';
        }
        return cached;
      },
    });
    // The session's token is revoked while the bytes go up; the next API call (the SSE stream) gets 401.
    const transport = hookedTransport(() => {
      mock.db.tokens.delete('token_first');
      mock.addToken('token_second', [mock.accountId]);
    });
    await make({ client, transport }).upload([file('bill.pdf')]);
    expect(refreshes).toHaveLength(1);
    expect(requests('sse').length).toBeGreaterThanOrEqual(2);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'sse-drop'() {
    const { mock, make, requests } = harness({ processingDelayMs: 60 });
    mock.control.dropSseAfter(1, { count: 1 });
    await make().upload([file('bill.pdf')]);
    // The dropped stream and at least one reconnect (a stall under load may add another); never polling.
    expect(requests('sse').length).toBeGreaterThanOrEqual(2);
    expect(requests('job')).toHaveLength(0);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'sse-unavailable'() {
    const { mock, make, requests } = harness({ processingDelayMs: 30 });
    mock.control.sseUnavailable(true);
    const list = files(2);
    await make({ grouped: false }).upload(list);
    expect(requests('sse')).toHaveLength(1);
    expect(requests('job').length).toBeGreaterThanOrEqual(1);
    expectStoredOnce(mock, names(list), 2);
  },

  async 'heartbeat-silence'() {
    const { mock, make, requests } = harness({ processingDelayMs: 150, heartbeatMs: 20 });
    mock.control.stopHeartbeats(true);
    await make({ tracking: { heartbeatMs: 20, maxSseFailures: 100 } }).upload([file('bill.pdf')]);
    expect(requests('sse').length).toBeGreaterThanOrEqual(2);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'job-failed'() {
    const { mock, make, requests } = harness();
    mock.control.failJob('next', 'Virus detected in upload');
    const uploader = make({ grouped: false });
    const list = files(2);
    const error = await uploader.upload(list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/Virus detected in upload/);
    const failedJob = uploader.getSnapshot().jobs[0]!.id;
    expect(mock.db.documents.size).toBe(0);

    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expect(requests('init')).toHaveLength(2);
    expect([...mock.db.documents.values()].every((d) => d.jobId !== failedJob)).toBe(true);
    expectStoredOnce(mock, names(list), 2);
  },

  async 'variants-before-complete'() {
    const { mock, make, requests } = harness({ variantsBeforeComplete: true, variantsDelayMs: 20 });
    const completions: Document[][] = [];
    let streamsAtTerminal: number | undefined;
    const uploader = make({
      type: 'roofPhoto',
      onJobComplete: (docs) => {
        streamsAtTerminal ??= requests('sse').length;
        completions.push(docs);
      },
    });
    const [doc] = await uploader.upload([file('roof.png', 500)]);
    expect(doc?.files[0]?.viewUrls.map((v) => v.type)).toContain('thumbnail');
    await sleep(60);
    expect(completions).toHaveLength(1);
    expect(uploader.getSnapshot().jobs[0]).toMatchObject({ status: 'complete', variantsReady: true });
    // No new stream after the terminal event (a stall reconnect before it, under load, is fine).
    expect(streamsAtTerminal).toBeGreaterThanOrEqual(1);
    expect(requests('sse')).toHaveLength(streamsAtTerminal!);
    expectStoredOnce(mock, ['roof.png'], 1);
  },

  async 'job-never-completes'() {
    const { mock, make, requests } = harness({ processingDelayMs: 250 });
    const storage = memoryStorage();
    const uploader = make({ persistence: storage, tracking: { timeoutMs: 60, pollIntervalMs: 10 } });
    const error = await uploader.upload([file('bill.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).retryable).toBe(true);
    const failed = uploader.getSnapshot().items[0]!;
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.jobId).toBeDefined();
    // Resumable after a reload: the recovery record still holds the job (never a URL).
    const record = JSON.parse(storage.data.get(KEY) ?? 'null') as { files: unknown[] } | null;
    expect(record?.files).toEqual([
      { name: 'bill.pdf', size: 1024, jobId: failed.jobId, landed: true, status: 'failed' },
    ]);

    // A reloaded page picks the job up once the server finished it.
    const reloaded = make({ persistence: storage });
    const resumed = await reloaded.resume();
    expect(resumed.documents).toHaveLength(1);
    expect(resumed.needsReselect).toEqual([]);

    // And this page's retry() follows the same job again: no new init, no second PUT.
    uploader.retry(failed.id);
    const done = await until(uploader, (s) => s.status === 'complete');
    expect(done.items[0]).toMatchObject({ status: 'complete', jobId: failed.jobId });
    expect(requests('init')).toHaveLength(1);
    expect(requests('put')).toHaveLength(1);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'reload-mid-job'() {
    const { mock, make, requests } = harness({ processingDelayMs: 150 });
    const storage = memoryStorage();
    const before = make({ persistence: storage, grouped: false });
    const list = files(2);
    before.add(list);
    await until(before, (s) => s.status === 'processing');
    before.dispose(); // the page goes away

    const after = make({ persistence: storage });
    const result = await after.resume();
    expect(result.needsReselect).toEqual([]);
    expect(result.documents).toHaveLength(2);
    expect(after.getSnapshot().items.every((i) => i.status === 'complete')).toBe(true);
    expect(requests('init')).toHaveLength(1);
    expect(requests('put')).toHaveLength(2);
    expectStoredOnce(mock, names(list), 2);
  },

  async 'cancel-mid-put'() {
    const { mock, make, requests } = harness();
    const stall = mock.control.stallPuts();
    const { transport, stats } = recordingTransport();
    const uploader = make({ transport });
    uploader.add([file('bill.pdf')]);
    await vi.waitFor(() => expect(requests('put')).toHaveLength(1));
    uploader.cancel();
    const seen = mock.db.requests.length;
    await sleep(50);
    expect(mock.db.requests.length).toBe(seen);
    expect(stats.aborted).toBe(1);
    expect(stats.sent).toHaveLength(1);
    expect(uploader.getSnapshot().items[0]?.status).toBe('canceled');

    stall.release();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'batch-26'() {
    const { mock, make, requests } = harness();
    const list = files(26);
    const uploader = make({ grouped: false });
    const documents = await uploader.upload(list);
    expect(documents).toHaveLength(26);
    expect(requests('init')).toHaveLength(2);
    expect(uploader.getSnapshot().jobs.map((j) => j.itemIds.length)).toEqual([25, 1]);
    expectStoredOnce(mock, names(list), 26);
  },

  async 'put-stalled'() {
    const { mock, make } = harness();
    const stall = mock.control.stallPuts({ count: 1, ms: 10_000 });
    const errors: unknown[] = [];
    const uploader = make({ stallTimeoutMs: 150, onError: (error) => errors.push(error) });
    try {
      const documents = await uploader.upload([file('bill.pdf')]);
      expect(documents).toHaveLength(1);
      expect(uploader.getSnapshot().items[0]?.attempt).toBe(2);
      expect(errors).toEqual([]);
      expectStoredOnce(mock, ['bill.pdf'], 1);
    } finally {
      stall.release();
    }
  },

  async 'retry-after-overflow'() {
    const { mock, make, requests } = harness();
    mock.control.rateLimit('init', { retryAfter: '86400' });
    const onError = vi.fn();
    const uploader = make({ onError });
    const error = await uploader.upload([file('bill.pdf')]).catch((e: unknown) => e);
    // Not waited (a day, longer than MAX_RETRY_AFTER_MS) and not fired at once again and again: one init, and a
    // retryable error that says when to try again.
    expect(requests('init')).toHaveLength(1);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryable).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(86_400_000);
    expect(onError).toHaveBeenCalledTimes(1);
    await sleep(50);
    expect(requests('init')).toHaveLength(1);
    mock.control.reset();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'grouped-26'() {
    const { mock, make } = harness();
    const uploader = make({ grouped: true });
    const error = await uploader.upload(files(26)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/at most 25 files; got 26/);
    expect(uploader.getSnapshot().items.every((i) => i.status === 'rejected')).toBe(true);
    await sleep(20);
    expect(mock.db.requests).toHaveLength(0);
  },

  async 'offline-mid-upload'() {
    const { mock, make, requests } = harness();
    const net = switchableConnectivity();
    mock.control.failNextPuts(1_000, { network: true });
    const inner = recordingTransport().transport;
    const onError = vi.fn();
    let gone = false;
    const uploader = make({
      connectivity: net,
      // The connection goes with the first byte: the browser says so, and PUTs fail for want of it.
      transport: {
        send(request) {
          if (!gone) {
            gone = true;
            net.set(false);
          }
          return inner.send(request);
        },
      },
      retry: { baseDelayMs: 1, maxDelayMs: 5, networkRetryWindowMs: 50 },
      onError,
    });
    const list = files(3);
    uploader.add(list);
    await until(uploader, (s) => s.items.every((i) => i.status === 'waiting'));
    await sleep(150); // three times the retry window: offline time does not count
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(onError).not.toHaveBeenCalled();
    const before = requests('put').length;
    mock.control.reset();
    net.set(true);
    await until(uploader, (s) => s.status === 'complete');
    expect(onError).not.toHaveBeenCalled();
    expect(requests('put').length).toBeLessThanOrEqual(before + 3);
    expectStoredOnce(mock, names(list), 1);
  },

  async 'offline-before-add'() {
    const { mock, make } = harness();
    const net = switchableConnectivity(false);
    const uploader = make({ connectivity: net });
    const done = uploader.upload([file('bill.pdf')]);
    await sleep(30);
    expect(uploader.getSnapshot().items[0]?.status).toBe('waiting');
    expect(mock.db.requests).toHaveLength(0);
    net.set(true);
    expect(await done).toHaveLength(1);
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'api-hang'() {
    const { mock, make, requests } = harness();
    const hang = mock.control.hangEndpoint('init', { count: 1 });
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
      requestTimeoutMs: 100,
    });
    const onError = vi.fn();
    const uploader = make({ client, onError });
    try {
      expect(await uploader.upload([file('bill.pdf')])).toHaveLength(1);
      expect(requests('init')).toHaveLength(2);
      expect(onError).not.toHaveBeenCalled();
      expectStoredOnce(mock, ['bill.pdf'], 1);
    } finally {
      hang.release();
    }
  },

  async 'v1-stalled'() {
    const { mock, make, requests } = harness();
    mock.control.v2Unavailable();
    const hang = mock.control.hangEndpoint('v1', { count: 1 });
    const onError = vi.fn();
    const uploader = make({ stallTimeoutMs: 150, onError });
    try {
      const documents = await uploader.upload([file('bill.pdf')]);
      expect(documents).toHaveLength(1);
      expect(requests('v1')).toHaveLength(2);
      expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'complete', viaV1: true, attempt: 2 });
      expect(onError).not.toHaveBeenCalled();
    } finally {
      hang.release();
    }
  },

  async 'slow-link-url-expiry'() {
    let clock = Date.parse('2030-01-01T09:00:00Z');
    const { mock, make, requests } = harness({ now: () => clock });
    const uploader = make({
      now: () => clock,
      concurrency: 1,
      grouped: false,
      // One minute per PUT on both clocks: 75 files take 75 minutes.
      transport: onEachAnswer(() => {
        clock += 60_000;
      }),
    });
    const list = files(75, 'photo', 64);
    expect(await uploader.upload(list)).toHaveLength(75);
    expect(requests('init')).toHaveLength(3);
    expect(requests('put')).toHaveLength(75);
    expectStoredOnce(mock, names(list), 75);
  },

  async 'init-misordered'() {
    const { mock, make, requests } = harness();
    mock.control.misorderInit();
    const uploader = make();
    const list = [file('a.pdf'), file('b.pdf')];
    const error = await uploader.upload(list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).not.toMatch(/sig=|storage\.localhost/);
    expect(requests('put')).toHaveLength(0);
    mock.control.reset();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, names(list), 1);
  },

  async 'foreign-job-event'() {
    const { mock, make } = harness({ processingDelayMs: 50 });
    mock.control.crossJobEvents();
    const onError = vi.fn();
    const uploader = make({ onError, tracking: { mode: 'sse', pollIntervalMs: 10, heartbeatMs: 1000 } });
    expect(await uploader.upload([file('bill.pdf')])).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'shared-pool'() {
    const { mock, make } = harness();
    const stall = mock.control.stallPuts({ ms: 60_000 });
    const pool = createUploadPool({ concurrency: 2 });
    const bills = make({ pool, grouped: false });
    const ids = make({ pool, grouped: false, type: 'proofOfIncome' });
    bills.add(files(3, 'bill'));
    ids.add(files(3, 'income'));
    await until(bills, () => pool.active === 2 && pool.waiting > 0);
    await sleep(30);
    expect(pool.active).toBe(2);
    stall.release();
    await until(bills, (s) => s.status === 'complete');
    await until(ids, (s) => s.status === 'complete');
    expect(mock.db.documents.size).toBe(6);
  },

  async 'sse-budget'() {
    const { mock, make } = harness({ processingDelayMs: 150 });
    const uploader = make({ pool: createUploadPool({ maxStreamsPerOrigin: 1 }) });
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, mock.openStreams());
    }, 2);
    try {
      await Promise.all([1, 2, 3].map((n) => uploader.upload([file(`bill-${n}.pdf`)])));
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeLessThanOrEqual(1);
    expect(mock.db.documents.size).toBe(3);
  },

  async 'duplicate-file'() {
    const { mock, make } = harness();
    const bill = file('bill.pdf');
    const uploader = make();
    uploader.add([bill]);
    const { rejected } = uploader.add([bill]);
    expect(rejected[0]?.rejection?.map((r) => r.code)).toEqual(['duplicate']);
    await until(uploader, (s) => s.status === 'complete');
    expectStoredOnce(mock, ['bill.pdf'], 1);
  },

  async 'record-not-erased'() {
    const { mock, make } = harness({ processingDelayMs: 150 });
    const storage = memoryStorage();
    const before = make({ persistence: storage });
    before.add([file('landed.pdf')]);
    await until(before, (s) => s.status === 'processing');
    before.dispose(); // the page goes away
    const after = make({ persistence: storage });
    after.add([file('new.pdf')]);
    await until(after, (s) => s.status === 'complete');
    const { documents } = await after.resume();
    expect(documents.map((d) => d.files[0]?.originalName)).toEqual(['landed.pdf']);
    expectStoredOnce(mock, ['landed.pdf', 'new.pdf'], 2);
  },

  async 'options-change-mid-upload'() {
    const { mock, make } = harness();
    const stall = mock.control.stallPuts({ ms: 60_000 });
    const uploader = make();
    uploader.add([file('first.pdf')]);
    await until(uploader, (s) => s.items[0]?.status === 'uploading' || s.items[0]?.status === 'finalizing');
    uploader.update({ type: 'proofOfIncome', rules: { maxSize: 10_000 }, concurrency: 1 });
    uploader.add([file('second.pdf')]);
    stall.release();
    await until(uploader, (s) => s.status === 'complete');
    const types = new Map([...mock.db.documents.values()].map((d) => [d.files[0]?.originalName, d.type]));
    expect(Object.fromEntries(types)).toEqual({ 'first.pdf': 'utilityBill', 'second.pdf': 'proofOfIncome' });
  },
};

describe('fault matrix', () => {
  for (const row of FAULT_MATRIX) {
    it(row.test, async () => {
      await scenarios[row.id]();
    });
  }
});
