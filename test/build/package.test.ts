/**
 * The published shape of the package: every subpath export resolves to built JS and bundled types, core carries no
 * React, nothing logs. Runs on dist/ (npm test builds before testing).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const dist = join(import.meta.dirname, '../../dist');
const read = (file: string) => readFileSync(join(dist, file), 'utf8');

/** A built file and every chunk it imports, transitively. */
function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const match of read(entry).matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"]\.\/([^'"]+)['"]/g)) {
    if (match[1] !== undefined) closure(match[1], seen);
  }
  return seen;
}

describe.runIf(existsSync(dist))('built package', () => {
  const exportsMap = pkg.exports as Record<string, string | { types: string; import: string }>;

  it.each(Object.entries(exportsMap))('export %s points at built files', (subpath, target) => {
    if (typeof target === 'string') {
      expect(existsSync(join(dist, '..', target)), subpath).toBe(true);
      return;
    }
    expect(existsSync(join(dist, '..', target.import))).toBe(true);
    const types = readFileSync(join(dist, '..', target.types), 'utf8');
    expect(types).toMatch(/export /);
    // bundled types: no relative imports that NodeNext consumers could not resolve
    expect(types).not.toMatch(/from ['"]\.\.?\/[^'"]*['"]/);
  });

  it('core ships no React, emulator or engine-external imports', () => {
    const files = closure('core.js');
    const imports = [...files].flatMap((f) =>
      [...read(f).matchAll(/from\s*['"]([^.'"][^'"]*)['"]/g)].map((m) => m[1]),
    );
    expect(new Set(imports)).toEqual(
      new Set(imports.filter((i) => i === 'eventsource-parser' || i?.startsWith('zod'))),
    );
  });

  it('imports zod only through zod/mini', () => {
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      // real import statements only: comments may mention the entry they avoid
      expect(read(file), file).not.toMatch(/^\s*(?:import|export)\b[^;]*?from\s*['"]zod['"]/m);
    }
  });

  it('never logs from library code', () => {
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'mock-bin.js')) {
      expect(read(file), file).not.toMatch(/console\.(log|debug|info)\(/);
    }
  });

  it('the emulator bin is executable JS', () => {
    expect(read('mock-bin.js').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(pkg.bin['react-lightreach-documents-mock']).toBe('./dist/mock-bin.js');
  });
});

it('dist exists (run `npm run build` first)', () => {
  expect(existsSync(dist)).toBe(true);
});
