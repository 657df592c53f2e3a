/**
 * The emulator's checks of upload requests, the v2 init body (`POST …/documents`) and the v1 multipart form: the
 * contract's 400s, each with its message. Pure: no state, no request.
 */
import { extensionOf } from '../core/api/documentTypes';
import { apiError, isRecord } from './responses';

/** The most files one init may announce. */
export const MAX_FILES = 25;

/** The 400 for a file whose extension is not allowed. */
const unsupported = (name: string, ext: string | undefined, allowed: readonly string[]): Response =>
  apiError(
    400,
    `Unsupported file extension "${ext === undefined ? '' : `.${ext}`}" for file "${name}". Allowed values: ${allowed.join(', ')}`,
  );

/** A valid init request, each file with the canonical content type of its extension. */
export interface InitRequest {
  type: string;
  grouped: boolean | undefined;
  externalReference: string | number | undefined;
  files: { filename: string; size: number; contentType: string }[];
}

/** The request, or the 400 to answer. */
export function parseInitRequest(
  body: unknown,
  { documentTypes, extensions }: { documentTypes: readonly string[]; extensions: Record<string, string> },
): InitRequest | Response {
  if (!isRecord(body)) return apiError(400, 'Request body must be a JSON object');
  const { files } = body;
  if (!Array.isArray(files) || files.length === 0) return apiError(400, 'files must contain at least 1 file');
  if (files.length > MAX_FILES) return apiError(400, `files must contain no more than ${MAX_FILES} files`);
  const fields = body.fields;
  if (fields !== undefined && !isRecord(fields)) return apiError(400, 'fields must be an object');
  const type = body.type ?? fields?.type;
  if (type === undefined) return apiError(400, 'type is required');
  if (typeof type !== 'string' || type.trim() === '') return apiError(400, 'type must be a non-empty string');
  if (!documentTypes.includes(type)) return apiError(400, `Invalid document type "${type}"`);
  const grouped = fields?.grouped;
  if (grouped !== undefined && typeof grouped !== 'boolean')
    return apiError(400, 'fields.grouped must be a boolean');
  const externalReference = fields?.externalReference;
  if (
    externalReference !== undefined &&
    typeof externalReference !== 'string' &&
    typeof externalReference !== 'number'
  ) {
    return apiError(400, 'fields.externalReference must be a string or a number');
  }
  const allowed = Object.keys(extensions);
  const validated: { filename: string; size: number; contentType: string }[] = [];
  for (const [i, file] of files.entries()) {
    if (!isRecord(file)) return apiError(400, `files[${i}] must be an object`);
    const { filename, size } = file;
    if (typeof filename !== 'string' || filename.trim() === '')
      return apiError(400, `files[${i}].filename is required`);
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      return apiError(400, `files[${i}].size must be a non-negative integer`);
    }
    const ext = extensionOf(filename);
    const contentType = ext === undefined ? undefined : extensions[ext];
    if (contentType === undefined) {
      return unsupported(filename, ext, allowed);
    }
    // `contentType` from the request is ignored on purpose: the server derives the canonical type.
    validated.push({ filename, size, contentType });
  }
  return { type, grouped, externalReference, files: validated };
}

/** A valid v1 multipart form: its type, grouping text, external reference and file parts in index order. */
export interface V1Form {
  type: string;
  groupedText: FormDataEntryValue | null;
  reference: FormDataEntryValue | null;
  parts: { index: number; file: File }[];
}

/** The v1 form (`POST /api/accounts/{accountId}/documents`), or the 400 to answer. */
export function parseV1Form(
  form: FormData,
  { documentTypes, extensions }: { documentTypes: readonly string[]; extensions: Record<string, string> },
): V1Form | Response {
  const type = form.get('type');
  if (typeof type !== 'string' || type.trim() === '') return apiError(400, 'type is required');
  if (!documentTypes.includes(type)) return apiError(400, `Invalid document type "${type}"`);
  const groupedText = form.get('grouped');
  if (groupedText !== null && groupedText !== 'true' && groupedText !== 'false') {
    return apiError(400, 'grouped must be true or false');
  }
  const reference = form.get('externalReference');
  const parts: { index: number; file: File }[] = [];
  for (const [key, value] of form.entries()) {
    const match = /^files(?:\[(\d+)\])?$/.exec(key);
    if (match === null || typeof value === 'string') continue;
    parts.push({ index: match[1] === undefined ? parts.length : Number(match[1]), file: value });
  }
  parts.sort((a, b) => a.index - b.index);
  if (parts.length === 0) return apiError(400, 'files must contain at least 1 file');
  if (parts.length > MAX_FILES) return apiError(400, `files must contain no more than ${MAX_FILES} files`);
  const allowed = Object.keys(extensions);
  for (const { file } of parts) {
    const ext = extensionOf(file.name);
    if (ext === undefined || extensions[ext] === undefined) {
      return unsupported(file.name, ext, allowed);
    }
  }
  return { type, groupedText, reference, parts };
}
