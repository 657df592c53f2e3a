import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError } from '../../../src/core/api/errors';
import { createXhrTransport, type UploadTransport } from '../../../src/core/upload';
import {
  file,
  files,
  manualClock,
  recordingTransport,
  sleep,
  startHarness,
  until,
  type Harness,
} from './helpers';

let h: Harness;
afterEach(() => {
  h.close();
});

const MINUTE = 60_000;

describe('createUploader URL lifecycle', () => {
  it('never uses a URL that expires within the margin: it re-inits, and no 403 reaches the user', async () => {
    const clock = manualClock();
    h = startHarness({ now: clock.now });
    const stall = h.mock.control.stallPuts({ count: 1 });
    const { transport, stats } = recordingTransport();
    const errors: unknown[] = [];
    const uploader = h.uploader({
      now: clock.now,
      transport,
      concurrency: 1,
      grouped: false,
      onError: (error) => errors.push(error),
    });
    const done = uploader.upload(files(3));
    await vi.waitFor(() => expect(h.requests('put')).toHaveLength(1));
    // The first PUT takes 59 minutes: the other files' URLs now expire within the 2-minute margin.
    clock.advance(59 * MINUTE);
    stall.release();
    const documents = await done;

    expect(documents).toHaveLength(3);
    expect(errors).toEqual([]);
    expect(stats.statuses.every((status) => status === 200)).toBe(true);
    // The job outlived its URLs with bytes landed: its files went again in two smaller jobs (grouped: false).
    expect(h.requests('init')).toHaveLength(3);
    const snapshot = uploader.getSnapshot();
    expect(snapshot.items.every((i) => i.status === 'complete')).toBe(true);
    expect(snapshot.jobs.map((j) => j.itemIds.length).sort()).toEqual([1, 2]);
    expect(h.mock.db.documents.size).toBe(3);
  });

  it('re-inits a grouped job whole, so that its files still make one document', async () => {
    const clock = manualClock();
    h = startHarness({ now: clock.now });
    const stall = h.mock.control.stallPuts({ count: 1 });
    const uploader = h.uploader({ now: clock.now, concurrency: 1, grouped: true });
    const done = uploader.upload(files(3));
    await vi.waitFor(() => expect(h.requests('put')).toHaveLength(1), { interval: 5 });
    clock.advance(59 * MINUTE);
    stall.release();
    const documents = await done;
    expect(documents).toHaveLength(1);
    expect(documents[0]?.files.map((f) => f.originalName)).toEqual([
      'page-001.pdf',
      'page-002.pdf',
      'page-003.pdf',
    ]);
    expect(h.requests('init')).toHaveLength(2);
    // The landed first page went again with the others.
    expect(h.requests('put')).toHaveLength(4);
  });

  it('turns a storage 403 "Request has expired" into a re-init, never a failure', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ count: 1 });
    const { transport, stats } = recordingTransport();
    const errors: unknown[] = [];
    const uploader = h.uploader({ transport, concurrency: 1, onError: (error) => errors.push(error) });
    const done = uploader.upload(files(2));
    await vi.waitFor(() => expect(h.requests('put')).toHaveLength(1));
    h.mock.control.expireAllUrls();
    stall.release();
    await done;
    expect(stats.statuses).toContain(403);
    expect(errors).toEqual([]);
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['complete', 'complete']);
    expect(h.requests('init')).toHaveLength(2);
  });

  it('never hits an expired URL in a 100-file queue on a slow link', async () => {
    const clock = manualClock();
    h = startHarness({ now: clock.now });
    const inner = createXhrTransport();
    // Every PUT takes 70 s of (simulated) time: 100 files take far longer than a URL lives.
    const slow: UploadTransport = {
      send(request) {
        const handle = inner.send(request);
        return {
          abort: () => {
            handle.abort();
          },
          response: handle.response.then((r) => {
            clock.advance(70_000);
            return r;
          }),
        };
      },
    };
    const { transport, stats } = recordingTransport(slow);
    const errors: unknown[] = [];
    const uploader = h.uploader({
      now: clock.now,
      transport,
      grouped: false,
      onError: (error) => errors.push(error),
    });
    const documents = await uploader.upload(files(100, 'scan', 64));
    expect(documents).toHaveLength(100);
    expect(errors).toEqual([]);
    expect(stats.statuses.filter((s) => s !== 200)).toEqual([]);
    expect(h.requests('init').length).toBeGreaterThan(4);
    expect(new Set(documents.map((d) => d.files[0]?.originalName)).size).toBe(100);
  });
});

