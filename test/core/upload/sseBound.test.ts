/**
 * An SSE event is bounded (1 MiB): a line or an event that grows past it ends the read with a typed error, and
 * the job tracker polls that job at once instead of reconnecting to the same stream.
 */
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../../../src/core/api/errors';
import { MAX_SSE_EVENT_CHARS, readSse } from '../../../src/core/upload/sseReader';
import { createTimerSet } from '../../../src/core/upload/timers';
import { file, startHarness, type Harness } from './helpers';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/**
 * A body that streams `prefix` then `total` bytes of `x` (no line break) in 64 KiB chunks, produced only as they
 * are read (`pulled` counts them), then either ends or stays open.
 */
function endlessLine(total: number, { prefix = 'data: ', stayOpen = false } = {}) {
  const encoder = new TextEncoder();
  const stats = { pulled: 0, canceled: false };
  const piece = encoder.encode('x'.repeat(CHUNK));
  let sentPrefix = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true;
        controller.enqueue(encoder.encode(prefix));
        return;
      }
      if (stats.pulled >= total) {
        if (!stayOpen) controller.close();
        // Staying open: never enqueue again (no heartbeat either).
        return new Promise<void>(() => undefined);
      }
      stats.pulled += piece.byteLength;
      controller.enqueue(piece);
      return undefined;
    },
    cancel() {
      stats.canceled = true;
    },
  });
  const response = new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  return { response, stats };
}

describe('readSse event bound', () => {
  it('bounds events at 1 MiB', () => {
    expect(MAX_SSE_EVENT_CHARS).toBe(MiB);
  });

  it('ends a read whose line grows past 1 MiB with an InvalidResponseError, without reading the rest', async () => {
    const { response, stats } = endlessLine(16 * MiB);
    const timers = createTimerSet();
    const events: string[] = [];
    const read = readSse(response, {
      signal: new AbortController().signal,
      stallMs: 10_000,
      timers,
      onData: (data) => {
        events.push(data);
        return 'continue';
      },
    });
    const error = await read.then(
      (outcome) => outcome,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: 'invalid-response', operation: 'uploadProgress' });
    expect((error as Error).message).toMatch(/1 MiB|1048576/);
    // It stopped near the bound (a chunk or two past it), not after 16 MiB, and let go of the body.
    expect(stats.pulled).toBeLessThanOrEqual(MiB + 2 * CHUNK);
    expect(stats.canceled).toBe(true);
    expect(events).toEqual([]);
    expect(timers.size).toBe(0);
  });

  it('bounds an event made of many short data lines as well', async () => {
    const encoder = new TextEncoder();
    const line = encoder.encode(`data: ${'y'.repeat(1000)}\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 4 MiB of data lines, never the blank line that would dispatch them
        if (sent >= 4 * MiB) {
          controller.close();
          return;
        }
        sent += line.byteLength;
        controller.enqueue(line);
      },
    });
    const outcome = readSse(new Response(body), {
      signal: new AbortController().signal,
      stallMs: 10_000,
      timers: createTimerSet(),
      onData: () => 'continue',
    });
    await expect(outcome).rejects.toBeInstanceOf(InvalidResponseError);
    expect(sent).toBeLessThan(2 * MiB);
  });

  it('still reads events just under the bound', async () => {
    const big = 'z'.repeat(MiB - 100);
    const received: number[] = [];
    const outcome = await readSse(new Response(`data: ${big}\n\ndata: small\n\n`), {
      signal: new AbortController().signal,
      stallMs: 10_000,
      timers: createTimerSet(),
      onData: (data) => {
        received.push(data.length);
        return 'continue';
      },
    });
    expect(outcome).toBe('ended');
    expect(received).toEqual([MiB - 100, 5]);
  });
});

describe('job tracking with an oversized SSE event', () => {
  let h: Harness;
  afterEach(() => {
    h.close();
  });

  it('polls that job at once and completes, without reconnecting to the stream', async () => {
    h = startHarness({ processingDelayMs: 20 });
    const streams: { pulled: number; canceled: boolean }[] = [];
    h.server.use(
      http.get('*/upload-progress', () => {
        // 2 MiB without a newline, then the connection stays open and silent.
        const { response, stats } = endlessLine(2 * MiB, { stayOpen: true });
        streams.push(stats);
        return response;
      }),
    );
    // Long heartbeat and a short timeout: only an immediate switch to polling completes in time.
    const uploader = h.uploader({
      tracking: { pollIntervalMs: 10, heartbeatMs: 60_000, timeoutMs: 3000, maxSseFailures: 3 },
    });
    const [document] = await uploader.upload([file('a.pdf')]);
    expect(document?.id).toMatch(/^doc_/);
    expect(uploader.getSnapshot().status).toBe('complete');
    expect(streams).toHaveLength(1);
    // Read up to the bound, not the whole 2 MiB (msw pipes the body as the client reads it).
    expect(streams[0]!.pulled).toBeLessThan(1.5 * MiB);
    expect(h.requests('job').length).toBeGreaterThanOrEqual(1);
  });
});
