/**
 * The msw request handlers of the emulator: the Documents v2 API (plus the v1 multipart endpoint and the
 * sensitive-document proxy) on `baseUrl`, and a bucket-like storage with signed URLs on `storageUrl`.
 * Every handler validates its request and answers the contract's status codes.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { extensionOf } from '../core/api/documentTypes';
import { holdRequest, take } from './faults';
import { parseInitRequest, parseV1Form } from './initRequest';
import { fileResponse, verifySigned } from './storageAccess';
import { apiError, param, readCapped, storageError } from './responses';

export { apiError, storageError } from './responses';
import type { JobStreams } from './sse';
import {
  UPLOAD_URL_TTL_MS,
  contentTypeOf,
  makeFile,
  randomId,
  rewriteUrl,
  toApiDocument,
  type MockContext,
} from './store';
import type { MockDocument, MockEndpoint, MockJob, StagedFile } from './types';
import { persistDocuments, type JobWorker } from './worker';

/** The largest JSON body the API accepts (bigger ones get 413). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Builds the handlers over one emulator's context. */
export function createHandlers(ctx: MockContext, streams: JobStreams, worker: JobWorker): RequestHandler[] {
  const { options, db } = ctx;
  const api = options.baseUrl;
  const v2 = `${api}/api/v2/accounts/:accountId/documents`;
  const storage = options.storageUrl;
  const storagePath = new URL(storage).pathname.replace(/\/+$/, '');

  type Resolver = (info: {
    request: Request;
    params: Record<string, string | readonly string[] | undefined>;
  }) => Response | Promise<Response>;

  /** Records the request, applies latency, rate limits and injected failures, then runs the resolver. */
  function endpoint(name: MockEndpoint, resolver: Resolver): Resolver {
    return async (info) => {
      const url = new URL(info.request.url);
      const contentType = info.request.headers.get('content-type');
      db.requests.push({
        method: info.request.method,
        url: `${url.origin}${url.pathname}`,
        path: url.pathname,
        endpoint: name,
        authorization: info.request.headers.has('authorization'),
        ...(contentType === null ? {} : { contentType }),
        time: ctx.now(),
      });
      const held = holdRequest(ctx.faults, name, info.request.signal);
      if (held !== undefined && (await held) === 'drop') return HttpResponse.error();
      const latency = (ctx.faults.latency.get(name) ?? 0) + (ctx.faults.latency.get('*') ?? 0);
      if (latency > 0) await ctx.timers.sleep(latency);
      const retryAfter = take(ctx.faults.rateLimits.get(name), () => ctx.faults.rateLimits.delete(name));
      if (retryAfter !== undefined) {
        return apiError(429, 'Too many requests: rate limit exceeded', { 'retry-after': retryAfter });
      }
      const failure = take(ctx.faults.endpointFailures.get(name), () =>
        ctx.faults.endpointFailures.delete(name),
      );
      if (failure !== undefined) {
        const init = {
          status: failure.status,
          ...(failure.headers === undefined ? {} : { headers: failure.headers }),
        };
        return failure.body === undefined
          ? apiError(failure.status, `Injected failure (${failure.status})`, failure.headers)
          : typeof failure.body === 'string'
            ? new Response(failure.body, init)
            : HttpResponse.json(failure.body as Record<string, unknown>, init);
      }
      return resolver(info);
    };
  }

  /** 401 without a known bearer token; 403 when the token cannot access the account. */
  function authorize(request: Request, accountId: string): Response | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    const challenge = { 'www-authenticate': 'Bearer' };
    if (match?.[1] === undefined) return apiError(401, 'Missing bearer token', challenge);
    const accounts = db.tokens.get(match[1]);
    if (accounts === undefined) return apiError(401, 'Invalid or expired token', challenge);
    if (!accounts.has(accountId) || !db.accounts.has(accountId)) {
      return apiError(403, `This token cannot access account ${accountId}`);
    }
    return undefined;
  }

  function documentOf(accountId: string, documentId: string): MockDocument | undefined {
    const doc = db.documents.get(documentId);
    return doc?.accountId === accountId ? doc : undefined;
  }

  function jobOf(accountId: string, jobId: string): MockJob | undefined {
    const job = db.jobs.get(jobId);
    return job?.accountId === accountId ? job : undefined;
  }

  // ---- v2 init -------------------------------------------------------------------------------------------
  const init = endpoint('init', async ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    if (ctx.faults.v2Unavailable) {
      return apiError(503, 'Signed-URL uploads are not available in this environment; use the v1 endpoint.');
    }
    const read = await readCapped(request, MAX_JSON_BODY_BYTES);
    if (!read.ok) return apiError(413, `Request body larger than ${MAX_JSON_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      return apiError(400, 'Malformed JSON in request body');
    }
    const parsed = parseInitRequest(body, options);
    if (parsed instanceof Response) return parsed;
    const { type, grouped, externalReference, files: validated } = parsed;

    const job: MockJob = {
      id: randomId(),
      accountId,
      type,
      ...(externalReference === undefined ? {} : { externalReference }),
      grouped: grouped ?? !options.splitTypes.has(type),
      stagingPaths: [],
      state: 'awaitingUpload',
      events: [],
      documentIds: [],
      createdAt: ctx.now(),
    };
    const expires = ctx.now() + UPLOAD_URL_TTL_MS;
    const entries = await Promise.all(
      validated.map(async (file) => {
        const ext = extensionOf(file.filename) ?? 'bin';
        const stagingPath = `staging/${job.id}/${randomId(12)}.${ext}`;
        const staged: StagedFile = {
          stagingPath,
          jobId: job.id,
          accountId,
          filename: file.filename,
          contentType: file.contentType,
          size: file.size,
        };
        db.staged.set(stagingPath, staged);
        job.stagingPaths.push(stagingPath);
        const sig = await ctx.signer.sign({
          method: 'PUT',
          path: `upload/${stagingPath}`,
          contentType: file.contentType,
          expires,
        });
        return {
          filename: file.filename,
          stagingPath,
          uploadUrl: rewriteUrl(
            ctx,
            `${storage}/upload/${stagingPath}?expires=${expires}&ct=${encodeURIComponent(file.contentType)}&sig=${sig}`,
            'uploadUrl',
          ),
          expiresAt: new Date(expires).toISOString(),
          contentType: file.contentType,
        };
      }),
    );
    // Promise.all keeps order, but the pushes above ran in order too: re-derive to be explicit.
    job.stagingPaths = entries.map((e) => e.stagingPath);
    db.jobs.set(job.id, job);
    worker.jobCreated(job);
    const answered = ctx.faults.misorderInit ? [...entries].reverse() : entries;
    return HttpResponse.json({ jobId: job.id, status: 'awaitingUpload', files: answered }, { status: 202 });
  });

  // ---- storage: signed PUT -------------------------------------------------------------------------------
  const put = endpoint('put', async ({ request }) => {
    const url = new URL(request.url);
    if (request.headers.has('authorization')) {
      return storageError(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      );
    }
    const stagingPath = decodeURIComponent(url.pathname.slice(storagePath.length + '/upload/'.length));
    const refused = await verifySigned(ctx, url, {
      method: 'PUT',
      path: `upload/${stagingPath}`,
      contentType: request.headers.get('content-type') ?? '',
      mismatchHint: ' (the Content-Type must equal the one the URL was signed with)',
    });
    if (refused !== undefined) return refused;
    const staged = db.staged.get(stagingPath);
    if (staged === undefined) {
      return storageError(404, 'NoSuchUpload', 'The specified upload does not exist.');
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    const failure = take(ctx.faults.putFailure, () => {
      delete ctx.faults.putFailure;
    });
    if (failure !== undefined) {
      if (failure.network) return HttpResponse.error();
      return failure.body === undefined
        ? storageError(failure.status, 'InternalError', 'We encountered an internal error. Please try again.')
        : new Response(failure.body, { status: failure.status });
    }
    if (bytes.byteLength !== staged.size) {
      return storageError(
        400,
        bytes.byteLength < staged.size ? 'IncompleteBody' : 'InvalidRequest',
        `The body has ${bytes.byteLength} bytes but the upload was declared with size ${staged.size}.`,
      );
    }
    const stall = ctx.faults.stall;
    if (stall !== undefined && stall.remaining > 0) {
      stall.remaining -= 1;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          stall.waiters.delete(wake);
          resolve();
        };
        stall.waiters.add(wake);
        // dispose() releases held PUTs too, so a closing server never waits on them.
        void ctx.timers.sleep(2 ** 31 - 1).then(wake);
      });
    }
    staged.bytes = bytes;
    staged.uploadedAt = ctx.now();
    const file = makeFile(staged.filename, staged.contentType, bytes);
    const job = db.jobs.get(staged.jobId);
    if (job !== undefined) worker.fileLanded(job);
    return new Response(null, { status: 200, headers: { etag: `"${file.md5Hash}"` } });
  });

  // ---- storage: signed view ------------------------------------------------------------------------------
  const signedView = endpoint('view', async ({ request, params }) => {
    const url = new URL(request.url);
    if (request.headers.has('authorization')) {
      return storageError(400, 'InvalidArgument', 'Only one auth mechanism allowed');
    }
    const documentId = param(params.documentId);
    const index = param(params.index);
    const variant = param(params.variant);
    const refused = await verifySigned(ctx, url, {
      method: 'GET',
      path: `view/${encodeURIComponent(documentId)}/${index}/${variant}`,
      contentType: '',
    });
    if (refused !== undefined) return refused;
    const doc = db.documents.get(documentId);
    if (doc === undefined) return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
    return fileResponse(doc, index, variant);
  });

  // ---- v2 reads and job tracking -------------------------------------------------------------------------
  const proxyView = endpoint('view', ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    const doc = documentOf(accountId, param(params.documentId));
    if (doc === undefined) return apiError(404, 'Document not found');
    return fileResponse(doc, param(params.index), param(params.variant));
  });

  const sse = endpoint('sse', ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    if (ctx.faults.sseUnavailable)
      return apiError(503, 'Upload progress streaming is unavailable; poll the job instead');
    const jobId = new URL(request.url).searchParams.get('jobId');
    if (jobId === null || jobId === '') return apiError(400, 'jobId is required');
    const job = jobOf(accountId, jobId);
    if (job === undefined) return apiError(404, `Job ${jobId} not found`);
    return new Response(streams.open(job, worker.isSettled(job)), {
      status: 200,
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  });

  const jobStatus = endpoint('job', ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    const jobId = param(params.jobId);
    const latest = jobOf(accountId, jobId)?.events.at(-1);
    if (latest === undefined) return apiError(404, `Job ${jobId} not found`);
    return HttpResponse.json(latest);
  });

  const list = endpoint('list', async ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    const query = new URL(request.url).searchParams;
    const archivedText = query.get('archived')?.toLowerCase() ?? 'false';
    if (archivedText !== 'true' && archivedText !== 'false')
      return apiError(400, 'archived must be a boolean');
    const sort = query.get('sort') ?? 'ID_DESC';
    if (sort !== 'ID_ASC' && sort !== 'ID_DESC') return apiError(400, 'sort must be one of: ID_ASC, ID_DESC');
    const archived = archivedText === 'true';
    const docs = [...db.documents.values()]
      .filter((d) => d.accountId === accountId && d.archived === archived)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (sort === 'ID_DESC') docs.reverse();
    return HttpResponse.json(await Promise.all(docs.map((d) => toApiDocument(ctx, d))));
  });

  const readOne = (name: 'get' | 'refresh') =>
    endpoint(name, async ({ request, params }) => {
      const accountId = param(params.accountId);
      const denied = authorize(request, accountId);
      if (denied !== undefined) return denied;
      const doc = documentOf(accountId, param(params.documentId));
      if (doc === undefined) return apiError(404, 'Document not found');
      return HttpResponse.json(await toApiDocument(ctx, doc));
    });

  const archive = endpoint('archive', ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    const doc = documentOf(accountId, param(params.documentId));
    if (doc === undefined) return apiError(404, 'Document not found');
    if (!doc.archived) {
      doc.archived = true;
      doc.updatedAt = ctx.now();
    }
    return new Response(null, { status: 204 });
  });

  // ---- v1 multipart (deprecated, synchronous) ------------------------------------------------------------
  const v1 = endpoint('v1', async ({ request, params }) => {
    const accountId = param(params.accountId);
    const denied = authorize(request, accountId);
    if (denied !== undefined) return denied;
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return apiError(400, 'Expected a multipart/form-data body');
    }
    const parsed = parseV1Form(form, options);
    if (parsed instanceof Response) return parsed;
    const { type, groupedText, reference, parts } = parsed;
    const files = [];
    for (const { file } of parts)
      files.push(
        makeFile(file.name, contentTypeOf(ctx, file.name), new Uint8Array(await file.arrayBuffer())),
      );
    const docs = persistDocuments(ctx, {
      accountId,
      type,
      externalReference: typeof reference === 'string' ? reference : undefined,
      grouped: groupedText === null ? !options.splitTypes.has(type) : groupedText === 'true',
      files,
    });
    return HttpResponse.json(await Promise.all(docs.map((d) => toApiDocument(ctx, d))), { status: 201 });
  });

  // Order matters: msw picks the first matching handler, so literal segments come before `:documentId`.
  return [
    http.post(v2, init),
    http.get(v2, list),
    http.get(`${v2}/upload-progress`, sse),
    http.get(`${v2}/jobs/:jobId`, jobStatus),
    http.get(`${v2}/:documentId/files/:index/:variant`, proxyView),
    http.post(`${v2}/:documentId/refresh-urls`, readOne('refresh')),
    http.get(`${v2}/:documentId`, readOne('get')),
    http.delete(`${v2}/:documentId`, archive),
    http.post(`${api}/api/accounts/:accountId/documents`, v1),
    http.put(`${storage}/upload/*`, put),
    http.get(`${storage}/view/:documentId/:index/:variant`, signedView),
    // Anything else under the API or the storage root is answered like the real services would, not left to
    // msw's unhandled-request handling.
    http.all(`${api}/api/*`, ({ request }) =>
      apiError(404, `Cannot ${request.method} ${new URL(request.url).pathname}`),
    ),
    http.all(`${storage}/*`, () => storageError(404, 'NoSuchKey', 'The specified key does not exist.')),
  ];
}
