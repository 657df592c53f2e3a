import { describe, expect, it } from 'vitest';
import {
  DocumentsError,
  ForbiddenError,
  InvalidRequestError,
  NetworkError,
  RateLimitedError,
  allowedExtensionsFrom,
  errorFromResponse,
  messageFromBody,
  parseRetryAfter,
  redactSecrets,
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
