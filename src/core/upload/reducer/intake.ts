/**
 * Intake: validating added files (duplicates included), batching them (≤ 25 files per init), sending each batch's
 * init just in time (`pumpInits`) and the init's answer, checked against the request.
 */
import { MAX_FILES_PER_JOB, validateFiles, type FileRejectionReason } from '../../api/documentTypes';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  UnavailableError,
} from '../../api/errors';
import type { InitUploadRequest, InitUploadResponse } from '../../api/schemas';
import { isConnectionError, nextRetry } from '../backoff';
import type { Incoming } from '../events';
import {
  batchFiles,
  type BatchState,
  type FileState,
  type NamedBlob,
  type Phase,
  type Settings,
} from '../state';
import type { UploadError } from '../types';
import { asUploadError, fail } from './fail';
import { dropBatch, nextId, putBatch, putFile, putJob, toPhase, type Tx } from './tx';
import { startV1 } from './v1';

/** A new file in `phase`, its id from the sequence. A `Blob` without a name gets `name: ''`. */
export function newFile(t: Tx, blob: Incoming, phase: Phase, size = blob.size): FileState {
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
    settings: config.settings,
    failingSince: undefined,
    viaV1: false,
    ...phase,
  });
}

/** The files counted toward `maxFiles` (neither rejected nor canceled), and how many of them are collected. */
export function tally(t: Tx): [counted: number, collected: number] {
  let counted = 0;
  let collected = 0;
  for (const f of t.files.values()) {
    if (f.phase !== 'rejected' && f.phase !== 'canceled') counted += 1;
    if (f.phase === 'collected') collected += 1;
  }
  return [counted, collected];
}

/** `grouped` asks for more files than one job takes: `onError` with the error, returned (`undefined`: they fit). */
export function overGroup(t: Tx, count: number, detail: string): UploadError | undefined {
  if (t.ctx.config.settings.grouped !== true || count <= MAX_FILES_PER_JOB) return undefined;
  const error = new ConfigurationError(
    `grouped: true makes one document of at most ${MAX_FILES_PER_JOB} files; ${detail}, or use grouped: false.`,
  );
  t.emits.push({ type: 'onError', error });
  return error;
}

/** Phases whose file no longer counts as a duplicate of a new one. */
const GONE: ReadonlySet<string> = new Set(['rejected', 'failed', 'canceled']);

/** A file's identity for duplicates: name, size and (for a `File`) last modified. */
const identity = (file: Blob): string =>
  `${(file as Partial<File>).name ?? ''}\u0000${file.size}\u0000${(file as Partial<File>).lastModified ?? ''}`;

/**
 * `add` / `upload` (`strict`: any rejection refuses the whole call): validate, then announce what was accepted, or
 * keep it `collected` until `start` (`collect`; for `grouped`, the collected files count toward one job's limit).
 * Files equal to one active, collected or stored here, or to an earlier one of the same call, are duplicates
 * (`rejectDuplicates`).
 */
export function add(t: Tx, files: readonly Incoming[], strict: boolean, collect = false): void {
  const { config } = t.ctx;
  const [counted, collected] = tally(t);
  const refused: string[] = [];
  const reasons: string[] = [];
  const refuse = (file: Incoming, rejection: FileRejectionReason[]) => {
    const { id, name } = newFile(t, file, { phase: 'rejected', rejection });
    refused.push(id);
    reasons.push(`${name || '(unnamed)'}: ${rejection.map((e) => e.message).join(' ')}`);
  };
  const seen = new Set<string>();
  if (config.rejectDuplicates)
    for (const f of t.files.values()) if (!GONE.has(f.phase)) seen.add(identity(f.file));
  const fresh: Incoming[] = [];
  for (const file of files) {
    const key = identity(file);
    if (config.rejectDuplicates && seen.has(key)) refuse(file, DUPLICATE);
    else {
      seen.add(key);
      fresh.push(file);
    }
  }
  const { accepted, rejected } = validateFiles(
    fresh.map((file) => ({ file, name: (file as Partial<File>).name ?? '', size: file.size })),
    config.rules,
    { alreadyAccepted: counted },
  );
  for (const r of rejected) refuse(r.file.file, r.errors);
  const grouping = accepted.length + (collect ? collected : 0);
  let error = overGroup(t, grouping, `got ${grouping}. Send fewer`);
  if (error) {
    const rejection = [{ code: 'too-many-files' as const, message: error.message }];
    for (const { file } of accepted)
      refused.push(newFile(t, file, { phase: 'rejected', rejection, error }).id);
  } else if (strict && refused.length > 0)
    error = new InvalidRequestError(
      `${refused.length} of ${files.length} files were rejected, so nothing was uploaded (${reasons.slice(0, 3).join('; ')}${refused.length > 3 ? '; …' : ''}).`,
      { operation: 'upload' },
    );
  const ids = error
    ? []
    : accepted.map(
        ({ file }) => newFile(t, file, collect ? { phase: 'collected' } : { phase: 'pending', batch: 0 }).id,
      );
  if (!collect) announce(t, ids);
  t.reply = { accepted: ids, rejected: refused, error };
}

const DUPLICATE: FileRejectionReason[] = [
  { code: 'duplicate', message: 'This file is already in the list.' },
];

/**
 * Puts files in new batches of at most `size` files, one set of batches per request settings (each file leaves its
 * old phase and job). Their inits go just in time ({@link pumpInits}).
 */
