/**
 * The upload reducer, one rule per test: each test builds a state by dispatching events through `reduce` (no
 * emulator, no runner, no timers, no network) and asserts on the transition it returns.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  ForbiddenError,
  InvalidRequestError,
  JobFailedError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnavailableError,
} from '../../../src/core/api/errors';
import type { Document, JobEvent } from '../../../src/core/api/schemas';
import type { Effect, EngineEvent, Outcome } from '../../../src/core/upload/events';
import { resolveRetryOptions } from '../../../src/core/upload/backoff';
import { reduce, type Transition } from '../../../src/core/upload/reducer';
import { engineConfig } from './helpers';
import { createProjector } from '../../../src/core/upload/snapshot';
import {
  awaitsJob,
  heldBy,
  inFlight,
  initialState,
  jobOf,
  landed,
  statusOf,
  waitsFor,
  type Ctx,
  type EngineConfig,
  type EngineState,
  type FileState,
  type JobState,
  type Settings,
} from '../../../src/core/upload/state';

// ---------------------------------------------------------------- builders

const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const MARGIN = 60_000;

type ConfigOver = Partial<EngineConfig> & Partial<Settings>;

const RETRY = resolveRetryOptions({ attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 });

const config = (over: ConfigOver = {}): EngineConfig => engineConfig({ margin: MARGIN, ...over });

/** A fixed clock and a fixed random (jitter = half the ceiling). */
const ctxOf = (over: ConfigOver = {}, now = NOW): Ctx => ({
  now,
  random: () => 0.5,
  config: config(over),
});

const pdf = (name: string, size = 100): File =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });
const pdfs = (n: number): File[] => Array.from({ length: n }, (_, i) => pdf(`f${i}.pdf`, 100 + i));

type EffectOf<K extends Effect['type']> = Extract<Effect, { type: K }>;
const effectsOf = <K extends Effect['type']>(t: Transition, type: K): EffectOf<K>[] =>
  t.effects.filter((e): e is EffectOf<K> => e.type === type);
const keysOf = (t: Transition, type: Effect['type']): string[] => effectsOf(t, type).map((e) => e.key);

const doc = (id: string, ...names: string[]): Document => ({
  id,
  accountId: 'acc-1',
  status: 'pending',
  archived: false,
  type: 'utilityBill',
  files: names.map((originalName) => ({ originalName, contentType: 'application/pdf', viewUrls: [] })),
});

/** The init's answer: one URL per announced file, all expiring at `expiresAt`. */
function answer(init: EffectOf<'init'> | undefined, jobId: string, expiresAt = NOW + HOUR): Outcome {
  if (init === undefined) throw new Error('no init effect to answer');
  return {
    type: 'initOk',
    batch: init.batch,
    response: {
      jobId,
      status: 'awaitingUpload',
      files: init.request.files.map((f, i) => ({
        filename: f.filename,
        stagingPath: `staging/${jobId}/${i}`,
        uploadUrl: `https://storage.example/${jobId}/${i}?X-Amz-Signature=s`,
        expiresAt: new Date(expiresAt).toISOString(),
        contentType: 'application/pdf',
      })),
    },
  };
}

const add = (files: readonly File[], strict = false): EngineEvent => ({ type: 'add', files, strict });
const putOk = (id: string): EngineEvent => ({ type: 'putOk', id });
const putFailed = (id: string, error: Extract<Outcome, { type: 'putFailed' }>['error']): EngineEvent => ({
  type: 'putFailed',
  id,
  error,
});
const jobEvent = (job: string, event: JobEvent): EngineEvent => ({ type: 'jobEvent', job, event });

const serverError = () =>
  new ServerError('PUT upload failed with 500', { status: 500, operation: 'PUT upload' });
const networkError = () => new NetworkError('PUT upload failed: network', { operation: 'PUT upload' });
const expired = () =>
  new ForbiddenError('PUT upload failed with 403: the signed upload URL has expired', {
    status: 403,
    operation: 'PUT upload',
    reason: 'expired',
  });
const refused = () =>
  new InvalidRequestError('initUpload failed with 400', { status: 400, operation: 'initUpload' });

/** A state built by dispatching events through `reduce`, the last transition kept. */
interface Engine {
  readonly state: EngineState;
  readonly last: Transition;
  /** Dispatches an event (at `now`, default NOW) and returns its transition. */
  send(event: EngineEvent, now?: number): Transition;
  file(id: string): FileState;
  job(id: string): JobState;
}

function engine(over: ConfigOver = {}): Engine {
  let state = initialState();
  let last: Transition | undefined;
  return {
    get state() {
      return state;
    },
    get last() {
      if (last === undefined) throw new Error('nothing dispatched yet');
      return last;
    },
    send(event, now = NOW) {
      last = reduce(state, event, ctxOf(over, now));
      state = last.state;
      return last;
    },
    file(id) {
      const file = state.files.get(id);
      if (file === undefined) throw new Error(`no file ${id}`);
      return file;
    },
    job(id) {
      const job = state.jobs.get(id);
      if (job === undefined) throw new Error(`no job ${id}`);
      return job;
    },
  };
}

/** `files` added (not strict): the engine, the accepted ids and the init effects. */
function withFiles(files: readonly File[], over: ConfigOver = {}) {
  const e = engine(over);
  const t = e.send(add(files));
  return { e, t, ids: [...(t.reply?.accepted ?? [])], inits: effectsOf(t, 'init') };
}

/** `files` announced in one init answered as job `job-1` (URLs expiring at `expiresAt`): the pump has run. */
function withJob(files: readonly File[], over: ConfigOver = {}, expiresAt = NOW + HOUR) {
  const { e, ids, inits } = withFiles(files, over);
  const t = e.send(answer(inits[0], 'job-1', expiresAt));
  return { e, t, ids };
}

/** Every file of `job-1` stored, so that the job is tracked. */
function withTrackedJob(files: readonly File[], over: ConfigOver = {}) {
  const { e, ids } = withJob(files, { concurrency: files.length, ...over });
  for (const id of ids) e.send(putOk(id));
  return { e, ids };
}

/** A grouped job of two files: `a.pdf` stored, `b.pdf` failed for good (a 400 on its PUT). */
function withHeldGroup() {
  const { e, ids } = withJob([pdf('a.pdf'), pdf('b.pdf')], { grouped: true });
  const [a = '', b = ''] = ids;
  e.send(putOk(a));
  const failed = e.send(
    putFailed(
      b,
      new InvalidRequestError('PUT upload failed with 400', { status: 400, operation: 'PUT upload' }),
    ),
  );
  return { e, a, b, failed };
}

const phaseOf = (e: Engine, id: string) => e.file(id).phase;

/** One file of a recovery record, as `resume` takes it. */
type Recovered = Extract<EngineEvent, { type: 'resume' }>['files'][number];

// ---------------------------------------------------------------- intake

