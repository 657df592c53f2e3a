import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from '../../../src/core/api/errors';
import {
  backoffDelay,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  resolveRetryOptions,
} from '../../../src/core/upload';
import { file, files, manualClock, recordingTransport, startHarness, until, type Harness } from './helpers';

const names2 = (docs: Iterable<{ files: { originalName: string }[] }>) =>
  [...docs].flatMap((d) => d.files.map((f) => f.originalName));

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => {
  h.close();
});

describe('backoff', () => {
  it('defaults to 4 attempts, 500 ms base and a 15 s cap', () => {
    expect([DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS]).toEqual([
      4, 500, 15_000,
    ]);
    expect(resolveRetryOptions()).toEqual({
      attempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 15_000,
      maxRetryAfterMs: 60_000,
      networkRetryWindowMs: 120_000,
    });
  });

  it('draws full jitter under a capped exponential ceiling', () => {
    const options = resolveRetryOptions();
    const max = (retry: number) => backoffDelay(retry, options, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7].map(max)).toEqual([499, 999, 1999, 3999, 7999, 14999, 14999]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});

describe('createUploader retries', () => {
  it.each([
    ['a 500', { status: 500 }],
    ['a 503', { status: 503 }],
    ['a 408', { status: 408 }],
    ['a network error', { network: true }],
  ])('retries a PUT after %s and completes', async (_label, fault) => {
    h.mock.control.failNextPuts(2, fault);
    const uploader = h.uploader();
    const [doc] = await uploader.upload([file('a.pdf')]);
    expect(doc).toBeDefined();
    expect(uploader.getSnapshot().items[0]).toMatchObject({
      status: 'complete',
      attempt: 3,
      error: undefined,
    });
    expect(h.requests('put')).toHaveLength(3);
  });

  it('honours Retry-After on a 429 from storage', async () => {
    h.mock.control.rateLimit('put', { retryAfter: '1' });
    const uploader = h.uploader();
    const started = Date.now();
    await uploader.upload([file('a.pdf')]);
    const puts = h.requests('put');
    expect(puts).toHaveLength(2);
    // The second PUT waited for the server's 1 s, not the test's 5 ms backoff cap.
    expect(puts[1]!.time - puts[0]!.time).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails with a retryable error after the last attempt, and retry() then succeeds on the same job', async () => {
    h.mock.control.failNextPuts(4, { status: 500 });
    const errors: unknown[] = [];
    const uploader = h.uploader({ onError: (error) => errors.push(error) });
    await expect(uploader.upload([file('a.pdf')])).rejects.toBeInstanceOf(ServerError);
    const failed = uploader.getSnapshot().items[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempt: 4 });
    expect(failed.error?.retryable).toBe(true);
    expect(errors).toHaveLength(1);
    const jobId = failed.jobId;

    uploader.retry(failed.id);
    const done = await until(uploader, (s) => s.status === 'complete');
    // Its URL was still valid: the same job, no new init.
    expect(done.items[0]).toMatchObject({ status: 'complete', jobId });
    expect(h.requests('init')).toHaveLength(1);
    expect(h.mock.db.documents.size).toBe(1);
  });

  it('does not retry a 400 and says why', async () => {
    h.mock.control.failNextPuts(1, {
      status: 400,
      body: '<Error><Code>IncompleteBody</Code><Message>The body is shorter than declared</Message></Error>',
    });
    const uploader = h.uploader();
    const error = await uploader.upload([file('a.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/400: The body is shorter than declared/);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'failed', attempt: 1 });
    expect(h.requests('put')).toHaveLength(1);
  });

  it('does not retry a 403 Content-Type mismatch and says why', async () => {
    h.mock.control.failNextPuts(1, {
      status: 403,
      body: '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>',
    });
    const uploader = h.uploader();
    const error = await uploader.upload([file('a.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).reason).toBe('content-type');
    expect((error as Error).message).toMatch(/Content-Type must equal the one returned by init/);
    expect(h.requests('put')).toHaveLength(1);
  });

  it('does not retry a 404 and says why', async () => {
    h.mock.control.failNextPuts(1, { status: 404 });
    const uploader = h.uploader();
    const error = await uploader.upload([file('a.pdf')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/404/);
    expect(h.requests('put')).toHaveLength(1);
  });

  it('never puts the signed URL in an error', async () => {
    h.mock.control.failNextPuts(10_000, { network: true });
    const uploader = h.uploader({ retry: { baseDelayMs: 1, maxDelayMs: 5, networkRetryWindowMs: 50 } });
    const error = (await uploader.upload([file('a.pdf')]).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(NetworkError);
    expect(`${error.message} ${String(error.cause)}`).not.toMatch(/sig=|expires=|storage\.localhost/);
  });

  it('sends the files that landed again in a new job when a file of their job fails for good', async () => {
    h.mock.control.failNextPuts(1, { status: 400 });
    const uploader = h.uploader({ concurrency: 1, grouped: false });
    uploader.add([file('broken.pdf'), file('fine.pdf')]);
    const snapshot = await until(uploader, (s) => s.status === 'failed');
    expect(snapshot.items.map((i) => i.status)).toEqual(['failed', 'complete']);
    expect(h.requests('init')).toHaveLength(2);
    expect([...h.mock.db.documents.values()].map((d) => d.files[0]?.originalName)).toEqual(['fine.pdf']);
  });

  describe('a grouped job with a file that failed for good', () => {
    const names = (docs: Iterable<{ files: { originalName: string }[] }>) =>
      [...docs].map((d) => d.files.map((f) => f.originalName).sort());

    /** Three files in one grouped job; the first PUT is refused (400, not retried), the other two land. */
    async function oneFailed(extra: Parameters<Harness['uploader']>[0] = {}) {
      h.mock.control.failNextPuts(1, { status: 400 });
      const uploader = h.uploader({ concurrency: 1, grouped: true, ...extra });
      const outcome = uploader.upload([file('a.pdf'), file('b.pdf'), file('c.pdf')]).catch((e: unknown) => e);
      // upload() settles with the failure while the landed files wait for it
      expect(await outcome).toBeInstanceOf(InvalidRequestError);
      expect(uploader.getSnapshot().items.map((i) => [i.status, i.waitingFor])).toEqual([
        ['failed', undefined],
        ['processing', 'a.pdf'],
        ['processing', 'a.pdf'],
      ]);
      return uploader;
    }

    it('keeps the landed files for the failed one: retry() completes the same job as one document', async () => {
      const uploader = await oneFailed();
      expect(h.requests('init')).toHaveLength(1);
      expect(h.mock.db.documents.size).toBe(0);
      uploader.retry(uploader.getSnapshot().items[0]!.id);
      await until(uploader, (s) => s.status === 'complete');
      expect(uploader.getSnapshot().items.map((i) => i.waitingFor)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(h.requests('init')).toHaveLength(1);
      expect(h.requests('put')).toHaveLength(4); // a, b, c, then a again: nothing landed is sent twice
      expect(names(h.mock.db.documents.values())).toEqual([['a.pdf', 'b.pdf', 'c.pdf']]);
    });

    it("sends the whole group again in a new job when the failed file's URL has run out", async () => {
      const clock = manualClock();
      h.close();
      h = startHarness({ now: clock.now });
      const uploader = await oneFailed({ now: clock.now });
      clock.advance(59 * 60_000); // the job's URLs now expire within the margin
      uploader.retry(uploader.getSnapshot().items[0]!.id);
      await until(uploader, (s) => s.status === 'complete');
      expect(h.requests('init')).toHaveLength(2);
      expect(names(h.mock.db.documents.values())).toEqual([['a.pdf', 'b.pdf', 'c.pdf']]);
    });

    it('lets the landed files go on without the failed one when it is removed', async () => {
      const uploader = await oneFailed();
      uploader.remove(uploader.getSnapshot().items[0]!.id);
      await until(uploader, (s) => s.status === 'complete');
      expect(h.requests('init')).toHaveLength(2);
      expect(names(h.mock.db.documents.values())).toEqual([['b.pdf', 'c.pdf']]);
    });
  });

  it('does not follow a job that lost a file to remove() before it landed: the others go in a new job', async () => {
    h.mock.control.failNextPuts(1, { status: 400 });
    const stall = h.mock.control.stallPuts({ count: 1 });
    const uploader = h.uploader({ concurrency: 1, grouped: false });
    uploader.add([file('broken.pdf'), file('fine.pdf')]);
    await until(uploader, (s) => s.items[0]?.status === 'failed' && s.items[1]?.status === 'uploading');
    uploader.remove(uploader.getSnapshot().items[0]!.id);
    stall.release();
    await until(uploader, (s) => s.status === 'complete', 3_000);
    expect(h.requests('init')).toHaveLength(2);
    expect(names2(h.mock.db.documents.values())).toEqual(['fine.pdf']);
  });

  it('retries init on 429 and 5xx', async () => {
    h.mock.control.rateLimit('init', { retryAfter: '0' });
    const uploader = h.uploader();
    await uploader.upload([file('a.pdf')]);
    h.mock.control.failEndpoint('init', { status: 502, count: 2 });
    await uploader.upload([file('b.pdf')]);
    expect(h.requests('init')).toHaveLength(5);
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['complete', 'complete']);
  });

  it('fails the batch with the server message and its allowed list when init answers 400', async () => {
    // The client allows .exe, the server does not.
    const uploader = h.uploader({ rules: { extensions: ['pdf', 'exe'] } });
    const error = await uploader.upload([file('a.pdf'), file('setup.exe')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).allowedExtensions).toContain('pdf');
    expect((error as Error).message).toMatch(/Allowed values: pdf/);
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(h.requests('init')).toHaveLength(1);
    expect(h.requests('put')).toHaveLength(0);
  });

  it('rejects with a RateLimitedError once init attempts run out', async () => {
    h.mock.control.rateLimit('init', { retryAfter: '0', count: 4 });
    const uploader = h.uploader();
    await expect(uploader.upload([file('a.pdf')])).rejects.toBeInstanceOf(RateLimitedError);
    expect(h.requests('init')).toHaveLength(4);
  });

  it('retries every retryable failure with retry() and no id', async () => {
    h.mock.control.failNextPuts(8, { status: 500 });
    const { transport } = recordingTransport();
    const uploader = h.uploader({ transport, concurrency: 2, grouped: false });
    uploader.add(files(2));
    await until(uploader, (s) => s.status === 'failed' && s.progress.counts.failed === 2);
    uploader.retry();
    const done = await until(uploader, (s) => s.status === 'complete');
    expect(done.items.every((i) => i.status === 'complete')).toBe(true);
  });
});
