/**
 * The Documents v2 contract, driven purely over HTTP with fetch, exactly as an integrator following the guide
 * would. `defineContractSuite` runs against any target: the loopback emulator (mockServer.contract.test.ts) or a
 * real environment (realEnvironment.contract.test.ts). Checks that need to force a server condition (503) run only
 * when the target exposes the emulator's `control`.
 */
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import {
  documentListSchema,
  documentSchema,
  initUploadResponseSchema,
  isTerminalJobEvent,
  jobEventSchema,
  type Document,
  type InitUploadResponse,
  type JobEvent,
} from '../../src/core/api/schemas';
import { allowedExtensionsFrom, messageFromBody } from '../../src/core/api/errors';
import type { DocumentsApiMock } from '../../src/mock';

/** Where the suite runs. */
export interface ContractTarget {
  /** The environment root; the suite appends `/api/v2/accounts/…`. */
  baseUrl: string;
  token: string;
  accountId: string;
  /** Polling interval of the guide's step 3 (2 s against a real environment). */
  pollIntervalMs: number;
  /** How long one upload may take to complete. */
  jobTimeoutMs: number;
  /** The emulator, when the target is one (for switches a real environment cannot be asked for). */
  mock?: DocumentsApiMock;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const bytesOf = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** Registers the contract tests. `target` is read when the tests run (the server starts in beforeAll). */
export function defineContractSuite(
  getTarget: () => ContractTarget,
  options: { testTimeoutMs?: number } = {},
): void {
  const t = (): ContractTarget => getTarget();
  const root = (accountId = t().accountId): string =>
    `${t().baseUrl}/api/v2/accounts/${encodeURIComponent(accountId)}/documents`;
  const auth = (token = t().token): Record<string, string> => ({ authorization: `Bearer ${token}` });
  const timeout = options.testTimeoutMs;
  const created: string[] = [];

  async function init(body: unknown, accountId?: string): Promise<Response> {
    return fetch(root(accountId), {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async function initOk(body: unknown): Promise<InitUploadResponse> {
    const res = await init(body);
    expect(res.status, await res.clone().text()).toBe(202);
    return initUploadResponseSchema.parse(await res.json());
  }

  /** Step 2: raw bytes to the signed URL, with the Content-Type from step 1 and no bearer token. */
  function put(uploadUrl: string, contentType: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
    return fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body });
  }

  /** Step 3, option B: poll `jobs/{jobId}` every `pollIntervalMs` until complete (or failed). */
  async function pollUntilComplete(
    jobId: string,
  ): Promise<JobEvent & { type: 'complete' | 'imageVariantsReady' }> {
    const deadline = Date.now() + t().jobTimeoutMs;
    for (;;) {
      const res = await fetch(`${root()}/jobs/${encodeURIComponent(jobId)}`, {
        headers: { ...auth(), accept: 'application/json' },
      });
      expect(res.status).toBe(200);
      const event = jobEventSchema.parse(await res.json());
      if (event.type === 'failed') throw new Error(`job failed: ${event.error}`);
      // imageVariantsReady may come before or after complete; both carry the documents.
      if (event.type === 'complete' || event.type === 'imageVariantsReady') return event;
      if (Date.now() > deadline)
        throw new Error(`job ${jobId} did not complete in time (last: ${event.type})`);
      await sleep(t().pollIntervalMs);
    }
  }

  /** Step 3, option A: SSE with fetch + eventsource-parser (EventSource cannot send the token). */
  async function streamUntilTerminal(
    jobId: string,
    onOpen?: () => Promise<void>,
  ): Promise<{ events: JobEvent[]; closed: boolean }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), t().jobTimeoutMs);
    const events: JobEvent[] = [];
    try {
      const res = await fetch(`${root()}/upload-progress?jobId=${encodeURIComponent(jobId)}`, {
        headers: { ...auth(), accept: 'text/event-stream', 'cache-control': 'no-cache' },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const parser = createParser({
        onEvent: (message) => events.push(jobEventSchema.parse(JSON.parse(message.data))),
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const opened = onOpen?.();
      let closed = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          closed = true;
          break;
        }
        // Read on after the terminal event: the server closes the stream itself, which is part of the contract.
        parser.feed(decoder.decode(value, { stream: true }));
      }
      await opened;
      return { events, closed };
    } finally {
      clearTimeout(timer);
    }
  }

  function track(docs: Document[]): void {
    created.push(...docs.map((d) => d.id));
  }

  describe('upload: the guide’s three steps', () => {
    it(
      'init → PUT with the returned Content-Type → poll jobs/{jobId} until complete',
      async () => {
        const text = `utility bill ${Date.now()}`;
        const job = await initOk({
          files: [{ filename: 'utility-bill.pdf', size: bytesOf(text).byteLength }],
          type: 'utilityBill',
          fields: { externalReference: 'contract-suite', grouped: false },
        });
        expect(job.status).toBe('awaitingUpload');
        expect(job.files).toHaveLength(1);
        const [file] = job.files;
        expect(file!.contentType).toBe('application/pdf');
        expect(Date.parse(file!.expiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);
        const res = await put(file!.uploadUrl, file!.contentType, bytesOf(text));
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(300);
        const done = await pollUntilComplete(job.jobId);
        const documents = done.documents.map((d) => documentSchema.parse(d));
        track(documents);
        expect(documents).toHaveLength(1);
        const [doc] = documents;
        expect(doc).toMatchObject({
          accountId: t().accountId,
          type: 'utilityBill',
          externalReference: 'contract-suite',
          archived: false,
        });
        expect(doc!.files[0]).toMatchObject({
          originalName: 'utility-bill.pdf',
          contentType: 'application/pdf',
        });
        const original = doc!.files[0]!.viewUrls.find((v) => v.type === 'original');
        expect(original).toBeDefined();
        const view =
          original!.expiresAt === undefined
            ? await fetch(original!.url, { headers: auth() })
            : await fetch(original!.url);
        expect(view.status).toBe(200);
        expect(await view.text()).toBe(text);
      },
      timeout,
    );

    it(
      'tracks the same flow over SSE (fetch + eventsource-parser) until the stream closes on its terminal event',
      async () => {
        const job = await initOk({
          files: [
            { filename: 'roof-photo.jpg', size: 4 },
            { filename: 'roof-2.jpg', size: 4 },
          ],
          type: 'roofPhoto',
          fields: { grouped: true },
        });
        const { events, closed } = await streamUntilTerminal(job.jobId, async () => {
          await Promise.all(job.files.map((f) => put(f.uploadUrl, f.contentType, bytesOf('JPEG'))));
        });
        expect(closed).toBe(true);
        const last = events.at(-1)!;
        expect(isTerminalJobEvent(last) || last.type === 'complete').toBe(true);
        const complete = events.find((e) => e.type === 'complete');
        expect(complete).toBeDefined();
        if (complete?.type !== 'complete') return;
        track(complete.documents);
        expect(complete.documents).toHaveLength(1);
        expect(complete.documents[0]!.files.map((f) => f.originalName)).toEqual([
          'roof-photo.jpg',
          'roof-2.jpg',
        ]);
        expect(events.every((e) => e.jobId === undefined || e.jobId === job.jobId)).toBe(true);
      },
      timeout,
    );

    it(
      'grouped: false makes one document per file',
      async () => {
        const job = await initOk({
          files: [
            { filename: 'a.pdf', size: 1 },
            { filename: 'b.pdf', size: 1 },
          ],
          type: 'utilityBill',
          fields: { grouped: false },
        });
        await Promise.all(job.files.map((f) => put(f.uploadUrl, f.contentType, bytesOf('x'))));
        const done = await pollUntilComplete(job.jobId);
        track(done.documents);
        expect(done.documents).toHaveLength(2);
      },
      timeout,
    );
  });

  describe('reading documents', () => {
    it(
      'lists (ID_DESC default, ID_ASC), gets, refreshes URLs and archives (204)',
      async () => {
        const job = await initOk({
          files: [
            { filename: 'a.txt', size: 1 },
            { filename: 'b.txt', size: 1 },
          ],
          type: 'other',
          fields: { grouped: false },
        });
        await Promise.all(job.files.map((f) => put(f.uploadUrl, f.contentType, bytesOf('x'))));
        const done = await pollUntilComplete(job.jobId);
        track(done.documents);
        const ids = done.documents.map((d) => d.id);
        const listed = documentListSchema
          .parse(await (await fetch(root(), { headers: auth() })).json())
          .map((d) => d.id);
        const asc = documentListSchema
          .parse(await (await fetch(`${root()}?sort=ID_ASC`, { headers: auth() })).json())
          .map((d) => d.id);
        for (const id of ids) expect(listed).toContain(id);
        expect(asc.filter((id) => ids.includes(id))).toEqual(
          [...listed.filter((id) => ids.includes(id))].reverse(),
        );

        const got = await fetch(`${root()}/${ids[0]!}`, { headers: auth() });
        expect(got.status).toBe(200);
        expect(documentSchema.parse(await got.json()).id).toBe(ids[0]);
        const refreshed = await fetch(`${root()}/${ids[0]!}/refresh-urls`, {
          method: 'POST',
          headers: auth(),
        });
        expect(refreshed.status).toBe(200);
        expect(documentSchema.parse(await refreshed.json()).id).toBe(ids[0]);

        const archived = await fetch(`${root()}/${ids[0]!}`, { method: 'DELETE', headers: auth() });
        expect(archived.status).toBe(204);
        const active = documentListSchema
          .parse(await (await fetch(root(), { headers: auth() })).json())
          .map((d) => d.id);
        expect(active).not.toContain(ids[0]);
        const archivedList = documentListSchema.parse(
          await (await fetch(`${root()}?archived=true`, { headers: auth() })).json(),
        );
        expect(archivedList.map((d) => d.id)).toContain(ids[0]);
        expect(archivedList.every((d) => d.archived)).toBe(true);
      },
      timeout,
    );
  });

  describe('errors and limits (the contract’s table)', () => {
    const pdf = { filename: 'a.pdf', size: 1 };
    const expect400 = async (body: unknown): Promise<string> => {
      const res = await init(body);
      const text = await res.text();
      expect(res.status, text).toBe(400);
      return text;
    };

    it('400: missing files', async () => {
      await expect400({ type: 'utilityBill' });
    });
    it('400: empty files', async () => {
      await expect400({ type: 'utilityBill', files: [] });
    });
    it('400: more than 25 files', async () => {
      await expect400({
        type: 'utilityBill',
        files: Array.from({ length: 26 }, (_, i) => ({ filename: `f${i}.pdf`, size: 1 })),
      });
    });
    it('400: missing filename', async () => {
      await expect400({ type: 'utilityBill', files: [{ size: 1 }] });
    });
    it('400: unsupported file extension, the message listing the allowed values', async () => {
      const body = await expect400({ type: 'utilityBill', files: [{ filename: 'malware.exe', size: 1 }] });
      const allowed = allowedExtensionsFrom(body, messageFromBody(body));
      expect(allowed).toBeDefined();
      expect(allowed).toContain('pdf');
      expect(allowed).not.toContain('exe');
    });
    it('400: invalid document type', async () => {
      await expect400({ type: 'definitelyNotADocumentType', files: [pdf] });
    });
    it('401: no bearer token', async () => {
      expect((await fetch(root())).status).toBe(401);
    });
    it('403: the token cannot access the account', async () => {
      const res = await init({ type: 'utilityBill', files: [pdf] }, `${t().accountId}-not-yours`);
      expect(res.status).toBe(403);
      expect((await fetch(root(`${t().accountId}-not-yours`), { headers: auth() })).status).toBe(403);
    });
    it('403: a PUT with another Content-Type than the signed one', async () => {
      const job = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
      const res = await put(job.files[0]!.uploadUrl, 'text/plain', bytesOf('x'));
      expect(res.status).toBe(403);
    });
    it('404: unknown document, unknown job', async () => {
      expect((await fetch(`${root()}/does-not-exist-0000`, { headers: auth() })).status).toBe(404);
      expect((await fetch(`${root()}/jobs/does-not-exist-0000`, { headers: auth() })).status).toBe(404);
    });
    it('503: signed-URL uploads unavailable → the v1 multipart endpoint still works (emulator only)', async (ctx) => {
      const mock = t().mock;
      if (mock === undefined) {
        ctx.skip();
        return;
      }
      mock.control.v2Unavailable();
      try {
        expect((await init({ type: 'utilityBill', files: [pdf] })).status).toBe(503);
        const form = new FormData();
        form.append('type', 'utilityBill');
        form.append('files[0]', new Blob(['x']), 'a.pdf');
        const v1 = await fetch(`${t().baseUrl}/api/accounts/${t().accountId}/documents`, {
          method: 'POST',
          headers: auth(),
          body: form,
        });
        expect(v1.status).toBe(201);
        track(documentListSchema.parse(await v1.json()));
      } finally {
        mock.control.v2Unavailable(false);
      }
    });
  });

  describe('cleanup', () => {
    it('archives what the suite created', async () => {
      for (const id of created.splice(0)) {
        const res = await fetch(`${root()}/${id}`, { method: 'DELETE', headers: auth() });
        expect([204, 404]).toContain(res.status);
      }
    });
  });
}
