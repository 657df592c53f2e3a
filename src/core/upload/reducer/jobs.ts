/** Jobs: tracking once every file landed, the job's events, completion, failure, and jobs that can never complete. */
import { JobFailedError } from '../../api/errors';
import type { Document, JobEvent } from '../../api/schemas';
import { matchDocuments, mergeDocuments } from '../documents';
import { heldBy, isActive, jobFiles, landed, type JobState } from '../state';
import type { UploadError } from '../types';
import { fail } from './fail';
import { announce } from './intake';
import { dropJob, putJob, toPhase, type Tx } from './tx';

/**
 * Starts tracking once every file of the job landed. When every file landed or dropped out (failed for good,
 * canceled, removed) and some dropped out, the job can never complete (the server waits for every file it
 * announced): the landed files are sent again in a new job, and the old job is forgotten — except in a grouped job
 * whose missing file failed and can still be retried ({@link heldBy}).
 */
export function maybeTrack(t: Tx, id: string): void {
  const job = t.jobs.get(id);
  if (!job || job.tracking || job.status !== 'uploading' || job.viaV1) return;
  const files = jobFiles(t, job);
  const stored = files.filter((f) => f.phase === 'stored');
  if (stored.length === 0 || files.some((f) => !landed(f) && isActive(f))) return;
  if (!job.dropped && files.every(landed)) {
    startTracking(t, job);
    return;
  }
  if (heldBy(t, job)) return;
  forgetJob(t, job);
  announce(
    t,
    stored.map((f) => f.id),
  );
}

export function startTracking(t: Tx, job: JobState): void {
  putJob(t, job, { status: 'processing', error: undefined, tracking: true });
  t.effects.push({ type: 'track', key: `j:${job.id}`, job: job.id });
}

/** Drops a job that will never complete; its finished files no longer belong to a job. */
export function forgetJob(t: Tx, job: JobState): void {
  for (const file of jobFiles(t, job))
    if (!isActive(file)) t.files.set(file.id, { ...file, job: undefined } as typeof file);
  dropJob(t, job.id);
}

/** The job's documents are final: its stored files are complete. */
export function completeJob(t: Tx, job: JobState, documents: Document[]): void {
  const files = jobFiles(t, job).filter((f) => landed(f) && f.phase !== 'canceled');
  const matched = matchDocuments(files, documents);
  putJob(t, job, { status: 'complete', documents, error: undefined });
  t.documents = mergeDocuments(t.documents, documents);
  for (const file of files) {
    toPhase(t, file, { phase: 'complete', job: job.id, documentIds: matched.get(file.id) ?? [] });
    t.emits.push({ type: 'onFileComplete', id: file.id });
  }
  t.emits.push({ type: 'onJobComplete', job: job.id, documents: [...documents] });
}

export function failJob(t: Tx, job: JobState, error: UploadError): void {
  if (job.status === 'complete') return;
  putJob(t, job, { status: 'failed', error });
  for (const file of jobFiles(t, job)) if (file.phase === 'stored') fail(t, file, error);
}

/**
 * `complete` is success. `imageVariantsReady` implies completion: it carries the final documents (and ends the
 * stream), so when it comes first the job completes with its enriched documents and a later `complete` is ignored.
 */
export function jobEvent(t: Tx, job: JobState, event: JobEvent): void {
  if (event.type === 'failed') {
    failJob(
      t,
      job,
      new JobFailedError(`The upload job failed: ${event.error}`, {
        jobId: job.id,
        serverMessage: event.error,
      }),
    );
    return;
  }
  if (event.type !== 'complete' && event.type !== 'imageVariantsReady') return;
  if (job.status !== 'complete') completeJob(t, job, event.documents);
  if (event.type === 'complete') return;
  const { documents } = event;
  const current = t.jobs.get(job.id) ?? job;
  putJob(t, current, { documents: mergeDocuments(current.documents, documents), variantsReady: true });
  t.documents = mergeDocuments(t.documents, documents);
  t.emits.push({ type: 'onVariantsReady', job: job.id, documents: [...documents] });
}
