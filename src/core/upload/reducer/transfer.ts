/**
 * Transfers: the queue (at most `concurrency` PUTs and v1 uploads in flight), signed PUTs and their outcomes,
 * retries with backoff, and re-inits when upload URLs run out.
 */
import { MAX_FILES_PER_JOB } from '../../api/documentTypes';
import { ForbiddenError } from '../../api/errors';
import { isConnectionError, isExpiredUrlError, nextRetry } from '../backoff';
import { inFlight, isActive, jobFiles, jobOf, landed, type FileState, type Target } from '../state';
import type { UploadError } from '../types';
import { fail } from './fail';
import { announce, pumpInits } from './intake';
import { forgetJob, maybeTrack } from './jobs';
import { toPhase, putFile, type Tx } from './tx';
import { sendV1 } from './v1';

/** Re-inits of one file caused by expired URLs before the engine gives up (guards against a skewed clock). */
export const MAX_REINITS_PER_FILE = 5;

/** Whether a URL expired or expires within the margin: it is never used. */
export const expiringSoon = (t: Tx, target: Target): boolean =>
  target.expiresAt - t.ctx.now <= t.ctx.config.margin;

/**
 * The pump, a pure step at the end of every transition: while online, starts queued work while slots are free, then
 * sends the inits due (just in time). A PUT started here first waits for a slot of the pool (`slot`).
 */
export function schedule(t: Tx): void {
  if (!t.online) return;
  let free = t.ctx.config.concurrency - inFlight(t);
  while (free > 0) {
    const task = t.queue.shift();
    if (task === undefined) break;
    if ('v1' in task) {
      const batch = t.batches.get(task.v1);
      if (batch && !batch.sending && sendV1(t, batch)) free -= 1;
      continue;
    }
    const file = t.files.get(task.put);
    if (file?.phase !== 'queued') continue;
    // Never use a URL that expired or is about to: re-init instead.
    if (expiringSoon(t, file.target)) {
      reinit(t, file);
      continue;
    }
    toPhase(
      t,
      file,
      { phase: 'sending', job: file.job, target: file.target, loaded: 0, step: 'slot' },
      { attempt: file.attempt + 1 },
    );
    t.effects.push({ type: 'put', key: `f:${file.id}`, id: file.id });
    free -= 1;
  }
  pumpInits(t);
}

/** The pool gave the PUT its slot: the bytes start to go. */
export function putStarted(t: Tx, file: FileState | undefined): void {
  if (file?.phase === 'sending' && file.step === 'slot') putFile(t, { ...file, step: 'uploading' });
}

/** The PUT answered 2xx: the bytes are stored (the URL, a secret with no further use, is dropped). */
export function putOk(t: Tx, file: FileState | undefined): void {
  if (file?.phase !== 'sending') return;
  toPhase(t, file, { phase: 'stored', job: file.job }, { failingSince: undefined });
  maybeTrack(t, file.job);
}

/**
 * The PUT failed: no connection while offline → back in line, first, waiting for the connection (no attempt used);
 * expired URL → re-init; retryable → backoff (`retryDue`); else the file fails.
 */
export function putFailed(
  t: Tx,
  file: FileState | undefined,
  error: UploadError,
  fatal?: boolean,
  offline?: boolean,
): void {
  if (file?.phase !== 'sending') return;
  if (!fatal && isConnectionError(error) && (offline === true || !t.online)) {
    t.online = false;
    toPhase(t, file, { phase: 'queued', job: file.job, target: file.target });
    t.queue.unshift({ put: file.id });
    return;
  }
  // Not a failure: the URL outlived its signature. New URLs, new job.
  if (isExpiredUrlError(error)) {
    reinit(t, file, error);
    return;
  }
  const failures = file.failures + 1;
  const since = file.failingSince ?? t.ctx.now;
  const ms = fatal
    ? undefined
    : nextRetry(error, failures, since, t.ctx.now, t.ctx.config.retry, t.ctx.random);
  if (ms !== undefined) {
    toPhase(
      t,
      file,
      { phase: 'backoff', job: file.job, target: file.target },
      { failures, failingSince: since },
    );
    t.effects.push({ type: 'wait', key: `f:${file.id}`, ms, then: { type: 'retryDue', id: file.id } });
    return;
  }
  fail(t, { ...file, failures }, error);
  maybeTrack(t, file.job);
}

/** The backoff is over: first in the queue. */
export function retryDue(t: Tx, file: FileState | undefined): void {
  if (file?.phase !== 'backoff') return;
  toPhase(t, file, { phase: 'queued', job: file.job, target: file.target });
  t.queue.unshift({ put: file.id });
}

/**
 * New URLs for `file`'s job: a new init (so a new job) for every file of the job that is still active. The server
 * completes a job only once every file it announced has landed, so files left behind would never become documents:
 * the landed ones are sent again, and the old job is abandoned. With the queue running jobs in order, the job whose
 * URLs run out is usually one that has not started, so little is re-sent.
 */
export function reinit(t: Tx, file: FileState, cause?: UploadError): void {
  const job = t.jobs.get(jobOf(file) ?? '');
  const members = job ? jobFiles(t, job).filter(isActive) : [file];
  if (job) forgetJob(t, job);
  const again: string[] = [];
  for (const m of members) {
    if (m.reinits < MAX_REINITS_PER_FILE) again.push(putFile(t, { ...m, reinits: m.reinits + 1 }).id);
    else
      fail(
        t,
        m,
        cause ??
          new ForbiddenError(
            'PUT upload failed: the upload URLs kept expiring (is the device clock right?).',
            {
              operation: 'PUT upload',
              reason: 'expired',
            },
          ),
      );
  }
  // Some bytes had landed and the URLs still ran out: the job is too big for this link. When files may go to
  // separate jobs (grouped: false), halve it so that the next jobs fit in the URLs' lifetime.
  const tooBig = file.settings.grouped === false && members.some(landed);
  announce(t, again, tooBig ? Math.ceil(again.length / 2) : MAX_FILES_PER_JOB);
}