describe('reducer: intake', () => {
  it('add validates every file: refused ones are `rejected` with their reasons, the others announced in one init', () => {
    const e = engine({ grouped: false, externalReference: 'ext-7' });
    const t = e.send(add([pdf('a.pdf'), pdf('virus.exe'), pdf('empty.pdf', 0), pdf('b.pdf', 7)]));
    const accepted = t.reply?.accepted ?? [];
    const rejected = t.reply?.rejected ?? [];
    expect(accepted).toHaveLength(2);
    expect(rejected).toHaveLength(2);
    expect(t.reply?.error).toBeUndefined();
    const reasons = rejected.map((id) => {
      const f = e.file(id);
      return f.phase === 'rejected' ? f.rejection.map((r) => r.code) : [];
    });
    expect(reasons).toEqual([['invalid-extension'], ['empty-file']]);
    const inits = effectsOf(t, 'init');
    expect(inits).toHaveLength(1);
    const [init] = inits;
    expect(init?.key).toBe(`b:${init?.batch}`);
    expect(init?.request).toEqual({
      files: [
        { filename: 'a.pdf', size: 100 },
        { filename: 'b.pdf', size: 7 },
      ],
      type: 'utilityBill',
      fields: { grouped: false, externalReference: 'ext-7' },
    });
    for (const id of accepted) expect(e.file(id)).toMatchObject({ phase: 'announcing', batch: init?.batch });
    expect(e.state.batches.get(init?.batch ?? -1)?.files).toEqual(accepted);
    expect(t.emits).toEqual([]);
    expect(t.urgent).toBe(true);
  });

  it('add announces at most 25 files per init: 30 files make two init effects (25 + 5)', () => {
    const { e, inits, ids } = withFiles(pdfs(30));
    expect(ids).toHaveLength(30);
    expect(inits.map((i) => i.request.files.length)).toEqual([25, 5]);
    expect(new Set(inits.map((i) => i.key)).size).toBe(2);
    expect(e.state.batches.size).toBe(2);
    const batchOf = (id: string) => {
      const f = e.file(id);
      return f.phase === 'announcing' ? f.batch : undefined;
    };
    expect(new Set(ids.slice(0, 25).map(batchOf))).toEqual(new Set([inits[0]?.batch]));
    expect(new Set(ids.slice(25).map(batchOf))).toEqual(new Set([inits[1]?.batch]));
  });

  it('grouped: true with more than 25 files is refused: a ConfigurationError emit, every file rejected, no init', () => {
    const e = engine({ grouped: true });
    const t = e.send(add(pdfs(26)));
    expect(t.reply?.error).toBeInstanceOf(ConfigurationError);
    expect(t.reply?.accepted).toEqual([]);
    expect(t.reply?.rejected).toHaveLength(26);
    expect(t.emits).toEqual([{ type: 'onError', error: t.reply?.error }]);
    expect(t.effects).toEqual([]);
    expect(e.state.batches.size).toBe(0);
    for (const f of e.state.files.values()) {
      expect(f.phase).toBe('rejected');
      if (f.phase === 'rejected') {
        expect(f.error).toBe(t.reply?.error);
        expect(f.rejection.map((r) => r.code)).toEqual(['too-many-files']);
      }
    }
  });

  it('a strict add (upload()) with any rejection refuses the whole call: only the rejected file is kept', () => {
    const e = engine();
    const t = e.send(add([pdf('a.pdf'), pdf('b.txt.exe'), pdf('c.pdf')], true));
    expect(t.reply?.error).toBeInstanceOf(InvalidRequestError);
    expect(t.reply?.error?.message).toContain('1 of 3 files were rejected');
    expect(t.reply?.accepted).toEqual([]);
    expect(t.reply?.rejected).toHaveLength(1);
    expect([...e.state.files.values()].map((f) => [f.name, f.phase])).toEqual([['b.txt.exe', 'rejected']]);
    expect(t.effects).toEqual([]);
    expect(t.emits).toEqual([]);
  });

  it('initOk puts the files in one job, queued for a slot, and the pump starts at most `concurrency` PUTs', () => {
    const { e, ids, inits } = withFiles(pdfs(3), { concurrency: 2 });
    const [a = '', b = '', c = ''] = ids;
    const t = e.send(answer(inits[0], 'job-1'));
    expect(e.job('job-1')).toMatchObject({ files: ids, status: 'uploading', tracking: false, viaV1: false });
    expect(effectsOf(t, 'put')).toEqual([
      { type: 'put', key: `f:${a}`, id: a },
      { type: 'put', key: `f:${b}`, id: b },
    ]);
    // Each PUT first waits for its slot of the pool (shown as queued), then goes.
    expect(e.file(a)).toMatchObject({ phase: 'sending', job: 'job-1', loaded: 0, step: 'slot', attempt: 1 });
    expect(statusOf(e.file(a))).toBe('queued');
    e.send({ type: 'putStarted', id: a });
    expect(e.file(a)).toMatchObject({ phase: 'sending', step: 'uploading' });
    expect(statusOf(e.file(a))).toBe('uploading');
    expect(e.file(c)).toMatchObject({ phase: 'queued', job: 'job-1' });
    const target = e.file(c).phase === 'queued' ? e.file(c) : undefined;
    expect(target).toMatchObject({ target: { contentType: 'application/pdf', expiresAt: NOW + HOUR } });
    expect(e.state.queue).toEqual([{ put: c }]);
    expect(inFlight(e.state)).toBe(2);
    expect(e.state.batches.size).toBe(0);
  });

  it('a file canceled during init makes initOk announce the others again (no job for the old answer)', () => {
    const { e, ids, inits } = withFiles(pdfs(3));
    const [a = '', b = '', c = ''] = ids;
    const canceled = e.send({ type: 'cancel', id: b });
    expect(phaseOf(e, b)).toBe('canceled');
    expect(canceled.effects).toEqual([]); // the others still need the init in flight
    const t = e.send(answer(inits[0], 'job-1'));
    expect(e.state.jobs.size).toBe(0);
    const again = effectsOf(t, 'init');
    expect(again).toHaveLength(1);
    expect(again[0]?.batch).not.toBe(inits[0]?.batch);
    expect(again[0]?.request.files.map((f) => f.filename)).toEqual(['f0.pdf', 'f2.pdf']);
    expect(e.file(a)).toMatchObject({ phase: 'announcing', batch: again[0]?.batch });
    expect(e.file(c)).toMatchObject({ phase: 'announcing', batch: again[0]?.batch });
    expect(effectsOf(t, 'put')).toEqual([]);
  });

  it('init answering 503 sends the batch through v1: phase v1 (queued), and a v1 effect once a slot frees', () => {
    const e = engine({ concurrency: 1 });
    const first = e.send(add([pdf('a.pdf')]));
    const [a = ''] = first.reply?.accepted ?? [];
    e.send(answer(effectsOf(first, 'init')[0], 'job-1')); // a takes the only slot
    const second = e.send(add([pdf('b.pdf')]));
    const [b = ''] = second.reply?.accepted ?? [];
    const [init] = effectsOf(second, 'init');
    const batch = init?.batch ?? -1;
    const t = e.send({
      type: 'initFailed',
      batch,
      error: new UnavailableError('initUpload failed with 503', { status: 503, operation: 'initUpload' }),
    });
    expect(e.file(b)).toMatchObject({ phase: 'v1', batch, step: 'queued', viaV1: true });
    expect(e.state.batches.get(batch)).toMatchObject({ v1: true, sending: false });
    expect(e.state.queue).toEqual([{ v1: batch }]);
    expect(effectsOf(t, 'v1')).toEqual([]);
    const freed = e.send(putOk(a));
    expect(effectsOf(freed, 'v1')).toEqual([{ type: 'v1', key: `b:${batch}`, batch }]);
    expect(e.file(b)).toMatchObject({ phase: 'v1', step: 'slot', attempt: 1 });
    expect(e.state.batches.get(batch)?.sending).toBe(true);
    expect(inFlight(e.state)).toBe(1);
  });

  it('a retryable init failure waits under the batch key, then batchDue sends the same init again', () => {
    const { e, ids, inits } = withFiles(pdfs(2));
    const [init] = inits;
    const batch = init?.batch ?? -1;
    const t = e.send({ type: 'initFailed', batch, error: new ServerError('initUpload failed with 500') });
    // attempt 1 of the retry: floor(0.5 · min(1000, 100 · 2^0))
    expect(t.effects).toEqual([
      { type: 'wait', key: `b:${batch}`, ms: 50, then: { type: 'batchDue', batch } },
    ]);
    expect(e.state.batches.get(batch)?.tries).toBe(1);
    for (const id of ids) expect(phaseOf(e, id)).toBe('announcing');
    const due = e.send({ type: 'batchDue', batch });
    expect(due.effects).toEqual([{ type: 'init', key: `b:${batch}`, batch, request: init?.request }]);
  });

  it('a Retry-After on a retryable init failure is the wait', () => {
    const { e, inits } = withFiles(pdfs(1));
    const batch = inits[0]?.batch ?? -1;
    const t = e.send({
      type: 'initFailed',
      batch,
      error: new RateLimitedError('initUpload failed with 429', { status: 429, retryAfterMs: 7000 }),
    });
    expect(effectsOf(t, 'wait').map((w) => w.ms)).toEqual([7000]);
  });

  it('a non-retryable init failure fails every file of the batch, with an onError emit each', () => {
    const { e, ids, inits } = withFiles(pdfs(2));
    const batch = inits[0]?.batch ?? -1;
    const error = refused();
    const t = e.send({ type: 'initFailed', batch, error });
    for (const id of ids)
      expect(e.file(id)).toMatchObject({ phase: 'failed', error, job: undefined, landed: false });
    expect(t.emits).toEqual(ids.map((id) => ({ type: 'onError', error, id })));
    expect(e.state.batches.size).toBe(0);
    expect(effectsOf(t, 'init')).toEqual([]);
    expect(effectsOf(t, 'wait')).toEqual([]);
  });

  it('init tries are bounded by retry.attempts: the last retryable failure fails the files', () => {
    const { e, ids, inits } = withFiles(pdfs(1), {
      retry: { ...RETRY, attempts: 2 },
    });
    const batch = inits[0]?.batch ?? -1;
    e.send({ type: 'initFailed', batch, error: new ServerError('500') });
    e.send({ type: 'batchDue', batch });
    const t = e.send({ type: 'initFailed', batch, error: new ServerError('500') });
    expect(phaseOf(e, ids[0] ?? '')).toBe('failed');
    expect(t.emits.map((x) => x.type)).toEqual(['onError']);
  });
});

