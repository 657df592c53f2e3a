import { describe, expect, it } from 'vitest';
import { uploadV1 } from '../../src/core/upload/uploadApi';
import { createDocumentsClient, fetchWithToken } from '../../src/core/api/client';
import { documentListSchema, documentSchema, type Document } from '../../src/core/api/schemas';
import { createDocumentsApiMock } from '../../src/mock';
import { MINUTE, clock, useMock } from './helpers';

async function list(call: (p: string) => Promise<Response>, query = ''): Promise<Document[]> {
  const res = await call(query);
  expect(res.status).toBe(200);
  return documentListSchema.parse(await res.json());
}

describe('reading documents', () => {
  it('lists active documents newest first by default; ID_ASC; archived=true lists only archived ones', async () => {
    const { mock, call } = useMock();
    const seeded = await mock.seedDocuments([
      { filename: 'a.pdf', type: 'utilityBill' },
      { filename: 'b.pdf', type: 'permit' },
      { filename: 'c.pdf', archived: true },
    ]);
    expect(seeded.map((d) => d.id)).toEqual([...seeded.map((d) => d.id)].sort());
    const [a, b, c] = seeded;
    expect((await list(call)).map((d) => d.id)).toEqual([b!.id, a!.id]);
    expect((await list(call, '?sort=ID_DESC')).map((d) => d.id)).toEqual([b!.id, a!.id]);
    expect((await list(call, '?sort=ID_ASC')).map((d) => d.id)).toEqual([a!.id, b!.id]);
    expect((await list(call, '?archived=true')).map((d) => d.id)).toEqual([c!.id]);
    expect((await list(call, '?archived=false')).map((d) => d.id)).toEqual([b!.id, a!.id]);
    expect((await call('?sort=NAME')).status).toBe(400);
    expect((await call('?archived=maybe')).status).toBe(400);
  });

  it('only lists the account’s own documents', async () => {
    const { mock, call } = useMock();
    mock.addToken('token_b', ['acc_b']);
    await mock.seedDocuments([{ filename: 'mine.pdf' }]);
    await mock.seedDocuments([{ filename: 'theirs.pdf' }], 'acc_b');
    expect((await list(call)).map((d) => d.files[0]!.originalName)).toEqual(['mine.pdf']);
  });

  it('ids sort chronologically across uploads', async () => {
    const { upload, mock, call } = useMock();
    for (const name of ['1.pdf', '2.pdf', '3.pdf']) {
      await upload('utilityBill', [{ filename: name, bytes: name }]);
      await mock.flush();
    }
    expect((await list(call, '?sort=ID_ASC')).map((d) => d.files[0]!.originalName)).toEqual([
      '1.pdf',
      '2.pdf',
      '3.pdf',
    ]);
  });

  it('get returns the document with freshly signed URLs; 404 for unknown or another account’s', async () => {
    const t = clock();
    const { mock, call } = useMock({ now: t.now });
    mock.addToken('token_b', ['acc_b']);
    const [doc] = await mock.seedDocuments([{ filename: 'a.pdf', bytes: 'A' }]);
    t.advance(MINUTE);
    const res = await call(`/${doc!.id}`);
    const fresh = documentSchema.parse(await res.json());
    expect(fresh.files[0]!.viewUrls[0]!.expiresAt).toBe(new Date(t.now() + 60 * MINUTE).toISOString());
    expect((await call('/doc_missing')).status).toBe(404);
    const [theirs] = await mock.seedDocuments([{ filename: 'b.pdf' }], 'acc_b');
    expect((await call(`/${theirs!.id}`)).status).toBe(404);
    expect((await call(`/${theirs!.id}/refresh-urls`, { method: 'POST' })).status).toBe(404);
    expect((await call(`/${theirs!.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refresh-urls returns new signatures and expiresAt', async () => {
    const t = clock();
    const { mock, call } = useMock({ now: t.now });
    const [doc] = await mock.seedDocuments([{ filename: 'a.jpg', bytes: 'img' }]);
    t.advance(5 * MINUTE);
    const res = await call(`/${doc!.id}/refresh-urls`, { method: 'POST' });
    expect(res.status).toBe(200);
    const refreshed = documentSchema.parse(await res.json());
    const before = doc!.files[0]!.viewUrls;
    const after = refreshed.files[0]!.viewUrls;
    expect(after.map((v) => v.type)).toEqual(['original', 'preview', 'gallery', 'thumbnail']);
    after.forEach((view, i) => {
      expect(view.url).not.toBe(before[i]!.url);
      expect(Date.parse(view.expiresAt!) - Date.parse(before[i]!.expiresAt!)).toBe(5 * MINUTE);
    });
  });

  it('DELETE archives (204): the document leaves the default list and appears with archived=true', async () => {
    const { mock, call } = useMock();
    const [doc] = await mock.seedDocuments([{ filename: 'a.pdf' }]);
    const res = await call(`/${doc!.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await list(call)).toEqual([]);
    const archived = await list(call, '?archived=true');
    expect(archived.map((d) => [d.id, d.archived])).toEqual([[doc!.id, true]]);
    expect((await call(`/${doc!.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('signed view URLs expire after their TTL (403 AccessDenied) and need no token', async () => {
    const t = clock();
    const { mock } = useMock({
      now: t.now,
      viewUrlTtlMs: (type) => (type === 'permit' ? 20 * MINUTE : 45 * MINUTE),
    });
    const [permit, bill] = await mock.seedDocuments([
      { filename: 'p.pdf', type: 'permit', bytes: 'P' },
      { filename: 'b.pdf', type: 'utilityBill', bytes: 'B' },
    ]);
    const permitUrl = permit!.files[0]!.viewUrls[0]!;
    const billUrl = bill!.files[0]!.viewUrls[0]!;
    expect(Date.parse(permitUrl.expiresAt!) - t.now()).toBe(20 * MINUTE);
    expect(Date.parse(billUrl.expiresAt!) - t.now()).toBe(45 * MINUTE);
    const ok = await fetch(permitUrl.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(await ok.text()).toBe('P');
    t.advance(20 * MINUTE);
    const expired = await fetch(permitUrl.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect((await fetch(billUrl.url)).status).toBe(200);
    const tampered = await fetch(billUrl.url.replace('/0/original', '/0/preview'));
    expect(tampered.status).toBe(403);
  });

  it('rejects a view TTL outside 20–60 minutes', () => {
    expect(() => createDocumentsApiMock({ viewUrlTtlMs: 5 * MINUTE })).toThrow(RangeError);
    expect(() => createDocumentsApiMock({ viewUrlTtlMs: 61 * MINUTE })).toThrow(RangeError);
  });

  it('sensitive types get a token-protected proxy URL on the API origin without expiresAt', async () => {
    const { mock, call } = useMock();
    mock.addToken('token_b', ['acc_b']);
    const [id] = await mock.seedDocuments([{ filename: 'passport.png', type: 'governmentId', bytes: 'PNG' }]);
    const views = id!.files[0]!.viewUrls;
    expect(views.map((v) => v.type)).toEqual(['original', 'preview', 'gallery', 'thumbnail']);
    for (const view of views) {
      expect(view.expiresAt).toBeUndefined();
      expect(view.url).toBe(
        `${mock.baseUrl}/api/v2/accounts/${mock.accountId}/documents/${id!.id}/files/0/${view.type}`,
      );
    }
    expect((await fetch(views[0]!.url)).status).toBe(401);
    expect((await call(views[0]!.url, { token: 'token_b' })).status).toBe(403);
    const res = await call(views[0]!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(await res.text()).toBe('PNG');
    expect((await call(views[0]!.url.replace('/files/0/', '/files/3/'))).status).toBe(404);
  });

  it('works with the core client end to end (list, get, refresh, archive, fetchWithToken)', async () => {
    const { mock } = useMock({ sensitiveTypes: ['permit'] });
    const [doc] = await mock.seedDocuments([{ filename: 'a.pdf', type: 'permit', bytes: 'secret' }]);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    expect((await client.listDocuments()).map((d) => d.id)).toEqual([doc!.id]);
    expect((await client.getDocument(doc!.id)).id).toBe(doc!.id);
    expect((await client.refreshUrls(doc!.id)).id).toBe(doc!.id);
    const blob = await fetchWithToken(client, doc!.files[0]!.viewUrls[0]!.url);
    expect(await blob.text()).toBe('secret');
    await client.archiveDocument(doc!.id);
    expect(await client.listDocuments({ archived: true })).toHaveLength(1);
  });

  it('unknown API routes answer 404 JSON', async () => {
    const { mock, call } = useMock();
    const res = await call(`${mock.baseUrl}/api/v3/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404 });
    expect((await call('/x/y/z/w', { method: 'PATCH' })).status).toBe(404);
  });
});

describe('v1 multipart upload', () => {
  it('creates documents synchronously: 201 with an array', async () => {
    const { mock } = useMock();
    const form = new FormData();
    form.append('type', 'utilityBill');
    form.append('grouped', 'false');
    form.append('externalReference', 'ref-9');
    form.append('files[0]', new Blob(['hello'], { type: 'text/plain' }), 'a.txt');
    form.append('files[1]', new Blob(['%PDF'], { type: 'application/octet-stream' }), 'b.pdf');
    const res = await fetch(`${mock.baseUrl}/api/accounts/${mock.accountId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const docs = documentListSchema.parse(await res.json());
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ type: 'utilityBill', externalReference: 'ref-9', status: 'pending' });
    expect(docs[0]!.files[0]).toMatchObject({
      originalName: 'a.txt',
      contentType: 'text/plain',
      md5Hash: '5d41402abc4b2a76b9719d911017c592',
    });
    expect(docs[1]!.files[0]!.contentType).toBe('application/pdf');
    expect(mock.db.documents.size).toBe(2);
  });

  it('validates like v2 (type, extension, files) and needs the token', async () => {
    const { mock } = useMock();
    const send = (build: (f: FormData) => void, token = mock.token): Promise<Response> => {
      const form = new FormData();
      build(form);
      return fetch(`${mock.baseUrl}/api/accounts/${mock.accountId}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
    };
    expect((await send((f) => f.append('files[0]', new Blob(['x']), 'a.pdf'))).status).toBe(400);
    expect((await send((f) => f.append('type', 'utilityBill'))).status).toBe(400);
    const exe = await send((f) => {
      f.append('type', 'utilityBill');
      f.append('files[0]', new Blob(['x']), 'a.exe');
    });
    expect(exe.status).toBe(400);
    expect(((await exe.json()) as { message: string }).message).toMatch(/Allowed values: pdf/);
    expect((await send((f) => f.append('type', 'utilityBill'), 'bad')).status).toBe(401);
    expect(
      (
        await fetch(`${mock.baseUrl}/api/accounts/${mock.accountId}/documents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
  });

  it('is the fallback when v2 init answers 503 (v2Unavailable), through the core client', async () => {
    const { mock, init } = useMock();
    mock.control.v2Unavailable();
    const res = await init({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    expect(res.status).toBe(503);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    await expect(
      client.initUpload({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    const docs = await uploadV1(client, {
      type: 'roofPhoto',
      files: [new Blob(['jpg'])],
      filenames: ['r.jpg'],
    });
    expect(docs.map((d) => d.files[0]!.contentType)).toEqual(['image/jpeg']);
    mock.control.v2Unavailable(false);
    expect((await init({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] })).status).toBe(202);
  });
});
