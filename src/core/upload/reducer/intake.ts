/** Intake: validating added files, announcing them to init calls (≤ 25 files each) and the init's answer. */
import { MAX_FILES_PER_JOB, validateFiles } from '../../api/documentTypes';
import { ConfigurationError, InvalidRequestError, UnavailableError } from '../../api/errors';
import type { InitUploadRequest, InitUploadResponse } from '../../api/schemas';
import { isRetryableError, retryDelayFor } from '../backoff';
import type { Incoming } from '../events';
import { batchFiles, type BatchState, type FileState, type NamedBlob, type Phase } from '../state';
import type { UploadError } from '../types';
import { asUploadError, fail } from './fail';
import { nextId, putBatch, putFile, putJob, toPhase, dropBatch, type Tx } from './tx';
import { startV1 } from './v1';

/** A new file in `phase`, its id from the sequence. A `Blob` without a name gets `name: ''`. */
export function newFile(t: Tx, blob: Incoming, size: number, phase: Phase): FileState {
  const { config } = t.ctx;
  const name = typeof (blob as Partial<File>).name === 'string' ? (blob as File).name : '';
  const file = (blob as Partial<File>).name === name ? (blob as NamedBlob) : Object.assign(blob, { name });
  const id = `upload-${config.idPrefix}${nextId(t)}`;
  return putFile(t, {
    id,
    file,
    name,
    size,
    attempt: 0,
    failures: 0,
    reinits: 0,
    grouped: config.grouped,
    viaV1: false,
    ...phase,
  });
}

/** `add` / `upload` (`strict`: any rejection refuses the whole call): validate, then announce what was accepted. */
export function add(t: Tx, files: readonly Incoming[], strict: boolean): void {
  const { config } = t.ctx;
  let counted = 0;
  for (const f of t.files.values()) if (f.phase !== 'rejected' && f.phase !== 'canceled') counted += 1;
  const { accepted, rejected } = validateFiles(
    files.map((file) => ({ file, name: (file as Partial<File>).name ?? '', size: file.size })),
    config.rules,
    { alreadyAccepted: counted },
  );
  const refused = rejected.map(
    (r) => newFile(t, r.file.file, r.file.size, { phase: 'rejected', rejection: r.errors }).id,
  );
  let error: UploadError | undefined;
  if (config.grouped === true && accepted.length > MAX_FILES_PER_JOB) {
    error = new ConfigurationError(
      `grouped: true makes one document of at most ${MAX_FILES_PER_JOB} files; got ${accepted.length}. Send fewer, or use grouped: false.`,
    );
    const rejection = [{ code: 'too-many-files' as const, message: error.message }];
    for (const { file } of accepted)
      refused.push(newFile(t, file, file.size, { phase: 'rejected', rejection, error }).id);
    t.emits.push({ type: 'onError', error });
  } else if (strict && refused.length > 0) {
    const reasons = rejected
      .slice(0, 3)
      .map((r) => `${r.file.name || '(unnamed)'}: ${r.errors.map((e) => e.message).join(' ')}`)
      .join('; ');
    error = new InvalidRequestError(
      `${refused.length} of ${files.length} files were rejected, so nothing was uploaded (${reasons}${refused.length > 3 ? '; …' : ''}).`,
      { operation: 'upload' },
    );
  }
  const ids = error
    ? []
    : accepted.map(({ file }) => newFile(t, file, file.size, { phase: 'announcing', batch: 0 }).id);
  announce(t, ids, config.grouped);
  t.reply = { accepted: ids, rejected: refused, error };
}

/** Announces files to new init calls of at most `size` files each (each file leaves its old phase and job). */
export function announce(
  t: Tx,
  ids: readonly string[],
  grouped: boolean | undefined,
  size = MAX_FILES_PER_JOB,
): void {
  for (let i = 0; i < ids.length; i += size) {
    const batch = putBatch(t, {
      id: nextId(t),
      files: ids.slice(i, i + size),
      grouped,
      tries: 0,
      v1: false,
      sending: false,
    });
    for (const id of batch.files) {
      const file = t.files.get(id);
      if (file) toPhase(t, file, { phase: 'announcing', batch: batch.id }, { grouped, viaV1: false });
    }
    sendInit(t, batch);
  }
}