// ---------------------------------------------------------------- transfers

describe('reducer: collect, then upload', () => {
  const collect = (files: readonly File[]): EngineEvent => ({
    type: 'add',
    files,
    strict: false,
    collect: true,
  });
  const names = (e: Engine) => [...e.state.files.values()].map((f) => f.name);

  it('collected files are judged now (rules, count, duplicates) and sent nowhere: no effect, no batch, not in progress', () => {
    const e = engine({ rules: { maxFiles: 2 } });
    const same = pdf('a.pdf');
    const first = e.send(collect([same, same, pdf('bad.exe')]));
    expect(first.effects).toEqual([]);
    expect(e.state.batches.size).toBe(0);
    const [a = ''] = first.reply?.accepted ?? [];
    expect(phaseOf(e, a)).toBe('collected');
    const rejected = (first.reply?.rejected ?? []).map((id) => e.file(id));
    expect(rejected.map((f) => (f.phase === 'rejected' ? f.rejection[0]?.code : f.phase)).sort()).toEqual([
      'duplicate',
      'invalid-extension',
    ]);
    // The collected file counts toward maxFiles, and a later drop of the same file is a duplicate.
    const second = e.send(collect([pdf('b.pdf'), pdf('c.pdf'), same]));
    expect(second.reply?.accepted).toHaveLength(1);
    const codes = (second.reply?.rejected ?? []).map((id) => {
      const f = e.file(id);
      return f.phase === 'rejected' ? f.rejection[0]?.code : f.phase;
    });
    expect(codes.sort()).toEqual(['duplicate', 'too-many-files']);
    const snapshot = createProjector(() => NOW)(e.state);
    expect(snapshot.progress.total).toBe(0);
    expect(snapshot.progress.counts.collected).toBe(2);
    expect(snapshot.status).toBe('idle');
  });

  it('move reorders the collected files (clamped), other files keep their places; start sends them in that order as one init', () => {
    const e = engine({ grouped: true });
    const sent = e.send(add([pdf('sent.pdf')]));
    const ids = e.send(collect([pdf('p1.pdf'), pdf('p2.pdf'), pdf('p3.pdf')])).reply?.accepted ?? [];
    expect(effectsOf(sent, 'init')).toHaveLength(1);
    const [p1 = '', p2 = '', p3 = ''] = ids;
    expect(e.send({ type: 'move', id: p3, index: 0 }).urgent).toBe(true);
    e.send({ type: 'move', id: p1, index: 99 });
    expect(names(e)).toEqual(['sent.pdf', 'p3.pdf', 'p2.pdf', 'p1.pdf']);
    // not collected: nothing moves
    e.send({ type: 'move', id: [...e.state.files.keys()][0]!, index: 2 });
    expect(names(e)).toEqual(['sent.pdf', 'p3.pdf', 'p2.pdf', 'p1.pdf']);
    const started = e.send({ type: 'start' });
    const [init] = effectsOf(started, 'init');
    expect(init?.request.files.map((f) => f.filename)).toEqual(['p3.pdf', 'p2.pdf', 'p1.pdf']);
    expect(init?.request.fields?.grouped).toBe(true);
    for (const id of [p1, p2, p3]) expect(phaseOf(e, id)).toBe('announcing');
  });

  it('start(ids) sends only those, in the order named, and lists them in that order; others stay collected', () => {
    const e = engine();
    const [a = '', b = '', c = ''] =
      e.send(collect([pdf('a.pdf'), pdf('b.pdf'), pdf('c.pdf')])).reply?.accepted ?? [];
    const t = e.send({ type: 'start', ids: [c, a, 'no-such-id'] });
    expect(effectsOf(t, 'init')[0]?.request.files.map((f) => f.filename)).toEqual(['c.pdf', 'a.pdf']);
    expect(names(e)).toEqual(['c.pdf', 'a.pdf', 'b.pdf']);
    expect(phaseOf(e, b)).toBe('collected');
    // starting a file that is no longer collected does nothing
    expect(effectsOf(e.send({ type: 'start', ids: [a] }), 'init')).toEqual([]);
  });

  it('start sends with the settings of now (a form filled in after collecting), and refuses a grouped start over 25 files', () => {
    const e = engine({ type: 'utilityBill' });
    e.send(collect([pdf('a.pdf'), pdf('b.pdf')]));
    const later: Ctx = ctxOf({ type: 'contract', grouped: true, externalReference: 'app-7' });
    const started = reduce(e.state, { type: 'start' }, later);
    const [init] = effectsOf(started, 'init');
    expect(init?.request.type ?? init?.request.fields?.type).toBe('contract');
    expect(init?.request.fields).toMatchObject({ grouped: true, externalReference: 'app-7' });

    const many = engine();
    many.send(collect(pdfs(26)));
    const refused = reduce(many.state, { type: 'start' }, ctxOf({ grouped: true }));
    expect(effectsOf(refused, 'init')).toEqual([]);
    expect(refused.emits.map((m) => m.type)).toEqual(['onError']);
    expect([...refused.state.files.values()].every((f) => f.phase === 'collected')).toBe(true);
  });

  it('start judges with the rules of now: a file over a maxFiles lowered since collecting is rejected, the others go', () => {
    const e = engine({ rules: { maxFiles: 3 } });
    const [a = '', b = ''] = e.send(collect([pdf('a.pdf'), pdf('b.pdf')])).reply?.accepted ?? [];
    const started = reduce(e.state, { type: 'start' }, ctxOf({ rules: { maxFiles: 2, held: 1 } }));
    expect(effectsOf(started, 'init')[0]?.request.files.map((f) => f.filename)).toEqual(['a.pdf']);
    expect(started.state.files.get(a)?.phase).toBe('announcing');
    const refused = started.state.files.get(b);
    expect(refused?.phase === 'rejected' ? refused.rejection.map((r) => r.code) : refused?.phase).toEqual([
      'too-many-files',
    ]);
  });

  it('grouped: the files collected and added together count toward one job: 24 collected + 2 more is refused', () => {
    const e = engine({ grouped: true });
    e.send(collect(pdfs(24)));
    const t = e.send(collect([pdf('x.pdf'), pdf('y.pdf')]));
    expect(t.reply?.accepted).toEqual([]);
    expect(t.emits.map((m) => m.type)).toEqual(['onError']);
    expect([...e.state.files.values()].filter((f) => f.phase === 'collected')).toHaveLength(24);
  });
});

