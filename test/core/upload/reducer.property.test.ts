/**
 * Property tests of the upload reducer: random sequences of commands and outcomes, each outcome generated for an
 * effect that is live at that point (as the runner would report it), with the engine's invariants checked after
 * every step. A model of the runner's live effect keys is kept: an effect under a key replaces the one before it,
 * `abort` removes it, and an outcome that ends its work (putOk, initFailed, retryDue, trackingEnded, …) removes it
 * before it is dispatched, as the runner does.
 *
 * Invariants: transfers in flight ≤ concurrency; exactly one live effect per phase that owns work (and of the right
 * kind), no live key without its owner; file, job and batch references agree; nothing changes, is effected or is
 * emitted after dispose; progress < 100 % unless every counted file is stored; an unchanged file keeps its
 * UploadItem. Beyond the issue's list: no active file is stranded (see checkLiveness), emits name what the new
 * state shows, and a complete job stays complete. Known bugs end a sequence where they are reached (see below).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  InvalidRequestError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnavailableError,
} from '../../../src/core/api/errors';
import type { Document, InitUploadResponse } from '../../../src/core/api/schemas';
import type { Effect, EngineEvent, Outcome } from '../../../src/core/upload/events';
import { reduce, type Transition } from '../../../src/core/upload/reducer';
import { resolveRetryOptions } from '../../../src/core/upload/backoff';
import { engineConfig } from './helpers';
import { createProjector } from '../../../src/core/upload/snapshot';
import {
  heldBy,
  inFlight,
  initialState,
  isActive,
  jobFiles,
  jobOf,
  landed,
  type BatchState,
  type Ctx,
  type EngineConfig,
  type EngineState,
} from '../../../src/core/upload/state';
import type { UploadItem, UploadSnapshot } from '../../../src/core/upload/types';

const START = Date.parse('2030-01-01T00:00:00.000Z');
/** Small, so that URLs run out within a few steps of the clock. */
const MARGIN = 2_000;
/** 200 sequences by default; REDUCER_PROPERTY_RUNS / REDUCER_PROPERTY_SEED (printed by fast-check on a failure) to dig deeper or replay. */
const RUNS = Number(process.env.REDUCER_PROPERTY_RUNS ?? 200);
const SEED = process.env.REDUCER_PROPERTY_SEED;
const MAX_STEPS = 40;

// ---------------------------------------------------------------- the run: state, live keys, clock

interface Run {
  readonly config: EngineConfig;
  state: EngineState;
  /** The runner's live work, by key. */
  readonly live: Map<string, Effect>;
  now: number;
  /** The dispose command was dispatched: the runner stopped everything. */
  disposed: boolean;
  /** Effects live when dispose came: outcomes of them are still sent (late ones a runner must drop). */
  stale: Map<string, Effect>;
  /** Ids that were in the state once and are gone (removed or cleared). */
  readonly gone: Set<string>;
  jobSeq: number;
  fileSeq: number;
  readonly trace: string[];
}

