/**
 * Writes src/core/api/validators.ts from the zod schemas of src/core/api/schemas.ts (the schema of record): for each
 * exported schema a validator built of validatorRuntime.ts's parts, with the same verdicts, output and issues, and
 * no zod (ADR 0009). Refines must use a named predicate of checks.ts; anything this generator does not know is
 * refused, so a schema change it cannot express fails here rather than passing unchecked.
 *
 *   node --import tsx scripts/generate-validators.ts          write the file
 *   node --import tsx scripts/generate-validators.ts --check  fail if the file is out of date (also a test)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import * as checks from '../src/core/api/checks';
import * as schemas from '../src/core/api/schemas';

export const VALIDATORS_FILE = join(import.meta.dirname, '../src/core/api/validators.ts');

interface ZodLike {
  _zod: { def: Def; traits?: Set<string> };
}
interface Def {
  type: string;
  checks?: ZodLike[];
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  innerType?: ZodLike;
  fn?: unknown;
  check?: string;
  abort?: unknown;
  when?: unknown;
  error?: (issue: object) => unknown;
}

const isZod = (value: unknown): value is ZodLike =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** The definition keys each supported zod type may have: any other (`format`, `catchall`, …) is refused. */
const PLAIN_KEYS: Record<string, readonly string[]> = {
  string: ['type', 'checks'],
  number: ['type', 'checks'],
  boolean: ['type', 'checks'],
  unknown: ['type', 'checks'],
  nullable: ['type', 'innerType'],
  optional: ['type', 'innerType'],
  array: ['type', 'element', 'checks'],
  object: ['type', 'shape', 'checks'],
};
/** The traits of the plain constructors (z.url(), z.int(), z.exactOptional() … carry others). */
const PLAIN_TRAITS = new Set(
  ['Type', 'String', 'Number', 'Boolean', 'Unknown', 'Nullable', 'Optional', 'Array', 'Object'].flatMap(
    (name) => [`ZodMini${name}`, `$Zod${name}`],
  ),
);

/** Refuses a node that is not one of the plain forms the runtime reproduces exactly. */
function assertPlain(schema: ZodLike, where: string): Def {
  const def = schema._zod.def;
  const keys = PLAIN_KEYS[def.type];
  if (keys === undefined) throw new Error(`${where}: zod type ${def.type} is not supported by the generator`);
  const extra = Object.keys(def).filter((key) => !keys.includes(key));
  if (extra.length > 0) throw new Error(`${where}: ${def.type} with ${extra.join(', ')} is not supported`);
  const traits = [...(schema._zod.traits ?? [])].filter((trait) => !PLAIN_TRAITS.has(trait));
  if (traits.length > 0) throw new Error(`${where}: ${traits.join(', ')} is not supported`);
  return def;
}

const predicateNames = new Map<unknown, string>(
  Object.entries(checks)
    .filter(([, v]) => typeof v === 'function')
    .map(([name, fn]) => [fn, name]),
);

/** The word lists of checks.ts (`VIEW_URL_TYPES`, …), by name. */
const wordLists = (Object.entries(checks) as [string, unknown][]).filter(
  (entry): entry is [string, readonly string[]] =>
    Array.isArray(entry[1]) && entry[1].every((v) => typeof v === 'string'),
);

/**
 * Generates the module text (formatted as the repository's prettier config does) from a module's exports; throws on
 * anything it cannot express exactly.
 */