describe('reducer: transfers', () => {
  it('putProgress sets loaded (clamped to the size) and step finalizing once every byte is handed over', () => {
    const { e, ids } = withJob([pdf('a.pdf', 100)]);
    const [a = ''] = ids;
    const t = e.send({ type: 'putProgress', id: a, loaded: 40 });
    expect(e.file(a)).toMatchObject({ phase: 'sending', loaded: 40, step: 'uploading' });
    expect(e.state.sent).toBe(40);
    expect(t.effects).toEqual([]);
    e.send({ type: 'putProgress', id: a, loaded: 250 });
    expect(e.file(a)).toMatchObject({ phase: 'sending', loaded: 100, step: 'finalizing' });
    expect(statusOf(e.file(a))).toBe('finalizing');
    expect(e.state.sent).toBe(100);
  });

  it('putOk stores the file (URL dropped); the last file of the job stored starts its tracking', () => {
    const { e, ids } = withJob(pdfs(2));
    const [a = '', b = ''] = ids;
    const first = e.send(putOk(a));
    expect(e.file(a)).toEqual(expect.objectContaining({ phase: 'stored', job: 'job-1' }));
    expect('target' in e.file(a)).toBe(false);
    expect(landed(e.file(a))).toBe(true);
    expect(effectsOf(first, 'track')).toEqual([]);
    expect(keysOf(first, 'abort')).toEqual([`f:${a}`]);
    const last = e.send(putOk(b));
    expect(effectsOf(last, 'track')).toEqual([{ type: 'track', key: 'j:job-1', job: 'job-1' }]);
    expect(e.job('job-1')).toMatchObject({ status: 'processing', tracking: true });
  });

  it('a retryable putFailed backs off (wait under the file key); retryDue queues it first in line', () => {
    const { e, ids } = withJob(pdfs(3), { concurrency: 1 });
    const [a = '', b = '', c = ''] = ids;
    const t = e.send(putFailed(a, networkError()));
    expect(e.file(a)).toMatchObject({ phase: 'backoff', job: 'job-1', failures: 1 });
    expect(statusOf(e.file(a))).toBe('queued');
    expect(effectsOf(t, 'wait')).toEqual([
      { type: 'wait', key: `f:${a}`, ms: 50, then: { type: 'retryDue', id: a } },
    ]);
    expect(effectsOf(t, 'put').map((p) => p.id)).toEqual([b]); // the freed slot goes to the next file
    e.send({ type: 'retryDue', id: a });
    expect(phaseOf(e, a)).toBe('queued');
    expect(e.state.queue).toEqual([{ put: a }, { put: c }]);
    const freed = e.send(putOk(b));
    expect(effectsOf(freed, 'put').map((p) => p.id)).toEqual([a]);
    expect(e.file(a)).toMatchObject({ phase: 'sending', attempt: 2 });
  });

  it('a file whose retry attempts are exhausted fails (job, URL and error kept) with an onError emit', () => {
    const { e, ids } = withJob(pdfs(1), { retry: { ...RETRY, attempts: 2 } });
    const [a = ''] = ids;
    e.send(putFailed(a, serverError()));
    e.send({ type: 'retryDue', id: a });
    const error = serverError();
    const t = e.send(putFailed(a, error));
    expect(e.file(a)).toMatchObject({ phase: 'failed', error, job: 'job-1', landed: false, failures: 2 });
    expect(e.file(a)).toHaveProperty('target.url');
    expect(t.emits).toEqual([{ type: 'onError', error, id: a }]);
    expect(effectsOf(t, 'wait')).toEqual([]);
  });

  it('a non-retryable or fatal putFailed fails the file at once', () => {
    const { e, ids } = withJob(pdfs(2));
    const [a = '', b = ''] = ids;
    const content = new ForbiddenError('403', { reason: 'content-type' });
    e.send(putFailed(a, content));
    e.send({ type: 'putFailed', id: b, error: networkError(), fatal: true });
    expect(e.file(a)).toMatchObject({ phase: 'failed', error: content });
    expect(e.file(b)).toMatchObject({ phase: 'failed', failures: 1 });
  });

  it('an expired-URL 403 is no failure: the active files of the job are announced again (new init, old job gone)', () => {
    const { e, ids } = withJob(pdfs(2));
    const [a = '', b = ''] = ids;
    const t = e.send(putFailed(a, expired()));
    expect(e.state.jobs.has('job-1')).toBe(false);
    const inits = effectsOf(t, 'init');
    expect(inits).toHaveLength(1);
    expect(inits[0]?.request.files.map((f) => f.filename)).toEqual(['f0.pdf', 'f1.pdf']);
    for (const id of ids) expect(e.file(id)).toMatchObject({ phase: 'announcing', reinits: 1 });
    expect(keysOf(t, 'abort')).toContain(`f:${b}`); // b's PUT in flight is stopped
    expect(t.emits).toEqual([]);
  });

  it('a queued file whose URL expires within the margin is announced again instead of PUT', () => {
    const { e, t, ids } = withJob(pdfs(2), {}, NOW + MARGIN / 2);
    expect(effectsOf(t, 'put')).toEqual([]);
    expect(effectsOf(t, 'init')).toHaveLength(1);
    expect(e.state.jobs.size).toBe(0);
    for (const id of ids) expect(e.file(id)).toMatchObject({ phase: 'announcing', reinits: 1 });
    // A URL good at init time is checked again when its turn comes.
    const later = withJob(pdfs(2), { concurrency: 1 }, NOW + HOUR);
    const [x = ''] = later.ids;
    const turn = later.e.send(putOk(x), NOW + HOUR - MARGIN / 2);
    expect(effectsOf(turn, 'put')).toEqual([]);
    expect(effectsOf(turn, 'init')[0]?.request.files).toHaveLength(2); // the landed file goes again with it
  });

  it('after 5 re-inits a file whose URLs keep expiring fails with an expired ForbiddenError', () => {
    const e = engine();
    let t = e.send(add([pdf('a.pdf')]));
    const [a = ''] = t.reply?.accepted ?? [];
    for (let i = 1; i <= 5; i += 1) {
      t = e.send(answer(effectsOf(t, 'init')[0], `job-${i}`, NOW));
      expect(e.file(a)).toMatchObject({ phase: 'announcing', reinits: i });
    }
    t = e.send(answer(effectsOf(t, 'init')[0], 'job-6', NOW));
    const f = e.file(a);
    expect(f.phase).toBe('failed');
    if (f.phase === 'failed') {
      expect(f.error).toBeInstanceOf(ForbiddenError);
      expect(f.error).toMatchObject({ reason: 'expired' });
    }
    expect(effectsOf(t, 'init')).toEqual([]);
    expect(t.emits).toEqual([{ type: 'onError', error: expect.any(ForbiddenError) as unknown, id: a }]);
  });

  it('grouped: false, a re-init after a file landed halves the batch (inits of ⌈n/2⌉ files)', () => {
    const { e, ids } = withJob(pdfs(4), { grouped: false });
    const [a = '', b = ''] = ids;
    e.send(putOk(a));
    const t = e.send(putFailed(b, expired()));
    expect(effectsOf(t, 'init').map((i) => i.request.files.length)).toEqual([2, 2]);
    expect(effectsOf(t, 'init').map((i) => i.request.fields)).toEqual([
      { grouped: false },
      { grouped: false },
    ]);
    // Without a landed file the job goes again whole.
    const whole = withJob(pdfs(4), { grouped: false });
    const again = whole.e.send(putFailed(whole.ids[0] ?? '', expired()));
    expect(effectsOf(again, 'init').map((i) => i.request.files.length)).toEqual([4]);
  });
});

// ---------------------------------------------------------------- jobs

