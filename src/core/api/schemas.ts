/**
 * Schemas of every body in the Documents v2 contract (../shared/reference/documents-v2-api.md), with `zod/mini`:
 * the schema of record, exported for integrators, and the source scripts/generate-validators.ts writes the
 * client's validators from (validators.ts: the same verdicts without zod in the bundle, ADR 0009). Every refine
 * uses a named predicate of checks.ts, so the generator can name it. Each schema is built in a `/* @__PURE__ *\/`
 * call so that a bundle that does not import it drops it, and zod with it. Types are inferred from the schemas.
 */
import * as z from 'zod/mini';
import * as C from './checks';

export {
  DOCUMENT_SORTS,
  DOCUMENT_STATUSES,
  isAllowedUrl,
  JOB_EVENT_TYPES,
  urlPolicy,
  VIEW_URL_TYPES,
  type DocumentSort,
  type DocumentStatus,
  type UrlPolicy,
  type ViewUrlType,
} from './checks';

/** A string refined by a named predicate of checks.ts. */
const stringWhere = (test: (value: string) => boolean, message: string) =>
  z.string().check(z.refine(test, { message }));
const isoDateTime = /* @__PURE__ */ stringWhere(C.isDateTime, 'Expected an ISO date-time');
const nonEmpty = /* @__PURE__ */ stringWhere(C.isNonEmpty, 'Expected a non-empty string');

/** An upload or view URL: allowed by the parsing client's rule (the issue names the path, never the URL). */
const allowedUrl = /* @__PURE__ */ stringWhere(C.isAllowedUrlNow, 'URL not allowed');
/** One of `values` (a refine, not `z.enum`: the same verdict for less code), typed as their union. */
const oneOf = <const T extends readonly string[]>(values: T, test: (value: string) => boolean) =>
  stringWhere(test, C.oneOfMessage(values)) as unknown as z.ZodMiniType<T[number]>;
/** A string or a number (a refine, not `z.union`). */
const stringOrNumber = /* @__PURE__ */ z
  .unknown()
  .check(
    z.refine(C.isStringOrNumber, { message: 'Expected a string or a number' }),
  ) as unknown as z.ZodMiniType<string | number>;

/** A URL to read a file or one of its variants. Signed URLs carry `expiresAt`; proxy URLs (sensitive documents) do not. */
export const viewUrlSchema = /* @__PURE__ */ z.object({
  url: allowedUrl,
  type: oneOf(C.VIEW_URL_TYPES, C.isViewUrlType),
  expiresAt: z.optional(isoDateTime),
});
export type ViewUrl = z.infer<typeof viewUrlSchema>;

/** One stored file of a document. */
export const documentFileSchema = /* @__PURE__ */ z.object({
  originalName: z.string(),
  contentType: z.string(),
  md5Hash: z.optional(z.string()),
  sizeKB: z.optional(z.number()),
  viewUrls: z.array(viewUrlSchema),
});
export type DocumentFile = z.infer<typeof documentFileSchema>;

/** A document as returned by reads and by upload events. */
export const documentSchema = /* @__PURE__ */ z.object({
  id: nonEmpty,
  accountId: z.string(),
  applicationId: z.optional(z.nullable(z.string())),
  status: oneOf(C.DOCUMENT_STATUSES, C.isDocumentStatus),
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
export const documentListSchema = /* @__PURE__ */ z.array(documentSchema);

/** One file announced to init: metadata only, never bytes. */
export const initFileSchema = /* @__PURE__ */ z.object({
  filename: nonEmpty,
  // a refine rather than z.int() + z.minimum(): the same check for ≈0.5 kB less in every bundle
  size: z.number().check(z.refine(C.isByteCount, { message: 'Expected a whole number of bytes' })),
  contentType: z.optional(z.string()),
});
export type InitFile = z.infer<typeof initFileSchema>;

/** `externalReference`: the integrator's own id, stored on every document the upload creates. */
export const externalReferenceSchema = stringOrNumber;
export type ExternalReference = z.infer<typeof externalReferenceSchema>;

/** Body of `POST …/documents` (init). */
export const initUploadRequestSchema = /* @__PURE__ */ z.object({
  files: z.array(initFileSchema).check(z.refine(C.isInitFileCount, { message: 'Expected 1 to 25 files' })),
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
export const initUploadFileSchema = /* @__PURE__ */ z.object({
  filename: z.string(),
  stagingPath: z.string(),
  uploadUrl: allowedUrl,
  expiresAt: isoDateTime,
  contentType: nonEmpty,
});
export type InitUploadFile = z.infer<typeof initUploadFileSchema>;

/** The init call's 202 body. */
export const initUploadResponseSchema = /* @__PURE__ */ z.object({
  jobId: nonEmpty,
  status: z.string(),
  files: z.array(initUploadFileSchema),
});
export type InitUploadResponse = z.infer<typeof initUploadResponseSchema>;

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
export const jobEventSchema = /* @__PURE__ */ z
  .object({
    type: oneOf(C.JOB_EVENT_TYPES, C.isJobEventType),
    documents: z.optional(z.array(documentSchema)),
    error: z.optional(z.string()),
    jobId: z.optional(z.string()),
    timestamp: z.optional(z.string()),
  })
  .check(
    z.refine(C.hasEventPayload, {
      message: 'A complete or imageVariantsReady event needs documents, a failed event an error',
    }),
  ) as unknown as z.ZodMiniType<JobEvent>;

/** Whether an event ends the job's stream (the server closes SSE after these). */
export function isTerminalJobEvent(event: JobEvent): boolean {
  return event.type === 'imageVariantsReady' || event.type === 'failed';
}

/** Query of the list endpoint. */
export const listDocumentsQuerySchema = /* @__PURE__ */ z.object({
  archived: z.optional(z.boolean()),
  sort: z.optional(oneOf(C.DOCUMENT_SORTS, C.isDocumentSort)),
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
