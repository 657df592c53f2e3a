import { describe, expect, it } from 'vitest';
import { readSse, useMock, waitFor } from './helpers';

describe('upload-progress (SSE)', () => {
  it('is text/event-stream, replays the latest event on connect and pushes the rest until imageVariantsReady', async () => {
    const { initOk, put, call, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const response = await call(`/upload-progress?jobId=${body.jobId}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const reading = readSse(response);
    await waitFor(() => mock.db.jobs.get(body.jobId)!.events.length === 1);
    await put(body.files[0]!, 'x');
    const read = await reading;
    expect(read.closed).toBe(true);
    expect(read.events.map((e) => e.type)).toEqual([
      'awaitingUpload',
      'queued',
      'complete',
      'imageVariantsReady',
    ]);
    expect(read.events.every((e) => e.jobId === body.jobId)).toBe(true);
    expect(mock.db.requests.filter((r) => r.endpoint === 'sse')).toHaveLength(1);
  });

  it('writes each event as `data: <json>` followed by a blank line', async () => {
    const { initOk, call } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const response = await call(`/upload-progress?jobId=${body.jobId}`);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const text = new TextDecoder().decode(value);
    expect(text).toMatch(/^data: \{"type":"awaitingUpload","jobId":"[^"]+","timestamp":"[^"]+"\}\n\n$/);
    reader.cancel().catch(() => undefined);
  });

  it('after a terminal event, replays it and closes at once', async () => {
    const { upload, call, mock } = useMock();
    const body = await upload('utilityBill', [{ filename: 'a.pdf', bytes: 'x' }]);
    await mock.flush();
    const read = await readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    expect(read.closed).toBe(true);
    expect(read.events.map((e) => e.type)).toEqual(['imageVariantsReady']);
  });

  it('sends heartbeat comments at the configured interval', async () => {
    const { initOk, call } = useMock({ heartbeatMs: 15 });
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const read = await readSse(
      await call(`/upload-progress?jobId=${body.jobId}`),
      (r) => r.comments.length >= 3,
    );
    expect(read.comments.slice(0, 3)).toEqual(['heartbeat', 'heartbeat', 'heartbeat']);
    expect(read.events.map((e) => e.type)).toEqual(['awaitingUpload']);
  });

  it('defaults the heartbeat to 30 s', async () => {
    const { initOk, call } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const response = await call(`/upload-progress?jobId=${body.jobId}`);
    const started = Date.now();
    const read = await readSse(response, (r) => r.events.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(read.comments).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  // A client cancel never reaches the body's source under msw/node (msw 2.15 does not forward it), so that
  // case is tested over real HTTP in server.test.ts; here streams end with the job or at dispose().
  it('unregisters a stream once the job settles', async () => {
    const { initOk, put, call, mock } = useMock({ heartbeatMs: 5 });
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const reading = readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    await waitFor(() => countOpen(mock) === 1);
    await put(body.files[0]!, 'x');
    expect((await reading).closed).toBe(true);
    expect(countOpen(mock)).toBe(0);
  });

  it('404 for an unknown job or another account’s job; 400 without jobId; 401/403 like every endpoint', async () => {
    const { initOk, call, mock } = useMock();
    mock.addToken('token_b', ['acc_b']);
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    expect((await call('/upload-progress?jobId=nope')).status).toBe(404);
    const foreign = `${mock.baseUrl}/api/v2/accounts/acc_b/documents/upload-progress?jobId=${body.jobId}`;
    expect((await call(foreign, { token: 'token_b' })).status).toBe(404);
    expect(
      (await call(`${mock.baseUrl}/api/v2/accounts/acc_b/documents/jobs/${body.jobId}`, { token: 'token_b' }))
        .status,
    ).toBe(404);
    expect((await call('/upload-progress')).status).toBe(400);
    expect((await call(`/upload-progress?jobId=${body.jobId}`, { token: null })).status).toBe(401);
    expect((await call(foreign)).status).toBe(403);
  });

  it('dispose() closes open streams', async () => {
    const { initOk, call, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const reading = readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    await waitFor(() => countOpen(mock) === 1);
    mock.dispose();
    const read = await reading;
    expect(read.closed).toBe(true);
  });
});

describe('jobs/{jobId} (polling)', () => {
  it('returns the latest event as JSON', async () => {
    const { initOk, put, job, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    expect(await job(body.jobId)).toMatchObject({ type: 'awaitingUpload', jobId: body.jobId });
    mock.control.neverComplete();
    await put(body.files[0]!, 'x');
    expect(await job(body.jobId)).toMatchObject({ type: 'queued' });
  });

  it('404 for an unknown job', async () => {
    const { call } = useMock();
    const res = await call('/jobs/unknown');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404 });
  });
});

function countOpen(mock: { openStreams(jobId?: string): number }): number {
  return mock.openStreams();
}
