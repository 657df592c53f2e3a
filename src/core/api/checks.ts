/**
 * The contract's value checks and word lists, without zod: the predicates the schemas refine with
 * (src/core/api/schemas.ts, the schema of record) and the generated validators (validators.ts) call, the URL
 * policy, and the enumerations. Each predicate is a named export so that scripts/generate-validators.ts can name it
 * in the code it writes.
 */

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

/** The kinds of view URL. `original` is always present; the others only for images once variants exist. */
export const VIEW_URL_TYPES = ['original', 'preview', 'gallery', 'thumbnail'] as const;
/** A view URL kind. */
export type ViewUrlType = (typeof VIEW_URL_TYPES)[number];

/** Review status of a document. */
export const DOCUMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The kinds of job event. */
export const JOB_EVENT_TYPES = [
  'queued',
  'awaitingUpload',
  'complete',
  'imageVariantsReady',
  'failed',
] as const;

/** Sort orders of the list endpoint. */
export const DOCUMENT_SORTS = ['ID_DESC', 'ID_ASC'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

/** The message of a failed {@link oneOf} check (the schemas' and the generated validators'). */
export const oneOfMessage = (values: readonly string[]): string => `Expected one of: ${values.join(', ')}`;

const oneOf =
  (values: readonly string[]) =>
  (value: string): boolean =>
    values.includes(value);

/** A date-time `Date.parse` reads. */
export const isDateTime = (value: string): boolean => !Number.isNaN(Date.parse(value));
/** Not the empty string. */
export const isNonEmpty = (value: string): boolean => value.length > 0;
/** A URL the parsing client allows ({@link isAllowedUrl} under {@link urlPolicy}). */
export const isAllowedUrlNow = (url: string): boolean => isAllowedUrl(urlPolicy.current, url);
export const isViewUrlType = oneOf(VIEW_URL_TYPES);
export const isDocumentStatus = oneOf(DOCUMENT_STATUSES);
export const isJobEventType = oneOf(JOB_EVENT_TYPES);
export const isDocumentSort = oneOf(DOCUMENT_SORTS);
/** A string or a number (`externalReference`). */
export const isStringOrNumber = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number';
/** A whole, non-negative number of bytes. */
export const isByteCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
/** 1 to 25 files in one init. */
export const isInitFileCount = (files: readonly unknown[]): boolean =>
  files.length >= 1 && files.length <= 25;
/** A job event carries the field its kind needs: `documents` for complete and imageVariantsReady, `error` for failed. */
export const hasEventPayload = (event: { type: string; documents?: unknown; error?: unknown }): boolean =>
  event.type === 'failed'
    ? event.error !== undefined
    : event.type === 'complete' || event.type === 'imageVariantsReady'
      ? event.documents !== undefined
      : true;
