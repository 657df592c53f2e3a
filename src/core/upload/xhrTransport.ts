/**
 * The default byte transport: XMLHttpRequest, the only browser API with upload progress (fetch has none, and a
 * streamed fetch body has no Content-Length, which signed PUTs reject). The body is the File/Blob itself, so the
 * browser streams it from disk: it is never read into memory.
 */
import { abortedError } from '../api/deadline';
import { ConfigurationError, NetworkError } from '../api/errors';
import type { TransportHandle, TransportRequest, UploadTransport } from './types';

/** Options of {@link createXhrTransport}. */
export interface XhrTransportOptions {
  /** Creates the request object. Defaults to `new XMLHttpRequest()` (looked up when a transfer starts). */
  createXhr?: () => XMLHttpRequest;
}

type TransportResponse = Awaited<TransportHandle['response']>;

function defaultXhr(): XMLHttpRequest {
  const Xhr = globalThis.XMLHttpRequest as typeof XMLHttpRequest | undefined;
  if (typeof Xhr !== 'function') {
    throw new ConfigurationError(
      'XMLHttpRequest is not available here: pass a `transport` to createUploader.',
    );
  }
  return new Xhr();
}

/** Creates the XMLHttpRequest transport used by `createUploader` unless another `transport` is given. */
export function createXhrTransport(options: XhrTransportOptions = {}): UploadTransport {
  const make = options.createXhr ?? defaultXhr;
  return {
    send(request: TransportRequest): TransportHandle {
      const operation = `${request.method} upload`;
      let settle: ((outcome: { value: TransportResponse } | { error: Error }) => void) | undefined;
      const response = new Promise<TransportResponse>((resolve, reject) => {
        settle = (outcome) => {
          settle = undefined;
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value);
        };
      });
      let xhr: XMLHttpRequest | undefined;
      try {
        const x = (xhr = make());
        x.open(request.method, request.url, true);
        for (const [name, value] of Object.entries(request.headers)) x.setRequestHeader(name, value);
        x.upload.onprogress = (event) => {
          if (!settle) return;
          request.onProgress(event.loaded, event.lengthComputable ? event.total : 0);
        };
        x.onload = () => {
          settle?.({
            value: {
              status: x.status,
              body: typeof x.responseText === 'string' ? x.responseText : '',
              headers: { get: (name) => x.getResponseHeader(name) },
            },
          });
        };
        x.onerror = () => {
          settle?.({
            error: new NetworkError(`${operation} failed: the network request did not complete.`, {
              operation,
            }),
          });
        };
        x.ontimeout = () => {
          settle?.({ error: new NetworkError(`${operation} timed out.`, { operation }) });
        };
        x.onabort = () => {
          settle?.({ error: abortedError(operation) });
        };
        x.send(request.body);
      } catch (error) {
        settle?.({
          error:
            error instanceof ConfigurationError
              ? error
              : new NetworkError(`${operation} could not start.`, { operation, cause: error }),
        });
      }
      return {
        response,
        abort() {
          if (!settle) return;
          // Settle first: some implementations fire no `abort` event for a request that had not been sent.
          settle({ error: abortedError(operation) });
          xhr?.abort();
        },
      };
    },
  };
}
