/**
 * Fuzzing (fast-check) of everything the library reads from the network: arbitrary bodies and statuses from every
 * endpoint, mutated documents, job events, SSE streams cut at any byte (CRLF/CR/LF, comments, unknown event types,
 * truncated JSON), error bodies and Retry-After headers, and arbitrary file names. The promise: a typed
 * `DocumentsError` or a correct parse — never a crash, an untyped throw or an unhandled rejection (Vitest fails a run
 * on any unhandled rejection). Run counts come from counts.ts and are reported in docs/RELIABILITY.md.
 */
import { openUploadProgress, parseJobEvent, uploadV1 } from '../../src/core/upload/uploadApi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createDocumentsClient,
  fetchWithToken,
  DEFAULT_EXTENSIONS,
  DocumentsError,
  documentListSchema,
  documentSchema,
  errorFromResponse,
  extensionOf,
  initUploadResponseSchema,
  InvalidResponseError,
  jobEventSchema,
  validateFiles,
  type Document,
  type DocumentsClient,
  type JobEvent,
} from '../../src/core';
import { createTimerSet, type TimerSet } from '../../src/core/upload/timers';
import { readSse } from '../../src/core/upload/sseReader';
import { resolveRetryOptions, resolveTrackingOptions, trackJob } from '../../src/core/upload';
import { fileNameArbitrary } from './arbitraries';
import { FUZZ_RUNS } from './counts';

// A fixed seed keeps CI deterministic; `FUZZ_SEED=<n>` explores (or replays) another sequence.
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20_260_304) });

const BASE = 'https://api.fuzz.test';
const SECRET = 'token_fuzzsecret';
const SIGNED = 'https://storage.fuzz.test/view/d/0/original?expires=1&sig=fuzzsignature';

const STATUSES = [200, 201, 202, 204, 400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 599];

/** Any body text: JSON of any shape, JSON-ish fragments, plain text, XML. */
const bodyText = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '{',
    '[{"id":',
    'null',
    '<Error><Message>x</Message></Error>',
    `{"message":"${SIGNED}"}`,
  ),
);

function clientAnswering(status: number, body: string, retryAfter: string | undefined): DocumentsClient {
  return createDocumentsClient({
    baseUrl: BASE,
    accountId: 'acc_1',
    getAccessToken: () => SECRET,
    fetch: () =>
      Promise.resolve(
        new Response(status === 204 ? null : body, {
          status,
          headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
        }),
      ),
  });
}

type Call = (client: DocumentsClient) => unknown;
const parses = (schema: { safeParse(v: unknown): { success: boolean } }) => (value: unknown) =>
  schema.safeParse(value).success;

/** Every client entry point that reads a response, with the check of a successful result. */
const ENDPOINTS: [string, Call, (value: unknown) => boolean][] = [
  [
    'initUpload',
    (c) => c.initUpload({ files: [{ filename: 'a.pdf', size: 1 }], type: 'utilityBill' }),
    parses(initUploadResponseSchema),
  ],
  ['getJob', (c) => c.getJob('job_1'), parses(jobEventSchema)],
  ['listDocuments', (c) => c.listDocuments(), parses(documentListSchema)],
  ['getDocument', (c) => c.getDocument('doc_1'), parses(documentSchema)],
  ['refreshUrls', (c) => c.refreshUrls('doc_1'), parses(documentSchema)],
  ['archiveDocument', (c) => c.archiveDocument('doc_1'), (v) => v === undefined],
  ['openUploadProgress', (c) => openUploadProgress(c, 'job_1'), (v) => v instanceof Response && v.ok],
  [
    'uploadV1',
    (c) => uploadV1(c, { files: [new Blob(['x'])], filenames: ['a.pdf'], type: 'utilityBill' }),
    parses(documentListSchema),
  ],
  ['fetchWithToken', (c) => fetchWithToken(c, `${BASE}/proxy/doc_1`), (v) => v instanceof Blob],
];

