/** The user's commands on files already added: start, move, cancel, retry, remove, clear, resume. */
import type { PersistedFile } from '../persistence';
import {
  batchOf,
  batchFiles,
  heldBy,
  isActive,
  jobFiles,
  jobOf,
  landed,
  targetOf,
  type BatchState,
  type FileState,
  type Task,
} from '../state';
import { announce, hold, newFile, newJob, overGroup, sendInit, tally } from './intake';
import { forgetJob, maybeTrack, startTracking } from './jobs';
import { expiringSoon } from './transfer';
import { abort, dropFile, dropJob, putBatch, putFile, putJob, toPhase, type Tx } from './tx';
import { batchLost } from './v1';
import { validateFiles } from '../../api/documentTypes';

/** The files listed that exist (`undefined`: every file), as they are now. */
const filesOf = (t: Tx, ids: readonly string[] | undefined): FileState[] =>
  (ids ?? [...t.files.keys()]).flatMap((id) => t.files.get(id) ?? []);

/** Cancels files (their work stops with their phase); returns the jobs touched. */
function cancelFiles(t: Tx, files: readonly FileState[]): Set<string> {
  const jobs = new Set<string>();
  const batches = new Set<number | undefined>();
  for (const file of files) {
    if (!isActive(file)) continue;
    batches.add(batchOf(file));
    const job = jobOf(file);
    if (job !== undefined) jobs.add(job);
    toPhase(t, file, { phase: 'canceled', job, target: targetOf(file), landed: landed(file) });
  }
  for (const id of batches) {
    const batch = t.batches.get(id as number);
    if (batch) batchLost(t, batch);
  }
  return jobs;
}

/** After files left them: a job with nothing left to wait for stops; one that can go on is tracked. */
function settleJobs(t: Tx, ids: Iterable<string>): void {
  for (const id of ids) {
    const job = t.jobs.get(id);
    if (!job) continue;
    const files = jobFiles(t, job);
    // Every file canceled, or a job still tracked with no stored file left, stops (a complete job still tracked,
    // waiting for variants, goes on for the files it made).
    if (
      files.every((f) => f.phase === 'canceled') ||
      (job.tracking && job.status !== 'complete' && !files.some((f) => f.phase === 'stored'))
    )
      putJob(t, job, { tracking: false, status: job.status === 'complete' ? 'complete' : 'canceled' });
    else maybeTrack(t, id);
  }
}

const isCollected = (file: FileState): boolean => file.phase === 'collected';

/**
 * Sends collected files (`ids` in that order, else all in list order), announced like newly added ones with the
 * settings and rules of now (`type`, `grouped`, `externalReference`, the rules and the documents a field holds may
 * have changed since they were collected: a form is often filled in between). A file the rules of now refuse (over
 * `maxFiles`, say) becomes `rejected` with its reason; `grouped` with more files than one job takes refuses the
 * start, and they stay collected.
 */
export function start(t: Tx, ids: readonly string[] | undefined): void {
  const { settings, rules } = t.ctx.config;
  const [counted, collected] = tally(t);
  const named = [...new Set(filesOf(t, ids).filter(isCollected))];
  const { accepted, rejected } = validateFiles(
    named.map((file) => ({ file, name: file.name, size: file.size })),
    rules,
    { alreadyAccepted: counted - collected },
  );
  for (const { file, errors } of rejected) toPhase(t, file.file, { phase: 'rejected', rejection: errors });
  const files = accepted.map((entry) => entry.file);
  if (overGroup(t, files.length, `${files.length} are collected. Remove some`)) return;
  // The list shows them in the order they go, from where the first of them stood.
  if (ids !== undefined && files.length > 0) reorder(t, files);
  for (const file of files) toPhase(t, file, { phase: 'pending', batch: 0 }, { settings });
  announce(
    t,
    files.map((f) => f.id),
  );
}

/** Moves a collected file to `index` among the collected files (their upload order). */
export function move(t: Tx, id: string, index: number): void {
  const collected = [...t.files.values()].filter(isCollected);
  const from = collected.findIndex((f) => f.id === id);
  const to = Math.max(0, Math.min(collected.length - 1, Math.trunc(index)));
  if (from < 0 || from === to || Number.isNaN(to)) return;
  collected.splice(to, 0, ...collected.splice(from, 1));
  reorder(t, collected);
}

/**
 * Rewrites the list order so that `files` (listed) stand in that order where the first of them stood (other files
 * keep their places); the snapshot lists files in this order.
 */
function reorder(t: Tx, files: readonly FileState[]): void {
  const moving = new Set(files);
  const list = [...t.files.values()];
  const rest = list.filter((f) => !moving.has(f));
  rest.splice(
    list.findIndex((f) => moving.has(f)),
    0,
    ...files,
  );
  t.files = new Map(rest.map((f) => [f.id, f]));
  t.urgent = true;
}

export function cancel(t: Tx, id: string | undefined): void {
  settleJobs(t, cancelFiles(t, filesOf(t, id === undefined ? id : [id])));
}

/**
 * Retries failed and canceled files (`id` omitted: every retryable one; named: that one even if not retryable).
 * Landed bytes are never sent again while their job can complete: the file follows the job again. An unused URL
 * that is still good reuses its job. A held grouped job goes again whole. Anything else is announced again.
 */
