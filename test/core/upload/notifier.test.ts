import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FALLBACK_FRAME_MS,
  MAX_NOTIFY_SPACING_MS,
  createNotifier,
  notifySpacingMs,
} from '../../../src/core/upload/notifier';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Fake timers, and animation frames every 16 ms on them. */
function fakeFrames(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
    setTimeout(() => {
      callback(performance.now());
    }, 16),
  );
  vi.stubGlobal('cancelAnimationFrame', (handle: ReturnType<typeof setTimeout>) => {
    clearTimeout(handle);
  });
}

describe('notifySpacingMs', () => {
  it('is under a frame for a few files, grows with the count, and is capped', () => {
    expect(notifySpacingMs(0)).toBe(0);
    expect(notifySpacingMs(8)).toBeLessThanOrEqual(16);
    expect(notifySpacingMs(25)).toBe(50);
    expect(notifySpacingMs(100)).toBe(200);
    expect(notifySpacingMs(1_000)).toBe(MAX_NOTIFY_SPACING_MS);
  });
});

describe('createNotifier', () => {
  it('coalesces any number of changes into one notification per frame', () => {
    fakeFrames();
    const notifier = createNotifier();
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    for (let i = 0; i < 50; i += 1) notifier.schedule();
    vi.advanceTimersByTime(16);
    expect(calls).toBe(1);
    notifier.schedule();
    vi.advanceTimersByTime(16);
    expect(calls).toBe(2);
  });

  it('waits out the spacing after a notification, then notifies on a frame', () => {
    fakeFrames();
    const notifier = createNotifier({ spacing: () => 100 });
    const times: number[] = [];
    notifier.subscribe(() => times.push(performance.now()));
    // a change every 5 ms for one second
    const ticker = setInterval(() => {
      notifier.schedule();
    }, 5);
    vi.advanceTimersByTime(1_000);
    clearInterval(ticker);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.length).toBeGreaterThanOrEqual(8);
    expect(times.length).toBeLessThanOrEqual(10);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it('a spacing of a frame or more is delivered from its timer without a frame request; a shorter one waits for a frame', () => {
    fakeFrames();
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame');
    const spacing = { ms: 100 };
    const notifier = createNotifier({ spacing: () => spacing.ms });
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    notifier.schedule(); // the first one: on the next frame
    vi.advanceTimersByTime(16);
    expect([calls, raf.mock.calls.length]).toEqual([1, 1]);
    notifier.schedule();
    vi.advanceTimersByTime(100);
    expect([calls, raf.mock.calls.length]).toEqual([2, 1]);
    spacing.ms = 5;
    notifier.schedule();
    vi.advanceTimersByTime(40);
    expect(calls).toBe(3);
    expect(raf.mock.calls.length).toBe(2);
  });

  it('delivers an urgent change on the next frame instead of after the spacing, and only once', () => {
    fakeFrames();
    const notifier = createNotifier({ spacing: () => 200 });
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    notifier.schedule();
    vi.advanceTimersByTime(16);
    expect(calls).toBe(1);
    notifier.schedule(); // progress: waits until 200 ms after the last notification
    vi.advanceTimersByTime(50);
    expect(calls).toBe(1);
    notifier.schedule(true); // a file finished
    vi.advanceTimersByTime(16);
    expect(calls).toBe(2);
    vi.advanceTimersByTime(500); // the replaced progress request does not fire as well
    expect(calls).toBe(2);
  });

  it('flush() delivers a waiting notification at once, and does nothing when none waits', () => {
    fakeFrames();
    const notifier = createNotifier({ spacing: () => 200 });
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    notifier.flush();
    expect(calls).toBe(0);
    notifier.schedule();
    notifier.flush();
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it(`falls back to timers of at least ${FALLBACK_FRAME_MS} ms without requestAnimationFrame`, () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('requestAnimationFrame', undefined);
    vi.stubGlobal('cancelAnimationFrame', undefined);
    const notifier = createNotifier({ spacing: () => 120 });
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    notifier.schedule();
    vi.advanceTimersByTime(FALLBACK_FRAME_MS - 1);
    expect(calls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(1);
    notifier.schedule();
    vi.advanceTimersByTime(119);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(FALLBACK_FRAME_MS);
    expect(calls).toBe(2);
  });

  it('dispose() cancels a waiting notification and leaves no timer behind', () => {
    fakeFrames();
    const notifier = createNotifier({ spacing: () => 100 });
    let calls = 0;
    notifier.subscribe(() => (calls += 1));
    notifier.schedule();
    vi.advanceTimersByTime(16);
    notifier.schedule();
    expect(vi.getTimerCount()).toBe(1);
    notifier.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(calls).toBe(1);
    expect(notifier.listenerCount).toBe(0);
  });
});
