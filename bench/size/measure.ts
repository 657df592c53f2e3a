/**
 * Bundles a {@link SizeCase} the way an app would (esbuild, minified, production, browser ESM, React and React Query
 * external) and reports raw / gzip / brotli sizes of its JS and CSS separately. Shared by `npm run bench` and the
 * size budget test (test/build/size.test.ts).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import type { SizeCase } from './cases';

/** Sizes of one output file, in bytes. */
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** What one case weighs. `css` is `undefined` when the case ships no stylesheet. */
export interface CaseSizes {
  js: Sizes;
  css: Sizes | undefined;
  /** The minified JS itself. */
  jsText: string;
  /** Input files by bytes in the output, largest first (for finding what to cut). */
  inputs: { path: string; bytes: number }[];
}

/** Peer dependencies an app already has: never counted. */
export const EXTERNALS = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  '@tanstack/react-query',
];

function sizes(bytes: Uint8Array): Sizes {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
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

/** Bundles one case in memory and measures it. */
export async function measureCase(sizeCase: SizeCase): Promise<CaseSizes> {
  const result = await build({
    stdin: {
      contents: sizeCase.entry,
      loader: 'tsx',
      resolveDir: sizeCase.resolveDir,
      sourcefile: 'entry.tsx',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    external:
      sizeCase.bundleReactQuery === true ? EXTERNALS.filter((e) => !e.startsWith('@tanstack/')) : EXTERNALS,
    outdir: 'out',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    plugins: [noNodeBuiltins],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (js === undefined) throw new Error(`${sizeCase.id}: esbuild produced no JS`);
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    js: sizes(js.contents),
    jsText: js.text,
    css: css === undefined ? undefined : sizes(css.contents),
    inputs,
  };
}
