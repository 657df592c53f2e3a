/** Reads from signed storage: the signature check of storage URLs and the bytes of a file or rendition. */
import { storageError } from './responses';
import type { MockContext } from './store';
import type { MockDocument, VariantName } from './types';

const VARIANTS: readonly string[] = ['original', 'thumbnail', 'preview', 'gallery'];

/**
 * Checks a signed storage URL (expires + sig bound to method, path and Content-Type) the way S3/GCS answer:
 * `undefined` when valid, else the 403 they send (a mismatch and an expiry are distinguishable).
 */
export async function verifySigned(
  ctx: MockContext,
  url: URL,
  signed: { method: 'PUT' | 'GET'; path: string; contentType: string; mismatchHint?: string },
): Promise<Response | undefined> {
  const expiresText = url.searchParams.get('expires');
  const sig = url.searchParams.get('sig');
  if (expiresText === null || sig === null || !/^\d+$/.test(expiresText)) {
    return storageError(
      403,
      'AccessDenied',
      'Query-string authentication requires the expires and sig parameters',
    );
  }
  const check = await ctx.signer.verify(
    {
      method: signed.method,
      path: signed.path,
      contentType: signed.contentType,
      expires: Number(expiresText),
    },
    sig,
    ctx.now(),
  );
  if (check === 'mismatch') {
    return storageError(
      403,
      'SignatureDoesNotMatch',
      `The request signature we calculated does not match the signature you provided. Check your key and signing method${signed.mismatchHint ?? ''}.`,
    );
  }
  if (check === 'expired') return storageError(403, 'AccessDenied', 'Request has expired');
  return undefined;
}

/** The stored bytes of a file (`original`) or one of its renditions, as storage serves them; 404 when absent. */
export function fileResponse(doc: MockDocument, indexText: string, variant: string): Response {
  const index = /^\d+$/.test(indexText) ? Number(indexText) : -1;
  const file = doc.files[index];
  if (file === undefined || !VARIANTS.includes(variant))
    return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  const rendition =
    variant === 'original'
      ? { bytes: file.bytes, contentType: file.contentType }
      : file.variants?.[variant as VariantName];
  if (rendition === undefined) return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  return new Response(rendition.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': rendition.contentType,
      'content-length': String(rendition.bytes.byteLength),
      'cache-control': 'private, max-age=0',
      etag: `"${file.md5Hash}"`,
    },
  });
}