/** One step's random choices, read against the state at that step. */
interface Choice {
  readonly pick: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

type Gen = (choice: Choice) => EngineEvent;

const at = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

const doc = (id: string, names: readonly string[]): Document => ({
  id,
  accountId: 'acc-1',
  status: 'pending',
  archived: false,
  type: 'utilityBill',
  files: names.map((originalName) => ({ originalName, contentType: 'application/pdf', viewUrls: [] })),
});

/** One document per name, or one for all (`whole`). */
const docsFor = (prefix: string, names: readonly string[], whole: boolean): Document[] =>
  whole ? [doc(`${prefix}-all`, names)] : names.map((name, i) => doc(`${prefix}-${i}`, [name]));

const PUT_ERRORS = [
  () => new NetworkError('PUT upload failed: network', { operation: 'PUT upload' }),
  () => new ServerError('PUT upload failed with 500', { status: 500, operation: 'PUT upload' }),
  () => new RateLimitedError('PUT upload failed with 429', { status: 429, retryAfterMs: 100 }),
  () => new InvalidRequestError('PUT upload failed with 400', { status: 400, operation: 'PUT upload' }),
  () => new ForbiddenError('PUT upload failed with 403', { status: 403, reason: 'content-type' }),
  () => new ForbiddenError('PUT upload failed with 403: expired', { status: 403, reason: 'expired' }),
] as const;

const INIT_ERRORS: readonly (() => unknown)[] = [
  () => new UnavailableError('initUpload failed with 503', { status: 503, operation: 'initUpload' }),
  () => new ServerError('initUpload failed with 500', { status: 500, operation: 'initUpload' }),
  () => new NetworkError('initUpload failed: network', { operation: 'initUpload' }),
  () => new InvalidRequestError('initUpload failed with 400', { status: 400, operation: 'initUpload' }),
  () => new Error('boom'),
];

const V1_ERRORS: readonly (() => unknown)[] = [
  () => new NetworkError('uploadV1 failed: network', { operation: 'uploadV1' }),
  () => new InvalidRequestError('uploadV1 failed with 400', { status: 400, operation: 'uploadV1' }),
];

/** A well-formed init answer for the files the init announced; each URL expires soon, later, or much later. */
function initAnswer(run: Run, effect: Extract<Effect, { type: 'init' }>, ch: Choice): Outcome {
  run.jobSeq += 1;
  const jobId = `job-${run.jobSeq}`;
  const lifetimes = [10 * 60_000, MARGIN / 2, MARGIN + 3_000, 10 * 60_000];
  const response: InitUploadResponse = {
    jobId,
    status: 'awaitingUpload',
    files: effect.request.files.map((f, i) => ({
      filename: f.filename,
      stagingPath: `staging/${jobId}/${i}`,
      uploadUrl: `https://storage.example/${jobId}/${i}?X-Amz-Signature=s`,
      expiresAt: new Date(run.now + (at(lifetimes, ch.b + i * ch.c) ?? 0)).toISOString(),
      contentType: 'application/pdf',
    })),
  };
  return { type: 'initOk', batch: effect.batch, response };
}

/** The outcomes the runner could report for a live effect. */
function outcomesOf(run: Run, effect: Effect): [number, Gen][] {
  const { state } = run;
  switch (effect.type) {
    case 'abort':
      return [];
    case 'wait':
      return [[40, () => effect.then]];
    case 'put': {
      const size = state.files.get(effect.id)?.size ?? 0;
      const { id } = effect;
      return [
        [10, () => ({ type: 'putStarted', id })],
        [10, (ch) => ({ type: 'putProgress', id, loaded: Math.floor((size * (ch.a % 5)) / 4) })],
        [20, () => ({ type: 'putOk', id })],
        [
          15,
          (ch) => ({
            type: 'putFailed',
            id,
            error: (at(PUT_ERRORS, ch.a) ?? PUT_ERRORS[0])(),
            ...(ch.b % 7 === 0 ? { fatal: true } : {}),
            ...(ch.c % 5 === 0 ? { offline: true } : {}),
          }),
        ],
      ];
    }
    case 'init':
      return [
        [25, (ch) => initAnswer(run, effect, ch)],
        [
          15,
          (ch) => ({
            type: 'initFailed',
            batch: effect.batch,
            error: (at(INIT_ERRORS, ch.a) ?? Error)(),
            ...(ch.c % 5 === 0 ? { offline: true } : {}),
          }),
        ],
      ];
    case 'v1': {
      const { batch } = effect;
      const entry = state.batches.get(batch);
      const names = (entry?.files ?? []).map((id) => state.files.get(id)?.name ?? '?');
      const total = (entry?.files ?? []).reduce((sum, id) => sum + (state.files.get(id)?.size ?? 0), 0);
      return [
        [5, () => ({ type: 'v1Started', batch })],
        [10, (ch) => ({ type: 'v1Progress', batch, loaded: ch.a % (total + 1), total })],
        [20, (ch) => ({ type: 'v1Ok', batch, documents: docsFor(`v1-${batch}`, names, ch.b % 2 === 0) })],
        [
          10,
          (ch) => ({
            type: 'v1Failed',
            batch,
            error: (at(V1_ERRORS, ch.a) ?? Error)(),
            ...(ch.c % 5 === 0 ? { offline: true } : {}),
          }),
        ],
      ];
    }
    case 'track': {
      const { job } = effect;
      const entry = state.jobs.get(job);
      const names = (entry?.files ?? []).map((id) => state.files.get(id)?.name ?? '?');
      const ended: [number, Gen] = [10, () => ({ type: 'trackingEnded', job })];
      const timeout: [number, Gen] = [
        5,
        () => ({ type: 'trackingFailed', job, error: new TimeoutError('job tracking timed out') }),
      ];
      const variants: [number, Gen] = [
        10,
        (ch) => ({
          type: 'jobEvent',
          job,
          event: { type: 'imageVariantsReady', documents: docsFor(job, names, ch.b % 2 === 0) },
        }),
      ];
      // After a terminal event the stream ends; after complete only variants (or the end) may follow.
      if (entry === undefined || entry.status === 'failed' || entry.variantsReady) return [ended];
      if (entry.status === 'complete') return [variants, ended, timeout];
      return [
        [
          20,
          (ch) => ({
            type: 'jobEvent',
            job,
            event: { type: 'complete', documents: docsFor(job, names, ch.b % 2 === 0) },
          }),
        ],
        variants,
        [8, () => ({ type: 'jobEvent', job, event: { type: 'failed', error: 'corrupt file' } })],
        [4, () => ({ type: 'jobEvent', job, event: { type: 'queued' } })],
        timeout,
      ];
    }
  }
}

/** New files for `add`: some refused (bad extension, empty), sometimes more than 25. */
function newFiles(run: Run, ch: Choice): File[] {
  const count = ch.b % 23 === 0 ? 26 + (ch.a % 5) : 1 + (ch.a % 3);
  return Array.from({ length: count }, (_, i) => {
    run.fileSeq += 1;
    const bad = (ch.c + i) % 9 === 0;
    const empty = (ch.c + i) % 13 === 0;
    const size = empty ? 0 : 1 + ((ch.c * 7 + i * 31) % 500);
    return new File([new Uint8Array(size)], `f${run.fileSeq}.${bad ? 'exe' : 'pdf'}`);
  });
}

/** Every event that could come next: the user's commands and the outcomes of live work. */
function candidates(run: Run): [number, Gen][] {
  const { state } = run;
  const ids = [...state.files.keys()];
  const jobIds = [...state.jobs.keys()];
  const out: [number, Gen][] = [
    [
      30,
      (ch) => ({ type: 'add', files: newFiles(run, ch), strict: ch.b % 5 === 0, collect: ch.c % 6 === 0 }),
    ],
    [15, (ch) => ({ type: 'retry', id: ch.a % 3 === 0 ? undefined : at(ids, ch.b) })],
    [2, () => ({ type: 'clear' })],
    [
      5,
      (ch) => ({
        type: 'resume',
        files: Array.from({ length: 1 + (ch.a % 2) }, (_, i) => ({
          name: `r${ch.c}-${i}.pdf`,
          size: 10 + i,
          jobId: [at(jobIds, ch.c) ?? null, `old-${ch.c % 4}`, null][(ch.a + i) % 3] ?? null,
          landed: (ch.b + i) % 3 !== 0,
          status: 'processing',
        })),
      }),
    ],
    [1, () => ({ type: 'dispose' })],
    // The browser goes offline or comes back (offline more often while online, and the other way round).
    [state.online ? 3 : 12, () => ({ type: 'connectivity', online: !state.online })],
    [1, () => ({ type: 'configured' })],
  ];
  if (ids.length > 0) {
    out.push([10, (ch) => ({ type: 'cancel', id: ch.a % 4 === 0 ? undefined : at(ids, ch.b) })]);
    out.push([10, (ch) => ({ type: 'remove', ids: [at(ids, ch.b) ?? ''] })]);
    // Collect, then upload: reorder, then send all or some (in a given order).
    out.push([4, (ch) => ({ type: 'move', id: at(ids, ch.a) ?? '', index: (ch.b % 5) - 1 })]);
    out.push([
      4,
      (ch) => ({
        type: 'start',
        ids: ch.a % 3 === 0 ? undefined : [at(ids, ch.b) ?? '', at(ids, ch.c) ?? ''],
      }),
    ]);
  }
  // Outcomes weigh twice as much as commands: work in flight mostly answers before the user acts again.
  for (const effect of (run.disposed ? run.stale : run.live).values())
    for (const [weight, gen] of outcomesOf(run, effect)) out.push([2 * weight, gen]);
  return out;
}

function choose(options: readonly [number, Gen][], ch: Choice): EngineEvent {
  const total = options.reduce((sum, [w]) => sum + w, 0);
  let n = ch.pick % total;
  for (const [weight, gen] of options) {
    if (n < weight) return gen(ch);
    n -= weight;
  }
  throw new Error('unreachable');
}

/** The key whose work an outcome ends (the runner lets the key go before dispatching it). */
function endsKey(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'initOk':
    case 'initFailed':
    case 'batchDue':
    case 'v1Ok':
    case 'v1Failed':
      return `b:${event.batch}`;
    case 'putOk':
    case 'putFailed':
    case 'retryDue':
      return `f:${event.id}`;
    case 'trackingFailed':
    case 'trackingEnded':
      return `j:${event.job}`;
    default:
      return undefined;
  }
}

