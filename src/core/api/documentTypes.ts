/**
 * Document types and the file rules the API enforces (extension allowlist, 25 files per job).
 *
 * The public reference does not publish the full type enum or the allowlist, so both are configuration with
 * defaults (docs/decisions/0003, decision 11): the known names give autocomplete, any non-empty string is
 * accepted.
 */

/** Document type names known to this library. Used for autocomplete only: the server decides what is valid. */
export const KNOWN_DOCUMENT_TYPES = [
  'utilityBill',
  'roofPhoto',
  'sitePhoto',
  'governmentId',
  'proofOfIncome',
  'proofOfOwnership',
  'installationContract',
  'permit',
  'interconnectionAgreement',
  'other',
] as const;

/** A document type known to this library. */
export type KnownDocumentType = (typeof KNOWN_DOCUMENT_TYPES)[number];

/** Any document type: a known one (autocompleted) or any other non-empty string the server accepts. */
export type DocumentType = KnownDocumentType | (string & {});

/** The most files one upload job (one init call) may carry. */
export const MAX_FILES_PER_JOB = 25;

/**
 * The default extension allowlist with each extension's canonical MIME type: the type the server signs the upload
 * URL with. Keys are lower-case, without the dot.
 */
export const DEFAULT_EXTENSIONS: Readonly<Record<string, string>> = Object.freeze({
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
});

/** An extension → MIME map, or a list of extensions taken from {@link DEFAULT_EXTENSIONS}. */
export type ExtensionAllowlist = Readonly<Record<string, string>> | readonly string[];

/** Normalises an allowlist to a lower-case `extension → MIME` map. Unknown extensions in a list map to `application/octet-stream`. */
export function resolveExtensions(
  allowlist: ExtensionAllowlist = DEFAULT_EXTENSIONS,
): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (isList(allowlist)) {
    // a list's extensions take their MIME type from the defaults
    for (const ext of allowlist) {
      const key = normaliseExtension(ext);
      out[key] = DEFAULT_EXTENSIONS[key] ?? 'application/octet-stream';
    }
  } else for (const [ext, mime] of Object.entries(allowlist)) out[normaliseExtension(ext)] = mime;
  return out;
}

const isList = Array.isArray as (value: ExtensionAllowlist) => value is readonly string[];

function normaliseExtension(ext: string): string {
  return ext.replace(/^\./, '').toLowerCase();
}

/** The lower-case extension of a file name without the dot, or `undefined` when it has none. */
export function extensionOf(filename: string): string | undefined {
  // After the last dot of the base name, when something precedes it there (`.env` has none) and something follows;
  // linear: each run after a dot stops at the next dot or slash.
  return /[^/\\]\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase();
}

/**
 * The canonical MIME type for a file name, as the server derives it from the extension, or `undefined` when the
 * extension is not on the allowlist. Defaults to {@link DEFAULT_EXTENSIONS}.
 */
export function contentTypeFor(
  filename: string,
  allowlist: ExtensionAllowlist = DEFAULT_EXTENSIONS,
): string | undefined {
  const ext = extensionOf(filename);
  if (ext === undefined) return undefined;
  return resolveExtensions(allowlist)[ext];
}

/** Whether a MIME type is an image the server makes variants (thumbnail, preview, gallery) of. */
export function isImageContentType(contentType: string): boolean {
  return contentType.startsWith('image/');
}

/** A react-dropzone / `<input accept>` style map: MIME type → extensions with dots. */
export function acceptMapFor(allowlist: ExtensionAllowlist = DEFAULT_EXTENSIONS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [ext, mime] of Object.entries(resolveExtensions(allowlist))) (out[mime] ??= []).push(`.${ext}`);
  return out;
}

/** Rules applied to files before anything is sent. */
export interface FileRules {
  /** Allowed extensions. Defaults to {@link DEFAULT_EXTENSIONS}. */
  extensions?: ExtensionAllowlist;
  /** Largest accepted file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Most files accepted, counting {@link ValidateOptions.alreadyAccepted} and `held`. Defaults to no limit. */
  maxFiles?: number;
  /**
   * Files that count toward `maxFiles` without being in the list: documents a form field already holds (an
   * application reopened for editing). Defaults to `0`.
   */
  held?: number;
  /** Whether empty (0-byte) files are accepted. Defaults to `false`. */
  allowEmpty?: boolean;
}

