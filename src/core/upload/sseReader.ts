/**
 * Reads one server-sent-events response body with `eventsource-parser` (v3), fed by `fetch` because the native
 * EventSource cannot send a bearer token. A stall watchdog cancels the read when no byte (event or heartbeat
 * comment) arrives for `stallMs`. An event (a line without its end, or data lines without their blank line) is
 * bounded by {@link MAX_SSE_EVENT_CHARS}: past it the read ends with {@link SseEventTooLargeError}.
 */
import { createParser } from 'eventsource-parser';
import { AbortedError, InvalidResponseError, NetworkError } from '../api/errors';
import type { TimerSet } from './timers';

/** The largest SSE event (in characters, 1 MiB) a read buffers; a job event is a few kilobytes. */
export const MAX_SSE_EVENT_CHARS = 2 ** 20;

/** An SSE event grew past {@link MAX_SSE_EVENT_CHARS}: the stream is not a job-event stream to follow. */
export class SseEventTooLargeError extends InvalidResponseError {
  constructor() {
    super('upload-progress event exceeded 1 MiB.', { operation: 'uploadProgress' });
  }
}

/** How a read ended when it did not throw. */
export type SseReadOutcome =
  /** `onData` asked to stop (a terminal event): the stream was closed by us. */
  | 'closed'
  /** The server ended the stream. */
  | 'ended'
  /** No byte for `stallMs`: the watchdog cancelled the read. */
  | 'stalled';

/** Options of {@link readSse}. */
export interface ReadSseOptions {
  /** Stops the read; it then rejects with {@link AbortedError}. */
  signal: AbortSignal;
  /** Cancel the read after this long without a byte. */
  stallMs: number;
  timers: TimerSet;
  /** Called with each event's `data`; return `'close'` to stop reading. */
  onData(data: string): 'continue' | 'close';
}

/** Reads `response.body` as SSE until it ends, stalls, `onData` says `'close'`, or `signal` aborts. */
export async function readSse(response: Response, options: ReadSseOptions): Promise<SseReadOutcome> {
  const { signal, timers } = options;
  const body = response.body;
  if (!body) return 'ended';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let outcome: SseReadOutcome | undefined;
  // Read through calls: TypeScript would keep narrowings across awaits and callbacks.
  const current = (): SseReadOutcome | undefined => outcome;
  const isAborted = (): boolean => signal.aborted;
  const cancelRead = (): void => {
    reader.cancel().catch(() => undefined);
  };
  const parser = createParser({
    maxBufferSize: MAX_SSE_EVENT_CHARS,
    // The parser has dropped what it buffered and refuses further input (this is the last thing its `feed` does):
    // the read ends, the error thrown out of `feed` below.
    onError(error) {
      if (error.type !== 'max-buffer-size-exceeded') return;
      cancelRead();
      throw new SseEventTooLargeError();
    },
    onEvent(message) {
      if (outcome) return;
      if (options.onData(message.data) === 'close') outcome = 'closed';
    },
    // No `onComment`: heartbeat comments only need to reset the watchdog, which every chunk does.
  });
  let lastChar: string | undefined;
  const feed = (text: string): void => {
    if (text === '' || current() === 'closed') return;
    lastChar = text.at(-1);
    parser.feed(text);
  };
  let clearWatchdog: () => void = () => undefined;
  const arm = (): void => {
    clearWatchdog();
    clearWatchdog = timers.set(() => {
      outcome ??= 'stalled';
      cancelRead();
    }, options.stallMs);
  };
  // A mocked (or proxied) body does not always observe the fetch's signal: cancel the reader ourselves.
  signal.addEventListener('abort', cancelRead, { once: true });
  arm();
  try {
    for (;;) {
      if (isAborted()) throw new AbortedError('upload-progress stream was aborted.');
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (isAborted()) throw new AbortedError('upload-progress stream was aborted.');
        if (current() === 'stalled') return 'stalled';
        throw new NetworkError('upload-progress stream broke.', {
          cause: error,
          operation: 'uploadProgress',
        });
      }
      if (isAborted()) throw new AbortedError('upload-progress stream was aborted.');
      if (current() === 'stalled') return 'stalled';
      if (chunk.done) {
        feed(decoder.decode());
        // A stream ending in a lone CR (a valid line terminator) leaves the parser waiting for a possible LF: the
        // stream is over, so complete it as CRLF (same meaning). An event without its blank line stays undispatched.
        if (lastChar === '\r') feed('\n');
        return current() === 'closed' ? 'closed' : 'ended';
      }
      arm();
      feed(decoder.decode(chunk.value, { stream: true }));
      if (current() === 'closed') {
        cancelRead();
        return 'closed';
      }
    }
  } finally {
    clearWatchdog();
    signal.removeEventListener('abort', cancelRead);
  }
}