const describeEvent = (event: EngineEvent): string => {
  const parts: string[] = [event.type];
  if ('id' in event && event.id !== undefined) parts.push(event.id);
  if ('ids' in event && event.ids !== undefined) parts.push(event.ids.join(','));
  if ('batch' in event) parts.push(`b${event.batch}`);
  if (event.type === 'move') parts.push(`→${event.index}`);
  if ('job' in event) parts.push(event.job);
  if (event.type === 'add')
    parts.push(
      event.files.map((f) => `${(f as Partial<File>).name ?? ''}/${f.size}`).join(',') +
        (event.strict ? ' strict' : '') +
        (event.collect === true ? ' collect' : ''),
    );
  if ('error' in event && event.error instanceof Error)
    parts.push(
      `${event.error.name}${event.error instanceof ForbiddenError ? `(${event.error.reason})` : ''}`,
    );
  if (event.type === 'jobEvent') parts.push(event.event.type);
  if (event.type === 'initOk')
    parts.push(
      event.response.jobId,
      event.response.files.map((f) => Date.parse(f.expiresAt) - START).join(','),
    );
  if (event.type === 'resume')
    parts.push(JSON.stringify(event.files.map((f) => [f.name, f.jobId, f.landed])));
  return parts.join(' ');
};

const describeState = (state: EngineState): string =>
  [...state.files.values()]
    .map((f) => `${f.id}:${f.phase}${jobOf(f) === undefined ? '' : `@${jobOf(f)}`}`)
    .join(' ');

