import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../src/core/api/errors';
import { FALLBACK_FRAME_MS } from '../../../src/core/upload';
import { notifySpacingMs } from '../../../src/core/upload/notifier';
import {
  file,
  files,
  recordingTransport,
  sleep,
  startHarness,
  steppedTransport,
  until,
  type Harness,
} from './helpers';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Animation frames every 16 ms of real time (happy-dom's own would not run on time under load). */
function animationFrames(): { stop(): void } {
  const pending: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => pending.push(callback));
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
  const ticker = setInterval(() => {
    for (const callback of pending.splice(0)) callback(performance.now());
  }, 16);
  return {
    stop() {
      clearInterval(ticker);
    },
  };
}

describe('createUploader notifications', () => {
  it('notifies at most once per animation frame with 25 uploads in flight', async () => {
    const pending = new Map<number, FrameRequestCallback>();
    let handles = 0;
    let maxPending = 0;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      pending.set((handles += 1), callback);
      maxPending = Math.max(maxPending, pending.size);
      return handles;
    });
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => pending.delete(handle));
    let frames = 0;
    const runFrame = (): void => {
      frames += 1;
      const due = [...pending.values()];
      pending.clear();
      for (const callback of due) callback(performance.now());
    };
    const ticker = setInterval(runFrame, 16);

    h = startHarness();
    let progressEvents = 0;
    const inner = steppedTransport(20, 1);
    const uploader = h.uploader({
      concurrency: 25,
      grouped: false,
      transport: {
        send(request) {
          return inner.send({
            ...request,
            onProgress(loaded, total) {
              progressEvents += 1;
              request.onProgress(loaded, total);
            },
          });
        },
      },
    });
    let notifications = 0;
    uploader.subscribe(() => (notifications += 1));
    await uploader.upload(files(25, 'photo', 10_000));
    clearInterval(ticker);
    runFrame();

    expect(progressEvents).toBeGreaterThanOrEqual(25 * 20);
    // Never more than one frame requested at a time, so never more than one notification per frame.
    expect(maxPending).toBe(1);
    expect(notifications).toBeLessThanOrEqual(frames);
    expect(notifications).toBeLessThan(progressEvents / 5);
    expect(notifications).toBeGreaterThan(0);
  });

  it('spaces progress notifications out as files are added: 100 files in flight every ~200 ms, 8 every frame', async () => {
    const ticker = animationFrames();
    h = startHarness();
    try {
      /** Times of the notifications that carried nothing but progress (every file still uploading). */
      const progressOnly = async (count: number): Promise<number[]> => {
        const uploader = h!.uploader({
          concurrency: count,
          grouped: false,
          transport: steppedTransport(80, 10),
        });
        const times: number[] = [];
        uploader.subscribe(() => {
          // Timed as the listener is called, before the snapshot is read: reading it costs more on a cold
          // projection than on the next one, and on a loaded machine that difference alone ate the 1 ms slack.
          const at = performance.now();
          const { counts } = uploader.getSnapshot().progress;
          if (counts.uploading === count) times.push(at);
        });
        await uploader.upload(files(count, `n${count}`, 4_000));
        uploader.dispose();
        return times;
      };
      const gapsOf = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

      const many = gapsOf(await progressOnly(100));
      expect(many.length).toBeGreaterThan(1);
      // 100 files × one notification per 200 ms = 500 item updates per second, whatever the frame rate.
      expect(Math.min(...many)).toBeGreaterThanOrEqual(notifySpacingMs(100) - 1);
      const few = gapsOf(await progressOnly(8));
      // 8 files: the spacing (16 ms) is a frame, so progress is heard every frame.
      expect(Math.min(...few)).toBeLessThan(50);
    } finally {
      ticker.stop();
    }
  });

  it('hears of added, finished and canceled files on the next frame even while progress waits out the spacing', async () => {
    const ticker = animationFrames();
    h = startHarness();
    try {
      const uploader = h.uploader({ concurrency: 200, grouped: false, transport: steppedTransport(200, 10) });
      uploader.add(files(200, 'slow', 4_000)); // spacing 200 ms while these are in flight
      await until(uploader, (s) => s.progress.counts.uploading === 200);
      let heard: number | undefined;
      const stop = uploader.subscribe(() => {
        if (uploader.getSnapshot().items.some((i) => i.status === 'canceled')) heard ??= performance.now();
      });
      await sleep(30); // a progress notification is now waiting for its spacing
      const canceledAt = performance.now();
      uploader.cancel(uploader.getSnapshot().items[0]!.id);
      await sleep(notifySpacingMs(200) + 50);
      stop();
      expect(heard).toBeDefined();
      expect(heard! - canceledAt).toBeLessThan(60);
      uploader.dispose();
    } finally {
      ticker.stop();
    }
  });

  it(`falls back to one notification per ${FALLBACK_FRAME_MS} ms without requestAnimationFrame`, async () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    vi.stubGlobal('cancelAnimationFrame', undefined);
    h = startHarness();
    const uploader = h.uploader({ concurrency: 10, grouped: false, transport: steppedTransport(10, 2) });
    const times: number[] = [];
    uploader.subscribe(() => times.push(performance.now()));
    // add(), not upload(): a settling upload() promise delivers its last notification at once (tested above)
    uploader.add(files(10));
    await until(uploader, (s) => s.status === 'complete');
    await sleep(FALLBACK_FRAME_MS + 10);
    expect(times.length).toBeGreaterThan(0);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((gap) => gap >= FALLBACK_FRAME_MS - 5)).toBe(true);
  });

  it('has notified subscribers of the final state by the time upload() settles', async () => {
    h = startHarness();
    const uploader = h.uploader({ grouped: false });
    let heard: string | undefined;
    uploader.subscribe(() => {
      heard = uploader.getSnapshot().status;
    });
    await uploader.upload(files(3));
    expect(heard).toBe('complete');
    h.mock.control.failNextPuts(10, { status: 400 });
    await expect(uploader.upload(files(1, 'bad'))).rejects.toThrow();
    expect(heard).toBe('failed');
  });

  it('getSnapshot() is current between notifications and the same object until something changes', async () => {
    h = startHarness();
    const uploader = h.uploader();
    const empty = uploader.getSnapshot();
    expect(uploader.getSnapshot()).toBe(empty);
    expect(empty).toMatchObject({ items: [], status: 'idle', progress: { percent: 0, total: 0 } });

    let notified = 0;
    uploader.subscribe(() => (notified += 1));
    uploader.add([file('a.pdf', 10)]);
    // No notification yet (next frame), but the snapshot already shows the file.
    expect(notified).toBe(0);
    const added = uploader.getSnapshot();
    expect(added).not.toBe(empty);
    expect(added.items.map((i) => i.status)).toEqual(['initializing']);
    expect(uploader.getSnapshot()).toBe(added);
    expect(Object.isFrozen(added.items)).toBe(true);
    await until(uploader, (s) => s.status === 'complete');
    expect(notified).toBeGreaterThan(0);
  });

  it('unsubscribe stops notifications', async () => {
    h = startHarness();
    const uploader = h.uploader();
    let calls = 0;
    const unsubscribe = uploader.subscribe(() => (calls += 1));
    unsubscribe();
    await uploader.upload([file('a.pdf')]);
    await sleep(30);
    expect(calls).toBe(0);
  });
});

