/**
 * Shared helpers of the emulator tests: a fresh mock behind msw/node per test, and small fetch wrappers that talk
 * to it exactly as an integrator would.
 */
import { createParser } from 'eventsource-parser';
import { setupServer } from 'msw/node';
import { afterEach } from 'vitest';
import { jobEventSchema, type JobEvent } from '../../src/core/api/schemas';
import { createDocumentsApiMock, type DocumentsApiMock, type DocumentsApiMockOptions } from '../../src/mock';

const server = setupServer();
let current: DocumentsApiMock | undefined;
let listening = false;

afterEach(() => {
  current?.dispose();
  current = undefined;
  server.resetHandlers();
});

/** A fresh emulator with short delays, served by msw/node (`onUnhandledRequest: 'error'`). */
export function useMock(options: DocumentsApiMockOptions = {}): Api {
  if (!listening) {
    server.listen({ onUnhandledRequest: 'error' });
    listening = true;
  }
  current?.dispose();
  const mock = createDocumentsApiMock({ processingDelayMs: 5, variantsDelayMs: 5, ...options });
  current = mock;
  server.resetHandlers(...mock.handlers);
  return api(mock);
}

/** Per-test API helpers. */
export interface Api {
  mock: DocumentsApiMock;
  root: string;
  auth: Record<string, string>;
  call: (path: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;
  init: (body: unknown, options?: { token?: string; account?: string }) => Promise<Response>;
  initOk: (body: unknown) => Promise<InitBody>;
  put: (file: InitFile, bytes: Uint8Array | string, headers?: Record<string, string>) => Promise<Response>;
  upload: (
    type: string,
    files: { filename: string; bytes: Uint8Array | string }[],
    fields?: Record<string, unknown>,
  ) => Promise<InitBody>;
  job: (jobId: string) => Promise<JobEvent>;
}

export interface InitFile {
  filename: string;
  stagingPath: string;
  uploadUrl: string;
  expiresAt: string;
  contentType: string;
}
export interface InitBody {
  jobId: string;
  status: string;
  files: InitFile[];
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function byteLength(bytes: Uint8Array | string): number {
  return typeof bytes === 'string' ? encode(bytes).byteLength : bytes.byteLength;
}

/** Helpers bound to a mock. */
export function api(mock: DocumentsApiMock): Api {
  const root = `${mock.baseUrl}/api/v2/accounts/${mock.accountId}/documents`;
  const auth = { authorization: `Bearer ${mock.token}` };
  const self: Api = {
    mock,
    root,
    auth,
    call(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token ?? mock.token}`);
      return fetch(path.startsWith('http') ? path : `${root}${path}`, { ...rest, headers });
    },
    init(body, options = {}) {
      const url =
        options.account === undefined ? root : `${mock.baseUrl}/api/v2/accounts/${options.account}/documents`;
      return fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token ?? mock.token}`,
          'content-type': 'application/json',
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async initOk(body) {
      const response = await self.init(body);
      if (response.status !== 202)
        throw new Error(`init answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as InitBody;
    },
    put(file, bytes, headers = { 'content-type': file.contentType }) {
      return fetch(file.uploadUrl, {
        method: 'PUT',
        headers,
        body: typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>),
      });
    },
    async upload(type, files, fields) {
      const body = await self.initOk({
        type,
        files: files.map((f) => ({ filename: f.filename, size: byteLength(f.bytes) })),
        ...(fields === undefined ? {} : { fields }),
      });
      await Promise.all(
        body.files.map(async (entry, i) => {
          const res = await self.put(entry, files[i]!.bytes);
          if (res.status !== 200) throw new Error(`PUT answered ${res.status}`);
        }),
      );
      return body;
    },
    async job(jobId) {
      const response = await self.call(`/jobs/${jobId}`);
      if (response.status !== 200) throw new Error(`job answered ${response.status}`);
      return jobEventSchema.parse(await response.json());
    },
  };
  return self;
}

/** What an SSE reader saw. */
export interface SseRead {
  events: JobEvent[];
  comments: string[];
  /** Whether the stream ended cleanly (false when it errored). */
  closed: boolean;
  error?: unknown;
}

/** Reads an SSE response to its end (or `until` returns true), validating each event with the job event schema. */
export async function readSse(response: Response, until?: (read: SseRead) => boolean): Promise<SseRead> {
  const read: SseRead = { events: [], comments: [], closed: false };
  const parser = createParser({
    onEvent: (message) => read.events.push(jobEventSchema.parse(JSON.parse(message.data))),
    onComment: (comment) => read.comments.push(comment.trim()),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        read.closed = true;
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (until?.(read) === true) {
        // Not awaited: under msw/node a cancel settles only when the source writes again.
        reader.cancel().catch(() => undefined);
        break;
      }
    }
  } catch (error) {
    read.error = error;
  }
  return read;
}

/** Waits until `check` passes (polling every 5 ms, up to `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A controllable clock. */
export function clock(start = Date.parse('2025-01-01T12:00:00.000Z')): {
  now: () => number;
  advance(ms: number): void;
} {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

export const MINUTE = 60_000;
