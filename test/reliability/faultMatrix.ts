/**
 * The fault matrix: one row per fault, the outcome users are promised, and the test that proves it. Pure data (no
 * test runner imports), so that both `faults.test.ts` (which runs one test per row, named by `test`) and the
 * generator of docs/RELIABILITY.md read the same source.
 */

/** One fault and what must happen. */
export interface FaultRow {
  /** Stable id; `faults.test.ts` maps each id to its scenario. */
  id: string;
  /** What goes wrong. */
  fault: string;
  /** The end state the test asserts. */
  expected: string;
  /** The test's name (under `describe('fault matrix')`). */
  test: string;
}

export const FAULT_MATRIX = [
  {
    id: 'put-network-drop',
    fault: 'PUT: the connection drops mid-body, on every attempt, while the browser says it is online',
    expected:
      'Retried with backoff for `retry.networkRetryWindowMs` (2 min by default; not a count of attempts), then the file fails with a retryable NetworkError (no URL in it); once the network is back, retry() stores it; one document',
    test: 'PUT network drop mid-body: retryable error, retry() stores once',
  },
  {
    id: 'put-500-twice',
    fault: 'PUT: storage answers 500 twice, then 200',
    expected: 'Retried with backoff; stored on the 3rd attempt; no error shown; one document',
    test: 'PUT 500 twice then OK: stored on the third attempt',
  },
  {
    id: 'put-403-content-type',
    fault: 'PUT: storage answers 403 SignatureDoesNotMatch (wrong Content-Type)',
    expected:
      'Fails at once (one PUT, not retried) with ForbiddenError reason `content-type`, not retryable; an explicit retry(id) stores it; one document',
    test: 'PUT 403 content-type: fails fast without retries',
  },
  {
    id: 'url-expired',
    fault: 'The signed upload URLs expire before their PUT',
    expected:
      'Storage 403 "Request has expired" leads to a re-init (new job); no file ever shows `failed`; one document per file',
    test: 'upload URL expired before its PUT: re-init, no error shown',
  },
  {
    id: 'init-500',
    fault: 'init answers 500 on every attempt',
    expected:
      'A retryable ServerError on every file after the retry budget (4 inits); retry() after the fault clears stores everything; no PUT was sent before',
    test: 'init 500: retryable error, retry() stores everything',
  },
  {
    id: 'init-429-seconds',
    fault: 'init answers 429 with `Retry-After: 1` (seconds)',
    expected: 'The second init waits at least the Retry-After; stored; one document',
    test: 'init 429 with Retry-After in seconds: waits, then stores',
  },
  {
    id: 'init-429-date',
    fault: 'init answers 429 with `Retry-After: <HTTP-date>`',
    expected: 'The second init waits until that date; stored; one document',
    test: 'init 429 with Retry-After as an HTTP-date: waits, then stores',
  },
  {
    id: 'init-503-v1',
    fault: 'init answers 503 (signed-URL uploads unavailable)',
    expected:
      'The batch goes through the v1 multipart endpoint (token sent there, never to storage); items `complete`, `viaV1`; one document per file',
    test: 'init 503: falls back to v1 multipart',
  },
  {
    id: 'token-401',
    fault: 'The access token is revoked mid-session (401 on the SSE stream)',
    expected:
      'getAccessToken is called once with forceRefresh: true; tracking goes on with the new token; stored',
    test: '401 mid-session: the token is refreshed once',
  },
  {
    id: 'sse-drop',
    fault: 'The SSE stream drops after its first event',
    expected:
      'Reconnects (at least a second stream); completes from the replayed event; no polling needed; one document',
    test: 'SSE dropped after the first event: reconnects and completes',
  },
  {
    id: 'sse-unavailable',
    fault: 'upload-progress answers 503',
    expected: 'Polls `jobs/{jobId}` at once; completes; one document per file',
    test: 'SSE unavailable: falls back to polling',
  },
  {
    id: 'heartbeat-silence',
    fault: 'SSE heartbeats stop (stream stays open, silent)',
    expected: 'The stall watchdog (2x heartbeat) reconnects; completes',
    test: 'heartbeat silence: the watchdog reconnects',
  },
  {
    id: 'job-failed',
    fault: 'The job emits `failed` ("Virus detected")',
    expected:
      'Files fail with a retryable JobFailedError carrying the server message; retry() uploads them in a new job; one document per file, none from the failed job',
    test: 'failed event: clear error, retry() stores in a new job',
  },
  {
    id: 'variants-before-complete',
    fault: '`imageVariantsReady` arrives before `complete`',
    expected:
      'Treated as completion with the enriched documents; onJobComplete called once; no stream opened after it',
    test: 'imageVariantsReady before complete: completes once, enriched',
  },
  {
    id: 'job-never-completes',
    fault: 'The job does not complete within the tracking timeout',
    expected:
      'A retryable TimeoutError that keeps the jobId; the recovery record keeps the job (resumable after a reload); retry() re-attaches to the same job (no second init or PUT); one document',
    test: 'job never completes: timeout keeps the jobId, later resumable',
  },
  {
    id: 'reload-mid-job',
    fault: 'The page reloads while the job is processing',
    expected: 'resume() in the new page re-attaches to the job and reports its documents; no re-upload',
    test: 'reload mid-job: resume() reports the documents',
  },
  {
    id: 'cancel-mid-put',
    fault: 'cancel() while a PUT is in flight',
    expected: 'The XHR is aborted; no request after cancel; item `canceled`; retry() stores it; one document',
    test: 'cancel mid-PUT: no request after cancel, retry() stores once',
  },
  {
    id: 'batch-26',
    fault: '26 files at once (the API takes at most 25 per job)',
    expected: 'Two jobs (25 + 1); 26 documents',
    test: '26 files: two jobs, every file stored once',
  },
  {
    id: 'grouped-26',
    fault: '`grouped: true` with 26 files (one document cannot span jobs)',
    expected: 'A ConfigurationError naming the limit; every file rejected; no request at all',
    test: 'grouped with 26 files: clear error, no request',
  },
  {
    id: 'put-stalled',
    fault: 'PUT: storage never answers (no progress, no response) on the first attempt',
    expected:
      'After stallTimeoutMs the PUT is aborted and retried as a network error; stored on the 2nd attempt; no error shown; one document',
    test: 'PUT that never answers: aborted after the stall timeout, stored on the retry',
  },
  {
    id: 'retry-after-overflow',
    fault:
      'Init answers 429 with a Retry-After of a day (past what a timer can hold in ms for larger values)',
    expected:
      'Not waited (longer than `retry.maxRetryAfterMs`, 60 s by default) and never fired at once: one init, then the file fails with a retryable RateLimitedError that says when to try again; retry() stores it',
    test: 'Retry-After of a day: fails at once with a retryable error, no request storm',
  },
  {
    id: 'offline-mid-upload',
    fault:
      'The browser goes offline mid-upload (`offline` event, navigator.onLine false) for longer than the network retry window; PUTs fail for want of a connection',
    expected:
      'Files show `waiting` ("Waiting for connection"), none fails, no attempt is counted, no onError; on `online` they go by themselves; each stored once; one document',
    test: 'offline mid-upload: files wait, then go by themselves on online',
  },
  {
    id: 'offline-before-add',
    fault: 'Files are added while the browser is offline',
    expected: 'No request at all; the files show `waiting`; on `online` they upload; one document',
    test: 'files added offline: no request until online',
  },
  {
    id: 'api-hang',
    fault: 'init never answers (a server or proxy that hangs)',
    expected:
      'After `requestTimeoutMs` the call fails with a retryable TimeoutError and is retried like a network error; stored once the server answers; one document',
    test: 'init that never answers: timed out, retried, stored',
  },
  {
    id: 'v1-stalled',
    fault: 'v2 is down (503) and the v1 multipart upload never answers on its first attempt',
    expected:
      'After `stallTimeoutMs` the v1 upload is aborted and retried as a network error; stored on the retry; no error shown',
    test: 'v1 upload that never answers: aborted after the stall timeout, stored on the retry',
  },
  {
    id: 'slow-link-url-expiry',
    fault:
      'A slow link: 75 files in 3 jobs take 75 minutes to send, longer than an upload URL lives (60 min)',
    expected:
      'Inits go just in time (one job ahead): 3 inits, 75 PUTs, no re-init and no byte sent twice; 75 documents',
    test: 'slow link: URLs fresh when used, no re-init, no byte sent twice',
  },
  {
    id: 'init-misordered',
    fault: 'init answers list the files in another order than they were sent',
    expected:
      "An InvalidResponseError on every file of the batch and no PUT at all (no bytes go to another file's URL); retry() after the fault clears stores them",
    test: 'init answer out of order: nothing PUT, clear error, retry stores',
  },
  {
    id: 'foreign-job-event',
    fault:
      "The job's SSE stream starts with a `failed` event that names another job (a proxy mixing streams)",
    expected: 'The event is ignored (events are matched by jobId); the job completes; one document, no error',
    test: "another job's event on the stream: ignored, the job completes",
  },
  {
    id: 'shared-pool',
    fault: 'Two uploaders (two form fields) upload at once under one pool of 2 transfers',
    expected:
      'Never more than 2 PUTs in flight across both; the others show `queued`; every file stored once',
    test: 'two uploaders, one pool: at most 2 PUTs at once',
  },
  {
    id: 'sse-budget',
    fault: 'Three jobs process at once with a budget of 1 SSE stream per origin',
    expected: 'At most 1 stream open; the other jobs are polled; all three complete',
    test: 'SSE budget: one stream, the other jobs polled, all complete',
  },
  {
    id: 'duplicate-file',
    fault: 'The same file (name, size, lastModified) is added twice',
    expected: 'The second is rejected with reason `duplicate`; one document',
    test: 'same file added twice: rejected as duplicate, one document',
  },
  {
    id: 'record-not-erased',
    fault:
      'After a reload mid-job, a new uploader gets a file before resume() is called (it used to overwrite the record)',
    expected: 'resume() still finds the landed job and its document; the new file is stored too',
    test: 'new uploader before resume: the recovery record survives',
  },
  {
    id: 'options-change-mid-upload',
    fault: 'The type, rules and concurrency change (update) while a file uploads',
    expected:
      'Nothing is dropped or aborted; the file in flight keeps its type; files added after get the new one',
    test: 'options change mid-upload: nothing dropped, new files use the new type',
  },
] as const satisfies readonly FaultRow[];

/** Ids of the matrix rows. */
export type FaultId = (typeof FAULT_MATRIX)[number]['id'];