/** Resolves to 'ok' (and checks the value) or 'typed' (a DocumentsError); anything else fails the property. */
async function outcome(call: () => unknown, check: (value: unknown) => boolean) {
  try {
    const value = await call();
    expect(check(value)).toBe(true);
    return 'ok';
  } catch (error) {
    if (!(error instanceof DocumentsError))
      throw new Error(`untyped error: ${String(error)}`, { cause: error });
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('fuzzsignature');
    return 'typed';
  }
}

function validDocument(): Document {
  return {
    id: 'doc_1',
    accountId: 'acc_1',
    applicationId: 'app_1',
    status: 'pending',
    archived: false,
    type: 'utilityBill',
    externalReference: 'ref-1',
    files: [
      {
        originalName: 'bill.pdf',
        contentType: 'application/pdf',
        md5Hash: 'abc',
        sizeKB: 1,
        viewUrls: [{ url: SIGNED, type: 'original', expiresAt: '2030-01-01T00:00:00.000Z' }],
      },
    ],
    meta: { createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z' },
  };
}

/** Every path (as keys) into a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

describe('fuzz: responses', () => {
  it(`every endpoint turns arbitrary statuses and bodies into a parse or a typed error (${FUZZ_RUNS.responseBodies} runs)`, async () => {
    const tally = { ok: 0, typed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.constantFrom(...STATUSES),
        bodyText,
        fc.option(
          fc.oneof(
            fc.string(),
            fc.nat().map(String),
            fc.date().map((d) => d.toUTCString()),
          ),
          {
            nil: undefined,
          },
        ),
        async ([, call, check], status, body, retryAfter) => {
          const client = clientAnswering(status, body, retryAfter);
          tally[await outcome(() => call(client), check)] += 1;
        },
      ),
      { numRuns: FUZZ_RUNS.responseBodies },
    );
    expect(tally.ok + tally.typed).toBe(FUZZ_RUNS.responseBodies);
  });

  it(`a document with any field replaced by arbitrary JSON parses or names the path, never the value (${FUZZ_RUNS.mutatedDocuments} runs)`, async () => {
    const doc = validDocument();
    const allPaths = paths(doc).filter((p) => p.length > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...allPaths),
        fc.oneof(fc.jsonValue(), fc.constant(`${SECRET} ${SIGNED}`)),
        async (path, replacement) => {
          const body = JSON.stringify(replaceAt(doc, path, replacement));
          const client = clientAnswering(200, body, undefined);
          try {
            const parsed = await client.getDocument('doc_1');
            expect(documentSchema.safeParse(parsed).success).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidResponseError);
            const invalid = error as InvalidResponseError;
            expect(invalid.issues.length).toBeGreaterThan(0);
            expect(invalid.message).not.toContain(SECRET);
            expect(JSON.stringify(invalid.issues)).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: FUZZ_RUNS.mutatedDocuments },
    );
  });

  it(`parseJobEvent accepts exactly the contract's events and types everything else (${FUZZ_RUNS.jobEvents} runs)`, () => {
    const event = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'queued',
            'awaitingUpload',
            'complete',
            'imageVariantsReady',
            'failed',
            'progress',
            '',
          ),
          fc.string(),
        ),
        jobId: fc.oneof(fc.string(), fc.integer()),
        documents: fc.oneof(fc.constant([validDocument()]), fc.array(fc.jsonValue(), { maxLength: 2 })),
        error: fc.oneof(fc.string(), fc.jsonValue()),
        timestamp: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          event.map((e) => JSON.stringify(e)),
          bodyText,
        ),
        (data) => {
          try {
            const parsed = parseJobEvent(data);
            expect(jobEventSchema.safeParse(parsed).success).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidResponseError);
          }
        },
      ),
      { numRuns: FUZZ_RUNS.jobEvents },
    );
  });

  it(`errorFromResponse maps any status, body and Retry-After to a typed, redacted error (${FUZZ_RUNS.errorResponses} runs)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 599 }),
        fc.oneof(
          bodyText,
          fc.constantFrom(`{"message":"failed for ${SIGNED}"}`, `Authorization: Bearer ${SECRET}`),
        ),
        fc.option(
          fc.oneof(
            fc.string(),
            fc.double().map(String),
            fc.date().map((d) => d.toUTCString()),
          ),
          {
            nil: null,
          },
        ),
        fc.boolean(),
        (status, body, retryAfter, storage) => {
          const error = errorFromResponse(
            status,
            body,
            { get: (name) => (name === 'retry-after' ? retryAfter : null) },
            { operation: 'fuzz', storage },
          );
          expect(error).toBeInstanceOf(DocumentsError);
          expect(error.status).toBe(status);
          expect(error.message).not.toContain('fuzzsignature');
          expect(error.message).not.toContain(SECRET);
          const wait = (error as { retryAfterMs?: number }).retryAfterMs;
          if (wait !== undefined) expect(Number.isFinite(wait) && wait >= 0).toBe(true);
        },
      ),
      { numRuns: FUZZ_RUNS.errorResponses },
    );
  });
});

// ------------------------------------------------------------------ SSE

type SsePart =
  | { kind: 'data'; lines: string[] }
  | { kind: 'comment'; text: string }
  | { kind: 'named'; event: string; lines: string[] }
  | { kind: 'fields'; id: string; retry: number };

/** Text without line breaks and without a leading space (the parser strips one after the colon). */
const lineText = fc
  .string({ unit: 'binary', maxLength: 40 })
  .map((s) => s.replace(/[\r\n]/g, ' ').replace(/^ /, '_'));
const eventJson = fc
  .oneof(
    fc.constantFrom<JobEvent>(
      { type: 'queued', jobId: 'j' },
      { type: 'complete', jobId: 'j', documents: [validDocument()] },
      { type: 'failed', jobId: 'j', error: 'Virus détecté ✗ \u202Eevil' },
    ),
  )
  .map((e) => JSON.stringify(e));
const ssePart: fc.Arbitrary<SsePart> = fc.oneof(
  fc.record({
    kind: fc.constant('data' as const),
    lines: fc.array(fc.oneof(lineText, eventJson), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('data' as const),
    // Truncated JSON.
    lines: eventJson.chain((json) => fc.nat({ max: json.length - 1 }).map((n) => [json.slice(0, n)])),
  }),
  fc.record({ kind: fc.constant('comment' as const), text: lineText }),
  fc.record({
    kind: fc.constant('named' as const),
    event: fc.constantFrom('ping', 'progress', 'x-unknown'),
    lines: fc.array(lineText, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('fields' as const), id: lineText, retry: fc.nat() }),
);

function serialise(parts: SsePart[], eol: string): { text: string; expected: string[] } {
  let text = '';
  const expected: string[] = [];
  for (const part of parts) {
    switch (part.kind) {
      case 'data':
        text += part.lines.map((l) => `data: ${l}${eol}`).join('') + eol;
        expected.push(part.lines.join('\n'));
        break;
      case 'named':
        text += `event: ${part.event}${eol}` + part.lines.map((l) => `data:${l}${eol}`).join('') + eol;
        expected.push(part.lines.join('\n'));
        break;
      case 'comment':
        text += `:${part.text}${eol}`;
        break;
      case 'fields':
        text += `id: ${part.id.replace(/\0/g, '')}${eol}retry: ${part.retry}${eol}${eol}`;
        break;
    }
  }
  return { text, expected };
}

/** A response streaming `bytes` in chunks cut at `cuts` (byte offsets: multi-byte characters may be split). */
function chunked(bytes: Uint8Array, cuts: number[]): Response {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const point of [...points, bytes.length]) {
    if (point > last) chunks.push(bytes.slice(last, point));
    last = Math.max(last, point);
  }
  let index = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks[index];
        index += 1;
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

describe('fuzz: SSE', () => {
  it(`readSse yields exactly the events' data however the stream is cut and whatever its line endings (${FUZZ_RUNS.sseStreams} runs)`, async () => {
    const timers: TimerSet = createTimerSet();
    await fc.assert(
      fc.asyncProperty(
        fc.array(ssePart, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (parts, eol, cuts) => {
          const { text, expected } = serialise(parts, eol);
          const received: string[] = [];
          const result = await readSse(chunked(new TextEncoder().encode(text), cuts), {
            signal: new AbortController().signal,
            stallMs: 5000,
            timers,
            onData: (data) => {
              received.push(data);
              return 'continue';
            },
          });
          expect(result).toBe('ended');
          expect(received).toEqual(expected);
        },
      ),
      { numRuns: FUZZ_RUNS.sseStreams },
    );
    expect(timers.size).toBe(0);
  });

  it(`the job tracker survives fuzzed streams: valid events in order, garbage skipped, terminal event honoured (${FUZZ_RUNS.sseTracker} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ssePart, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom<JobEvent>(
          { type: 'imageVariantsReady', jobId: 'j', documents: [validDocument()] },
          { type: 'failed', jobId: 'j', error: 'Corrupt' },
        ),
        async (parts, eol, cuts, terminal) => {
          const first = serialise(parts, eol).text;
          const last = `data: ${JSON.stringify(terminal)}${eol}${eol}`;
          let connections = 0;
          const client = createDocumentsClient({
            baseUrl: BASE,
            accountId: 'acc_1',
            getAccessToken: () => SECRET,
            fetch: (input) => {
              const url = String(input instanceof Request ? input.url : input);
              if (url.includes('/jobs/')) return Promise.resolve(Response.json(terminal));
              connections += 1;
              const text = connections === 1 ? first : last;
              return Promise.resolve(chunked(new TextEncoder().encode(text), connections === 1 ? cuts : []));
            },
          });
          const events: JobEvent[] = [];
          const failures: DocumentsError[] = [];
          const timers = createTimerSet();
          const tracker = trackJob({
            client,
            jobId: 'j',
            tracking: resolveTrackingOptions({ heartbeatMs: 1000, pollIntervalMs: 1, timeoutMs: 5000 }),
            retry: resolveRetryOptions({ baseDelayMs: 0, maxDelayMs: 1 }),
            timers,
            onEvent: (event) => events.push(event),
            onFailure: (error) => failures.push(error),
          });
          await tracker.done;
          expect(failures).toEqual([]);
          expect(events.every((e) => jobEventSchema.safeParse(e).success)).toBe(true);
          // The first terminal event (from the fuzzed stream, or the next connection) ends tracking.
          const ended = events.findIndex((e) => e.type === 'failed' || e.type === 'imageVariantsReady');
          expect(ended).toBe(events.length - 1);
          expect(timers.size).toBe(0);
        },
      ),
      { numRuns: FUZZ_RUNS.sseTracker },
    );
  });
});

// ------------------------------------------------------------------ file names

describe('fuzz: file names', () => {
  it(`validateFiles accepts only allowlisted extensions and explains every rejection, whatever the name (${FUZZ_RUNS.fileNames} runs)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fileNameArbitrary, size: fc.nat({ max: 10 }) }), { maxLength: 5 }),
        (files) => {
          const result = validateFiles(files);
          expect(result.accepted.length + result.rejected.length).toBe(files.length);
          for (const file of result.accepted) {
            const ext = extensionOf(file.name);
            expect(ext !== undefined && ext in DEFAULT_EXTENSIONS).toBe(true);
            expect(file.size).toBeGreaterThan(0);
          }
          for (const { errors } of result.rejected) {
            expect(errors.length).toBeGreaterThan(0);
            for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: FUZZ_RUNS.fileNames },
    );
  });
});