/** Why a file was rejected. */
export type FileRejectionCode =
  | 'invalid-name'
  | 'invalid-extension'
  | 'empty-file'
  | 'file-too-large'
  | 'too-many-files'
  /** The same file (name, size, last modified) is already in the uploader (the engine's check). */
  | 'duplicate';

/** One reason a file was rejected: a code and its values (for translated wording), and an English message. */
export interface FileRejectionReason {
  code: FileRejectionCode;
  message: string;
  /**
   * The values the message names: `invalid-extension` → `extension` (without the dot; absent when the name has
   * none) and `allowed`; `file-too-large` → `maxSize` (bytes); `too-many-files` → `maxFiles`.
   */
  params?: FileRejectionParams;
}

/** The values of a {@link FileRejectionReason}. */
export interface FileRejectionParams {
  extension?: string;
  allowed?: readonly string[];
  maxSize?: number;
  maxFiles?: number;
}

/** A rejected file with every reason it was rejected. Rejections are data, not exceptions. */
export interface FileRejection<F> {
  file: F;
  errors: FileRejectionReason[];
}

/** The minimum a file needs for validation: a `File` or anything with a name and a size. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
}

/** Options of {@link validateFiles}. */
export interface ValidateOptions {
  /** Files already accepted earlier (count toward `maxFiles`). Defaults to `0`. */
  alreadyAccepted?: number;
}

/** The outcome of {@link validateFiles}. */
export interface ValidationResult<F> {
  accepted: F[];
  rejected: FileRejection<F>[];
}

/**
 * Splits files into accepted ones and rejections with reasons (extension, empty, too large, too many). Never throws.
 */
export function validateFiles<F extends FileLike>(
  files: Iterable<F>,
  rules: FileRules = {},
  options: ValidateOptions = {},
): ValidationResult<F> {
  const extensions = resolveExtensions(rules.extensions);
  // no size limit when not given (`undefined`): nothing is larger than Infinity
  const { maxSize = Infinity, maxFiles } = rules;
  const allowed = Object.keys(extensions);
  const accepted: F[] = [];
  const rejected: FileRejection<F>[] = [];
  let count = (options.alreadyAccepted ?? 0) + Math.max(0, rules.held ?? 0);
  for (const file of files) {
    const errors: FileRejectionReason[] = [];
    const name = typeof file.name === 'string' ? file.name : '';
    if (name.trim() === '') {
      errors.push({ code: 'invalid-name', message: 'The file has no name.' });
    } else {
      const ext = extensionOf(name);
      if (ext === undefined || extensions[ext] === undefined) {
        errors.push({
          code: 'invalid-extension',
          message: `${ext === undefined ? 'Files without an extension are' : `.${ext} files are`} not accepted. Allowed: ${allowed.join(', ')}.`,
          params: ext === undefined ? { allowed } : { extension: ext, allowed },
        });
      }
    }
    const size = file.size;
    if (!Number.isFinite(size) || size < 0) {
      errors.push({ code: 'empty-file', message: 'The file size is unknown.' });
    } else if (size === 0 && rules.allowEmpty !== true) {
      errors.push({ code: 'empty-file', message: 'The file is empty.' });
    } else if (size > maxSize) {
      errors.push({
        code: 'file-too-large',
        message: `The file is larger than the limit of ${formatBytes(maxSize)}.`,
        params: { maxSize },
      });
    }
    // no rule, no limit (an unbounded count, `held: Infinity`, included)
    if (errors.length === 0 && maxFiles !== undefined && count >= maxFiles) {
      errors.push({
        code: 'too-many-files',
        message: `No more than ${maxFiles} files can be added.`,
        params: { maxFiles },
      });
    }
    if (errors.length === 0) {
      accepted.push(file);
      count += 1;
    } else {
      rejected.push({ file, errors });
    }
  }
  return { accepted, rejected };
}

/** A short English byte size (`1.5 MB`) for messages. UI code formats with `Intl` and its labels instead. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  // up to GB, the last of the units
  while (value >= 1000 && unit < 3) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${['B', 'KB', 'MB', 'GB'][unit]}`;
}