describe('createUploader dispose', () => {
  it('leaves no timer, listener or request behind after dispose()', async () => {
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    const harness = startHarness({ processingDelayMs: 60_000, heartbeatMs: 30_000 });
    h = harness;
    const { transport, stats } = recordingTransport();

    // One upload waiting on a long retry backoff…
    harness.mock.control.failNextPuts(1, { status: 500 });
    const retrying = harness.uploader({ transport, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    retrying.add([file('retrying.pdf')]);
    await vi.waitFor(() => expect(stats.statuses).toEqual([500]), { timeout: 10_000 });
    // …one being tracked over SSE (job processing for a minute)…
    const tracked = harness.uploader({ transport });
    tracked.add([file('tracked.pdf')]);
    // At least one stream: under load the 2 s stall watchdog may legitimately reconnect before dispose().
    await vi.waitFor(() => expect(harness.requests('sse').length).toBeGreaterThanOrEqual(1), {
      timeout: 10_000,
    });
    // …and one mid-PUT.
    harness.mock.control.stallPuts();
    const sending = harness.uploader({ transport });
    sending.add([file('sending.pdf')]);
    await vi.waitFor(() => expect(harness.requests('put')).toHaveLength(3), { timeout: 10_000 });

    const listener = vi.fn();
    for (const uploader of [retrying, tracked, sending]) uploader.subscribe(listener);
    for (const uploader of [retrying, tracked, sending]) uploader.dispose();
    listener.mockClear();

    await vi.advanceTimersByTimeAsync(0);
    expect(stats.aborted).toBe(1);
    expect(stats.open).toBe(0);
    // No request of any kind (SSE reconnect, job poll, retry, init) starts after dispose(), over five stall
    // periods (2 s) and poll intervals (10 ms) with the emulator still answering.
    const requestsAtDispose = harness.mock.db.requests.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(harness.mock.db.requests.length).toBe(requestsAtDispose);
    // The emulator's own timers (held PUT, processing delay, heartbeats) go with it; none of the uploaders' stays.
    harness.close();
    h = undefined;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(listener).not.toHaveBeenCalled();
    // The retry that was waiting never went out.
    expect(stats.sent).toHaveLength(3);
  });

  it('cancel() clears the retry timer of a file waiting to retry', async () => {
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    const harness = startHarness();
    h = harness;
    harness.mock.control.failNextPuts(1, { status: 503 });
    const { transport, stats } = recordingTransport();
    const uploader = harness.uploader({ transport, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    uploader.add([file('a.pdf')]);
    await vi.waitFor(() => expect(stats.statuses).toEqual([503]));
    await until(uploader, (s) => s.items[0]?.status === 'queued');
    const timers = vi.getTimerCount();
    uploader.cancel();
    expect(vi.getTimerCount()).toBe(timers - 1);
    expect(uploader.getSnapshot().items[0]?.status).toBe('canceled');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(stats.sent).toHaveLength(1);
  });

  it('rejects pending upload() promises and refuses new files after dispose()', async () => {
    h = startHarness({ processingDelayMs: 1000 });
    const uploader = h.uploader();
    const pending = uploader.upload([file('a.pdf')]);
    uploader.dispose();
    await expect(pending).rejects.toThrow(/disposed/);
    expect(() => uploader.add([file('b.pdf')])).toThrow(ConfigurationError);
  });
});
