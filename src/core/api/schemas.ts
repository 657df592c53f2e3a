/**
 * Schemas of every body in the Documents v2 contract (../shared/reference/documents-v2-api.md), with `zod/mini`
 * so that a bundle carries only the validators it uses (`import { z } from 'zod'` would pull every locale).
 * Types are inferred from the schemas and exported.
 */
import * as z from 'zod/mini';

const isoDateTime = z
  .string()
  .check(z.refine((value) => !Number.isNaN(Date.parse(value)), { message: 'Expected an ISO date-time' }));
/** A string check, as one refine: the same verdict as zod's own checks for less code in every bundle. */
const stringWhere = (test: (value: string) => boolean, message: string) =>
  z.string().check(z.refine(test, { message }));
const nonEmpty = stringWhere((value) => value.length > 0, 'Expected a non-empty string');

/** What {@link isAllowedUrl} reads of a client: its API root and extra allowed origins. */
export interface UrlPolicy {
  baseUrl: string;
  allowedUrlOrigins?: readonly string[] | undefined;
}

/**
 * Whether a client may use a server-supplied URL (docs/decisions/0003, decision 15): `https:`; `http:` when the API
 * itself is `http:` (development, the emulator) or on a loopback host (localhost, 127.0.0.0/8, [::1]); or a URL on
 * one of its `allowedUrlOrigins`. Anything else (`data:`, `javascript:`, `blob:`, relative, protocol-relative) is
 * refused. Without a client, any `http(s):` URL passes. Read from the start of the text (anchored patterns:
 * linear), never leniently: what a browser would read differently is refused too.
 */
export function isAllowedUrl(client: UrlPolicy | undefined, url: string): boolean {
  return (
    (client?.baseUrl.startsWith('https:') === true
      ? /^(https:\/\/|http:\/\/(localhost|127\.[\d.]+|\[::1\])(:\d+)?\/)/i
      : /^https?:\/\//i
    ).test(url) || client?.allowedUrlOrigins?.some((origin) => url.startsWith(`${origin}/`)) === true
  );
}

/** The client whose rule applies while a response is parsed (`parseWith` sets it around its synchronous parse). */
export const urlPolicy: { current?: UrlPolicy | undefined } = {};

/** An upload or view URL: allowed by the parsing client's rule (the issue names the path, never the URL). */
const allowedUrl = stringWhere((url) => isAllowedUrl(urlPolicy.current, url), 'URL not allowed');
/** One of `values` (a refine, not `z.enum`: the same verdict for less code), typed as their union. */
const oneOf = <const T extends readonly string[]>(values: T) =>
  stringWhere(
    (value) => values.includes(value),
    `Expected one of: ${values.join(', ')}`,
  ) as unknown as z.ZodMiniType<T[number]>;
/** A string or a number (a refine, not `z.union`). */
const stringOrNumber = z.unknown().check(
  z.refine((value) => typeof value === 'string' || typeof value === 'number', {
    message: 'Expected a string or a number',
  }),
) as unknown as z.ZodMiniType<string | number>;

/** The kinds of view URL. `original` is always present; the others only for images once variants exist. */
export const VIEW_URL_TYPES = ['original', 'preview', 'gallery', 'thumbnail'] as const;
/** A view URL kind. */
export type ViewUrlType = (typeof VIEW_URL_TYPES)[number];

/** A URL to read a file or one of its variants. Signed URLs carry `expiresAt`; proxy URLs (sensitive documents) do not. */
export const viewUrlSchema = z.object({
  url: allowedUrl,
  type: oneOf(VIEW_URL_TYPES),
  expiresAt: z.optional(isoDateTime),
});
export type ViewUrl = z.infer<typeof viewUrlSchema>;

/** One stored file of a document. */
export const documentFileSchema = z.object({
  originalName: z.string(),
  contentType: z.string(),
  md5Hash: z.optional(z.string()),
  sizeKB: z.optional(z.number()),
  viewUrls: z.array(viewUrlSchema),
});
export type DocumentFile = z.infer<typeof documentFileSchema>;

/** Review status of a document. */
export const DOCUMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** A document as returned by reads and by upload events. */
export const documentSchema = z.object({
  id: nonEmpty,
  accountId: z.string(),
  applicationId: z.optional(z.nullable(z.string())),
  status: oneOf(DOCUMENT_STATUSES),
  archived: z.boolean(),
  type: z.string(),
  externalReference: z.optional(z.nullable(stringOrNumber)),
  files: z.array(documentFileSchema),
  meta: z.optional(
    z.object({
      createdAt: z.optional(isoDateTime),
      updatedAt: z.optional(isoDateTime),
    }),
  ),
});
export type Document = z.infer<typeof documentSchema>;

