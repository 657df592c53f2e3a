/**
 * How much the reliability suite runs, in one place: the tests read these numbers, and docs/RELIABILITY.md reports
 * them. Pure data (no test runner imports).
 */

/** Chaos seeds run in CI (`CHAOS_SEEDS=n` runs more, `CHAOS_SEED=k` replays one). */
export const CHAOS_SEEDS = 200;

/** fast-check runs per fuzzed property. */
export const FUZZ_RUNS = {
  /** Arbitrary JSON and text bodies with arbitrary statuses, for every client endpoint. */
  responseBodies: 150,
  /** Valid documents with one field replaced by arbitrary JSON. */
  mutatedDocuments: 150,
  /** Job events through `parseJobEvent`. */
  jobEvents: 150,
  /** SSE streams: split chunks (at any byte), CRLF/CR/LF, comments, unknown event types, truncated JSON. */
  sseStreams: 150,
  /** The job tracker reading fuzzed SSE streams end to end. */
  sseTracker: 60,
  /** Error bodies and Retry-After headers through `errorFromResponse`. */
  errorResponses: 150,
  /** Arbitrary file names through `validateFiles`. */
  fileNames: 200,
  /** Arbitrary file names rendered by `<UploadList>` and `<ThumbnailGrid>`. */
  renderedNames: 60,
} as const;

/** Every fuzz run, summed. */
export const TOTAL_FUZZ_RUNS = Object.values(FUZZ_RUNS).reduce((sum, n) => sum + n, 0);