// ---------------------------------------------------------------- invariants

/** A v1 batch queued for a transfer slot: the one kind of batch with no work running. */
const waitsForSlot = (state: EngineState, batch: BatchState): boolean =>
  batch.v1 && !batch.sending && state.queue.some((task) => 'v1' in task && task.v1 === batch.id);

/** Exactly one live effect per phase that owns work, of the right kind, and no live key without its owner. */
function checkKeys(run: Run): void {
  const { state, live } = run;
  const owners = new Map<string, (effect: Effect) => boolean>();
  for (const file of state.files.values()) {
    if (file.phase === 'sending') owners.set(`f:${file.id}`, (e) => e.type === 'put' && e.id === file.id);
    if (file.phase === 'backoff')
      owners.set(
        `f:${file.id}`,
        (e) => e.type === 'wait' && e.then.type === 'retryDue' && e.then.id === file.id,
      );
  }
  for (const batch of state.batches.values()) {
    // Not sent yet (just in time) or held while offline: no work of its own.
    if (waitsForSlot(state, batch) || (!batch.v1 && !batch.sent)) continue;
    const due = (e: Effect) => e.type === 'wait' && e.then.type === 'batchDue' && e.then.batch === batch.id;
    owners.set(
      `b:${batch.id}`,
      !batch.v1
        ? (e) => (e.type === 'init' && e.batch === batch.id) || due(e)
        : batch.sending
          ? (e) => e.type === 'v1' && e.batch === batch.id
          : due,
    );
  }
  for (const job of state.jobs.values())
    if (job.tracking) owners.set(`j:${job.id}`, (e) => e.type === 'track' && e.job === job.id);
  for (const [key, fits] of owners) {
    const effect = live.get(key);
    expect(effect, `work owned by ${key} has no live effect`).toBeDefined();
    if (effect !== undefined)
      expect(fits(effect), `${key} runs the wrong work: ${JSON.stringify(effect)}`).toBe(true);
  }
  for (const key of live.keys()) expect(owners.has(key), `live effect ${key} has no owner`).toBe(true);
}

