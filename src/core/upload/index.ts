/** The upload engine: `createUploader` and what it is built from. */
export * from './types';
export * from './status';
export * from './uploadApi';
export {
  createUploader,
  DEFAULT_CONCURRENCY,
  DEFAULT_STALL_TIMEOUT_MS,
  DEFAULT_URL_EXPIRY_MARGIN_MS,
} from './uploader';
export {
  createUploadPool,
  DEFAULT_MAX_STREAMS_PER_ORIGIN,
  DEFAULT_POOL_CONCURRENCY,
  type UploadPoolOptions,
} from './pool';
export { browserConnectivity } from './connectivity';
export { createXhrTransport, type XhrTransportOptions } from './xhrTransport';
export {
  backoffDelay,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_NETWORK_RETRY_WINDOW_MS,
  isRetryableError,
  MAX_RETRY_AFTER_MS,
  resolveRetryOptions,
  type ResolvedRetryOptions,
} from './backoff';
export {
  resolveTrackingOptions,
  trackJob,
  type JobTracker,
  type ResolvedTrackingOptions,
  type TrackJobOptions,
} from './jobTracker';
export { matchDocuments } from './documents';
export { FALLBACK_FRAME_MS } from './notifier';
export { MAX_TIMER_MS } from './timers';
