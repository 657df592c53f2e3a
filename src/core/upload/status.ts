/**
 * The one status vocabulary of the upload engine, shared by the engine, the React layer and the components: which
 * statuses have work ahead, counts by status, the overall status, and the snapshot before anything was added.
 */
import type { UploadCounts, UploadItem, UploadSnapshot, UploadStatus, UploaderStatus } from './types';

/** Every {@link UploadStatus}, in pipeline order. */
export const UPLOAD_STATUSES: readonly UploadStatus[] = [
  'rejected',
  'collected',
  'queued',
  'waiting',
  'initializing',
  'uploading',
  'finalizing',
  'processing',
  'complete',
  'failed',
  'canceled',
];

/** Statuses in which a file still has work ahead (cancel applies). */
export const ACTIVE_STATUSES: readonly UploadStatus[] = /* @__PURE__ */ UPLOAD_STATUSES.slice(2, 8); // queued … processing

/** @deprecated Use {@link ACTIVE_STATUSES}. */
export const ACTIVE_UPLOAD_STATUSES = ACTIVE_STATUSES;

/** Statuses a file may be retried from. */
export const RETRYABLE_STATUSES: readonly UploadStatus[] = /* @__PURE__ */ UPLOAD_STATUSES.slice(9); // failed, canceled

/** Whether a status has work ahead (cancel applies; remove does not). */
export function isActiveStatus(status: UploadStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** How many items have work ahead (the {@link ACTIVE_STATUSES}), from counts already made. */
export function activeCount(counts: UploadCounts): number {
  return ACTIVE_STATUSES.reduce((n, status) => n + counts[status], 0);
}

/** Counts of items by status (every status present, zero when none). */
export function countByStatus(items: Iterable<{ readonly status: UploadStatus }>): UploadCounts {
  const counts = Object.fromEntries(UPLOAD_STATUSES.map((s) => [s, 0])) as Record<UploadStatus, number>;
  for (const item of items) counts[item.status] += 1;
  return counts;
}

/** The overall status of a list of items: uploading, then processing, failed, complete, idle. */
export function overallStatus(items: readonly Pick<UploadItem, 'status'>[]): UploaderStatus {
  return statusOfCounts(countByStatus(items));
}

/** {@link overallStatus} from counts already made. */
export function statusOfCounts(c: UploadCounts): UploaderStatus {
  if (c.queued + c.waiting + c.initializing + c.uploading + c.finalizing > 0) return 'uploading';
  if (c.processing > 0) return 'processing';
  if (c.failed > 0) return 'failed';
  return c.complete > 0 ? 'complete' : 'idle';
}

/** The snapshot before anything was added (and on the server). */
export const EMPTY_UPLOAD_SNAPSHOT: UploadSnapshot = /* @__PURE__ */ (() =>
  Object.freeze({
    items: Object.freeze([]),
    jobs: Object.freeze([]),
    documents: Object.freeze([]),
    status: 'idle',
    online: true,
    progress: Object.freeze({
      loaded: 0,
      total: 0,
      percent: 0,
      bytesPerSecond: 0,
      etaSeconds: undefined,
      counts: Object.freeze(countByStatus([])),
    }),
  }))();