/** Files, jobs and batches point at each other consistently. */
function checkReferences(run: Run): void {
  const { state } = run;
  for (const file of state.files.values()) {
    const job = jobOf(file);
    if (job !== undefined && file.phase !== 'failed' && file.phase !== 'canceled') {
      const entry = state.jobs.get(job);
      expect(entry, `${file.id} (${file.phase}) points at job ${job}, which does not exist`).toBeDefined();
      expect(entry?.files, `job ${job} does not list ${file.id}`).toContain(file.id);
    }
    if (file.phase === 'announcing' || file.phase === 'v1') {
      const batch = state.batches.get(file.batch);
      expect(
        batch,
        `${file.id} (${file.phase}) points at batch ${file.batch}, which does not exist`,
      ).toBeDefined();
      expect(batch?.files, `batch ${file.batch} does not list ${file.id}`).toContain(file.id);
      expect(batch?.v1, `${file.id} is ${file.phase} in a batch with v1 ${batch?.v1}`).toBe(
        file.phase === 'v1',
      );
    }
  }
  for (const job of state.jobs.values())
    for (const id of job.files)
      expect(state.files.has(id) || run.gone.has(id), `job ${job.id} lists ${id}, which never existed`).toBe(
        true,
      );
}

/**
 * Every file with work ahead has a way forward: a queued one is in the queue; nothing waits for a free slot unless
 * some live work will report back (every transition ends with the pump: a slot freed by a re-init inside the pump's
 * own pass is taken at the next one, and the re-init's init is live); a stored one belongs to a job that is tracked,
 * held by a failed sibling, or still waits for a sibling's bytes. (Announcing, v1, sending and backoff files are
 * covered by their live keys.)
 */
function checkLiveness(run: Run): void {
  const { state } = run;
  // Offline, queued work waits for the connection by design.
  const free = state.online && inFlight(state) < run.config.concurrency && run.live.size === 0;
  const batches = [...state.batches.values()].filter((b) => !b.v1);
  const waitingJobs = new Set(
    [...state.files.values()].flatMap((f) => (f.phase === 'queued' ? [f.job] : [])),
  );
  if (state.online && batches.some((b) => !b.sent))
    expect(
      batches.filter((b) => b.sent).length + waitingJobs.size,
      'an init waits to be sent while fewer than two jobs are ahead',
    ).toBeGreaterThanOrEqual(2);
  for (const file of state.files.values()) {
    if (file.phase === 'queued') {
      expect(
        state.queue.some((task) => 'put' in task && task.put === file.id),
        `${file.id} is queued but not in the queue`,
      ).toBe(true);
      expect(free, `${file.id} waits for a slot while one is free`).toBe(false);
    }
    if (file.phase === 'stored') {
      const job = state.jobs.get(file.job);
      const waiting = job !== undefined && jobFiles(state, job).some((f) => isActive(f) && !landed(f));
      expect(
        job !== undefined && (job.tracking || heldBy(state, job) !== undefined || waiting),
        `${file.id} is stored in job ${file.job}, which nothing will move on (${JSON.stringify(job)})`,
      ).toBe(true);
    }
  }
  for (const batch of state.batches.values())
    if (waitsForSlot(state, batch))
      expect(free, `batch ${batch.id} waits for a slot while one is free`).toBe(false);
}