describe('reducer: jobs', () => {
  it('jobEvent complete: files complete with their document ids, onFileComplete each and onJobComplete', () => {
    const { e, ids } = withTrackedJob([pdf('a.pdf'), pdf('b.pdf')]);
    const [a = '', b = ''] = ids;
    const docs = [doc('d-b', 'b.pdf'), doc('d-a', 'a.pdf')];
    const t = e.send(jobEvent('job-1', { type: 'complete', documents: docs }));
    expect(e.file(a)).toMatchObject({ phase: 'complete', job: 'job-1', documentIds: ['d-a'] });
    expect(e.file(b)).toMatchObject({ phase: 'complete', documentIds: ['d-b'] });
    expect(e.job('job-1')).toMatchObject({ status: 'complete', documents: docs, tracking: true });
    expect(e.state.documents).toEqual(docs);
    expect(t.emits).toEqual([
      { type: 'onFileComplete', id: a },
      { type: 'onFileComplete', id: b },
      { type: 'onJobComplete', job: 'job-1', documents: docs },
    ]);
    expect(t.effects).toEqual([]); // the tracker keeps listening for variants
  });

  it('imageVariantsReady before complete completes the job (and a later complete changes nothing)', () => {
    const { e, ids } = withTrackedJob([pdf('a.pdf')]);
    const docs = [doc('d-a', 'a.pdf')];
    const t = e.send(jobEvent('job-1', { type: 'imageVariantsReady', documents: docs }));
    expect(e.file(ids[0] ?? '')).toMatchObject({ phase: 'complete', documentIds: ['d-a'] });
    expect(e.job('job-1')).toMatchObject({ status: 'complete', variantsReady: true });
    expect(t.emits.map((x) => x.type)).toEqual(['onFileComplete', 'onJobComplete', 'onVariantsReady']);
    const late = e.send(jobEvent('job-1', { type: 'complete', documents: docs }));
    expect(late.emits).toEqual([]);
  });

  it('jobEvent failed fails the stored files with a JobFailedError (job status failed)', () => {
    const { e, ids } = withTrackedJob(pdfs(2));
    const t = e.send(jobEvent('job-1', { type: 'failed', error: 'corrupt PDF' }));
    expect(e.job('job-1')).toMatchObject({ status: 'failed' });
    expect(e.job('job-1').error).toBeInstanceOf(JobFailedError);
    for (const id of ids) {
      const f = e.file(id);
      expect(f).toMatchObject({ phase: 'failed', job: 'job-1', landed: true });
      if (f.phase === 'failed') expect(f.error).toBeInstanceOf(JobFailedError);
    }
    expect(t.emits.map((x) => [x.type, 'id' in x ? x.id : undefined])).toEqual(
      ids.map((id) => ['onError', id]),
    );
  });

  it('trackingFailed (a retryable TimeoutError) fails the files but keeps their job id (a reload can re-attach)', () => {
    const { e, ids } = withTrackedJob(pdfs(1));
    const [a = ''] = ids;
    const error = new TimeoutError('job tracking timed out');
    const t = e.send({ type: 'trackingFailed', job: 'job-1', error });
    expect(e.file(a)).toMatchObject({ phase: 'failed', error, job: 'job-1', landed: true });
    expect(awaitsJob(e.file(a))).toBe(true);
    expect(jobOf(e.file(a))).toBe('job-1');
    expect(e.job('job-1')).toMatchObject({ status: 'failed', tracking: false });
    expect(keysOf(t, 'abort')).toEqual(['j:job-1']);
  });

  it('trackingEnded stops tracking and changes no file', () => {
    const { e, ids } = withTrackedJob(pdfs(1));
    e.send(jobEvent('job-1', { type: 'complete', documents: [doc('d', 'f0.pdf')] }));
    const before = e.file(ids[0] ?? '');
    e.send({ type: 'trackingEnded', job: 'job-1' });
    expect(e.job('job-1')).toMatchObject({ status: 'complete', tracking: false });
    expect(e.file(ids[0] ?? '')).toBe(before);
  });

  it('grouped hold: a file failing for good after its sibling landed holds the job; the landed file stays stored', () => {
    const { e, a, b, failed } = withHeldGroup();
    expect(phaseOf(e, a)).toBe('stored');
    expect(phaseOf(e, b)).toBe('failed');
    expect(e.state.jobs.has('job-1')).toBe(true);
    expect(heldBy(e.state, e.job('job-1'))?.id).toBe(b);
    expect(waitsFor(e.state, e.file(a))?.id).toBe(b);
    expect(effectsOf(failed, 'init')).toEqual([]);
    expect(effectsOf(failed, 'track')).toEqual([]);
    const snapshot = createProjector(() => NOW)(e.state);
    expect(snapshot.items.find((i) => i.id === a)?.waitingFor).toBe('b.pdf');
  });

  it('a job that lost a file before it landed (removed) announces its landed files again instead of tracking', () => {
    const { e, ids } = withJob(pdfs(3), { grouped: false, concurrency: 1 });
    const [a = '', b = '', c = ''] = ids;
    e.send(putOk(a));
    e.send({ type: 'remove', ids: [c] });
    expect(e.job('job-1')).toMatchObject({ dropped: true, files: [a, b] });
    const t = e.send(putOk(b));
    expect(effectsOf(t, 'track')).toEqual([]);
    expect(e.state.jobs.has('job-1')).toBe(false);
    expect(effectsOf(t, 'init')[0]?.request.files.map((f) => f.filename)).toEqual(['f0.pdf', 'f1.pdf']);
  });
});

// ---------------------------------------------------------------- v1

describe('reducer: v1 fallback', () => {
  /** Two files whose init answered 503, their v1 upload in flight. */
  function withV1() {
    const { e, ids, inits } = withFiles([pdf('a.pdf', 100), pdf('b.pdf', 300)]);
    const batch = inits[0]?.batch ?? -1;
    const t = e.send({ type: 'initFailed', batch, error: new UnavailableError('503', { status: 503 }) });
    return { e, ids, batch, t };
  }

  it('v1Progress spreads the multipart progress over its files in order', () => {
    const { e, ids, batch, t } = withV1();
    expect(effectsOf(t, 'v1')).toEqual([{ type: 'v1', key: `b:${batch}`, batch }]);
    e.send({ type: 'v1Progress', batch, loaded: 200, total: 400 });
    expect(e.file(ids[0] ?? '')).toMatchObject({ phase: 'v1', loaded: 100, step: 'finalizing' });
    expect(e.file(ids[1] ?? '')).toMatchObject({ phase: 'v1', loaded: 100, step: 'uploading' });
  });

  it('v1Ok completes the files as one finished job `v1:<n>` with onFileComplete and onJobComplete', () => {
    const { e, ids, batch } = withV1();
    const docs = [doc('d-1', 'a.pdf', 'b.pdf')];
    const t = e.send({ type: 'v1Ok', batch, documents: docs });
    const job = [...e.state.jobs.values()][0];
    expect(job?.id).toMatch(/^v1:\d+$/);
    expect(job).toMatchObject({ status: 'complete', viaV1: true, files: ids, tracking: false });
    for (const id of ids)
      expect(e.file(id)).toMatchObject({ phase: 'complete', documentIds: ['d-1'], viaV1: true });
    expect(t.emits.map((x) => x.type)).toEqual(['onFileComplete', 'onFileComplete', 'onJobComplete']);
    expect(effectsOf(t, 'track')).toEqual([]);
    expect(e.state.batches.size).toBe(0);
  });

  it('a retryable v1Failed waits under the batch key; batchDue queues the upload again', () => {
    const { e, ids, batch } = withV1();
    const t = e.send({ type: 'v1Failed', batch, error: networkError() });
    expect(effectsOf(t, 'wait')).toEqual([
      { type: 'wait', key: `b:${batch}`, ms: 50, then: { type: 'batchDue', batch } },
    ]);
    expect(e.state.batches.get(batch)).toMatchObject({ sending: false, tries: 1 });
    for (const id of ids) expect(e.file(id)).toMatchObject({ phase: 'v1', step: 'queued', loaded: 0 });
    const due = e.send({ type: 'batchDue', batch });
    expect(effectsOf(due, 'v1')).toEqual([{ type: 'v1', key: `b:${batch}`, batch }]);
  });

  it('canceling one file of a v1 upload in flight aborts it and sends the others in a new one', () => {
    const { e, ids, batch } = withV1();
    const [a = '', b = ''] = ids;
    const t = e.send({ type: 'cancel', id: a });
    expect(keysOf(t, 'abort')).toContain(`b:${batch}`);
    expect(e.state.batches.has(batch)).toBe(false);
    const [again] = effectsOf(t, 'v1');
    expect(again?.batch).not.toBe(batch);
    expect(e.file(b)).toMatchObject({ phase: 'v1', batch: again?.batch, step: 'slot' });
  });
});