/** The list endpoint's body. */
export const documentListSchema = z.array(documentSchema);

/** One file announced to init: metadata only, never bytes. */
export const initFileSchema = z.object({
  filename: nonEmpty,
  // a refine rather than z.int() + z.minimum(): the same check for ≈0.5 kB less in every bundle
  size: z
    .number()
    .check(
      z.refine((n) => Number.isSafeInteger(n) && n >= 0, { message: 'Expected a whole number of bytes' }),
    ),
  contentType: z.optional(z.string()),
});
export type InitFile = z.infer<typeof initFileSchema>;

/** `externalReference`: the integrator's own id, stored on every document the upload creates. */
export const externalReferenceSchema = stringOrNumber;
export type ExternalReference = z.infer<typeof externalReferenceSchema>;

/** Body of `POST …/documents` (init). */
export const initUploadRequestSchema = z.object({
  files: z
    .array(initFileSchema)
    .check(
      z.refine((files) => files.length >= 1 && files.length <= 25, { message: 'Expected 1 to 25 files' }),
    ),
  type: z.optional(nonEmpty),
  fields: z.optional(
    z.object({
      externalReference: z.optional(externalReferenceSchema),
      grouped: z.optional(z.boolean()),
      type: z.optional(nonEmpty),
    }),
  ),
});
export type InitUploadRequest = z.infer<typeof initUploadRequestSchema>;

/** One file of the init response: where and how to PUT it. `uploadUrl` is a secret. */
export const initUploadFileSchema = z.object({
  filename: z.string(),
  stagingPath: z.string(),
  uploadUrl: allowedUrl,
  expiresAt: isoDateTime,
  contentType: nonEmpty,
});
export type InitUploadFile = z.infer<typeof initUploadFileSchema>;

/** The init call's 202 body. */
export const initUploadResponseSchema = z.object({
  jobId: nonEmpty,
  status: z.string(),
  files: z.array(initUploadFileSchema),
});
export type InitUploadResponse = z.infer<typeof initUploadResponseSchema>;

/** The kinds of job event. */
export const JOB_EVENT_TYPES = [
  'queued',
  'awaitingUpload',
  'complete',
  'imageVariantsReady',
  'failed',
] as const;

interface JobEventBase {
  jobId?: string | undefined;
  timestamp?: string | undefined;
}

/** A job progress event (SSE `data:` or the polling body), discriminated by `type`. */
export type JobEvent =
  | (JobEventBase & { type: 'queued' | 'awaitingUpload' })
  | (JobEventBase & { type: 'complete' | 'imageVariantsReady'; documents: Document[] })
  | (JobEventBase & { type: 'failed'; error: string });
export type JobEventType = JobEvent['type'];

/**
 * The schema of a {@link JobEvent}. One object with the fields every kind may carry and a check of the field each
 * kind needs (`documents`, `error`) instead of `z.discriminatedUnion`: the same verdicts for ≈0.6 kB less in every
 * bundle. Parses to the discriminated {@link JobEvent}.
 */
export const jobEventSchema = z
  .object({
    type: oneOf(JOB_EVENT_TYPES),
    documents: z.optional(z.array(documentSchema)),
    error: z.optional(z.string()),
    jobId: z.optional(z.string()),
    timestamp: z.optional(z.string()),
  })
  .check(
    z.refine(
      (event) =>
        event.type === 'failed'
          ? event.error !== undefined
          : event.type === 'complete' || event.type === 'imageVariantsReady'
            ? event.documents !== undefined
            : true,
      { message: 'A complete or imageVariantsReady event needs documents, a failed event an error' },
    ),
  ) as unknown as z.ZodMiniType<JobEvent>;

/** Whether an event ends the job's stream (the server closes SSE after these). */
export function isTerminalJobEvent(event: JobEvent): boolean {
  return event.type === 'imageVariantsReady' || event.type === 'failed';
}

/** Sort orders of the list endpoint. */
export const DOCUMENT_SORTS = ['ID_DESC', 'ID_ASC'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

/** Query of the list endpoint. */
export const listDocumentsQuerySchema = z.object({
  archived: z.optional(z.boolean()),
  sort: z.optional(oneOf(DOCUMENT_SORTS)),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;

/** The v1 multipart endpoint answers with the created document(s): an array, or one document. */
export const v1UploadResponseSchema = {
  safeParse: (data: unknown): ParseResult<Document | Document[]> =>
    (Array.isArray(data) ? documentListSchema : documentSchema).safeParse(data),
};

/** A zod-mini schema's safe parse result, narrowed to what callers read. */
export type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