/** Each emit names what the new state shows: a failed file, a complete file, a complete job. */
function checkEmits(state: EngineState, t: Transition): void {
  for (const emit of t.emits) {
    if (emit.type === 'onError' && emit.id !== undefined)
      expect(state.files.get(emit.id)?.phase, `onError for ${emit.id}`).toBe('failed');
    if (emit.type === 'onFileComplete')
      expect(state.files.get(emit.id)?.phase, `onFileComplete for ${emit.id}`).toBe('complete');
    if (emit.type === 'onJobComplete' || emit.type === 'onVariantsReady')
      expect(state.jobs.get(emit.job)?.status, `${emit.type} for ${emit.job}`).toBe('complete');
  }
}

/** `complete` means success: a job that completed stays complete while it is listed. */
function checkCompleteStays(before: EngineState, after: EngineState): void {
  for (const job of before.jobs.values()) {
    const now = after.jobs.get(job.id);
    if (job.status === 'complete' && now !== undefined)
      expect(now.status, `job ${job.id} was complete and became ${now.status}`).toBe('complete');
  }
}

const COUNTED_OUT = new Set(['failed', 'canceled', 'rejected', 'collected']);

/** A collected file is in no batch, job or queue: nothing is sent before `start`, and no work waits on it. */
function checkCollected(state: EngineState): void {
  const collected = new Set(
    [...state.files.values()].filter((f) => f.phase === 'collected').map((f) => f.id),
  );
  for (const batch of state.batches.values())
    for (const id of batch.files)
      expect(collected.has(id), `collected ${id} is in batch ${batch.id}`).toBe(false);
  for (const job of state.jobs.values())
    for (const id of job.files) expect(collected.has(id), `collected ${id} is in job ${job.id}`).toBe(false);
  for (const task of state.queue)
    if ('put' in task) expect(collected.has(task.put), `collected ${task.put} is queued`).toBe(false);
}

/** Progress never claims 100 % before every counted file is stored or complete. */
function checkProgress(snapshot: UploadSnapshot): void {
  const counted = snapshot.items.filter((i) => !COUNTED_OUT.has(i.status));
  const stored = counted.every((i) => i.status === 'processing' || i.status === 'complete');
  if (!stored)
    expect(snapshot.progress.percent, 'progress reached 100 % before every file was stored').toBeLessThan(
      100,
    );
  expect(snapshot.progress.percent).toBeGreaterThanOrEqual(0);
  expect(snapshot.progress.percent).toBeLessThanOrEqual(100);
}

/** A file whose state object did not change keeps its UploadItem (unless only its waitingFor changed). */
function checkIdentity(
  before: EngineState,
  after: EngineState,
  prev: UploadSnapshot,
  next: UploadSnapshot,
): void {
  const prevItems = new Map<string, UploadItem>(prev.items.map((i) => [i.id, i]));
  for (const item of next.items) {
    const old = prevItems.get(item.id);
    if (old === undefined || before.files.get(item.id) !== after.files.get(item.id)) continue;
    if (old.waitingFor !== item.waitingFor) continue;
    // Queued shows `waiting` while offline: the same file, another status.
    if (before.online !== after.online && old.status !== item.status) continue;
    expect(item, `${item.id} is unchanged but got a new UploadItem`).toBe(old);
  }
}

// ---------------------------------------------------------------- the property