/**
 * The batch's live files, now its whole list (`sending`: its v1 upload takes a slot); `undefined`, and the batch
 * ends, when none is left.
 */
export function liveFiles(t: Tx, batch: BatchState, sending: boolean): FileState[] | undefined {
  const files = batchFiles(t, batch);
  if (files.length === 0) {
    dropBatch(t, batch.id);
    return undefined;
  }
  putBatch(t, { ...batch, files: files.map((f) => f.id), sending });
  return files;
}

/** Sends the init for the batch's live files (the batch ends when none is left). */
export function sendInit(t: Tx, batch: BatchState): void {
  const files = liveFiles(t, batch, false);
  if (files === undefined) return;
  const { type, externalReference } = t.ctx.config;
  const fields: InitUploadRequest['fields'] = {};
  if (batch.grouped !== undefined) fields.grouped = batch.grouped;
  if (externalReference !== undefined) fields.externalReference = externalReference;
  const request: InitUploadRequest = { files: files.map((f) => ({ filename: f.name, size: f.size })), type };
  if (Object.keys(fields).length > 0) request.fields = fields;
  t.effects.push({ type: 'init', key: `b:${batch.id}`, batch: batch.id, request });
}

/** The init answered: each file gets its URL and waits for a slot, in one new job. */
export function initOk(t: Tx, batch: BatchState, response: InitUploadResponse): void {
  dropBatch(t, batch.id);
  const live = batchFiles(t, batch);
  // Files were canceled during init: the server would wait for their bytes forever. Nothing was sent yet, so the
  // others are announced again instead.
  if (live.length < batch.files.length) {
    announce(
      t,
      live.map((f) => f.id),
      batch.grouped,
    );
    return;
  }
  const ids: string[] = [];
  live.forEach((file, index) => {
    const entry = response.files[index];
    if (!entry) return;
    const expiresAt = Date.parse(entry.expiresAt);
    const target = {
      url: entry.uploadUrl,
      contentType: entry.contentType,
      expiresAt: expiresAt || t.ctx.now,
    };
    toPhase(t, file, { phase: 'queued', job: response.jobId, target });
    ids.push(file.id);
    t.queue.push({ put: file.id });
  });
  if (ids.length > 0) putJob(t, newJob(response.jobId, ids, batch.grouped));
}

/** A job on its way (from an init, a v1 upload or a recovery record). */
export const newJob = (
  id: string,
  files: readonly string[],
  grouped: boolean | undefined,
  viaV1 = false,
) => ({
  id,
  files,
  status: 'uploading' as const,
  documents: [],
  variantsReady: false,
  error: undefined,
  viaV1,
  grouped,
  dropped: false,
  tracking: false,
});

/** The init failed: 503 → v1; retryable → a backoff, then `batchDue` sends it again; else every file fails. */
export function initFailed(t: Tx, batch: BatchState, error: unknown): void {
  if (error instanceof UnavailableError && error.status === 503) {
    startV1(t, batch);
    return;
  }
  if (!backoff(t, batch, error)) {
    dropBatch(t, batch.id);
    const failure = asUploadError(error, 'initUpload');
    for (const file of batchFiles(t, batch)) fail(t, file, failure);
  }
}

/** Schedules the batch's next try after a retryable failure; `false` when it may not try again. */
export function backoff(t: Tx, batch: BatchState, error: unknown): boolean {
  const { retry } = t.ctx.config;
  const tries = batch.tries + 1;
  if (!isRetryableError(error) || tries >= retry.attempts) return false;
  putBatch(t, { ...batch, tries, sending: false });
  const ms = retryDelayFor(error, tries, retry, t.ctx.random);
  t.effects.push({ type: 'wait', key: `b:${batch.id}`, ms, then: { type: 'batchDue', batch: batch.id } });
  return true;
}
