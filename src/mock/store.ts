/**
 * The emulator's in-memory store, resolved options, id generation and the serialisation of stored documents into
 * the API's document shape (with freshly signed view URLs).
 */
import {
  DEFAULT_EXTENSIONS,
  KNOWN_DOCUMENT_TYPES,
  extensionOf,
  isImageContentType,
} from '../core/api/documentTypes';
import type { Document, ViewUrl } from '../core/api/schemas';
import type { FaultState } from './faults';
import { md5Hex } from './md5';
import type { UrlSigner } from './signing';
import type { TimerRegistry } from './timers';
import type {
  DocumentsApiMockOptions,
  MockDb,
  MockDocument,
  MockFile,
  SeedDocument,
  SeedFile,
  VariantName,
} from './types';

const MINUTE = 60_000;
/** Upload URLs are valid for 60 minutes (contract, step 1). */
export const UPLOAD_URL_TTL_MS = 60 * MINUTE;
const MIN_VIEW_TTL = 20 * MINUTE;
const MAX_VIEW_TTL = 60 * MINUTE;

/** Options with every default applied. */
export interface ResolvedOptions {
  baseUrl: string;
  storageUrl: string;
  now: () => number;
  processingDelayMs: number;
  variantsDelayMs: number;
  variantsBeforeComplete: boolean;
  heartbeatMs: number;
  splitTypes: ReadonlySet<string>;
  sensitiveTypes: ReadonlySet<string>;
  documentTypes: readonly string[];
  extensions: Readonly<Record<string, string>>;
  viewUrlTtl: (type: string) => number;
  accountId: string;
  token: string;
}

function trimUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createDocumentsApiMock: ${name} must be an absolute URL; got "${value}".`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function clampTtl(ms: number): number {
  return Math.min(MAX_VIEW_TTL, Math.max(MIN_VIEW_TTL, ms));
}

/** Applies the defaults documented on {@link DocumentsApiMockOptions}. */
export function resolveOptions(options: DocumentsApiMockOptions): ResolvedOptions {
  const ttl = options.viewUrlTtlMs ?? MAX_VIEW_TTL;
  if (typeof ttl === 'number' && (ttl < MIN_VIEW_TTL || ttl > MAX_VIEW_TTL)) {
    throw new RangeError('createDocumentsApiMock: viewUrlTtlMs must be between 20 and 60 minutes.');
  }
  const extensions: Record<string, string> = {};
  for (const [ext, mime] of Object.entries(options.extensions ?? DEFAULT_EXTENSIONS)) {
    extensions[ext.replace(/^\./, '').toLowerCase()] = mime;
  }
  return {
    baseUrl: trimUrl(options.baseUrl ?? 'http://api.lightreach.test', 'baseUrl'),
    storageUrl: trimUrl(options.storageUrl ?? 'http://storage.localhost', 'storageUrl'),
    now: options.now ?? Date.now,
    processingDelayMs: options.processingDelayMs ?? 200,
    variantsDelayMs: options.variantsDelayMs ?? 300,
    variantsBeforeComplete: options.variantsBeforeComplete ?? false,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    splitTypes: new Set(options.splitTypes ?? ['roofPhoto', 'sitePhoto']),
    sensitiveTypes: new Set(options.sensitiveTypes ?? ['governmentId']),
    documentTypes: [...(options.documentTypes ?? KNOWN_DOCUMENT_TYPES)],
    extensions,
    viewUrlTtl: typeof ttl === 'number' ? () => ttl : (type) => clampTtl(ttl(type)),
    accountId: options.accountId ?? 'acc_demo',
    token: options.token ?? 'token_demo',
  };
}

/** Everything the handlers and the worker share. */
export interface MockContext {
  options: ResolvedOptions;
  db: MockDb;
  signer: UrlSigner;
  timers: TimerRegistry;
  faults: FaultState;
  now(): number;
  nextDocumentId(): string;
}

/** An empty store. */
export function createDb(): MockDb {
  return {
    accounts: new Set(),
    tokens: new Map(),
    jobs: new Map(),
    documents: new Map(),
    staged: new Map(),
    requests: [],
  };
}

const ID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** A random URL-safe id (nanoid alphabet), like the API's job ids. */
export function randomId(length = 21): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte & 63] ?? '_';
  return id;
}

/** A counter of zero-padded document ids, so that ids sort chronologically as strings. */
export function createDocumentIds(): { next(): string; reset(): void } {
  let counter = 0;
  return {
    next: () => `doc_${String((counter += 1)).padStart(10, '0')}`,
    reset: () => {
      counter = 0;
    },
  };
}

/** A stored file from its bytes: md5 and size are computed, never trusted. */
export function makeFile(originalName: string, contentType: string, bytes: Uint8Array): MockFile {
  return { originalName, contentType, size: bytes.length, md5Hash: md5Hex(bytes), bytes };
}

/** The applicationId the emulator gives an account's documents. */
export function applicationIdFor(accountId: string): string {
  return `app_${accountId.replace(/^acc_/, '')}`;
}

const VARIANT_ORDER: readonly VariantName[] = ['preview', 'gallery', 'thumbnail'];

/** A URL the emulator issues, through the `rewriteUrls` fault when it is on. */
export function rewriteUrl(ctx: MockContext, url: string, field: 'uploadUrl' | 'viewUrl'): string {
  return ctx.faults.rewriteUrls?.(url, field) ?? url;
}

/** The signed (or proxy) URL of one file rendition. */
async function viewUrl(
  ctx: MockContext,
  doc: MockDocument,
  index: number,
  variant: ViewUrl['type'],
): Promise<ViewUrl> {
  const { options } = ctx;
  if (options.sensitiveTypes.has(doc.type)) {
    // Highly sensitive documents: a token-protected streaming proxy on the API origin, no expiry.
    return {
      url: rewriteUrl(
        ctx,
        `${options.baseUrl}/api/v2/accounts/${encodeURIComponent(doc.accountId)}/documents/${encodeURIComponent(doc.id)}/files/${index}/${variant}`,
        'viewUrl',
      ),
      type: variant,
    };
  }
  const expires = ctx.now() + options.viewUrlTtl(doc.type);
  const path = `view/${encodeURIComponent(doc.id)}/${index}/${variant}`;
  const sig = await ctx.signer.sign({ method: 'GET', path, contentType: '', expires });
  return {
    url: rewriteUrl(ctx, `${options.storageUrl}/${path}?expires=${expires}&sig=${sig}`, 'viewUrl'),
    type: variant,
    expiresAt: new Date(expires).toISOString(),
  };
}

/** Serialises a stored document as the API returns it, signing every view URL now. */
export async function toApiDocument(ctx: MockContext, doc: MockDocument): Promise<Document> {
  const files = await Promise.all(
    doc.files.map(async (file, index) => {
      const kinds: ViewUrl['type'][] = ['original'];
      if (file.variants !== undefined) {
        for (const v of VARIANT_ORDER) if (file.variants[v] !== undefined) kinds.push(v);
      }
      return {
        originalName: file.originalName,
        contentType: file.contentType,
        md5Hash: file.md5Hash,
        sizeKB: Math.ceil(file.size / 1024),
        viewUrls: await Promise.all(kinds.map((kind) => viewUrl(ctx, doc, index, kind))),
      };
    }),
  );
  return {
    id: doc.id,
    accountId: doc.accountId,
    applicationId: doc.applicationId,
    status: doc.status,
    archived: doc.archived,
    type: doc.type,
    ...(doc.externalReference === undefined ? {} : { externalReference: doc.externalReference }),
    files,
    meta: {
      createdAt: new Date(doc.createdAt).toISOString(),
      updatedAt: new Date(doc.updatedAt).toISOString(),
    },
  };
}

function toBytes(value: Uint8Array | ArrayBuffer | string | undefined, fallback: string): Uint8Array {
  if (value === undefined) return new TextEncoder().encode(fallback);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

/** The canonical content type of a file name under the allowlist, or `application/octet-stream`. */
export function contentTypeOf(ctx: MockContext, filename: string): string {
  const ext = extensionOf(filename);
  return (ext === undefined ? undefined : ctx.options.extensions[ext]) ?? 'application/octet-stream';
}

/** Stores seeded documents synchronously (ids are assigned in order) and returns the stored records. */
export function seedIntoStore(ctx: MockContext, docs: SeedDocument[], accountId: string): MockDocument[] {
  return docs.map((seed) => {
    const account = seed.accountId ?? accountId;
    ctx.db.accounts.add(account);
    const seedFiles: SeedFile[] = seed.files ?? [
      {
        filename: seed.filename ?? 'document.pdf',
        ...(seed.bytes === undefined ? {} : { bytes: seed.bytes }),
        ...(seed.contentType === undefined ? {} : { contentType: seed.contentType }),
      },
    ];
    const files = seedFiles.map((f) => {
      const contentType = f.contentType ?? contentTypeOf(ctx, f.filename);
      const file = makeFile(f.filename, contentType, toBytes(f.bytes, `seeded ${f.filename}`));
      if (seed.variants !== false && isImageContentType(contentType)) {
        file.variants = {
          thumbnail: { bytes: file.bytes, contentType },
          preview: { bytes: file.bytes, contentType },
          gallery: { bytes: file.bytes, contentType },
        };
      }
      return file;
    });
    const created =
      seed.createdAt === undefined
        ? ctx.now()
        : typeof seed.createdAt === 'number'
          ? seed.createdAt
          : Date.parse(seed.createdAt);
    const doc: MockDocument = {
      id: seed.id ?? ctx.nextDocumentId(),
      accountId: account,
      applicationId: seed.applicationId === undefined ? applicationIdFor(account) : seed.applicationId,
      status: seed.status ?? 'pending',
      archived: seed.archived ?? false,
      type: seed.type ?? 'other',
      ...(seed.externalReference === undefined ? {} : { externalReference: seed.externalReference }),
      files,
      createdAt: created,
      updatedAt: created,
    };
    ctx.db.documents.set(doc.id, doc);
    return doc;
  });
}
