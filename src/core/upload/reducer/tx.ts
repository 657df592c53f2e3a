/**
 * One transition's working copy. `reduce` never changes the state it is given: `begin` copies its tables, the
 * handlers write to the copy and collect effects and emits, `end` hands back the next state.
 *
 * Three rules live in the writers below so that no handler has to remember them:
 * - work is owned by a phase: a file leaving `sending`/`backoff`, a batch that ends and a job that stops tracking
 *   emit `abort` for their key;
 * - `phases` records whether anything persistence or waiters read changed (a phase, a job, a file added or gone);
 * - `urgent` records whether subscribers should hear of it on the next frame (a file added or gone, started again
 *   or stopped short: not progress, not completion).
 */
import type { Document } from '../../api/schemas';
import type { Effect, Emit, Reply } from '../events';
import {
  isActive,
  jobOf,
  type BatchState,
  type Ctx,
  type EngineState,
  type FileState,
  type JobState,
  type Phase,
  type Task,
} from '../state';

/** The tables of a state, writable. */
export interface Working {
  files: Map<string, FileState>;
  jobs: Map<string, JobState>;
  batches: Map<number, BatchState>;
  queue: Task[];
  documents: readonly Document[];
  sent: number;
  seq: number;
  online: boolean;
  disposed: boolean;
}

/** The working copy (its tables writable) and what the transition collects. */
export interface Tx extends Working {
  readonly ctx: Ctx;
  readonly effects: Effect[];
  readonly emits: Emit[];
  phases: boolean;
  urgent: boolean;
  reply?: Reply;
}

/** The outcome of one transition. */
export interface Transition {
  readonly state: EngineState;
  readonly effects: readonly Effect[];
  readonly emits: readonly Emit[];
  /** Something persistence or waiters read changed. */
  readonly phases: boolean;
  /** Subscribers should hear of it on the next frame. */
  readonly urgent: boolean;
  readonly reply?: Reply | undefined;
}

export const begin = (state: EngineState, ctx: Ctx): Tx => ({
  ...state,
  files: new Map(state.files),
  jobs: new Map(state.jobs),
  batches: new Map(state.batches),
  queue: [...state.queue],
  ctx,
  effects: [],
  emits: [],
  phases: false,
  urgent: false,
});

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- `ctx` is left out of the state
export const end = ({ ctx, effects, emits, phases, urgent, reply, ...state }: Tx): Transition => ({
  state,
  effects,
  emits,
  phases,
  urgent,
  reply,
});

const OWNS_WORK: ReadonlySet<string> = new Set(['sending', 'backoff']);
/** Stops the work under `key`. */
export const abort = (t: Tx, key: string): void => {
  t.effects.push({ type: 'abort', key });
};

/** The next id of the sequence. */
export const nextId = (t: Tx): number => (t.seq += 1);

/** Writes `next` in place of the file with its id (or adds it). */
export function putFile(t: Tx, next: FileState): FileState {
  const prev = t.files.get(next.id);
  t.files.set(next.id, next);
  if (prev === undefined) t.phases = t.urgent = true;
  else {
    if (prev.phase !== next.phase || jobOf(prev) !== jobOf(next)) t.phases = true;
    if (OWNS_WORK.has(prev.phase) && prev.phase !== next.phase) abort(t, `f:${prev.id}`);
    if (isActive(prev) !== isActive(next) && next.phase !== 'complete') t.urgent = true;
  }
  return next;
}

/** The file in a new phase (the old phase's fields are gone), with other fields changed by `base`. */
export function toPhase(t: Tx, file: FileState, phase: Phase, base?: Partial<FileState>): FileState {
  const { id, file: blob, name, size, attempt, failures, reinits, settings, failingSince, viaV1 } = file;
  const next = {
    ...{ id, file: blob, name, size, attempt, failures, reinits, settings, failingSince, viaV1 },
    ...base,
    ...phase,
  };
  return putFile(t, next);
}

export function dropFile(t: Tx, id: string): void {
  const prev = t.files.get(id);
  if (prev === undefined) return;
  if (OWNS_WORK.has(prev.phase)) abort(t, `f:${id}`);
  t.files.delete(id);
  t.phases = t.urgent = true;
}

export function putJob(t: Tx, job: JobState, changes?: Partial<JobState>): JobState {
  const next = { ...job, ...changes };
  if (t.jobs.get(job.id)?.tracking && !next.tracking) abort(t, `j:${job.id}`);
  t.jobs.set(job.id, next);
  t.phases = true;
  return next;
}

export function dropJob(t: Tx, id: string): void {
  const job = t.jobs.get(id);
  if (job === undefined) return;
  if (job.tracking) abort(t, `j:${id}`);
  t.jobs.delete(id);
  t.phases = true;
}

export function putBatch(t: Tx, batch: BatchState): BatchState {
  t.batches.set(batch.id, batch);
  return batch;
}

export function dropBatch(t: Tx, id: number): void {
  if (t.batches.delete(id)) abort(t, `b:${id}`);
}
