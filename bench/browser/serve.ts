/**
 * Builds the bench page (esbuild, minified, production React with profiling enabled so `<Profiler>` reports in a
 * production build) and serves it from a tiny static server on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>react-lightreach-documents bench</title>
<link rel="stylesheet" href="/styles.css"></head>
<body><div id="root"></div><script type="module" src="/bench.js"></script></body></html>`;

/** A running bench page server. */
export interface BenchPage {
  url: string;
  close(): Promise<void>;
}

/** Bundles bench/browser/bench.tsx and serves it with the package stylesheet. */
export async function serveBenchPage(root: string): Promise<BenchPage> {
  const result = await build({
    entryPoints: [join(root, 'bench/browser/bench.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // the production build of React with <Profiler> timings enabled
    alias: { 'react-dom/client': 'react-dom/profiling' },
    write: false,
    outdir: 'out',
    logLevel: 'warning',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.contents;
  const { readFileSync } = await import('node:fs');
  const css = readFileSync(join(root, 'src/styles.css'));
  const files: Record<string, [string, Uint8Array | string]> = {
    '/': ['text/html; charset=utf-8', HTML],
    '/bench.js': ['text/javascript; charset=utf-8', js],
    '/styles.css': ['text/css; charset=utf-8', css],
  };
  const server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]!];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
