/**
 * `react-lightreach-documents/server` (src/server.ts), built: what a React Server Component, a route handler or plain
 * Node imports. Its module graph carries no `'use client'`, no React, React DOM, TanStack React bindings or
 * react-dropzone; it loads in a child `node --conditions=react-server` process (how RSC bundlers resolve) with no DOM,
 * prefetches a list from the emulator and hands it off (`shouldHandOffQuery`) while the strict
 * `shouldDehydrateQuery` still refuses it. See serverEntry.child.mjs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
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

interface ChildReport {
  dom: boolean;
  exports: string[];
  expectedListKey: unknown[];
  handOff: { key: unknown[]; documents?: string[]; signedUrls: boolean }[];
  strict: unknown[][];
  missingFailed: string;
}

describe.runIf(existsSync(join(dist, 'server.js')))('the server entry', () => {
  it('imports nothing of React and carries no use client directive', () => {
    const files = [...closure('server.js')];
    for (const file of files) expect(read(file), file).not.toMatch(/^\s*['"]use client['"]/m);
    // real import statements only: comments may mention the entries they avoid
    const imports = files.flatMap((f) =>
      [...read(f).matchAll(/^\s*(?:import|export)\b[^;]*?from\s*['"]([^.'"][^'"]*)['"]/gm)].map((m) => m[1]),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(
      new Set(imports.filter((i) => i === 'eventsource-parser' || i?.startsWith('zod/mini'))),
    );
  });

  it('the client entry keeps its use client directive', () => {
    expect(read('index.js').startsWith('"use client";')).toBe(true);
  });

  it('loads under the react-server condition without a DOM, prefetches and hands off a list', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=react-server', join(import.meta.dirname, 'serverEntry.child.mjs')],
      { cwd: join(import.meta.dirname, '../..'), timeout: 30_000 },
    );
    const report = JSON.parse(stdout) as ChildReport;
    expect(report.dom).toBe(false);
    expect(report.exports).toEqual(
      expect.arrayContaining([
        'createDocumentsClient',
        'documentKeys',
        'documentsQueryOptions',
        'documentQueryOptions',
        'shouldDehydrateQuery',
        'shouldDehydrateMutation',
        'shouldHandOffQuery',
      ]),
    );
    // nothing React-only leaks into the server entry
    expect(report.exports.filter((name) => /^use[A-Z]|Provider$|^Document[A-Z][a-z]+er$/.test(name))).toEqual(
      [],
    );
    // the list is handed off under the key the hooks read, signed URLs and all; the failed detail is not
    expect(report.handOff).toEqual([
      { key: report.expectedListKey, documents: ['roof.jpg', 'bill.pdf'], signedUrls: true },
      { key: ['app', 'profile'], signedUrls: false },
    ]);
    expect(report.missingFailed).toBe('error');
    // the strict predicate (persisters, blanket dehydrate) still refuses every documents query
    expect(report.strict).toEqual([['app', 'profile']]);
  });
});
