/**
 * The few parts the generated validators (validators.ts, written by scripts/generate-validators.ts from the zod
 * schemas) are built of. Each reads a value the way the zod/mini schema it was generated from does and gives the
 * same verdict, the same output (unknown keys dropped, keys in schema order) and the same issues (path and message,
 * in zod's order): test/core/api/validators.test.ts checks that on generated inputs. No `eval`, no zod.
 */
import type { ParseResult } from './schemas';

/** One problem found, where it is. `fatal` (a wrong type, a missing key) stops the refines above it, as in zod. */
type Issue = { path: PropertyKey[]; message: string; fatal?: true };
/** Reads `value` at `path`, pushing what is wrong to `issues`; returns the output (meaningless once an issue is pushed). */
export type Reader = (value: unknown, path: PropertyKey[], issues: Issue[]) => unknown;
/** A refine: a predicate of checks.ts and its message. */
type Check = [test: (value: never) => boolean, message: string];

const INVALID = 'Invalid input';

/**
 * Runs the refines on a value, as zod does: all of them, unless the value (or something in it) has a fatal issue; a
 * failed refine is not fatal.
 */
const refined = (read: Reader, checks: Check[]): Reader =>
  checks.length === 0
    ? read
    : (value, path, issues) => {
        const before = issues.length;
        const out = read(value, path, issues);
        for (let i = before; i < issues.length; i += 1) if (issues[i]?.fatal) return out;
        for (const [test, message] of checks) if (!test(out as never)) issues.push({ path, message });
        return out;
      };

/** A value of one `typeof` kind (numbers finite, as zod's); `unknown` takes anything. */
export const typed = (kind: 'string' | 'number' | 'boolean' | 'unknown', ...checks: Check[]): Reader =>
  refined((value, path, issues) => {
    if (kind !== 'unknown' && (typeof value !== kind || (kind === 'number' && !Number.isFinite(value))))
      issues.push({ path, message: INVALID, fatal: true });
    return value;
  }, checks);

/** `z.nullable`. */
export const nullable =
  (read: Reader): Reader =>
  (value, path, issues) =>
    value === null ? null : read(value, path, issues);

/** `z.array`. */
export const array = (element: Reader, ...checks: Check[]): Reader =>
  refined((value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.push({ path, message: INVALID, fatal: true });
      return value;
    }
    // an indexed loop: `map` would skip the holes of a sparse array, which zod reads as `undefined`
    const out: unknown[] = [];
    for (let index = 0; index < value.length; index += 1)
      out.push(element(value[index], [...path, index], issues));
    return out;
  }, checks);

/** A key's reader; alone in an array when the key is `z.optional`. */
export type Field = Reader | [Reader];

/**
 * `z.object` (unknown keys dropped, keys in schema order; a missing optional key stays missing). `fields` maps each
 * key to its {@link Field} in schema order (the generator writes no integer-like key, which would be reordered).
 */
export const object = (fields: Record<string, Field>, ...checks: Check[]): Reader => {
  const entries = Object.entries(fields); // once, not per value read
  return refined((value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path, message: INVALID, fatal: true });
      return value;
    }
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      const present = key in input;
      const item = input[key];
      const optional = Array.isArray(field);
      if (optional && item === undefined) {
        if (present) out[key] = undefined;
        continue;
      }
      const before = issues.length;
      const parsed = (optional ? field[0] : field)(item, [...path, key], issues);
      // a required key that is missing is an issue even when its type would take `undefined`
      if (present) out[key] = parsed;
      else if (issues.length === before) issues.push({ path: [...path, key], message: INVALID, fatal: true });
    }
    return out;
  }, checks);
};

/** A `safeParse` over a reader, shaped like zod's result (what `parseWith` reads). */
export const validator = <T>(read: Reader) => ({
  safeParse(data: unknown): ParseResult<T> {
    const issues: Issue[] = [];
    const out = read(data, [], issues);
    return issues.length === 0 ? { success: true, data: out as T } : { success: false, error: { issues } };
  },
});
