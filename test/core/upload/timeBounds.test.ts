/** Nothing waits forever, and nothing that should wait fires at once: timers and Retry-After are bounded. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkError, RateLimitedError, UnavailableError } from '../../../src/core/api/errors';
import {
  MAX_RETRY_AFTER_MS,
  nextRetry,
  resolveRetryOptions,
  retryDelayFor,
} from '../../../src/core/upload/backoff';
import type { Effect } from '../../../src/core/upload/events';
import { reduce } from '../../../src/core/upload/reducer';
import { initialState, type Ctx, type EngineState } from '../../../src/core/upload/state';
import { MAX_TIMER_MS, clampTimerMs, createTimerSet } from '../../../src/core/upload/timers';
import { engineConfig, file, startHarness, until, type Harness } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;
const retry = resolveRetryOptions();

describe('timers', () => {
  it('never hands setTimeout a delay it would overflow: 2^40 ms waits, it does not fire at once', () => {
    vi.useFakeTimers();
    const timers = createTimerSet();
    const fired = vi.fn();
    timers.set(fired, 2 ** 40);
    vi.advanceTimersByTime(60_000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('reads a negative or non-numeric delay as "now"', () => {
    expect(clampTimerMs(-5)).toBe(0);
    expect(clampTimerMs(Number.NaN)).toBe(0);
    expect(clampTimerMs(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS);
  });
});

describe('Retry-After', () => {
  it.each([
    ['a day', DAY],
    ['beyond what a timer holds', 2 ** 40],
  ])('waits at most MAX_RETRY_AFTER_MS when the server asks for %s', (_, retryAfterMs) => {
    expect(retryDelayFor(new RateLimitedError('429', { retryAfterMs }), 1, retry)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayFor(new UnavailableError('503', { retryAfterMs }), 1, retry)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('keeps a short Retry-After as it is', () => {
    expect(retryDelayFor(new RateLimitedError('429', { retryAfterMs: 1500 }), 1, retry)).toBe(1500);
  });

  it('fails a file at once, retryable, when storage (429) asks to wait a day: no wait, no timer, no storm', () => {
    const ctx: Ctx = {
      now: Date.parse('2030-01-01T00:00:00Z'),
      random: () => 0.5,
      config: engineConfig({ retry, margin: 0 }),
    };
    let state: EngineState = initialState();
    const send = (event: Parameters<typeof reduce>[1]) => {
      const t = reduce(state, event, ctx);
      state = t.state;
      return t;
    };
    const added = send({ type: 'add', files: [new File(['x'], 'a.pdf')], strict: false });
    const init = added.effects.find((e): e is Extract<Effect, { type: 'init' }> => e.type === 'init');
    const id = added.reply?.accepted[0] ?? '';
    send({
      type: 'initOk',
      batch: init?.batch ?? 0,
      response: {
        jobId: 'job-1',
        status: 'awaitingUpload',
        files: [
          {
            filename: 'a.pdf',
            stagingPath: 's/a.pdf',
            uploadUrl: 'https://storage.example/a?X-Amz-Signature=s',
            expiresAt: '2030-01-02T00:00:00Z',
            contentType: 'application/pdf',
          },
        ],
      },
    });
    const failed = send({
      type: 'putFailed',
      id,
      error: new RateLimitedError('PUT upload failed with 429', { status: 429, retryAfterMs: DAY }),
    });
    expect(failed.effects.filter((e) => e.type === 'wait')).toEqual([]);
    expect(state.files.get(id)).toMatchObject({
      phase: 'failed',
      error: { retryable: true, retryAfterMs: DAY },
    });
  });

  it('waits a Retry-After up to maxRetryAfterMs, and a longer one only when allowed', () => {
    const error = new RateLimitedError('429', { retryAfterMs: 90_000 });
    expect(nextRetry(error, 1, 0, 0, retry, () => 0.5)).toBeUndefined();
    const patient = resolveRetryOptions({ maxRetryAfterMs: 120_000 });
    expect(nextRetry(error, 1, 0, 0, patient, () => 0.5)).toBe(90_000);
  });

  it('retries network errors while online for networkRetryWindowMs, whatever the attempt count', () => {
    const network = new NetworkError('PUT upload failed: network');
    const options = resolveRetryOptions({ attempts: 2 });
    expect(nextRetry(network, 50, 0, 119_999, options, () => 0.5)).toBeGreaterThanOrEqual(0);
    expect(nextRetry(network, 2, 0, 120_000, options, () => 0.5)).toBeUndefined();
    // Other retryable errors still count attempts.
    expect(nextRetry(new UnavailableError('503'), 2, 0, 0, options, () => 0.5)).toBeUndefined();
  });
});

describe('stalled transfers', () => {
  let h: Harness | undefined;
  afterEach(() => {
    h?.close();
    h = undefined;
  });

  it('aborts a PUT whose answer never comes after stallTimeoutMs and stores the file on the next attempt', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ count: 1, ms: 10_000 });
    const errors: unknown[] = [];
    const uploader = h.uploader({ stallTimeoutMs: 150, onError: (error) => errors.push(error) });
    try {
      const documents = await uploader.upload([file('bill.pdf')]);
      expect(documents).toHaveLength(1);
      const [item] = uploader.getSnapshot().items;
      expect(item?.status).toBe('complete');
      expect(item?.attempt).toBe(2);
      // Retried as a network error: nothing was reported as a failure.
      expect(errors).toEqual([]);
    } finally {
      stall.release();
    }
  });

  it('fails the file with a retryable network error once every attempt stalled, with a working retry', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ ms: 10_000 });
    const uploader = h.uploader({
      stallTimeoutMs: 100,
      retry: { baseDelayMs: 1, maxDelayMs: 5, networkRetryWindowMs: 150 },
    });
    const failure = await uploader.upload([file('bill.pdf')]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).retryable).toBe(true);
    expect((failure as Error).message).toMatch(/stalled/);
    stall.release();
    uploader.retry();
    await until(uploader, (s) => s.status === 'complete');
  });
});