export async function generateValidators(source: Record<string, unknown> = schemas): Promise<string> {
  const exported = new Map<ZodLike, string>();
  for (const [name, value] of Object.entries(source)) if (isZod(value)) exported.set(value, name);
  const emitted = new Set<ZodLike>();
  const lines: string[] = [];
  const local = (schemaName: string) => schemaName.replace(/Schema$/, '');
  /**
   * The leaves (`typed(…)`) written, by text, with how often and the name each gets when written more than once:
   * such a leaf is one shared constant (a reader holds no state), the others stay inline.
   */
  const leaves = new Map<string, { count: number; name: string }>();
  const leaf = (text: string, kind: string, predicate: string | undefined): string => {
    const known = leaves.get(text);
    if (known !== undefined) known.count += 1;
    else {
      const base = `$${kind}${predicate?.replace(/^is/, '') ?? ''}`;
      let name = base;
      for (let n = 2; [...leaves.values()].some((l) => l.name === name); n += 1) name = `${base}${n}`;
      leaves.set(text, { count: 1, name });
    }
    return `\0${text}\0`;
  };

  /** The refine of a node as ` [C.predicate, message]` arguments (none or one), and its predicate's name. */
  const checkArgs = (def: Def, where: string): { text: string; predicate?: string } => {
    const list = def.checks ?? [];
    if (list.length > 1) throw new Error(`${where}: more than one check`);
    const [check] = list;
    if (check === undefined) return { text: '' };
    const cdef = check._zod.def;
    if (cdef.check !== 'custom')
      throw new Error(`${where}: check ${String(cdef.check)} (use z.refine with checks.ts)`);
    if (cdef.abort !== undefined || cdef.when !== undefined)
      throw new Error(`${where}: refine with abort or when`);
    const name = predicateNames.get(cdef.fn);
    if (name === undefined)
      throw new Error(`${where}: refine with a function that is not a checks.ts export`);
    const message = cdef.error?.({});
    if (typeof message !== 'string') throw new Error(`${where}: refine without a message`);
    // `Expected one of: …` is written as the call that builds it from its list
    const words = wordLists.find(([, values]) => checks.oneOfMessage(values) === message)?.[0];
    const text = words === undefined ? JSON.stringify(message) : `/* @__PURE__ */ C.oneOfMessage(C.${words})`;
    return { text: `, [C.${name}, ${text}]`, predicate: name };
  };

  const expr = (schema: ZodLike, where: string): string => {
    const name = exported.get(schema);
    if (name !== undefined && where !== name) {
      emit(schema, name);
      return local(name);
    }
    const def = assertPlain(schema, where);
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'unknown': {
        const { text, predicate } = checkArgs(def, where);
        return leaf(`/* @__PURE__ */ typed('${def.type}'${text})`, def.type, predicate);
      }
      case 'nullable': // no `checks`: assertPlain refuses a nullable or optional that has them
        return `/* @__PURE__ */ nullable(${expr(def.innerType!, where)})`;
      case 'array':
        return `/* @__PURE__ */ array(${expr(def.element!, `${where}[]`)}${checkArgs(def, where).text})`;
      case 'object': {
        // `{ key: reader, optionalKey: [reader] }`, in schema order: an integer-like key would be moved first, and
        // `__proto__` would set the prototype rather than name a key
        const fields = Object.entries(def.shape!).map(([key, field]) => {
          if (/^\d+$|^__proto__$/.test(key)) throw new Error(`${where}.${key}: key not supported`);
          const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
          const fdef = assertPlain(field, `${where}.${key}`);
          if (fdef.type === 'optional') {
            return `${name}: [${expr(fdef.innerType!, `${where}.${key}`)}]`;
          }
          return `${name}: ${expr(field, `${where}.${key}`)}`;
        });
        return `/* @__PURE__ */ object({ ${fields.join(', ')} }${checkArgs(def, where).text})`;
      }
      default:
        throw new Error(`${where}: zod type ${def.type} is not supported by the generator`);
    }
  };

  function emit(schema: ZodLike, name: string) {
    if (emitted.has(schema)) return;
    emitted.add(schema);
    const body = expr(schema, name);
    lines.push(
      `const ${local(name)} = ${body};`,
      `/** Validates like {@link S.${name}}. */`,
      `export const ${local(name)}Validator = /* @__PURE__ */ validator<z.infer<typeof S.${name}>>(${local(name)});`,
    );
  }
  for (const [schema, name] of [...exported].sort((a, b) => a[1].localeCompare(b[1]))) emit(schema, name);
  const shared = [...leaves].filter(([, { count }]) => count > 1);
  const place = (line: string) =>
    line.replace(/\0([^\0]*)\0/g, (_, text: string) => {
      const found = leaves.get(text)!;
      return found.count > 1 ? found.name : text;
    });

  const text = [
    '// Generated by scripts/generate-validators.ts from schemas.ts (the schema of record): do not edit.',
    '// `npm run generate:validators` rewrites it; test/core/api/validators.test.ts fails when it is out of date.',
    "import type * as z from 'zod/mini';",
    "import * as C from './checks';",
    "import type * as S from './schemas';",
    "import { array, nullable, object, typed, validator } from './validatorRuntime';",
    '',
    ...shared.map(([text, { name }]) => `const ${name} = ${text};`),
    ...lines.map(place),
    '',
  ].join('\n');
  return format(text, { ...(await resolveConfig(VALIDATORS_FILE)), filepath: VALIDATORS_FILE });
}

if (process.argv[1] === import.meta.filename) {
  const text = await generateValidators();
  if (process.argv.includes('--check')) {
    if (readFileSync(VALIDATORS_FILE, 'utf8') !== text) {
      process.stderr.write('src/core/api/validators.ts is out of date: run npm run generate:validators\n');
      process.exit(1);
    }
  } else writeFileSync(VALIDATORS_FILE, text);
}
