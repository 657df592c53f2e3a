import { describe, expect, it } from 'vitest';
import {
  DocumentsError,
  ForbiddenError,
  InvalidRequestError,
  NetworkError,
  RateLimitedError,
  UnavailableError,
  allowedExtensionsFrom,
  errorFromResponse,
  messageFromBody,
  parseRetryAfter,
  redactSecrets,
  tryAgainIn,
} from '../../../src/core';

const headers = (init: Record<string, string> = {}) => new Headers(init);

describe('redactSecrets', () => {
  it('strips query strings of URLs and bearer tokens', () => {
    const text =
      'PUT https://storage.example.com/upload/a.pdf?X-Amz-Signature=abc&X-Amz-Credential=def failed; Authorization: Bearer eyJhbGciOi.abc.def';
    const out = redactSecrets(text);
    expect(out).toBe(
      'PUT https://storage.example.com/upload/a.pdf?[redacted] failed; Authorization: Bearer [redacted]',
    );
  });
  it('strips signature parameters outside URLs and given secrets', () => {
    expect(redactSecrets('sig=deadbeef&expires=123 token=tok_secret', ['tok_secret'])).toBe(
      'sig=[redacted]&expires=[redacted] token=[redacted]',
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('parses delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
  });
  it('parses an HTTP-date', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
  });
  it('never returns a negative delay and ignores garbage', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
  it('keeps an absurdly long value finite (a timer clamps what is waited; the error keeps what was said)', () => {
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseRetryAfter('86400', now)).toBe(86_400_000);
  });
});

describe('tryAgainIn', () => {
  it.each([
    [0, 'Try again now.'],
    [400, 'Try again in 1 s.'],
    [90_000, 'Try again in 90 s.'],
    [119_000, 'Try again in 119 s.'],
    [120_000, 'Try again in 2 min.'],
    [61 * 60_000, 'Try again in 61 min.'],
    [2 * 3_600_000, 'Try again in 2 h.'],
    [86_400_000, 'Try again in 24 h.'],
    [3 * 86_400_000, 'Try again in 3 days.'],
    [400 * 86_400_000, 'Try again in more than a year.'],
  ])('%i ms → %s', (ms, text) => {
    expect(tryAgainIn(ms)).toBe(text);
  });
});

describe('messageFromBody', () => {
  it('reads JSON messages, NestJS arrays, S3 XML and text', () => {
    expect(messageFromBody('{"message":"bad"}')).toBe('bad');
    expect(messageFromBody('{"message":["a","b"]}')).toBe('a; b');
    expect(messageFromBody('{"error":"nope"}')).toBe('nope');
    expect(messageFromBody('<Error><Code>X</Code><Message>Request has expired</Message></Error>')).toBe(
      'Request has expired',
    );
    expect(messageFromBody('plain')).toBe('plain');
    expect(messageFromBody('')).toBeUndefined();
  });
});

describe('allowedExtensionsFrom', () => {
  it('finds the list in a message', () => {
    const msg = 'Unsupported file extension ".exe" for file "x.exe". Allowed values: pdf, jpg, .PNG';
    expect(allowedExtensionsFrom(JSON.stringify({ message: msg }), msg)).toEqual(['pdf', 'jpg', 'png']);
    expect(allowedExtensionsFrom('', 'file type not allowed; allowed extensions are: [pdf|docx]')).toEqual([
      'pdf',
      'docx',
    ]);
  });
  it('prefers a structured list', () => {
    expect(allowedExtensionsFrom('{"message":"x","allowedValues":["pdf","jpg"]}', 'x')).toEqual([
      'pdf',
      'jpg',
    ]);
  });
  it('returns undefined without a list', () => {
    expect(allowedExtensionsFrom('{"message":"invalid type"}', 'invalid type')).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('maps storage 403 bodies to a reason', () => {
    const expired = errorFromResponse(
      403,
      '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
      headers(),
      {
        operation: 'PUT upload',
        storage: true,
      },
    );
    const mismatch = errorFromResponse(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>', headers(), {
      operation: 'PUT upload',
      storage: true,
    });
    expect(expired).toBeInstanceOf(ForbiddenError);
    expect((expired as ForbiddenError).reason).toBe('expired');
    expect((mismatch as ForbiddenError).reason).toBe('content-type');
    expect(mismatch.message).toContain('Content-Type');
  });

  it('keeps 429 Retry-After and marks it retryable', () => {
    const error = errorFromResponse(429, '', headers({ 'retry-after': '2' }), { operation: 'initUpload' });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(2000);
    expect(error.retryable).toBe(true);
  });

  it('says when to try again on a 429 or 503 with Retry-After, and keeps retryAt (epoch ms)', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const limited = errorFromResponse(
      429,
      JSON.stringify({ message: 'Too many requests' }),
      headers({ 'retry-after': '90' }),
      { operation: 'getJob', now },
    ) as RateLimitedError;
    expect(limited.message).toBe('getJob failed with 429: Too many requests. Try again in 90 s.');
    expect([limited.retryAfterMs, limited.retryAt]).toEqual([90_000, now + 90_000]);

    const down = errorFromResponse(503, '', headers({ 'retry-after': 'Thu, 01 Jan 2026 03:00:00 GMT' }), {
      operation: 'listDocuments',
      now,
    }) as UnavailableError;
    expect(down).toBeInstanceOf(UnavailableError);
    expect(down.message).toBe('listDocuments failed with 503. Try again in 3 h.');
    expect([down.retryAfterMs, down.retryAt, down.retryable]).toEqual([
      3 * 3_600_000,
      now + 3 * 3_600_000,
      true,
    ]);

    const day = errorFromResponse(429, 'Slow down.', headers({ 'retry-after': '86400' }), {
      operation: 'initUpload',
      now,
    });
    expect(day.message).toBe('initUpload failed with 429: Slow down. Try again in 24 h.');
  });

  it('says nothing about when without a Retry-After, and never puts a URL in the wording', () => {
    const plain = errorFromResponse(429, '', headers(), { operation: 'getJob' }) as RateLimitedError;
    expect(plain.message).toBe('getJob failed with 429');
    expect([plain.retryAfterMs, plain.retryAt]).toEqual([undefined, undefined]);
    const echoed = errorFromResponse(
      503,
      JSON.stringify({ message: 'see https://status.example/x?token=abc' }),
      headers({ 'retry-after': '30' }),
      { operation: 'initUpload' },
    );
    expect(echoed.message).not.toContain('token=abc');
    expect(echoed.message).toMatch(/Try again in 30 s\.$/);
  });

  it('a RateLimitedError built by hand gets retryAt from the clock', () => {
    const before = Date.now();
    const error = new RateLimitedError('x', { retryAfterMs: 5000 });
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 5000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 5000);
    expect(new RateLimitedError('x').retryAt).toBeUndefined();
  });

  it('never keeps a signed URL from a server message', () => {
    const error = errorFromResponse(
      400,
      JSON.stringify({ message: 'bad url https://s.example/x?sig=abc&expires=1' }),
      headers(),
      { operation: 'initUpload' },
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).not.toContain('sig=abc');
    expect((error as InvalidRequestError).serverMessage).not.toContain('sig=abc');
  });
});

describe('DocumentsError', () => {
  it('sanitises the cause chain and toString', () => {
    const inner = new TypeError('connect ECONNREFUSED https://storage.example/u?X-Goog-Signature=zzz');
    const error = new NetworkError('PUT failed at https://storage.example/u?X-Goog-Signature=zzz', {
      cause: new Error('outer', { cause: inner }),
    });
    expect(error).toBeInstanceOf(DocumentsError);
    expect(String(error)).not.toContain('zzz');
    const cause = error.cause as Error;
    expect(cause.message).toBe('outer');
    expect(String((cause.cause as Error).message)).not.toContain('zzz');
    expect((cause.cause as Error).name).toBe('TypeError');
  });
});
