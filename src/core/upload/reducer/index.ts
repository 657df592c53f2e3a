/**
 * The engine's one pure function: `reduce(state, event, ctx)` → the next state, the effects to run and the user
 * callbacks to call. It never touches a handle, a timer or the clock (`ctx.now` and `ctx.random` are given), so
 * every rule can be tested from a built state in microseconds. The queue is pumped as the last step of every
 * transition. An outcome that no longer fits the state (a file that left `sending`, a batch that ended) is ignored.
 */
import type { EngineEvent } from '../events';
import type { Ctx, EngineState } from '../state';
import { batchDue, cancel, clear, goOffline, move, remove, resume, retry, start } from './commands';
import { add, initFailed, initOk } from './intake';
import { failJob, jobEvent } from './jobs';
import { putFailed, putOk, putStarted, retryDue, schedule } from './transfer';
import { begin, end, putJob, type Transition, type Tx } from './tx';
import { sameLoaded, setLoaded, v1Failed, v1Ok, v1Progress, v1Started } from './v1';

export type { Transition };

export function reduce(state: EngineState, event: EngineEvent, ctx: Ctx): Transition {
  if (state.disposed) return idle(state);
  if (event.type === 'putProgress') return progressed(state, event.id, event.loaded);
  const t = begin(state, ctx);
  if (event.type === 'dispose') {
    // Phases stay as they are (the recovery record is kept for a reload); the runner stops every handle.
    t.disposed = true;
    t.queue = [];
  } else {
    apply(t, event);
    schedule(t);
  }
  return end(t);
}

const NONE: readonly never[] = [];

/** A transition to `state` with nothing to run, call or record. */
const idle = (state: EngineState): Transition => ({
  state,
  effects: NONE,
  emits: NONE,
  phases: false,
  urgent: false,
});

/**
 * The most frequent event, on its own path: progress moves one file's `loaded` (and `step`) and the byte count, and
 * nothing else — no phase, job, batch or queue changes, and the pump has nothing new to start (progress frees no
 * slot and puts no job ahead) — so only the file table is copied, not every table, and the pump is not run.
 */
function progressed(state: EngineState, id: string, reported: number): Transition {
  const file = state.files.get(id);
  if (file?.phase !== 'sending') return idle(state);
  const loaded = Math.max(0, Math.min(reported, file.size));
  if (sameLoaded(file, loaded)) return idle(state);
  const files = new Map(state.files);
  return idle({ ...state, files, sent: state.sent + setLoaded(files, file, loaded) });
}

/**
 * Applies a command, or an outcome to what it is about if that still fits (a file in `sending`, a batch waiting for
 * init, …).
 */
function apply(t: Tx, event: EngineEvent): void {
  // What the event names (a Map has no entry under `undefined`).
  const named = event as { id?: string; batch?: number; job?: string };
  const file = t.files.get(named.id as string);
  const batch = t.batches.get(named.batch as number);
  const job = t.jobs.get(named.job as string);
  // Init outcomes apply to a batch still waiting for its init, v1 outcomes to one whose upload is in flight.
  switch (event.type) {
    case 'add':
      add(t, event.files, event.strict, event.collect);
      return;
    case 'start':
      start(t, event.ids);
      return;
    case 'move':
      move(t, event.id, event.index);
      return;
    case 'cancel':
      cancel(t, event.id);
      return;
    case 'retry':
      retry(t, event.id);
      return;
    case 'remove':
      remove(t, event.ids);
      return;
    case 'clear':
      clear(t);
      return;
    case 'resume':
      resume(t, event.files);
      return;
    case 'connectivity':
      // Back online, the pump (last step of every transition) starts what waited; offline, nothing new starts.
      if (event.online) t.online = true;
      else if (t.online) goOffline(t);
      return;
    case 'putStarted':
      putStarted(t, file);
      return;
    case 'v1Started':
      if (batch?.sending) v1Started(t, batch);
      return;
    case 'putOk':
      putOk(t, file);
      return;
    case 'putFailed':
      putFailed(t, file, event.error, event.fatal, event.offline);
      return;
    case 'retryDue':
      retryDue(t, file);
      return;
    case 'batchDue':
      if (batch) batchDue(t, batch);
      return;
    case 'initOk':
      if (batch?.v1 === false) initOk(t, batch, event.response);
      return;
    case 'initFailed':
      if (batch?.v1 === false) initFailed(t, batch, event.error, event.offline);
      return;
    case 'v1Progress':
      if (batch?.sending) v1Progress(t, batch, event.loaded, event.total);
      return;
    case 'v1Ok':
      if (batch?.sending) v1Ok(t, batch, event.documents);
      return;
    case 'v1Failed':
      if (batch?.sending) v1Failed(t, batch, event.error, event.offline);
      return;
    case 'jobEvent':
      if (job) jobEvent(t, job, event.event);
      return;
    case 'trackingFailed':
      if (job?.tracking) failJob(t, putJob(t, job, { tracking: false }), event.error);
      return;
    case 'trackingEnded':
      if (job?.tracking) putJob(t, job, { tracking: false });
  }
}
