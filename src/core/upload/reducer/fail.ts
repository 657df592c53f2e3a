/** Failing files: the one place a file becomes `failed` and `onError` is called for it. */
import { DocumentsError } from '../../api/errors';
import { jobOf, landed, targetOf, type FileState } from '../state';
import type { UploadError } from '../types';
import { toPhase, type Tx } from './tx';

/** Any thrown value as a typed error (an unknown one is a retryable server error). */
export const asUploadError = (error: unknown, operation: string): UploadError =>
  error instanceof DocumentsError
    ? error
    : new DocumentsError('server', `${operation} failed.`, { operation, cause: error, retryable: true });

/** The file fails (until retried): it keeps its job, its landed bytes and its unused URL, for a retry. */
export function fail(t: Tx, file: FileState, error: UploadError): void {
  toPhase(t, file, {
    phase: 'failed',
    error,
    job: jobOf(file),
    target: targetOf(file),
    landed: landed(file),
  });
  t.emits.push({ type: 'onError', error, id: file.id });
}