describe('createUploader v1 fallback', () => {
  it('uploads through v1 multipart when init answers 503, with the same states and documents at once', async () => {
    h = startHarness();
    h.mock.control.v2Unavailable(true);
    const { transport, stats } = recordingTransport();
    const completed: string[] = [];
    const uploader = h.uploader({
      transport,
      grouped: false,
      onJobComplete: (docs, job) => completed.push(job.id),
    });
    const documents = await uploader.upload([file('a.pdf', 300), file('b.pdf', 500)]);

    expect(documents.map((d) => d.files[0]?.originalName)).toEqual(['a.pdf', 'b.pdf']);
    const snapshot = uploader.getSnapshot();
    expect(snapshot.items.map((i) => [i.status, i.viaV1, i.documentIds.length])).toEqual([
      ['complete', true, 1],
      ['complete', true, 1],
    ]);
    expect(snapshot.jobs[0]).toMatchObject({ status: 'complete', viaV1: true });
    expect(completed).toEqual([snapshot.jobs[0]?.id]);
    expect(snapshot.progress.percent).toBe(100);
    // One XHR POST carrying both files, with the token; no PUT, no tracking.
    expect(stats.sent.map((r) => r.method)).toEqual(['POST']);
    expect(stats.sent[0]?.body).toBeInstanceOf(FormData);
    expect(h.requests('v1')).toHaveLength(1);
    expect(h.requests('v1')[0]?.authorization).toBe(true);
    expect(h.requests('put')).toHaveLength(0);
    expect(h.requests('sse')).toHaveLength(0);
    expect(h.mock.db.documents.size).toBe(2);
  });

  it('retries the v1 upload on a 5xx', async () => {
    h = startHarness();
    h.mock.control.v2Unavailable(true);
    h.mock.control.failEndpoint('v1', { status: 500 });
    const uploader = h.uploader();
    const documents = await uploader.upload([file('a.pdf')]);
    expect(documents).toHaveLength(1);
    expect(h.requests('v1')).toHaveLength(2);
    expect(uploader.getSnapshot().items[0]?.attempt).toBe(2);
  });
});

describe('createUploader cancel', () => {
  it('cancel() mid-PUT aborts the request; retry() reuses the job while its URL is valid', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ count: 1 });
    const { transport, stats } = recordingTransport();
    const uploader = h.uploader({ transport });
    const first = uploader.upload([file('a.pdf')]);
    await vi.waitFor(() => expect(h.requests('put')).toHaveLength(1));
    const id = uploader.getSnapshot().items[0]!.id;

    uploader.cancel(id);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'canceled', loaded: 0 });
    expect(stats.aborted).toBe(1);
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect(stats.open).toBe(0);
    stall.release();

    const jobId = uploader.getSnapshot().items[0]?.jobId;
    uploader.retry(id);
    const done = await until(uploader, (s) => s.status === 'complete');
    expect(done.items[0]?.jobId).toBe(jobId);
    expect(h.requests('init')).toHaveLength(1);
  });

  it('cancel() while processing stops tracking that job and leaves it alone', async () => {
    h = startHarness({ processingDelayMs: 150 });
    const uploader = h.uploader();
    uploader.add([file('a.pdf')]);
    await until(uploader, (s) => s.status === 'processing');
    // At least one stream (a stall reconnect under load may add one); no request of any kind after cancel().
    await vi.waitFor(() => expect(h.requests('sse').length).toBeGreaterThanOrEqual(1));
    uploader.cancel();
    const snapshot = uploader.getSnapshot();
    expect(snapshot.items[0]?.status).toBe('canceled');
    expect(snapshot.jobs[0]?.status).toBe('canceled');
    const seen = h.mock.db.requests.length;
    await sleep(250);
    expect(h.mock.db.requests.length).toBe(seen);
    expect(uploader.getSnapshot().items[0]?.status).toBe('canceled');
  });

  it('remove() drops an item and clear() empties the list', async () => {
    h = startHarness();
    const uploader = h.uploader({ grouped: false });
    await uploader.upload(files(2));
    const [first] = uploader.getSnapshot().items;
    uploader.remove(first!.id);
    expect(uploader.getSnapshot().items).toHaveLength(1);
    uploader.clear();
    expect(uploader.getSnapshot()).toMatchObject({ items: [], jobs: [], documents: [], status: 'idle' });
  });
});

describe('createUploader cancel during init', () => {
  it('announces the remaining files again when one is canceled while init is in flight', async () => {
    h = startHarness();
    h.mock.control.latency(200, 'init');
    const uploader = h.uploader({ grouped: false });
    const { accepted } = uploader.add([file('keep.pdf'), file('drop.pdf')]);
    await vi.waitFor(() => expect(h.requests('init')).toHaveLength(1), { interval: 5 });
    uploader.cancel(accepted[1]!.id);
    const done = await until(uploader, (s) => s.items[0]?.status === 'complete');
    expect(done.items.map((i) => i.status)).toEqual(['complete', 'canceled']);
    expect(h.requests('init')).toHaveLength(2);
    expect([...h.mock.db.documents.values()].map((d) => d.files[0]?.originalName)).toEqual(['keep.pdf']);
  });
});
