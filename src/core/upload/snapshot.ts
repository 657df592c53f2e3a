/**
 * The public snapshot, projected from the state. A file or job that did not change keeps its `UploadItem` /
 * `UploadJob` object (cached by the state object it came from), so rows that did not change need not re-render.
 */
import type { Document } from '../api/schemas';
import { computeProgress, createRateMeter } from './progress';
import {
  isTerminal,
  jobOf,
  statusOf,
  waitsFor,
  type EngineState,
  type FileState,
  type JobState,
} from './state';
import { statusOfCounts } from './status';
import type { UploadError, UploadItem, UploadJob, UploadSnapshot } from './types';

function toItem(file: FileState, status: UploadItem['status']): UploadItem {
  return {
    id: file.id,
    file: file.file,
    name: file.name,
    size: file.size,
    status,
    loaded:
      file.phase === 'sending' || file.phase === 'v1'
        ? file.loaded
        : file.phase === 'stored' || file.phase === 'complete'
          ? file.size
          : 0,
    total: file.size,
    attempt: file.attempt,
    error: 'error' in file ? file.error : undefined,
    rejection: file.phase === 'rejected' ? file.rejection : undefined,
    jobId: jobOf(file),
    documentIds: file.phase === 'complete' ? file.documentIds : [],
    viaV1: file.viaV1,
  };
}

const toJob = (job: JobState): UploadJob => ({
  id: job.id,
  status: job.status,
  itemIds: job.files,
  documents: job.documents,
  variantsReady: job.variantsReady,
  error: job.error,
  viaV1: job.viaV1,
});

/** Projects states to snapshots, keeping identities; `sent` feeds the rate meter. */
export function createProjector(now: () => number) {
  const items = new WeakMap<FileState, UploadItem>();
  const waiting = new WeakMap<UploadItem, UploadItem>();
  const jobs = new WeakMap<JobState, UploadJob>();
  const rate = createRateMeter();
  let sent = 0;
  // Progress (its own reducer path) keeps the jobs table and the documents: their frozen lists are kept with them,
  // and the jobs' order (by their first file; only a transition that copies the jobs table moves files) too.
  let jobsOf: { from: EngineState['jobs']; list: readonly UploadJob[] } | undefined;
  let documentsOf: { from: EngineState['documents']; list: readonly Document[] } | undefined;

  const item = (file: FileState, state: EngineState): UploadItem => {
    let out = items.get(file);
    const status = statusOf(file, state.online);
    // A queued file shows `waiting` while offline: the same state, another status.
    if (out?.status !== status) items.set(file, (out = toItem(file, status)));
    const holder = waitsFor(state, file);
    if (!holder) return out;
    const cached = waiting.get(out);
    if (cached?.waitingFor === holder.name) return cached;
    const view = { ...out, waitingFor: holder.name };
    waiting.set(out, view);
    return view;
  };

  const job = (state: JobState): UploadJob => {
    let out = jobs.get(state);
    if (!out) jobs.set(state, (out = toJob(state)));
    return out;
  };

  return (state: EngineState): UploadSnapshot => {
    rate.add(state.sent - sent);
    sent = state.sent;
    const list = [...state.files.values()].map((f) => item(f, state));
    if (jobsOf?.from !== state.jobs) {
      const position = new Map(list.map((it, index) => [it.id, index]));
      // A job with no file listed sorts last (Infinity − Infinity is NaN: the sort takes it as equal).
      const first = (j: JobState): number => Math.min(...j.files.map((id) => position.get(id) ?? Infinity));
      // Jobs in the order of their first file (inits may answer in any order).
      const sorted = [...state.jobs.values()].sort((a, b) => first(a) - first(b));
      jobsOf = { from: state.jobs, list: Object.freeze(sorted.map(job)) };
    }
    if (documentsOf?.from !== state.documents)
      documentsOf = { from: state.documents, list: Object.freeze([...state.documents]) };
    const progress = computeProgress(list, (sending) => rate.read(now(), sending));
    return Object.freeze({
      items: Object.freeze(list),
      jobs: jobsOf.list,
      progress: Object.freeze(progress),
      status: statusOfCounts(progress.counts),
      documents: documentsOf.list,
      online: state.online,
    });
  };
}

/**
 * Where a group of files (an `upload()` call) stands: `undefined` while any has work ahead; else the documents,
 * or the error to reject with. A file held by a failed sibling (grouped) counts as settled with that file's error.
 */
export function settlement(
  state: EngineState,
  ids: readonly string[],
): { documents: Document[] } | { error: UploadError | undefined } | undefined {
  let failed: UploadError | undefined;
  let held: UploadError | undefined;
  let incomplete = false;
  for (const id of ids) {
    const file = state.files.get(id);
    const holder = file && waitsFor(state, file);
    if (file !== undefined && !isTerminal(file) && holder === undefined) return undefined;
    if (file?.phase === 'failed') failed ??= file.error;
    else if (holder?.phase === 'failed') held ??= holder.error;
    if (file?.phase !== 'complete') incomplete = true;
  }
  failed ??= held;
  if (failed || incomplete) return { error: failed };
  return { documents: documentsOf(state, ids) };
}

/** The documents made from these files, each once, in file order. */
export function documentsOf(state: EngineState, ids: readonly string[]): Document[] {
  const byId = new Map<string, Document>();
  for (const job of state.jobs.values()) for (const doc of job.documents) byId.set(doc.id, doc);
  for (const doc of state.documents) byId.set(doc.id, doc);
  const out = new Map<string, Document>();
  for (const id of ids) {
    const file = state.files.get(id);
    if (file?.phase !== 'complete') continue;
    for (const docId of file.documentIds) {
      const doc = byId.get(docId);
      if (doc) out.set(docId, doc);
    }
  }
  return [...out.values()];
}
