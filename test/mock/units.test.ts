import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/mock';
import { md5HexPortable } from '../../src/mock/md5';
import { parseBinArgs } from '../../src/mock/binArgs';
import { createUrlSigner } from '../../src/mock/signing';
import { createTimerRegistry } from '../../src/mock/timers';

// md5Hex uses node:crypto on Node; md5HexPortable is what browsers (Storybook's Service Worker) run.
describe.each([
  ['md5Hex', md5Hex],
  ['md5HexPortable', md5HexPortable],
])('%s', (_name, md5) => {
  it('matches the RFC 1321 test vectors', () => {
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5('hello')).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(md5('The quick brown fox jumps over the lazy dog')).toBe('9e107d9d372bb6826bd81d3542a419d6');
    expect(md5('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
  });

  it('agrees with node:crypto at every padding boundary, on views into larger buffers and on large inputs', () => {
    for (const size of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 131 + 17) & 255);
      expect(md5(bytes), `size ${size}`).toBe(createHash('md5').update(bytes).digest('hex'));
    }
    const backing = new Uint8Array(300).map((_, i) => (i * 7) & 255);
    const view = backing.subarray(3, 203);
    expect(md5(view)).toBe(createHash('md5').update(view).digest('hex'));
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    expect(md5(buffer)).toBe(
      createHash('md5')
        .update(new Uint8Array([1, 2, 3]))
        .digest('hex'),
    );
  });
});

describe('createUrlSigner', () => {
  const payload = {
    method: 'PUT' as const,
    path: 'upload/a.pdf',
    contentType: 'application/pdf',
    expires: 2000,
  };

  it('verifies its own signatures and binds path, content type and expiry', async () => {
    const signer = createUrlSigner();
    const sig = await signer.sign(payload);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(await signer.verify(payload, sig, 1000)).toBe('valid');
    expect(await signer.verify({ ...payload, contentType: 'text/plain' }, sig, 1000)).toBe('mismatch');
    expect(await signer.verify({ ...payload, path: 'upload/b.pdf' }, sig, 1000)).toBe('mismatch');
    expect(await signer.verify({ ...payload, expires: 9999 }, sig, 1000)).toBe('mismatch');
    expect(await signer.verify(payload, 'nope', 1000)).toBe('mismatch');
  });

  it('reports genuine signatures past their expiry, or issued before revokeAll, as expired', async () => {
    const signer = createUrlSigner();
    const sig = await signer.sign(payload);
    expect(await signer.verify(payload, sig, 2000)).toBe('expired');
    signer.revokeAll();
    expect(await signer.verify(payload, sig, 1000)).toBe('expired');
    const fresh = await signer.sign(payload);
    expect(fresh).not.toBe(sig);
    expect(await signer.verify(payload, fresh, 1000)).toBe('valid');
  });

  it('uses a different key per instance', async () => {
    const sig = await createUrlSigner().sign(payload);
    expect(await createUrlSigner().verify(payload, sig, 1000)).toBe('mismatch');
  });
});

describe('createTimerRegistry', () => {
  it('clearAll cancels timers and wakes sleepers', async () => {
    const timers = createTimerRegistry();
    let fired = 0;
    timers.timeout(() => (fired += 1), 5);
    timers.interval(() => (fired += 1), 5);
    const generation = timers.generation;
    const slept = timers.sleep(60_000);
    timers.clearAll();
    await slept;
    expect(timers.disposed(generation)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(0);
  });

  it('clamps delays setTimeout cannot hold: a latency of 2^40 ms waits, it does not fire at once', async () => {
    // Unclamped, Node and browsers run such a timer after 1 ms: before the 10 ms one below, whatever the machine.
    const timers = createTimerRegistry();
    let fired = 0;
    timers.timeout(() => (fired += 1), 2 ** 40);
    timers.interval(() => (fired += 1), Number.POSITIVE_INFINITY);
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toBe(0);
    timers.clearAll();
  });
});

describe('parseBinArgs', () => {
  it('reads --port, --storage-port, --host and PORT', () => {
    expect(parseBinArgs([], {})).toEqual({ port: 4010, host: '127.0.0.1', help: false });
    expect(parseBinArgs([], { PORT: '5000' }).port).toBe(5000);
    expect(
      parseBinArgs(['--port', '0', '--storage-port=7001', '--host', '0.0.0.0'], { PORT: '5000' }),
    ).toEqual({
      port: 0,
      storagePort: 7001,
      host: '0.0.0.0',
      help: false,
    });
    expect(parseBinArgs(['--processing-delay', '5'], {}).processingDelayMs).toBe(5);
    expect(parseBinArgs(['--help'], {}).help).toBe(true);
  });

  it('rejects bad input with a message', () => {
    expect(() => parseBinArgs(['--port', 'abc'], {})).toThrow(/port number/);
    expect(() => parseBinArgs(['--port', '70000'], {})).toThrow(/port number/);
    expect(() => parseBinArgs(['--nope'], {})).toThrow(/Unknown option/);
    expect(() => parseBinArgs([], { PORT: 'x' })).toThrow(/PORT/);
  });
});
