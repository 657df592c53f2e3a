/** The v1 fallback: an init that answered 503 sends its files as one v1 multipart upload (with progress). */
import type { Document } from '../../api/schemas';
import { isConnectionError } from '../backoff';
import { batchFiles, type BatchState, type FileState } from '../state';
import { asUploadError, fail } from './fail';
import { backoff, liveFiles, newJob } from './intake';
import { completeJob } from './jobs';
import { dropBatch, nextId, putBatch, putJob, toPhase, type Tx } from './tx';

/** The files wait for a transfer slot, as one v1 upload of the batch. */
export function startV1(t: Tx, batch: BatchState, files = batchFiles(t, batch)): void {
  putBatch(t, { ...batch, files: files.map((f) => f.id), v1: true, tries: 0, sending: false });
  for (const file of files)
    toPhase(t, file, { phase: 'v1', batch: batch.id, loaded: 0, step: 'queued' }, { viaV1: true });
  t.queue.push({ v1: batch.id });
}

/** Takes a transfer slot: every live file of the batch goes in one multipart (`false`: none is left, it ends). */
export function sendV1(t: Tx, batch: BatchState): boolean {
  const files = liveFiles(t, batch, { sending: true });
  if (files === undefined) return false;
  for (const f of files)
    toPhase(t, f, { phase: 'v1', batch: batch.id, loaded: 0, step: 'slot' }, { attempt: f.attempt + 1 });
  t.effects.push({ type: 'v1', key: `b:${batch.id}`, batch: batch.id });
  return true;
}

/** The pool gave the v1 upload its slot. */
export function v1Started(t: Tx, batch: BatchState): void {
  for (const file of batchFiles(t, batch))
    if (file.phase === 'v1' && file.step === 'slot') t.files.set(file.id, { ...file, step: 'uploading' });
  t.urgent = true;
}

/** The multipart's progress, spread over its files in order. */
export function v1Progress(t: Tx, batch: BatchState, loaded: number, total: number): void {
  const files = batchFiles(t, batch);
  let left = total > 0 ? (loaded / total) * files.reduce((sum, f) => sum + f.size, 0) : loaded;
  for (const file of files) {
    const part = Math.max(0, Math.min(file.size, Math.floor(left)));
    left -= file.size;
    if (file.phase === 'v1') t.sent += setLoaded(t.files, file, part);
  }
}

type Sending = Extract<FileState, { loaded: number }>;

/** The file with `loaded` bytes handed over (its step follows: every byte handed over is `finalizing`). */
const stepAt = (file: Sending, loaded: number) => (loaded >= file.size ? 'finalizing' : 'uploading');

/** Whether `loaded` bytes leave a sending file as it is (a repeated progress event: XHR reports 0 and the total twice). */
export const sameLoaded = (file: Sending, loaded: number): boolean =>
  loaded === file.loaded && stepAt(file, loaded) === file.step;

/**
 * Moves a sending (PUT or v1) file to `loaded` bytes in `files`, its step with it, and returns how many bytes that
 * adds to the byte count. Nothing is written when neither changes.
 */
export function setLoaded(files: Map<string, FileState>, file: Sending, loaded: number): number {
  if (sameLoaded(file, loaded)) return 0;
  files.set(file.id, { ...file, loaded, step: stepAt(file, loaded) });
  return Math.max(0, loaded - file.loaded);
}

/** The v1 upload answered with documents: its files are one finished job (`v1:<n>`). */
export function v1Ok(t: Tx, batch: BatchState, documents: Document[]): void {
  dropBatch(t, batch.id);
  const files = batchFiles(t, batch);
  const job = putJob(
    t,
    newJob(
      `v1:${nextId(t)}`,
      files.map((f) => f.id),
      batch.settings.grouped,
      true,
    ),
  );
  for (const file of files) toPhase(t, file, { phase: 'stored', job: job.id });
  completeJob(t, job, documents);
}

/**
 * The v1 upload failed: no connection while offline → queued again (first) for the connection; retryable → its
 * files wait out a backoff, then queue again (first); else they fail.
 */
export function v1Failed(t: Tx, batch: BatchState, error: unknown, offline?: boolean): void {
  const files = batchFiles(t, batch);
  if (isConnectionError(error) && (offline === true || !t.online)) {
    t.online = false;
    putBatch(t, { ...batch, sending: false });
    for (const file of files) toPhase(t, file, { phase: 'v1', batch: batch.id, loaded: 0, step: 'queued' });
    t.queue.unshift({ v1: batch.id });
    return;
  }
  if (backoff(t, batch, error)) {
    for (const file of files) toPhase(t, file, { phase: 'v1', batch: batch.id, loaded: 0, step: 'queued' });
    return;
  }
  dropBatch(t, batch.id);
  const failure = asUploadError(error, 'uploadV1');
  for (const file of files) fail(t, file, failure);
}

/**
 * A file left a batch (canceled, removed): a batch with no file left ends. One multipart carries every file of a v1
 * batch, so one in flight is aborted and the others are sent again in a new one; a waiting batch goes on without it.
 * (Only a v1 batch is ever `sending`.)
 */
export function batchLost(t: Tx, batch: BatchState): void {
  const rest = batchFiles(t, batch);
  if (!batch.sending && rest.length > 0) return;
  dropBatch(t, batch.id);
  if (rest.length > 0) startV1(t, { ...batch, id: nextId(t) }, rest);
}