export function retry(t: Tx, id: string | undefined): void {
  const again: string[] = [];
  const follow = new Set<string>();
  for (const key of id === undefined ? [...t.files.keys()] : [id]) {
    const file = t.files.get(key);
    if (file?.phase !== 'failed' && file?.phase !== 'canceled') continue;
    if (id === undefined && file.phase === 'failed' && !file.error.retryable) continue;
    const reset = putFile(t, { ...file, failures: 0, reinits: 0 });
    const job = t.jobs.get(file.job ?? '');
    // A job that completed, or that the server failed, cannot take the file again.
    const failedJob =
      job?.error?.code === 'job-failed' || (file.phase === 'failed' && file.error.code === 'job-failed');
    const usable = job && job.status !== 'complete' && !failedJob;
    if (usable && file.landed) {
      // Bytes are stored: follow the same job again instead of uploading them again.
      toPhase(t, reset, { phase: 'stored', job: job.id });
      follow.add(job.id);
    } else if (usable && !job.tracking && file.target && !expiringSoon(t, file.target)) {
      // Its URL is still good: reuse the job.
      toPhase(t, reset, { phase: 'queued', job: job.id, target: file.target });
      if (job.status !== 'uploading') putJob(t, job, { status: 'uploading', error: undefined });
      t.queue.push({ put: file.id });
    } else if (job && heldBy(t, job)) {
      // Its URL is gone, and the group makes one document: the group's other files (landed or on their way) go
      // again with it, in a new job.
      const rest = jobFiles(t, job).filter(isActive);
      forgetJob(t, job);
      again.push(file.id, ...rest.map((f) => f.id));
    } else {
      if (job) putJob(t, job, { files: job.files.filter((x) => x !== file.id) });
      again.push(file.id);
    }
  }
  // Followed again once every file of the job landed (the job may still wait for a sibling's bytes).
  for (const jobId of follow) {
    const job = t.jobs.get(jobId);
    if (job && !job.tracking) maybeTrack(t, putJob(t, job, { status: 'uploading', error: undefined }).id);
  }
  announce(t, again);
}

export function remove(t: Tx, ids: readonly string[]): void {
  const files = filesOf(t, ids);
  const touched = cancelFiles(t, files);
  for (const file of files) {
    dropFile(t, file.id);
    const job = t.jobs.get(jobOf(file) ?? '');
    if (!job) continue;
    const rest = job.files.filter((x) => x !== file.id);
    if (rest.length > 0) {
      putJob(t, job, { files: rest, dropped: job.dropped || !landed(file) });
      touched.add(job.id);
    } else {
      dropJob(t, job.id);
      touched.delete(job.id);
    }
  }
  settleJobs(t, touched);
}

export function clear(t: Tx): void {
  remove(t, [...t.files.keys()]);
  for (const id of [...t.jobs.keys()]) dropJob(t, id);
  t.documents = [];
}

/**
 * Re-attaches to jobs kept in persistence: a job whose every file landed is tracked again (its files come back as
 * `processing`); files of any other job, or never announced, must be picked again.
 */
export function resume(t: Tx, recovered: readonly PersistedFile[]): void {
  const needsReselect: { name: string; size: number }[] = [];
  const byJob = new Map<string, PersistedFile[]>();
  for (const r of recovered) {
    if (r.jobId === null) needsReselect.push({ name: r.name, size: r.size });
    else byJob.set(r.jobId, [...(byJob.get(r.jobId) ?? []), r]);
  }
  const accepted: string[] = [];
  for (const [jobId, records] of byJob) {
    if (t.jobs.has(jobId)) continue; // this uploader is already following it
    if (!records.every((r) => r.landed)) {
      // The job cannot complete without the missing bytes, and the File objects are gone.
      for (const r of records) needsReselect.push({ name: r.name, size: r.size });
      continue;
    }
    const files = records.map(
      (r) =>
        newFile(t, Object.assign(new Blob([]), { name: r.name }), { phase: 'stored', job: jobId }, r.size).id,
    );
    accepted.push(...files);
    startTracking(t, putJob(t, newJob(jobId, files, undefined)));
  }
  t.reply = { accepted, rejected: [], needsReselect };
}

/** A batch's backoff is over: init again (offline: once the connection is back), or queue its v1 upload again (first). */
export function batchDue(t: Tx, batch: BatchState): void {
  if (batch.v1) t.queue.unshift({ v1: batch.id });
  else if (t.online) sendInit(t, batch);
  else hold(t, batch);
}

/**
 * The browser went offline (`navigator.onLine` is reliable when `false`): transfers and inits in flight cannot
 * succeed, so they stop now instead of hanging until the stall timeout, and go back first in line — no attempt or
 * try used — to start again by themselves on `online`. Job trackers go on (they reconnect or poll when back).
 */
export function goOffline(t: Tx): void {
  t.online = false;
  const again: Task[] = [];
  for (const file of t.files.values())
    if (file.phase === 'sending') {
      toPhase(t, file, { phase: 'queued', job: file.job, target: file.target });
      again.push({ put: file.id });
    }
  for (const batch of t.batches.values()) {
    // An init in flight or waiting to try again is sent again once online; a v1 upload in flight goes back in line.
    if (batch.v1 ? !batch.sending : !batch.sent) continue;
    abort(t, `b:${batch.id}`);
    if (!batch.v1) hold(t, batch);
    else {
      putBatch(t, { ...batch, sending: false });
      for (const file of batchFiles(t, batch))
        toPhase(t, file, { phase: 'v1', batch: batch.id, loaded: 0, step: 'queued' });
      again.push({ v1: batch.id });
    }
  }
  t.queue.unshift(...again);
}