// ---------------------------------------------------------------- commands

describe('reducer: commands', () => {
  it('cancel stops the work its phase owned: the PUT in flight is aborted under the file key', () => {
    const { e, ids } = withJob(pdfs(2));
    const [a = ''] = ids;
    const t = e.send({ type: 'cancel', id: a });
    expect(e.file(a)).toMatchObject({ phase: 'canceled', job: 'job-1', landed: false });
    expect(e.file(a)).toHaveProperty('target.url');
    expect(keysOf(t, 'abort')).toEqual([`f:${a}`]);
    expect(t.urgent).toBe(true);
    // Every file of an init canceled: the init is aborted under its batch key.
    const { e: e2, inits } = withFiles(pdfs(2));
    const all = e2.send({ type: 'cancel' });
    expect(keysOf(all, 'abort')).toEqual([`b:${inits[0]?.batch}`]);
    expect(e2.state.batches.size).toBe(0);
  });

  it('canceling every file of a tracked job aborts its tracking and marks the job canceled', () => {
    const { e, ids } = withTrackedJob(pdfs(2));
    const t = e.send({ type: 'cancel' });
    for (const id of ids) expect(e.file(id)).toMatchObject({ phase: 'canceled', landed: true, job: 'job-1' });
    expect(keysOf(t, 'abort')).toEqual(['j:job-1']);
    expect(e.job('job-1')).toMatchObject({ status: 'canceled', tracking: false });
  });

  it('retry() without an id skips non-retryable failures; retry(id) retries that one anyway', () => {
    const e = engine({ retry: { ...RETRY, attempts: 1 } });
    const one = e.send(add([pdf('a.pdf')]));
    const [a = ''] = one.reply?.accepted ?? [];
    e.send({ type: 'initFailed', batch: effectsOf(one, 'init')[0]?.batch ?? -1, error: refused() });
    const two = e.send(add([pdf('b.pdf')]));
    const [b = ''] = two.reply?.accepted ?? [];
    e.send({
      type: 'initFailed',
      batch: effectsOf(two, 'init')[0]?.batch ?? -1,
      error: new ServerError('500'),
    });
    expect([phaseOf(e, a), phaseOf(e, b)]).toEqual(['failed', 'failed']);
    const all = e.send({ type: 'retry' });
    expect(effectsOf(all, 'init').map((i) => i.request.files.map((f) => f.filename))).toEqual([['b.pdf']]);
    expect(phaseOf(e, a)).toBe('failed');
    const named = e.send({ type: 'retry', id: a });
    expect(effectsOf(named, 'init').map((i) => i.request.files.map((f) => f.filename))).toEqual([['a.pdf']]);
    expect(e.file(a)).toMatchObject({ phase: 'announcing', failures: 0, reinits: 0 });
  });

  it('retry of a landed failed file follows the same job again (track effect, no init, no PUT)', () => {
    const { e, ids } = withTrackedJob(pdfs(2));
    e.send({ type: 'trackingFailed', job: 'job-1', error: new TimeoutError('timed out') });
    const t = e.send({ type: 'retry' });
    expect(effectsOf(t, 'track')).toEqual([{ type: 'track', key: 'j:job-1', job: 'job-1' }]);
    expect(effectsOf(t, 'init')).toEqual([]);
    expect(effectsOf(t, 'put')).toEqual([]);
    for (const id of ids) expect(e.file(id)).toMatchObject({ phase: 'stored', job: 'job-1' });
    expect(e.job('job-1')).toMatchObject({ status: 'processing', tracking: true });
  });

  it('retry of a held grouped file reuses its job while its URL is good (a PUT, no init)', () => {
    const { e, a, b } = withHeldGroup();
    const t = e.send({ type: 'retry', id: b });
    expect(effectsOf(t, 'init')).toEqual([]);
    expect(effectsOf(t, 'put')).toEqual([{ type: 'put', key: `f:${b}`, id: b }]);
    expect(e.file(b)).toMatchObject({ phase: 'sending', job: 'job-1', attempt: 2 });
    expect(phaseOf(e, a)).toBe('stored');
    const done = e.send(putOk(b));
    expect(effectsOf(done, 'track')).toEqual([{ type: 'track', key: 'j:job-1', job: 'job-1' }]);
  });

  it('retry of a held grouped file whose URL ran out sends the whole group again in a new grouped job', () => {
    const { e, a, b } = withHeldGroup();
    const t = e.send({ type: 'retry', id: b }, NOW + HOUR);
    expect(e.state.jobs.has('job-1')).toBe(false);
    const inits = effectsOf(t, 'init');
    expect(inits).toHaveLength(1);
    expect(inits[0]?.request.files.map((f) => f.filename)).toEqual(['b.pdf', 'a.pdf']);
    expect(inits[0]?.request.fields).toEqual({ grouped: true });
    expect([phaseOf(e, a), phaseOf(e, b)]).toEqual(['announcing', 'announcing']);
  });

  it('removing the held file lets the landed ones go on: announced again without it', () => {
    const { e, a, b } = withHeldGroup();
    const t = e.send({ type: 'remove', ids: [b] });
    expect(e.state.files.has(b)).toBe(false);
    expect(e.state.jobs.has('job-1')).toBe(false);
    expect(effectsOf(t, 'init').map((i) => i.request.files.map((f) => f.filename))).toEqual([['a.pdf']]);
    expect(phaseOf(e, a)).toBe('announcing');
  });

  it('remove drops the file, stops its work and takes it out of its job (dropped: its bytes had not landed)', () => {
    const { e, ids } = withJob(pdfs(3), { concurrency: 2 });
    const [a = '', b = '', c = ''] = ids;
    const t = e.send({ type: 'remove', ids: [a] });
    expect(e.state.files.has(a)).toBe(false);
    expect(keysOf(t, 'abort')).toEqual([`f:${a}`]);
    expect(e.job('job-1')).toMatchObject({ files: [b, c], dropped: true });
    expect(effectsOf(t, 'put').map((p) => p.id)).toEqual([c]); // its slot goes to the next file
    expect(t.urgent).toBe(true);
  });

  it('clear empties files, jobs, batches and documents, stopping every piece of work', () => {
    const { e } = withTrackedJob([pdf('a.pdf')]);
    e.send(jobEvent('job-1', { type: 'complete', documents: [doc('d', 'a.pdf')] }));
    const more = e.send(add(pdfs(2)));
    const t = e.send({ type: 'clear' });
    expect(e.state.files.size).toBe(0);
    expect(e.state.jobs.size).toBe(0);
    expect(e.state.batches.size).toBe(0);
    expect(e.state.documents).toEqual([]);
    expect(keysOf(t, 'abort').sort()).toEqual([`b:${effectsOf(more, 'init')[0]?.batch}`, 'j:job-1'].sort());
  });

  it('resume re-attaches jobs whose every file landed (track effect) and reports needsReselect for the rest', () => {
    const rec = (name: string, jobId: string | null, wasLanded: boolean): Recovered => ({
      name,
      size: 10,
      jobId,
      landed: wasLanded,
      status: wasLanded ? 'processing' : 'uploading',
    });
    const e = engine();
    const t = e.send({
      type: 'resume',
      files: [
        rec('a.pdf', 'job-9', true),
        rec('b.pdf', 'job-9', true),
        rec('c.pdf', 'job-8', true),
        rec('d.pdf', 'job-8', false),
        rec('e.pdf', null, false),
      ],
    });
    expect(t.effects).toEqual([{ type: 'track', key: 'j:job-9', job: 'job-9' }]);
    const accepted = t.reply?.accepted ?? [];
    expect(accepted.map((id) => [e.file(id).name, e.file(id).phase, jobOf(e.file(id))])).toEqual([
      ['a.pdf', 'stored', 'job-9'],
      ['b.pdf', 'stored', 'job-9'],
    ]);
    expect(e.job('job-9')).toMatchObject({ status: 'processing', tracking: true, files: accepted });
    expect(t.reply?.needsReselect).toEqual([
      { name: 'e.pdf', size: 10 },
      { name: 'c.pdf', size: 10 },
      { name: 'd.pdf', size: 10 },
    ]);
    // A job this uploader already follows is not attached twice.
    const again = e.send({ type: 'resume', files: [rec('a.pdf', 'job-9', true)] });
    expect(again.effects).toEqual([]);
    expect(again.reply?.accepted).toEqual([]);
  });

  it('dispose sets disposed; every later event returns the same state with no effect, emit or reply', () => {
    const { e, ids } = withJob(pdfs(2), { concurrency: 1 });
    const t = e.send({ type: 'dispose' });
    expect(e.state.disposed).toBe(true);
    expect(e.state.queue).toEqual([]);
    expect(t.effects).toEqual([]);
    expect(t.emits).toEqual([]);
    const frozen = e.state;
    const later: EngineEvent[] = [
      add(pdfs(1)),
      putOk(ids[0] ?? ''),
      putFailed(ids[0] ?? '', networkError()),
      { type: 'retry' },
      { type: 'cancel' },
      { type: 'clear' },
      jobEvent('job-1', { type: 'complete', documents: [] }),
      { type: 'dispose' },
    ];
    for (const event of later) {
      const next = e.send(event);
      expect(next.state).toBe(frozen);
      expect(next.effects).toEqual([]);
      expect(next.emits).toEqual([]);
      expect(next.reply).toBeUndefined();
    }
  });

  it('an outcome for a file no longer in `sending` (a stale putOk, putProgress, putFailed) changes nothing', () => {
    const { e, ids } = withJob(pdfs(1));
    const [a = ''] = ids;
    e.send(putFailed(a, networkError())); // now in backoff
    const before = e.state;
    for (const stale of [
      putOk(a),
      { type: 'putProgress', id: a, loaded: 50 } as const,
      putFailed(a, expired()),
    ]) {
      const t = e.send(stale);
      expect(t.effects).toEqual([]);
      expect(t.emits).toEqual([]);
      expect(t.phases).toBe(false);
      expect(t.state.files.get(a)).toBe(before.files.get(a));
      expect(t.state.jobs.get('job-1')).toBe(before.jobs.get('job-1'));
      expect(t.state.sent).toBe(before.sent);
    }
    // Outcomes for a batch or job that ended are ignored the same way.
    const gone = e.send({ type: 'initOk', batch: 999, response: { jobId: 'x', status: 's', files: [] } });
    expect(gone.effects).toEqual([]);
    expect(gone.state.jobs.has('x')).toBe(false);
    expect(e.send(jobEvent('nope', { type: 'failed', error: 'x' })).emits).toEqual([]);
  });
});

