/**
 * A transport for the static Storybook build, where requests are answered by msw's Service Worker: XHR reports no
 * upload progress there (../shared/STACK.md), so this one sends with fetch and reports progress on a timer.
 * The progress is SIMULATED; the stories say so in a banner. `npm start` uses the real XHR transport over HTTP.
 */
import { AbortedError, NetworkError, type UploadTransport } from '../../src/core';

export function createSimulatedTransport({ bytesPerSecond = 4_000_000, tickMs = 100 } = {}): UploadTransport {
  return {
    send(request) {
      const controller = new AbortController();
      const size = request.body instanceof Blob ? request.body.size : 0;
      const response = (async () => {
        let sent = 0;
        while (sent < size) {
          await new Promise((resolve) => setTimeout(resolve, tickMs));
          if (controller.signal.aborted) throw new AbortedError('The upload was canceled.');
          sent = Math.min(size, sent + (bytesPerSecond * tickMs) / 1000);
          request.onProgress(sent, size);
        }
        try {
          const res = await fetch(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: controller.signal,
          });
          return { status: res.status, body: await res.text(), headers: res.headers };
        } catch (error) {
          if (controller.signal.aborted) throw new AbortedError('The upload was canceled.');
          throw new NetworkError('The simulated upload failed.', { cause: error });
        }
      })();
      return { response, abort: () => controller.abort() };
    },
  };
}
