/**
 * The generated validators (src/core/api/validators.ts) against the zod schemas they are generated from
 * (src/core/api/schemas.ts, the schema of record): on valid values and on values mutated from them, both give the
 * same verdict, the same output and the same issues. The file is up to date with the schemas, and the generator
 * refuses what it cannot express.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { generateValidators, VALIDATORS_FILE } from '../../../scripts/generate-validators';
import * as C from '../../../src/core/api/checks';
import * as S from '../../../src/core/api/schemas';
import * as V from '../../../src/core/api/validators';

const odd = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    NaN,
    Infinity,
    -1,
    0.5,
    2 ** 60,
    '',
    'javascript:alert(1)',
    'http://evil.example/x',
    'not a date',
    [],
    {},
    true,
    // sparse arrays: a hole is `undefined` to zod
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    new Array(2),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const date = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
const url = fc.constantFrom(
  'https://cdn.example/a.pdf?sig=1',
  'http://localhost:4010/x',
  'http://127.0.0.1/x',
  'data:text/plain,hi',
  'https://api.example.com/v2/view/1',
);
const viewUrl = fc.record(
  { url, type: fc.constantFrom(...C.VIEW_URL_TYPES, 'huge'), expiresAt: date },
  { requiredKeys: ['url', 'type'] },
);
const documentFile = fc.record(
  {
    originalName: fc.string({ maxLength: 8 }),
    contentType: fc.constantFrom('application/pdf', 'image/jpeg'),
    md5Hash: fc.string({ maxLength: 4 }),
    sizeKB: fc.nat(),
    viewUrls: fc.array(viewUrl, { maxLength: 3 }),
  },
  { requiredKeys: ['originalName', 'contentType', 'viewUrls'] },
);
const document = fc.record(
  {
    id: fc.string({ maxLength: 4 }),
    accountId: fc.string({ maxLength: 4 }),
    applicationId: fc.option(fc.string({ maxLength: 4 })),
    status: fc.constantFrom(...C.DOCUMENT_STATUSES, 'lost'),
    archived: fc.boolean(),
    type: fc.constantFrom('utilityBill', 'contract'),
    externalReference: fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.integer())),
    files: fc.array(documentFile, { maxLength: 3 }),
    meta: fc.record({ createdAt: date, updatedAt: date }, { requiredKeys: [] }),
  },
  { requiredKeys: ['id', 'accountId', 'status', 'archived', 'type', 'files'] },
);
const initFile = fc.record(
  {
    filename: fc.string({ maxLength: 6 }),
    size: fc.oneof(fc.nat(), fc.double()),
    contentType: fc.string({ maxLength: 6 }),
  },
  { requiredKeys: ['filename', 'size'] },
);
const initRequest = fc.record(
  {
    files: fc.array(initFile, { maxLength: 27 }),
    type: fc.string({ maxLength: 4 }),
    fields: fc.record(
      {
        externalReference: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        grouped: fc.boolean(),
        type: fc.string({ maxLength: 4 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['files'] },
);
const initResponse = fc.record({
  jobId: fc.string({ maxLength: 4 }),
  status: fc.constant('queued'),
  files: fc.array(
    fc.record({
      filename: fc.string({ maxLength: 4 }),
      stagingPath: fc.string({ maxLength: 4 }),
      uploadUrl: url,
      expiresAt: date,
      contentType: fc.constantFrom('application/pdf', ''),
    }),
    { maxLength: 3 },
  ),
});
const jobEvent = fc.record(
  {
    type: fc.constantFrom(...C.JOB_EVENT_TYPES, 'paused'),
    documents: fc.array(document, { maxLength: 2 }),
    error: fc.string({ maxLength: 4 }),
    jobId: fc.string({ maxLength: 4 }),
    timestamp: date,
  },
  { requiredKeys: ['type'] },
);
const listQuery = fc.record(
  { archived: fc.boolean(), sort: fc.constantFrom(...C.DOCUMENT_SORTS, 'NAME') },
  { requiredKeys: [] },
);

/** A value changed at random places: fields replaced by odd values, deleted, set to undefined, or extra keys added. */
function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(base, fc.array(fc.tuple(fc.nat(99), odd), { minLength: 32, maxLength: 32 }))
    .map(([value, choices]) => {
      let at = 0;
      const next = () => choices[at++ % choices.length]!;
      const walk = (v: unknown): unknown => {
        const [roll, replacement] = next();
        if (roll < 6) return replacement;
        if (Array.isArray(v)) return v.map(walk);
        if (typeof v !== 'object' || v === null) return v;
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(v)) {
          const [r] = next();
          if (r < 4) continue;
          out[key] = r < 7 ? undefined : walk(item);
        }
        if (roll > 95) out.extra = replacement;
        return out;
      };
      return walk(value);
    });
}