export function announce(t: Tx, ids: readonly string[], size = MAX_FILES_PER_JOB): void {
  const bySettings = new Map<Settings, FileState[]>();
  for (const id of ids) {
    const file = t.files.get(id);
    if (file) bySettings.set(file.settings, [...(bySettings.get(file.settings) ?? []), file]);
  }
  for (const [settings, files] of bySettings)
    for (let i = 0; i < files.length; i += size) {
      const batch = putBatch(t, {
        id: nextId(t),
        files: files.slice(i, i + size).map((f) => f.id),
        settings,
        tries: 0,
        failingSince: undefined,
        sent: false,
        v1: false,
        sending: false,
      });
      for (const file of files.slice(i, i + size))
        toPhase(t, file, { phase: 'pending', batch: batch.id }, { viaV1: false });
    }
}

/**
 * Sends inits just in time, so that upload URLs are fresh when used: while online, at most one init in flight or
 * job with files waiting for a slot besides the one being sent (one job ahead), batches in order.
 */
export function pumpInits(t: Tx): void {
  if (!t.online) return;
  let ahead = 0;
  const next: BatchState[] = [];
  for (const batch of t.batches.values()) {
    if (batch.v1) continue;
    if (batch.sent) ahead += 1;
    else next.push(batch);
  }
  // Most transitions have no init to send: the files are not looked at then.
  if (next.length === 0 || ahead >= 2) return;
  const waitingJobs = new Set<string>();
  for (const file of t.files.values()) if (file.phase === 'queued') waitingJobs.add(file.job);
  ahead += waitingJobs.size;
  // Batches are listed in id order: ids grow, and a batch rewritten keeps its place.
  for (const batch of next) {
    if (ahead >= 2) return;
    if (sendInit(t, batch)) ahead += 1;
  }
}

/**
 * The batch's live files, now its whole list, with `changes` (`sent`: its init goes; `sending`: its v1 upload takes a
 * slot); `undefined`, and the batch ends, when none is left.
 */
export function liveFiles(t: Tx, batch: BatchState, changes: Partial<BatchState>): FileState[] | undefined {
  const files = batchFiles(t, batch);
  if (files.length === 0) {
    dropBatch(t, batch.id);
    return undefined;
  }
  putBatch(t, { ...batch, files: files.map((f) => f.id), ...changes });
  return files;
}

/** Sends the init for the batch's live files (`false`, and the batch ends, when none is left). */
export function sendInit(t: Tx, batch: BatchState): boolean {
  const files = liveFiles(t, batch, { sent: true });
  if (files === undefined) return false;
  for (const file of files)
    if (file.phase !== 'announcing') toPhase(t, file, { phase: 'announcing', batch: batch.id });
  const { type, grouped, externalReference } = batch.settings;
  const fields: InitUploadRequest['fields'] = {};
  if (grouped !== undefined) fields.grouped = grouped;
  if (externalReference !== undefined) fields.externalReference = externalReference;
  const request: InitUploadRequest = { files: files.map((f) => ({ filename: f.name, size: f.size })), type };
  if (Object.keys(fields).length > 0) request.fields = fields;
  t.effects.push({ type: 'init', key: `b:${batch.id}`, batch: batch.id, request });
  return true;
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
    );
    return;
  }
  // Each URL is bound to one file: an answer that does not match the request file by file (by order and name) is
  // not used at all.
  const { files } = response;
  const at = live.findIndex((f, i) => files[i]?.filename !== f.name);
  if (files.length !== live.length || at >= 0) {
    const wrong =
      files.length === live.length
        ? `file ${at + 1} under another name than was sent`
        : `${files.length} upload URLs for ${live.length} files`;
    // Retryable by hand: a fresh init (a proxy's hiccup) may answer right.
    const error = new InvalidResponseError(`init answered ${wrong}; nothing was uploaded.`, {
      operation: 'initUpload',
      retryable: true,
    });
    for (const file of live) fail(t, file, error);
    return;
  }
  // The answer matches file by file (checked above): each file gets its entry's URL.
  live.forEach((file, index) => {
    const entry = files[index] as (typeof files)[number];
    const target = {
      url: entry.uploadUrl,
      contentType: entry.contentType,
      expiresAt: Date.parse(entry.expiresAt) || t.ctx.now,
    };
    toPhase(t, file, { phase: 'queued', job: response.jobId, target }, { failingSince: undefined });
    t.queue.push({ put: file.id });
  });
  putJob(
    t,
    newJob(
      response.jobId,
      live.map((f) => f.id),
      batch.settings.grouped,
    ),
  );
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

/**
 * The init failed: no connection while offline → the batch waits for the connection; 503 → v1; retryable → a
 * backoff, then `batchDue` sends it again; else every file fails.
 */
export function initFailed(t: Tx, batch: BatchState, error: unknown, offline?: boolean): void {
  if (isConnectionError(error) && (offline === true || !t.online)) {
    t.online = false;
    hold(t, batch);
    return;
  }
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

/** Offline: the batch's files wait, unsent, for the connection (no try is used up). */
export function hold(t: Tx, batch: BatchState): void {
  putBatch(t, { ...batch, sent: false, sending: false });
  for (const file of batchFiles(t, batch))
    if (file.phase === 'announcing') toPhase(t, file, { phase: 'pending', batch: batch.id });
}

/** Schedules the batch's next try after a retryable failure; `false` when it may not try again. */
export function backoff(t: Tx, batch: BatchState, error: unknown): boolean {
  const { retry } = t.ctx.config;
  const tries = batch.tries + 1;
  const since = batch.failingSince ?? t.ctx.now;
  const ms = nextRetry(error, tries, since, t.ctx.now, retry, t.ctx.random);
  if (ms === undefined) return false;
  putBatch(t, { ...batch, tries, failingSince: since, sending: false });
  t.effects.push({ type: 'wait', key: `b:${batch.id}`, ms, then: { type: 'batchDue', batch: batch.id } });
  return true;
}