// ---------------------------------------------------------------- bugs of the old engine, fixed in v2

describe('reducer: bugs the old engine had (found by the property test)', () => {
  // Was: retry() of the failed file that holds a grouped job, once its URL ran out, forgets the job and announces
  // only that file and the stored ones (commands.ts retry, the `heldBy` branch; the same in fb47310). A sibling
  // still queued, sending or in backoff keeps `job: 'job-1'`, which no longer exists: its PUT goes on, it lands as
  // `stored` (processing) and maybeTrack finds no job, so it never becomes a document and its upload() never settles.
  // Found by reducer.property.test.ts.
  it('retry of a held grouped file whose URL ran out takes its active siblings along', () => {
    const { e, ids } = withJob([pdf('a.pdf'), pdf('b.pdf'), pdf('c.pdf')], {
      grouped: true,
      concurrency: 2,
      retry: { ...RETRY, attempts: 1 },
    });
    const [a = '', b = '', c = ''] = ids;
    e.send(putFailed(a, serverError())); // a fails for good (1 attempt); c takes its slot
    e.send(putOk(b));
    expect(heldBy(e.state, e.job('job-1'))?.id).toBe(a);
    expect(phaseOf(e, c)).toBe('sending');
    const t = e.send({ type: 'retry', id: a }, NOW + HOUR); // a's URL ran out: the group goes again
    const job = jobOf(e.file(c));
    expect(job === undefined || e.state.jobs.has(job), `c still points at the forgotten ${job}`).toBe(true);
    expect(
      effectsOf(t, 'init')
        .flatMap((i) => i.request.files.map((f) => f.filename))
        .sort(),
    ).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
  });

  // Was: removing one complete file of a complete job that is still tracked (waiting for imageVariantsReady) marks
  // the job `canceled` and aborts its tracker (commands.ts settleJobs, second branch: `job.tracking && !files.some
  // stored`; the same in fb47310's settleJobsAfterCancel). "complete means success" (ADR 0003, decision 4): the job
  // should stay complete, and its other files' documents should still get their variants (onVariantsReady).
  // Removing a canceled file of such a job does the same. Found by reducer.property.test.ts.
  it('removing a complete file keeps its job complete and tracked for variants', () => {
    const { e, ids } = withTrackedJob([pdf('a.pdf'), pdf('b.pdf')]);
    const [a = ''] = ids;
    e.send(jobEvent('job-1', { type: 'complete', documents: [doc('d-a', 'a.pdf'), doc('d-b', 'b.pdf')] }));
    const t = e.send({ type: 'remove', ids: [a] });
    expect(e.job('job-1').status).toBe('complete');
    expect(e.job('job-1').tracking).toBe(true);
    expect(keysOf(t, 'abort')).not.toContain('j:job-1');
  });

  // Was: retry() of a landed file (canceled or failed) re-attaches its job at once (commands.ts retry: `follow` →
  // startTracking; the same in fb47310's retryEntries), even while a sibling's bytes are still on their way. If the
  // tracking then fails (timeout, or retries exhausted) before the sibling's PUT answers, the sibling lands into a
  // failed, untracked job: maybeTrack returns (status is not 'uploading'), and it stays `processing` for ever. The
  // follow should wait for every file to land (maybeTrack's rule). Found by reducer.property.test.ts.
  it('retry of a landed file re-attaches its job only once every file of it landed', () => {
    const { e, ids } = withJob(pdfs(2), { concurrency: 1 });
    const [a = '', b = ''] = ids;
    e.send(putOk(a)); // a stored, b now sending
    e.send({ type: 'cancel', id: a });
    e.send({ type: 'retry', id: a }); // a follows job-1 again, tracked while b is still sending
    e.send({ type: 'trackingFailed', job: 'job-1', error: new TimeoutError('job tracking timed out') });
    e.send(putOk(b));
    const stranded = phaseOf(e, b) === 'stored' && !e.job('job-1').tracking;
    expect(stranded, `b is stored in job-1 (${e.job('job-1').status}, not tracked)`).toBe(false);
  });

  // Was: whether a landed file may follow its job again is judged by the file's own error (`job-failed`), not the
  // job's (commands.ts retry, `usable`; the same in fb47310). A file canceled after it landed, whose job then failed
  // on the server, goes back to `stored` under the failed job; the job's tracker is still ending (the window in
  // which a retry() called from onError runs), so no new tracker starts, trackingEnded follows, and the file stays
  // `processing` for ever. It should be announced again with its siblings (a job that failed makes no document).
  // Found by reducer.property.test.ts.
  it('retry of a canceled landed file of a job that failed on the server sends it again', () => {
    const { e, ids } = withTrackedJob(pdfs(3));
    const [a = ''] = ids;
    e.send({ type: 'cancel', id: a });
    e.send(jobEvent('job-1', { type: 'failed', error: 'corrupt PDF' })); // b, c fail with JobFailedError
    e.send({ type: 'retry' }); // e.g. from onError
    e.send({ type: 'trackingEnded', job: 'job-1' }); // the stream ends after `failed`
    const stranded = phaseOf(e, a) === 'stored' && !e.job('job-1').tracking;
    expect(stranded, `a is stored in job-1 (${e.job('job-1').status}, not tracked)`).toBe(false);
  });
});