const simplified = (result: { success: boolean; data?: unknown; error?: { issues: readonly object[] } }) =>
  result.success
    ? { success: true, data: result.data }
    : {
        success: false,
        issues: result.error!.issues.map((i) => {
          const { path, message } = i as { path: PropertyKey[]; message: string };
          return { path, message };
        }),
      };

const PAIRS: [string, z.ZodMiniType, { safeParse(d: unknown): unknown }, fc.Arbitrary<unknown>][] = [
  ['viewUrl', S.viewUrlSchema, V.viewUrlValidator, viewUrl],
  ['documentFile', S.documentFileSchema, V.documentFileValidator, documentFile],
  ['document', S.documentSchema, V.documentValidator, document],
  ['documentList', S.documentListSchema, V.documentListValidator, fc.array(document, { maxLength: 3 })],
  ['externalReference', S.externalReferenceSchema, V.externalReferenceValidator, odd],
  ['initFile', S.initFileSchema, V.initFileValidator, initFile],
  ['initUploadRequest', S.initUploadRequestSchema, V.initUploadRequestValidator, initRequest],
  ['initUploadFile', S.initUploadFileSchema, V.initUploadFileValidator, initResponse.map((r) => r.files[0])],
  ['initUploadResponse', S.initUploadResponseSchema, V.initUploadResponseValidator, initResponse],
  ['jobEvent', S.jobEventSchema, V.jobEventValidator, jobEvent],
  ['listDocumentsQuery', S.listDocumentsQuerySchema, V.listDocumentsQueryValidator, listQuery],
];

describe('generated validators', () => {
  it('cover every zod schema the module exports', () => {
    const zodExports = Object.entries(S)
      .filter(([, v]) => typeof v === 'object' && v !== null && '_zod' in v)
      .map(([name]) => name.replace(/Schema$/, ''));
    expect(PAIRS.map(([name]) => name).sort()).toEqual(zodExports.sort());
  });

  it.each(PAIRS)(
    '%s: the same verdict, output and issues as the zod schema',
    (_name, schema, validator, valid) => {
      for (const policy of [undefined, { baseUrl: 'https://api.example.com', allowedUrlOrigins: [] }]) {
        let rejected = 0;
        fc.assert(
          fc.property(fc.oneof(valid, mutated(valid), odd), (value) => {
            C.urlPolicy.current = policy;
            try {
              const expected = simplified(schema.safeParse(value));
              if (!expected.success) rejected += 1;
              expect(simplified(validator.safeParse(value) as never)).toStrictEqual(expected);
            } finally {
              C.urlPolicy.current = undefined;
            }
          }),
          { numRuns: 400 },
        );
        // both verdicts were exercised
        expect(rejected).toBeGreaterThan(0);
        expect(rejected).toBeLessThan(400);
      }
    },
  );

  it('the file is what the generator writes from the current schemas', async () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8')).toBe(await generateValidators());
  });

  it('the generator refuses what it cannot express exactly', async () => {
    await expect(generateValidators({ aSchema: z.object({ kind: z.enum(['a', 'b']) }) })).rejects.toThrow(
      /aSchema\.kind: zod type enum is not supported/,
    );
    await expect(
      generateValidators({ aSchema: z.string().check(z.refine((v) => v.length > 1, { message: 'm' })) }),
    ).rejects.toThrow(/not a checks\.ts export/);
    await expect(generateValidators({ aSchema: z.string().check(z.minLength(2)) })).rejects.toThrow(
      /check min_length \(use z\.refine/,
    );
    // forms whose definition looks plain but checks more (or less) than the runtime does
    await expect(generateValidators({ aSchema: z.object({ u: z.url() }) })).rejects.toThrow(
      /aSchema\.u: string with format/,
    );
    await expect(generateValidators({ aSchema: z.int() })).rejects.toThrow(/number with .*format/);
    await expect(generateValidators({ aSchema: z.strictObject({ a: z.string() }) })).rejects.toThrow(
      /object with catchall/,
    );
    await expect(
      generateValidators({ aSchema: z.object({ a: z.exactOptional(z.string()) }) }),
    ).rejects.toThrow(/ExactOptional is not supported/);
    await expect(generateValidators({ aSchema: z.array(z.optional(z.string())) })).rejects.toThrow(
      /zod type optional is not supported/,
    );
    // keys an object literal would reorder (integer-like) or not hold as its own (`__proto__`)
    await expect(generateValidators({ aSchema: z.object({ 1: z.string() }) })).rejects.toThrow(
      /aSchema\.1: key not supported/,
    );
    const proto: Record<string, z.ZodMiniString> = {};
    Object.defineProperty(proto, '__proto__', { value: z.string(), enumerable: true });
    await expect(generateValidators({ aSchema: z.object(proto) })).rejects.toThrow(
      /aSchema\.__proto__: key not supported/,
    );
  });
});
