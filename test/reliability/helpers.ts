/** Shared pieces of the reliability suite. */
import { expect } from 'vitest';
import type { TransportRequest, UploadTransport } from '../../src/core/upload';
import { createXhrTransport } from '../../src/core/upload';
import type { DocumentsApiMock } from '../../src/mock';

export { memoryStorage } from '../core/upload/helpers';

/** File names of every stored document's files, sorted (a file stored twice shows twice). */
export function storedNames(mock: DocumentsApiMock): string[] {
  return [...mock.db.documents.values()].flatMap((doc) => doc.files.map((f) => f.originalName)).sort();
}

/** Every file is stored exactly once, in `documents` documents. */
export function expectStoredOnce(mock: DocumentsApiMock, names: readonly string[], documents: number): void {
  expect(storedNames(mock)).toEqual([...names].sort());
  expect(mock.db.documents.size).toBe(documents);
}

/** The XHR transport with a hook that may change (or observe) each request before it is sent. */
export function hookedTransport(
  before: (request: TransportRequest, index: number) => TransportRequest | void,
): UploadTransport {
  const inner = createXhrTransport();
  let index = 0;
  return {
    send(request) {
      const changed = before(request, index) ?? request;
      index += 1;
      return inner.send(changed);
    },
  };
}
