/**
 * Bundles a {@link SizeCase} the way an app would (esbuild, minified, production, browser ESM with code splitting,
 * React and React Query external) and reports raw / gzip / brotli sizes of its JS and CSS separately. The JS is
 * split in two: the initial chunk (the entry's output and every chunk it imports statically: what loads before the
 * first upload) and the lazy chunks (reachable only through a dynamic `import()`). Shared by `npm run bench` and the
 * size budget test (test/build/size.test.ts).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Metafile, type OutputFile, type Plugin } from 'esbuild';
import type { SizeCase } from './cases';

/** Sizes of one output (or the sum over several files, each compressed on its own as a server sends it), in bytes. */
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** What one case weighs. */
export interface CaseSizes {
  /** The initial JS: the entry chunk and its static imports, each file compressed on its own, summed. */
  js: Sizes;
  /** The lazy JS: chunks reachable only through `import()`, summed. `undefined` when there are none. */
  lazyJs: Sizes | undefined;
  /** How many JS files make up the initial load and the lazy part. */
  chunks: { initial: number; lazy: number };
  /** Every CSS file of the build, summed. `undefined` when the case ships no stylesheet. */
  css: Sizes | undefined;
  /** The minified initial JS itself (the initial files' text, concatenated). */
  jsText: string;
  /** Input files by bytes in the initial JS, largest first (for finding what to cut). */
  inputs: { path: string; bytes: number }[];
  /** Input files by bytes in the lazy JS, largest first. */
  lazyInputs: { path: string; bytes: number }[];
}

/** Peer dependencies an app already has: never counted. */
export const EXTERNALS = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  '@tanstack/react-query',
];

/** The one esbuild target of every case (ours and the peers'). */
export const TARGET = 'es2020';

function sizes(bytes: Uint8Array): Sizes {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
}

function sum(files: readonly OutputFile[]): Sizes | undefined {
  if (files.length === 0) return undefined;
  return files
    .map((f) => sizes(f.contents))
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
}

/** Fails the build on any import that escapes to Node built-ins (a browser bundle must not need them). */
const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}` }],
    }));
  },
};

const ENTRY = 'lrd-bench-entry';

/** The case's entry text as a virtual file (esbuild's `stdin` cannot be split). */
function virtualEntry(sizeCase: SizeCase): Plugin {
  return {
    name: 'virtual-entry',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: 'entry.tsx', namespace: ENTRY }));
      b.onLoad({ filter: /.*/, namespace: ENTRY }, () => ({
        contents: sizeCase.entry,
        loader: 'tsx',
        resolveDir: sizeCase.resolveDir,
      }));
    },
  };
}

function inputsOf(outputs: readonly Metafile['outputs'][string][]): { path: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const output of outputs) {
    for (const [path, info] of Object.entries(output.inputs)) {
      bytes.set(path, (bytes.get(path) ?? 0) + info.bytesInOutput);
    }
  }
  return [...bytes].map(([path, b]) => ({ path, bytes: b })).sort((a, b) => b.bytes - a.bytes);
}

/** Bundles one case in memory and measures it. */
export async function measureCase(sizeCase: SizeCase): Promise<CaseSizes> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: TARGET,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    external:
      sizeCase.bundleReactQuery === true ? EXTERNALS.filter((e) => !e.startsWith('@tanstack/')) : EXTERNALS,
    outdir: '/lrd-bench-out',
    entryNames: 'entry',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    plugins: [noNodeBuiltins, virtualEntry(sizeCase)],
  });
  // metafile paths are relative to the working directory; output files carry absolute paths
  const outputs = Object.entries(result.metafile.outputs).map(([path, meta]) => ({
    path,
    meta,
    file: result.outputFiles.find((f) => f.path.endsWith(path.replace(/^.*lrd-bench-out/, '/lrd-bench-out'))),
  }));
  const entry = outputs.find((o) => o.meta.entryPoint !== undefined && o.path.endsWith('.js'));
  if (entry === undefined) throw new Error(`${sizeCase.id}: esbuild produced no JS entry`);
  // The initial load: the entry and, transitively, every chunk it imports statically.
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of result.metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && imported.external !== true) visit(imported.path);
    }
  };
  visit(entry.path);
  const jsOutputs = outputs.filter((o) => o.path.endsWith('.js'));
  const initialOutputs = jsOutputs.filter((o) => initial.has(o.path));
  const lazyOutputs = jsOutputs.filter((o) => !initial.has(o.path));
  const filesOf = (list: typeof outputs) =>
    list.map((o) => {
      if (o.file === undefined) throw new Error(`${sizeCase.id}: no output file for ${o.path}`);
      return o.file;
    });
  const initialFiles = filesOf(initialOutputs);
  return {
    js: sum(initialFiles)!,
    lazyJs: sum(filesOf(lazyOutputs)),
    chunks: { initial: initialOutputs.length, lazy: lazyOutputs.length },
    css: sum(filesOf(outputs.filter((o) => o.path.endsWith('.css')))),
    jsText: initialFiles.map((f) => f.text).join('\n'),
    inputs: inputsOf(initialOutputs.map((o) => o.meta)),
    lazyInputs: inputsOf(lazyOutputs.map((o) => o.meta)),
  };
}
