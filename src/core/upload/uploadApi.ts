/**
 * The calls only the upload engine needs, built on the client's one authorized `send` (which refreshes the token
 * once on 401): the job's SSE stream, job events, and the v1 multipart fallback. Exported for integrators who
 * follow jobs or upload through v1 themselves.
 */
import { type DocumentsClient, type RequestOptions, parseJsonText, parseWith } from '../api/client';
import { ConfigurationError, NetworkError, errorFromResponse } from '../api/errors';
import type { Document, ExternalReference, JobEvent, ParseResult, UrlPolicy } from '../api/schemas';
import { documentListValidator, documentValidator, jobEventValidator } from '../api/validators';

/** What a v1 multipart upload needs. */
export interface V1UploadInput {
  files: readonly Blob[];
  /** File names, in the order of `files` (a `File` carries its own). */
  filenames?: readonly string[];
  type: string;
  grouped?: boolean | undefined;
  externalReference?: ExternalReference | undefined;
}

/** A prepared v1 request, for transports that need upload progress (XMLHttpRequest). Holds the token: do not log. */
export interface V1UploadRequest {
  url: string;
  method: 'POST';
  headers: { authorization: string; accept: string };
  body: FormData;
}

const V1 = 'uploadV1';
/** The v1 endpoint answers with the created document(s): an array, or one (as `v1UploadResponseSchema`). */
const v1Response = {
  safeParse: (data: unknown): ParseResult<Document | Document[]> =>
    Array.isArray(data) ? documentListValidator.safeParse(data) : documentValidator.safeParse(data),
};

/** Opens the job's SSE stream (`upload-progress`) with the token; resolves with the 2xx response. */
export async function openUploadProgress(
  client: DocumentsClient,
  jobId: string,
  options: RequestOptions = {},
): Promise<Response> {
  return client.send(
    'uploadProgress',
    client.endpoints.uploadProgress(jobId),
    { headers: { accept: 'text/event-stream', 'cache-control': 'no-cache' } },
    options,
  );
}

/** Validates one SSE `data:` payload or polling body as a job event (throws `InvalidResponseError`). */
export function parseJobEvent(data: string): JobEvent {
  return parseWith(jobEventValidator, parseJsonText(data, 'job event'), 'job event');
}

function v1Form(input: V1UploadInput): FormData {
  if (typeof input.type !== 'string' || input.type.trim() === '')
    throw new ConfigurationError('type must be a non-empty string.');
  const form = new FormData();
  form.append('type', input.type);
  for (const name of ['grouped', 'externalReference'] as const)
    if (input[name] !== undefined) form.append(name, String(input[name]));
  input.files.forEach((file, index) => {
    form.append(
      `files[${index}]`,
      file,
      input.filenames?.[index] ?? (file as Partial<File>).name ?? `file-${index}`,
    );
  });
  return form;
}

/**
 * The v1 multipart request (the 503 fallback), with the token, ready to send by XHR for progress. `forceRefresh`
 * (after a 401) joins the client's shared refresh.
 */
export async function v1UploadRequest(
  client: DocumentsClient,
  input: V1UploadInput,
  options: { forceRefresh?: boolean } = {},
): Promise<V1UploadRequest> {
  const body = v1Form(input);
  const token = await client.getAccessToken({ forceRefresh: options.forceRefresh ?? false });
  return {
    url: client.endpoints.v1Documents,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    body,
  };
}

/**
 * Validates the v1 endpoint's answer into documents, or throws its typed error. Pass the `client` (its view URLs
 * are checked against its allowlist) and the `token` the request was sent with (never kept in an error message).
 */
export function parseV1Response(
  status: number,
  body: string,
  headers: { get(name: string): string | null },
  client?: UrlPolicy,
  token?: string,
): Document[] {
  if (status < 200 || status >= 300)
    throw errorFromResponse(status, body, headers, {
      operation: V1,
      secrets: [token ?? ''],
    });
  const parsed = parseWith(v1Response, parseJsonText(body, V1), V1, client);
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Uploads through v1 with fetch (no progress). The engine sends {@link v1UploadRequest} by XHR instead. */
export async function uploadV1(
  client: DocumentsClient,
  input: V1UploadInput,
  options: RequestOptions = {},
): Promise<Document[]> {
  const response = await client.send(
    V1,
    client.endpoints.v1Documents,
    { method: 'POST', headers: { accept: 'application/json' }, body: v1Form(input) },
    options,
  );
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new NetworkError(`${V1} failed while reading the response.`, { cause: error, operation: V1 });
  }
  return parseV1Response(response.status, text, response.headers, client);
}