// ---------------------------------------------------------------- rules ADR 0004 listed without a test

describe('reducer: smaller rules', () => {
  it('names a Blob without a name "" (and validation then refuses it for having no name)', () => {
    const { t } = withFiles([new Blob(['x']) as File]);
    const [id = ''] = t.reply?.rejected ?? [];
    const file = t.state.files.get(id);
    expect(file?.name).toBe('');
    expect(file?.phase === 'rejected' ? file.rejection.map((r) => r.code) : []).toContain('invalid-name');
  });

  it('treats an upload URL whose expiresAt does not parse as expired: it re-inits instead of PUTting', () => {
    const { e, inits } = withFiles([pdf('a.pdf')]);
    const init = inits[0];
    const response = answer(init, 'job-1');
    if (response.type !== 'initOk') throw new Error('unexpected');
    const files = response.response.files.map((f) => ({ ...f, expiresAt: 'not a date' }));
    const t = e.send({ ...response, response: { ...response.response, files } });
    expect(effectsOf(t, 'put')).toHaveLength(0);
    expect(effectsOf(t, 'init')).toHaveLength(1);
    expect(t.state.jobs.has('job-1')).toBe(false);
  });

  it('lists jobs in the order of their first file, whatever order their inits answer in', () => {
    const { e, inits } = withFiles(pdfs(30), { grouped: false });
    const [first, second] = inits;
    e.send(answer(second, 'job-late'));
    const t = e.send(answer(first, 'job-early'));
    const project = createProjector(() => NOW);
    expect(project(t.state).jobs.map((j) => j.id)).toEqual(['job-early', 'job-late']);
  });

  it('gives item ids from the sequence in state, with the uploader prefix (no module-level counter)', () => {
    const a = withFiles([pdf('a.pdf'), pdf('b.pdf')], { idPrefix: 'p1-' }).ids;
    const b = withFiles([pdf('a.pdf')], { idPrefix: 'p2-' }).ids;
    expect(a).toEqual(['upload-p1-1', 'upload-p1-2']);
    expect(b).toEqual(['upload-p2-1']);
  });
});

describe('reducer: field resilience (issue 14)', () => {
  it('an init answer that does not match the request file by file fails every file with InvalidResponseError, and nothing is PUT', () => {
    const { e, ids, inits } = withFiles([pdf('a.pdf'), pdf('b.pdf')]);
    const good = answer(inits[0], 'job-1');
    if (good.type !== 'initOk') throw new Error('unreachable');
    const swapped = [...good.response.files].reverse();
    const t = e.send({ ...good, response: { ...good.response, files: swapped } });
    expect(effectsOf(t, 'put')).toEqual([]);
    for (const id of ids)
      expect(e.file(id)).toMatchObject({ phase: 'failed', error: { name: 'InvalidResponseError' } });
    expect(e.state.jobs.size).toBe(0);
  });

  it('inits go just in time: with three batches, two inits are sent at once and the third when the first job has no file waiting', () => {
    const { e, ids, inits } = withFiles(pdfs(60), { concurrency: 1, grouped: false });
    expect(inits.map((i) => i.request.files.length)).toEqual([25, 25]);
    expect(ids.slice(50).map((id) => statusOf(e.file(id)))).toEqual(Array(10).fill('queued'));
    e.send(answer(inits[0], 'job-1'));
    const second = e.send(answer(inits[1], 'job-2'));
    expect(effectsOf(second, 'init')).toEqual([]);
    // job-1's files go one by one; when its last one gets the slot, the third init goes.
    const sentAt: number[] = [];
    ids.slice(0, 25).forEach((id, n) => {
      if (effectsOf(e.send(putOk(id)), 'init').length > 0) sentAt.push(n);
    });
    // The 24th file landing gives the 25th (job-1's last) the slot: from then on job-1 has nothing waiting.
    expect(sentAt).toEqual([23]);
  });

  it('offline: the PUT in flight stops and goes back first in line (no attempt used), nothing starts, `online` resumes', () => {
    const { e, ids } = withJob(pdfs(2), { concurrency: 1 });
    const [a = '', b = ''] = ids;
    expect(phaseOf(e, a)).toBe('sending');
    const off = e.send({ type: 'connectivity', online: false });
    expect(keysOf(off, 'abort')).toEqual([`f:${a}`]);
    expect(effectsOf(off, 'put')).toEqual([]);
    expect(e.file(a)).toMatchObject({ phase: 'queued', failures: 0 });
    expect(e.state.queue[0]).toEqual({ put: a });
    // A late failure of the stopped PUT changes nothing.
    const late = e.send({ type: 'putFailed', id: a, error: networkError() });
    expect(late.state).toBe(e.state);
    const snapshot = createProjector(() => NOW)(e.state);
    expect(snapshot.items.map((i) => i.status)).toEqual(['waiting', 'waiting']);
    expect(snapshot.online).toBe(false);
    const on = e.send({ type: 'connectivity', online: true });
    expect(effectsOf(on, 'put').map((p) => p.id)).toEqual([a]);
    expect(phaseOf(e, b)).toBe('queued');
  });

  it('offline: an init in flight stops and is held, sent again on `online`', () => {
    const { e, inits } = withFiles(pdfs(1));
    const off = e.send({ type: 'connectivity', online: false });
    expect(keysOf(off, 'abort')).toEqual([`b:${inits[0]?.batch}`]);
    expect(e.state.batches.get(inits[0]?.batch ?? -1)).toMatchObject({ sent: false });
    const on = e.send({ type: 'connectivity', online: true });
    expect(effectsOf(on, 'init')).toHaveLength(1);
  });

  it('a failure the runner reports as offline takes the engine offline even before the browser event', () => {
    const { e, ids } = withJob(pdfs(1));
    const [a = ''] = ids;
    e.send({ type: 'putFailed', id: a, error: networkError(), offline: true });
    expect(e.state.online).toBe(false);
    expect(e.file(a)).toMatchObject({ phase: 'queued', failures: 0 });
  });

  it('network errors while online are retried for the window, not for a count of attempts', () => {
    const { e, ids } = withJob(pdfs(1), { retry: { ...RETRY, attempts: 1 } });
    const [a = ''] = ids;
    e.send(putFailed(a, networkError()), NOW);
    expect(phaseOf(e, a)).toBe('backoff');
    e.send({ type: 'retryDue', id: a }, NOW + 60_000);
    e.send(putFailed(a, networkError()), NOW + 60_000);
    expect(phaseOf(e, a)).toBe('backoff');
    e.send({ type: 'retryDue', id: a }, NOW + 120_000);
    e.send(putFailed(a, networkError()), NOW + 120_000);
    expect(phaseOf(e, a)).toBe('failed');
  });

  it('update applies to files added later: a batch keeps the settings its files were added with', () => {
    const e = engine();
    const first = e.send(add([pdf('a.pdf')]));
    expect(effectsOf(first, 'init')[0]?.request.type).toBe('utilityBill');
    const later = reduce(e.state, add([pdf('b.pdf')]), ctxOf({ type: 'proofOfIncome', grouped: true }));
    expect(effectsOf(later, 'init')[0]?.request).toMatchObject({
      type: 'proofOfIncome',
      fields: { grouped: true },
    });
  });
});
