/**
 * Signed URLs like a storage bucket's: an HMAC-SHA256 (Web Crypto, so it runs in Node and browsers) over the
 * method, the object path, the content type and the expiry. The key is random per emulator instance.
 *
 * `expireAllUrls()` is implemented with key generations: signatures are made with the current generation; a
 * signature that verifies only with an older generation belongs to a URL issued before the switch and is reported
 * as expired (not as a mismatch), without adding anything to the URL.
 */

/** The outcome of checking a signature. */
export type SignatureCheck = 'valid' | 'expired' | 'mismatch';

/** The signed parts of a URL. */
export interface SignedPayload {
  method: 'PUT' | 'GET';
  /** The object path, e.g. `upload/staging/…` or `view/doc_1/0/original`. */
  path: string;
  /** The bound content type (`''` for view URLs). */
  contentType: string;
  /** Expiry in ms since the epoch. */
  expires: number;
}

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

function canonical(payload: SignedPayload, generation: number): string {
  return [generation, payload.method, payload.path, payload.contentType, payload.expires].join('\n');
}

/** Equal-length strings compared without early exit. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Signs and verifies URL payloads for one emulator instance. */
export interface UrlSigner {
  sign(payload: SignedPayload): Promise<string>;
  /** `expired` when the signature is genuine but `expires` passed (per `now`) or it predates `revokeAll()`. */
  verify(payload: SignedPayload, signature: string, now: number): Promise<SignatureCheck>;
  /** Makes every signature issued so far expired. */
  revokeAll(): void;
}

/** Creates a signer with a fresh random key. */
export function createUrlSigner(): UrlSigner {
  const secret = new Uint8Array(32);
  globalThis.crypto.getRandomValues(secret);
  let keyPromise: Promise<CryptoKey> | undefined;
  let generation = 0;
  const key = (): Promise<CryptoKey> =>
    (keyPromise ??= globalThis.crypto.subtle.importKey(
      'raw',
      secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    ));
  const hmac = async (text: string): Promise<string> =>
    toHex(await globalThis.crypto.subtle.sign('HMAC', await key(), encoder.encode(text)));

  return {
    sign: (payload) => hmac(canonical(payload, generation)),
    async verify(payload, signature, now) {
      if (!/^[0-9a-f]{64}$/.test(signature)) return 'mismatch';
      for (let g = generation; g >= 0; g -= 1) {
        if (sameText(await hmac(canonical(payload, g)), signature)) {
          return g === generation && payload.expires > now ? 'valid' : 'expired';
        }
      }
      return 'mismatch';
    },
    revokeAll() {
      generation += 1;
    },
  };
}