/** One random step, checked. */
function step(
  run: Run,
  project: (s: EngineState) => UploadSnapshot,
  prev: UploadSnapshot,
  ch: Choice,
): UploadSnapshot {
  const event = choose(candidates(run), ch);
  run.trace.push(`${run.trace.length + 1}. +${run.now - START}ms ${describeEvent(event)}`);
  const before = run.state;
  const ctx: Ctx = { now: run.now, random: () => (ch.c % 100) / 100, config: run.config };
  const t: Transition = reduce(before, event, ctx);
  run.state = t.state;

  if (run.disposed) {
    expect(t.state, 'the state changed after dispose').toBe(before);
    expect(t.effects, 'an effect after dispose').toEqual([]);
    expect(t.emits, 'an emit after dispose').toEqual([]);
    return prev;
  }
  const ended = endsKey(event);
  if (ended !== undefined) run.live.delete(ended);
  for (const effect of t.effects) {
    if (effect.type === 'abort') run.live.delete(effect.key);
    else run.live.set(effect.key, effect);
  }
  for (const id of before.files.keys()) if (!t.state.files.has(id)) run.gone.add(id);
  if (event.type === 'dispose') {
    expect(t.state.disposed).toBe(true);
    expect(t.effects, 'dispose has effects (the runner stops everything)').toEqual([]);
    expect(t.emits).toEqual([]);
    run.disposed = true;
    run.stale = new Map(run.live);
    run.live.clear();
    return prev;
  }

  expect(inFlight(t.state), 'more transfers in flight than the concurrency').toBeLessThanOrEqual(
    run.config.concurrency,
  );
  if (!t.state.online)
    expect(
      t.effects.filter((e) => e.type === 'put' || e.type === 'init' || e.type === 'v1').map((e) => e.key),
      'work started while offline',
    ).toEqual([]);
  checkKeys(run);
  checkReferences(run);
  checkCollected(run.state);
  checkLiveness(run);
  checkEmits(t.state, t);
  checkCompleteStays(before, t.state);
  const next = project(t.state);
  checkProgress(next);
  checkIdentity(before, t.state, prev, next);
  run.now += (ch.c % 3) * 1000;
  return next;
}

const configArb = fc.record({
  grouped: fc.constantFrom<boolean | undefined>(undefined, true, false),
  concurrency: fc.integer({ min: 1, max: 3 }),
  attempts: fc.integer({ min: 1, max: 3 }),
});

const choiceArb = fc.record({ pick: fc.nat(9999), a: fc.nat(999), b: fc.nat(999), c: fc.nat(999) });

describe('reducer properties (random event sequences)', () => {
  it(
    'after every step: in-flight ≤ concurrency, one live effect per owner, references agree, nothing after dispose, progress and identity hold',
    () => {
      fc.assert(
        fc.property(
          configArb,
          fc.array(choiceArb, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
          (options, choices) => {
            const run: Run = {
              config: engineConfig({
                grouped: options.grouped,
                concurrency: options.concurrency,
                retry: resolveRetryOptions({
                  attempts: options.attempts,
                  baseDelayMs: 100,
                  maxDelayMs: 1000,
                }),
                margin: MARGIN,
                rejectDuplicates: false,
              }),
              state: initialState(),
              live: new Map(),
              now: START,
              disposed: false,
              stale: new Map(),
              gone: new Set(),
              jobSeq: 0,
              fileSeq: 0,
              trace: [],
            };
            const project = createProjector(() => run.now);
            let snapshot = project(run.state);
            for (const choice of choices) {
              let next: UploadSnapshot | undefined;
              try {
                next = step(run, project, snapshot, choice);
              } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                throw new Error(
                  `${message}\nconfig: ${JSON.stringify(options)}\nevents:\n${run.trace.join('\n')}\nfiles: ${describeState(run.state)}`,
                );
              }
              snapshot = next;
            }
          },
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: Number(SEED) }) },
      );
    },
    Math.max(60_000, RUNS * 50),
  );
});
