import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentsClient } from '../../../src/core/api/client';
import { JobFailedError, TimeoutError } from '../../../src/core/api/errors';
import type { Document } from '../../../src/core/api/schemas';
import type { UploadJob } from '../../../src/core/upload';
import { file, files, sleep, startHarness, until, type Harness } from './helpers';

let h: Harness;
afterEach(() => {
  h.close();
});

const viewTypes = (doc: Document | undefined) => doc?.files[0]?.viewUrls.map((v) => v.type) ?? [];

describe('createUploader job tracking', () => {
  it('waits in processing while the job is tracked, then completes', async () => {
    h = startHarness({ processingDelayMs: 150 });
    const uploader = h.uploader();
    const done = uploader.upload([file('a.pdf')]);
    const processing = await until(uploader, (s) => s.status === 'processing');
    expect(processing.items[0]).toMatchObject({ status: 'processing', loaded: 1024 });
    expect(processing.jobs[0]?.status).toBe('processing');
    expect(processing.progress.percent).toBe(100);
    await done;
    expect(uploader.getSnapshot().items[0]?.status).toBe('complete');
    // Tracked over SSE (a stall reconnect under load may add a stream; the count is not the point here).
    expect(h.requests('sse').length).toBeGreaterThanOrEqual(1);
  });

  it('enriches documents when imageVariantsReady arrives after complete', async () => {
    h = startHarness({ variantsDelayMs: 60 });
    const completed: Document[][] = [];
    const variants: { documents: Document[]; job: UploadJob }[] = [];
    let streamsAtTerminal: number | undefined;
    const uploader = h.uploader({
      type: 'roofPhoto',
      onJobComplete: (docs) => completed.push(docs),
      onVariantsReady: (documents, job) => {
        streamsAtTerminal = h.requests('sse').length;
        variants.push({ documents, job });
      },
    });
    const [doc] = await uploader.upload([file('roof.jpg', 2000)]);
    // `complete` is the success signal: only the original exists yet.
    expect(viewTypes(doc)).toEqual(['original']);
    expect(uploader.getSnapshot().jobs[0]?.variantsReady).toBe(false);

    const enriched = await until(uploader, (s) => s.jobs[0]?.variantsReady === true);
    expect(viewTypes(enriched.documents[0])).toEqual(['original', 'preview', 'gallery', 'thumbnail']);
    expect(viewTypes(enriched.jobs[0]?.documents[0])).toContain('thumbnail');
    expect(completed).toHaveLength(1);
    expect(variants).toHaveLength(1);
    expect(variants[0]?.job.variantsReady).toBe(true);
    // The stream closed on the terminal event: no reconnect after it (one before it, a stall under load, is fine).
    await sleep(50);
    expect(streamsAtTerminal).toBeGreaterThanOrEqual(1);
    expect(h.requests('sse')).toHaveLength(streamsAtTerminal!);
  });

  it('treats imageVariantsReady before complete as completion, with its enriched documents', async () => {
    h = startHarness({ variantsBeforeComplete: true, variantsDelayMs: 40 });
    let jobCompletions = 0;
    let variantEvents = 0;
    let streamsAtTerminal: number | undefined;
    const uploader = h.uploader({
      type: 'roofPhoto',
      onJobComplete: () => (jobCompletions += 1),
      onVariantsReady: () => {
        streamsAtTerminal ??= h.requests('sse').length;
        variantEvents += 1;
      },
    });
    const [doc] = await uploader.upload([file('roof.png', 500)]);
    expect(viewTypes(doc)).toContain('thumbnail');
    const snapshot = uploader.getSnapshot();
    expect(snapshot.items[0]?.status).toBe('complete');
    expect(snapshot.jobs[0]).toMatchObject({ status: 'complete', variantsReady: true });
    // The later `complete` changes nothing and is not reported twice.
    await sleep(80);
    expect(jobCompletions).toBe(1);
    expect(variantEvents).toBe(1);
    // No reconnect after the terminal imageVariantsReady.
    expect(streamsAtTerminal).toBeGreaterThanOrEqual(1);
    expect(h.requests('sse')).toHaveLength(streamsAtTerminal!);
  });

  it('reconnects after the SSE stream drops', async () => {
    h = startHarness({ processingDelayMs: 60 });
    h.mock.control.dropSseAfter(1, { count: 1 });
    const uploader = h.uploader();
    const [doc] = await uploader.upload([file('a.pdf')]);
    expect(doc).toBeDefined();
    // The dropped stream and at least one reconnect (a stall under load may add another).
    expect(h.requests('sse').length).toBeGreaterThanOrEqual(2);
    expect(h.requests('job')).toHaveLength(0);
  });

  it('falls back to polling after repeated SSE failures', async () => {
    h = startHarness({ processingDelayMs: 60 });
    h.mock.control.dropSseAfter(0, { count: 10 });
    const uploader = h.uploader({ tracking: { maxSseFailures: 3, pollIntervalMs: 10 } });
    const [doc] = await uploader.upload([file('a.pdf')]);
    expect(doc?.id).toBe(uploader.getSnapshot().items[0]?.documentIds[0]);
    expect(h.requests('sse')).toHaveLength(3);
    expect(h.requests('job').length).toBeGreaterThanOrEqual(1);
  });

  it('polls at once when SSE is unavailable (503)', async () => {
    h = startHarness({ processingDelayMs: 30 });
    h.mock.control.sseUnavailable(true);
    const uploader = h.uploader();
    await uploader.upload(files(2));
    expect(h.requests('sse')).toHaveLength(1);
    expect(h.requests('job').length).toBeGreaterThanOrEqual(1);
    expect(uploader.getSnapshot().status).toBe('complete');
  });

  it('aborts a stalled stream (no byte for 2× heartbeat) and reconnects', async () => {
    h = startHarness({ processingDelayMs: 250, heartbeatMs: 20 });
    h.mock.control.stopHeartbeats(true);
    const uploader = h.uploader({ tracking: { heartbeatMs: 20, maxSseFailures: 100 } });
    await uploader.upload([file('a.pdf')]);
    // Each silent 40 ms ended in a reconnect; heartbeats would have kept one stream alive.
    expect(h.requests('sse').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps one stream open while heartbeats arrive', async () => {
    // Heartbeats every 10 ms against a 200 ms stall watchdog: ignoring them would stall at least 4 times in 1 s,
    // reconnecting 3 times (or falling back to polling after maxSseFailures = 3), so 3+ streams. At most one
    // reconnect is allowed for an event loop held up 200 ms by a loaded machine.
    h = startHarness({ processingDelayMs: 1000, heartbeatMs: 10 });
    const uploader = h.uploader({ tracking: { heartbeatMs: 100 } });
    await uploader.upload([file('a.pdf')]);
    expect(h.requests('sse').length).toBeGreaterThanOrEqual(1);
    expect(h.requests('sse').length).toBeLessThanOrEqual(2);
  });

  it('fails the files with the server message on a failed event, and retry() uploads them in a new job', async () => {
    h = startHarness();
    h.mock.control.failJob('next', 'Virus detected in upload');
    const uploader = h.uploader({ grouped: false });
    const error = await uploader.upload(files(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as Error).message).toMatch(/Virus detected in upload/);
    const failed = uploader.getSnapshot();
    expect(failed.items.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(failed.jobs[0]).toMatchObject({ status: 'failed' });
    expect(failed.jobs[0]?.error).toBeInstanceOf(JobFailedError);
    expect(failed.items[0]?.error?.retryable).toBe(true);

    uploader.retry();
    const done = await until(uploader, (s) => s.status === 'complete');
    expect(h.requests('init')).toHaveLength(2);
    expect(done.items.every((i) => i.jobId !== failed.jobs[0]?.id)).toBe(true);
    expect(done.documents).toHaveLength(2);
  });

  it('times out with a retryable error that keeps the job id; retry() follows the same job again', async () => {
    h = startHarness({ processingDelayMs: 300 });
    const uploader = h.uploader({ tracking: { timeoutMs: 60, pollIntervalMs: 10 } });
    const error = await uploader.upload([file('a.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).retryable).toBe(true);
    const failed = uploader.getSnapshot().items[0]!;
    expect(failed.status).toBe('failed');
    expect(failed.jobId).toBeDefined();

    // Meanwhile the server finished the job.
    await h.mock.flush();
    uploader.retry(failed.id);
    expect(uploader.getSnapshot().items[0]?.status).toBe('processing');
    const done = await until(uploader, (s) => s.status === 'complete');
    // Re-attached to the same job: no new init, no second PUT.
    expect(done.items[0]).toMatchObject({ status: 'complete', jobId: failed.jobId });
    expect(done.documents).toHaveLength(1);
    expect(h.requests('init')).toHaveLength(1);
    expect(h.requests('put')).toHaveLength(1);
  });
});

describe('createUploader tracking auth', () => {
  it('reads the token on every SSE attempt and refreshes it once on 401', async () => {
    h = startHarness({ processingDelayMs: 60 });
    h.mock.control.dropSseAfter(1, { count: 1 });
    const calls: boolean[] = [];
    // A token cache that always hands out a stale token first, and the fresh one when asked to refresh.
    const client = createDocumentsClient({
      baseUrl: h.mock.baseUrl,
      accountId: h.mock.accountId,
      getAccessToken: ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return forceRefresh ? h.mock.token : 'token_stale';
      },
    });
    const uploader = h.uploader({ client });
    await uploader.upload([file('a.pdf')]);
    // At least two connections (the first dropped; a stall under load may add one), each tried with the stale
    // token, refused, then refreshed once: two requests per connection.
    const sse = h.requests('sse');
    expect(sse.length).toBeGreaterThanOrEqual(4);
    expect(sse.length % 2).toBe(0);
    expect(sse.map((r) => r.authorization).every(Boolean)).toBe(true);
    // init + each SSE connection: a stale read then a forced refresh each.
    const connections = sse.length / 2;
    expect(calls).toEqual(Array.from({ length: 1 + connections }, () => [false, true]).flat());
  });
});
