/**
 * MD5 (RFC 1321) over bytes, for the `md5Hash` the API reports. Not for security: MD5 is only a checksum here.
 *
 * On Node (the loopback server, msw/node tests) the hash comes from `node:crypto`, reached through
 * `process.getBuiltinModule` so that nothing is imported statically and browser bundles stay free of Node built-ins.
 * In browsers (Storybook's Service Worker, Vite middleware pages) Web Crypto has no MD5, so a small dependency-free
 * implementation runs instead. The emulator hashes every stored file inside the PUT handler, so a slow hash would
 * delay every upload it answers (the pure-JS one runs at tens of MB/s, the native one at hundreds).
 */

interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(encoding: 'hex'): string;
}
type CreateHash = (algorithm: 'md5') => NodeHash;

let nativeMd5: CreateHash | null | undefined;

function nodeCreateHash(): CreateHash | null {
  if (nativeMd5 !== undefined) return nativeMd5;
  nativeMd5 = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = proc?.getBuiltinModule?.('node:crypto') as { createHash?: CreateHash } | undefined;
    if (typeof crypto?.createHash === 'function') nativeMd5 = crypto.createHash;
  } catch {
    // not Node, or a Node without getBuiltinModule (< 20.16): the portable implementation below
  }
  return nativeMd5;
}

function toBytes(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** The MD5 digest of `input` (bytes, or a string encoded as UTF-8) as 32 lower-case hex characters. */
export function md5Hex(input: Uint8Array | ArrayBuffer | string): string {
  const bytes = toBytes(input);
  const createHash = nodeCreateHash();
  return createHash === null ? md5HexPortable(bytes) : createHash('md5').update(bytes).digest('hex');
}

/** Left-rotation amounts: four per round, each repeated over the round's 16 steps. */
const ROUND_SHIFTS = [
  [7, 12, 17, 22],
  [5, 9, 14, 20],
  [4, 11, 16, 23],
  [6, 10, 15, 21],
];
const SHIFTS = new Uint8Array(64).map((_, i) => ROUND_SHIFTS[i >> 4]?.[i & 3] ?? 0);
/** The message word each of the 64 steps reads. */
const WORD = new Uint8Array(64);
const K = new Int32Array(64);
for (let i = 0; i < 64; i += 1) {
  K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;
  WORD[i] = i < 16 ? i : i < 32 ? (5 * i + 1) & 15 : i < 48 ? (3 * i + 5) & 15 : (7 * i) & 15;
}

/** One 64-byte block at `offset` of `view` into `state` (typed-array reads are in bounds: `?? 0` only types them). */
function md5Block(state: Int32Array, m: Int32Array, view: DataView, offset: number): void {
  for (let j = 0; j < 16; j += 1) m[j] = view.getInt32(offset + j * 4, true);
  let a = state[0] ?? 0;
  let b = state[1] ?? 0;
  let c = state[2] ?? 0;
  let d = state[3] ?? 0;
  for (let i = 0; i < 64; i += 1) {
    const f = i < 16 ? (b & c) | (~b & d) : i < 32 ? (d & b) | (~d & c) : i < 48 ? b ^ c ^ d : c ^ (b | ~d);
    const x = (a + f + (K[i] ?? 0) + (m[WORD[i] ?? 0] ?? 0)) | 0;
    const s = SHIFTS[i] ?? 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
  }
  state[0] = (state[0] ?? 0) + a;
  state[1] = (state[1] ?? 0) + b;
  state[2] = (state[2] ?? 0) + c;
  state[3] = (state[3] ?? 0) + d;
}

/**
 * The portable implementation (exported for tests, which compare it with `node:crypto`). Whole 64-byte blocks are
 * read from the input in place; only the last one or two blocks, with the padding and length, are copied.
 */
export function md5HexPortable(input: Uint8Array | ArrayBuffer | string): string {
  const bytes = toBytes(input);
  const length = bytes.length;
  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  const m = new Int32Array(16);
  const whole = length - (length % 64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < whole; offset += 64) md5Block(state, m, view, offset);
  // The tail, 0x80, zero padding and the 64-bit length in bits: one or two blocks.
  const tail = new Uint8Array(length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[length - whole] = 0x80;
  const tailView = new DataView(tail.buffer);
  const bitLength = length * 8;
  tailView.setUint32(tail.length - 8, bitLength >>> 0, true);
  tailView.setUint32(tail.length - 4, Math.floor(bitLength / 0x100000000), true);
  for (let offset = 0; offset < tail.length; offset += 64) md5Block(state, m, tailView, offset);
  let hex = '';
  for (const word of state) {
    for (let i = 0; i < 4; i += 1) hex += ((word >>> (i * 8)) & 0xff).toString(16).padStart(2, '0');
  }
  return hex;
}
