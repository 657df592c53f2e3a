import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/core/api/errors';
import type { MockEndpoint } from '../../src/mock';
import { MINUTE, clock, readSse, useMock, waitFor } from './helpers';

const onePdf = { type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] };

describe('fault control', () => {
  it('failNextPuts: the next N PUTs answer the status (default 500) and store nothing, then PUTs work', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk(onePdf);
    mock.control.failNextPuts(2);
    expect((await put(body.files[0]!, 'x')).status).toBe(500);
    mock.control.failNextPuts(1, { status: 503, body: 'busy' });
    const custom = await put(body.files[0]!, 'x');
    expect([custom.status, await custom.text()]).toEqual([503, 'busy']);
    expect(mock.db.staged.get(body.files[0]!.stagingPath)!.bytes).toBeUndefined();
    expect((await put(body.files[0]!, 'x')).status).toBe(200);
  });

  it("misorderInit lists the init answer's files in reverse order, each URL still for its own file; reset() ends it", async () => {
    const { initOk, put, mock } = useMock();
    mock.control.misorderInit();
    const two = {
      type: 'utilityBill',
      files: [
        { filename: 'a.pdf', size: 1 },
        { filename: 'b.pdf', size: 1 },
      ],
    };
    const body = await initOk(two);
    expect(body.files.map((f) => f.filename)).toEqual(['b.pdf', 'a.pdf']);
    expect((await put(body.files[0]!, 'x')).status).toBe(200);
    mock.control.reset();
    expect((await initOk(two)).files.map((f) => f.filename)).toEqual(['a.pdf', 'b.pdf']);
  });

  it('failNextPuts with network: true makes fetch reject', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk(onePdf);
    mock.control.failNextPuts(1, { network: true });
    await expect(put(body.files[0]!, 'x')).rejects.toThrow(TypeError);
    expect((await put(body.files[0]!, 'x')).status).toBe(200);
  });

  it('stallPuts holds PUT responses (bytes not landed) until release()', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk(onePdf);
    const stall = mock.control.stallPuts();
    let settled = false;
    const pending = put(body.files[0]!, 'x').then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(mock.db.jobs.get(body.jobId)!.state).toBe('awaitingUpload');
    stall.release();
    expect((await pending).status).toBe(200);
    await mock.flush();
    expect(mock.db.jobs.get(body.jobId)!.state).toBe('settled');
  });

  it('stallPuts({ ms, count }) releases by itself and only holds `count` PUTs', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk({
      type: 'utilityBill',
      files: [
        { filename: 'a.pdf', size: 1 },
        { filename: 'b.pdf', size: 1 },
      ],
    });
    mock.control.stallPuts({ count: 1, ms: 300 });
    const started = Date.now();
    let firstDone = false;
    const first = put(body.files[0]!, 'a').then((response) => {
      firstDone = true;
      return response;
    });
    await new Promise((r) => setTimeout(r, 5));
    // order, not wall time: the second PUT is not held, the first one still is (robust on a loaded machine)
    expect((await put(body.files[1]!, 'b')).status).toBe(200);
    expect(firstDone).toBe(false);
    expect((await first).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('dropSseAfter(K): the next stream errors after K data events; later streams are fine', async () => {
    const { initOk, put, call, mock } = useMock({ processingDelayMs: 20 });
    const body = await initOk(onePdf);
    mock.control.dropSseAfter(2);
    const reading = readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    await waitFor(() => mock.openStreams() === 1);
    await put(body.files[0]!, 'x');
    const dropped = await reading;
    expect(dropped.events.map((e) => e.type)).toEqual(['awaitingUpload', 'queued']);
    expect(dropped.closed).toBe(false);
    expect(dropped.error).toBeDefined();
    await mock.flush();
    const again = await readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    expect(again.closed).toBe(true);
    expect(again.events.map((e) => e.type)).toEqual(['imageVariantsReady']);
  });

  it('dropSseAfter(0) errors the stream before any event', async () => {
    const { initOk, call, mock } = useMock();
    const body = await initOk(onePdf);
    mock.control.dropSseAfter(0);
    const read = await readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    expect(read.events).toEqual([]);
    expect(read.error).toBeDefined();
  });

  it('stopHeartbeats silences heartbeat comments (and resumes them)', async () => {
    const { initOk, call, mock } = useMock({ heartbeatMs: 10 });
    const body = await initOk(onePdf);
    mock.control.stopHeartbeats();
    const response = await call(`/upload-progress?jobId=${body.jobId}`);
    const comments: string[] = [];
    const reading = readSse(response, (r) => {
      comments.splice(0, comments.length, ...r.comments);
      return r.comments.length > 0;
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(comments).toEqual([]);
    mock.control.stopHeartbeats(false);
    expect((await reading).comments[0]).toBe('heartbeat');
  });

  it('sseUnavailable: upload-progress answers 503 while polling still works', async () => {
    const { initOk, call, job, mock } = useMock();
    const body = await initOk(onePdf);
    mock.control.sseUnavailable();
    expect((await call(`/upload-progress?jobId=${body.jobId}`)).status).toBe(503);
    expect((await job(body.jobId)).type).toBe('awaitingUpload');
    mock.control.sseUnavailable(false);
    expect((await call(`/upload-progress?jobId=${body.jobId}`)).status).toBe(200);
  });

  it('failJob(jobId) fails an in-progress job now with the message; SSE ends on it', async () => {
    const { initOk, call, job, mock } = useMock();
    const body = await initOk(onePdf);
    const reading = readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    await waitFor(() => mock.openStreams() === 1);
    mock.control.failJob(body.jobId, 'Virus detected');
    const read = await reading;
    expect(read.closed).toBe(true);
    expect(read.events.at(-1)).toMatchObject({ type: 'failed', error: 'Virus detected' });
    expect(await job(body.jobId)).toMatchObject({ type: 'failed', error: 'Virus detected' });
    expect(() => mock.control.failJob('unknown')).toThrow(/unknown job/);
  });

  it("failJob('next') makes the next job fail instead of completing; the one after completes", async () => {
    const { upload, mock } = useMock();
    mock.control.failJob('next', 'Storage quota exceeded');
    const failed = await upload('utilityBill', [{ filename: 'a.pdf', bytes: 'x' }]);
    const ok = await upload('utilityBill', [{ filename: 'b.pdf', bytes: 'y' }]);
    await mock.flush();
    expect(mock.db.jobs.get(failed.jobId)!.events.map((e) => e.type)).toEqual([
      'awaitingUpload',
      'queued',
      'failed',
    ]);
    expect(mock.db.jobs.get(failed.jobId)!.events.at(-1)).toMatchObject({ error: 'Storage quota exceeded' });
    expect(mock.db.jobs.get(ok.jobId)!.state).toBe('settled');
    expect(mock.db.documents.size).toBe(1);
  });

  it('neverComplete keeps jobs queued after their bytes land', async () => {
    const { upload, job, mock } = useMock({ processingDelayMs: 0 });
    mock.control.neverComplete();
    const body = await upload('utilityBill', [{ filename: 'a.pdf', bytes: 'x' }]);
    await mock.flush();
    await new Promise((r) => setTimeout(r, 30));
    expect((await job(body.jobId)).type).toBe('queued');
    expect(mock.db.documents.size).toBe(0);
  });

  it('expireAllUrls expires every issued upload and view URL at once; newly issued ones work', async () => {
    const t = clock();
    const { initOk, put, call, mock } = useMock({ now: t.now });
    const [doc] = await mock.seedDocuments([{ filename: 'a.pdf', bytes: 'A' }]);
    const body = await initOk(onePdf);
    mock.control.expireAllUrls();
    const upload = await put(body.files[0]!, 'x');
    expect(upload.status).toBe(403);
    expect(await upload.text()).toContain('Request has expired');
    const view = await fetch(doc!.files[0]!.viewUrls[0]!.url);
    expect(view.status).toBe(403);
    expect(await view.text()).toContain('Request has expired');
    const refreshed = (await (
      await call(`/${doc!.id}/refresh-urls`, { method: 'POST' })
    ).json()) as typeof doc;
    expect((await fetch(refreshed!.files[0]!.viewUrls[0]!.url)).status).toBe(200);
    const again = await initOk(onePdf);
    expect((await put(again.files[0]!, 'x')).status).toBe(200);
    t.advance(MINUTE);
  });

  it('rateLimit answers 429 with Retry-After (seconds or HTTP-date) on the chosen endpoint, count times', async () => {
    const t = clock();
    const { call, init, mock } = useMock({ now: t.now });
    mock.control.rateLimit('list', { count: 2 });
    const first = await call('');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(parseRetryAfter(first.headers.get('retry-after'))).toBe(1000);
    expect((await call('')).status).toBe(429);
    expect((await call('')).status).toBe(200);
    const date = new Date(t.now() + 5000).toUTCString();
    mock.control.rateLimit('init', { retryAfter: date });
    const limited = await init(onePdf);
    expect(limited.status).toBe(429);
    expect(parseRetryAfter(limited.headers.get('retry-after'), t.now())).toBe(5000);
    expect((await call('')).status).toBe(200);
    expect((await init(onePdf)).status).toBe(202);
  });

  it('failEndpoint answers any status N times on the chosen endpoint (default 500 once)', async () => {
    const { call, mock, initOk } = useMock();
    const body = await initOk(onePdf);
    mock.control.failEndpoint('job');
    const failed = await call(`/jobs/${body.jobId}`);
    expect(failed.status).toBe(500);
    expect((await call(`/jobs/${body.jobId}`)).status).toBe(200);
    mock.control.failEndpoint('get', { status: 502, count: 2, body: { message: 'bad gateway' } });
    for (let i = 0; i < 2; i += 1) {
      const res = await call('/doc_x');
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ message: 'bad gateway' });
    }
    expect((await call('/doc_x')).status).toBe(404);
  });

  it('failEndpoint and rateLimit reach every endpoint', async () => {
    const { mock, call, initOk, put } = useMock();
    const [doc] = await mock.seedDocuments([{ filename: 'a.pdf', bytes: 'A' }]);
    const body = await initOk(onePdf);
    const requests: Record<MockEndpoint, () => Promise<Response>> = {
      init: () =>
        call('', {
          method: 'POST',
          body: JSON.stringify(onePdf),
          headers: { 'content-type': 'application/json' },
        }),
      put: () => put(body.files[0]!, 'x'),
      sse: () => call(`/upload-progress?jobId=${body.jobId}`),
      job: () => call(`/jobs/${body.jobId}`),
      list: () => call(''),
      get: () => call(`/${doc!.id}`),
      refresh: () => call(`/${doc!.id}/refresh-urls`, { method: 'POST' }),
      archive: () => call(`/${doc!.id}`, { method: 'DELETE' }),
      v1: () => call(`${mock.baseUrl}/api/accounts/${mock.accountId}/documents`, { method: 'POST' }),
      view: () => fetch(doc!.files[0]!.viewUrls[0]!.url),
    };
    for (const [endpoint, send] of Object.entries(requests) as [MockEndpoint, () => Promise<Response>][]) {
      mock.control.failEndpoint(endpoint, { status: 418 });
      expect((await send()).status, endpoint).toBe(418);
      mock.control.rateLimit(endpoint);
      expect((await send()).status, endpoint).toBe(429);
    }
  });

  it('latency delays one endpoint or all of them', async () => {
    const { call, mock } = useMock();
    mock.control.latency(60, 'list');
    let started = Date.now();
    await call('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    started = Date.now();
    await call('/jobs/x');
    expect(Date.now() - started).toBeLessThan(50);
    mock.control.latency(0, 'list');
    mock.control.latency(40);
    started = Date.now();
    await call('/jobs/x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('hangEndpoint holds requests without an answer until release(); then answers as usual', async () => {
    const { call, mock } = useMock();
    const hang = mock.control.hangEndpoint('list');
    let settled = false;
    const pending = call('').then((response) => {
      settled = true;
      return response;
    });
    const other = await call('/jobs/x');
    expect(other.status).toBe(404); // other endpoints answer
    await waitFor(() => hang.held() === 1);
    expect(settled).toBe(false);
    expect(mock.db.requests.filter((r) => r.endpoint === 'list')).toHaveLength(1); // recorded on arrival
    hang.release();
    expect((await pending).status).toBe(200);
    expect(hang.held()).toBe(0);
    expect((await call('')).status).toBe(200); // released for good
  });

  it('hangEndpoint({ count }) holds only that many; a client abort drops its request', async () => {
    const { call, mock } = useMock();
    const hang = mock.control.hangEndpoint('job', { count: 1 });
    const controller = new AbortController();
    const held = call('/jobs/x', { signal: controller.signal });
    await waitFor(() => hang.held() === 1);
    expect((await call('/jobs/x')).status).toBe(404); // the second one is not held
    controller.abort();
    await expect(held).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => hang.held() === 0);
  });

  it('reset() and dispose() drop held requests (a network error), so nothing stays pending', async () => {
    const { call, mock } = useMock();
    const hang = mock.control.hangEndpoint('list');
    const first = call('');
    await waitFor(() => hang.held() === 1);
    mock.control.reset();
    await expect(first).rejects.toThrow(TypeError);
    expect((await call('')).status).toBe(200);

    const again = mock.control.hangEndpoint('init');
    const second = call('', { method: 'POST', body: JSON.stringify(onePdf) });
    await waitFor(() => again.held() === 1);
    mock.dispose();
    await expect(second).rejects.toThrow(TypeError);
    expect(again.held()).toBe(0);
  });

  it('reset() turns every switch off and releases stalled PUTs', async () => {
    const { initOk, put, call, mock } = useMock();
    const body = await initOk(onePdf);
    mock.control.stallPuts();
    const pending = put(body.files[0]!, 'x');
    mock.control.sseUnavailable();
    mock.control.v2Unavailable();
    mock.control.rateLimit('list', { count: 10 });
    await new Promise((r) => setTimeout(r, 10));
    mock.control.reset();
    expect((await pending).status).toBe(200);
    expect((await call('')).status).toBe(200);
    expect((await call(`/upload-progress?jobId=${body.jobId}`)).status).toBe(200);
  });

  it('mock.reset() clears jobs, documents and faults but keeps the default account and token', async () => {
    const { mock, call, upload } = useMock();
    await upload('utilityBill', [{ filename: 'a.pdf', bytes: 'x' }]);
    await mock.flush();
    mock.control.v2Unavailable();
    mock.reset();
    expect([mock.db.jobs.size, mock.db.documents.size, mock.db.staged.size, mock.db.requests.length]).toEqual(
      [0, 0, 0, 0],
    );
    expect((await call('')).status).toBe(200);
    expect((await call('', { method: 'POST', body: JSON.stringify(onePdf) })).status).toBe(202);
  });
});
