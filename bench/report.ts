/** Renders the bench results as Markdown (BENCHMARKS.md) and as the table printed to the terminal. */
import type { SizeCase } from './size/cases';
import type { CaseSizes } from './size/measure';
import type { BrowserResults } from './browser/scenarios';

export interface SizeRow {
  sizeCase: SizeCase;
  result: CaseSizes | Error;
}

export interface ReportInput {
  command: string;
  date: string;
  machine: string;
  durationS: number;
  sizes: SizeRow[];
  browser: BrowserResults | undefined;
  quick: boolean;
}

/** The goals of the benchmark issue. Sizes are gzip bytes of the minified JS. */
export const GOALS = {
  uploaderGzip: 15_000,
  everythingGzip: 25_000,
  coreGzip: 8_000,
  uploadRatio: 1.03,
  memoryGrowthBytes: 10 * 2 ** 20,
  commitsPerSecond: 60,
  commitsRatio100to10: 1.1,
  galleryRatio: 1.5,
  uploadListFirstRowMs: 100,
} as const;

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${n(value)} ms`;
const mib = (value: number) => `${(value / 2 ** 20).toFixed(2)} MB`;
const verdict = (ok: boolean, miss: string) => (ok ? 'met' : `**missed** (${miss})`);

function sizeTable(rows: SizeRow[]): string {
  const lines = [
    '| library | case | JS min | JS gzip | JS brotli | CSS gzip | CSS brotli |',
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const { sizeCase, result } of rows) {
    if (result instanceof Error) {
      lines.push(
        `| ${sizeCase.library} | ${sizeCase.label} | failed: ${result.message.split('\n')[0]!} | | | | |`,
      );
      continue;
    }
    const ours = sizeCase.resolveDir.endsWith('bench/peers') ? '' : '**';
    lines.push(
      `| ${ours}${sizeCase.library}${ours} | ${sizeCase.label} | ${n(result.js.raw)} | ${ours}${n(result.js.gzip)}${ours} | ` +
        `${n(result.js.brotli)} | ${result.css === undefined ? '—' : n(result.css.gzip)} | ` +
        `${result.css === undefined ? '—' : n(result.css.brotli)} |`,
    );
  }
  return lines.join('\n');
}

function goals(input: ReportInput): string[][] {
  const rows: string[][] = [];
  const gz = (id: string) => {
    const row = input.sizes.find((r) => r.sizeCase.id === id);
    return row === undefined || row.result instanceof Error ? undefined : row.result.js.gzip;
  };
  const sizeGoal = (id: string, label: string, goal: number) => {
    const value = gz(id);
    if (value === undefined) return;
    rows.push([
      label,
      `≤ ${n(goal)} B gzip`,
      `${n(value)} B`,
      verdict(value <= goal, `+${n(value - goal)} B`),
    ]);
  };
  sizeGoal('uploader', '(a) drop-in uploader', GOALS.uploaderGzip);
  sizeGoal('everything', '(b) everything', GOALS.everythingGzip);
  sizeGoal('core', '(c) core', GOALS.coreGzip);
  const uploader = gz('uploader');
  const peers = input.sizes.filter((r) => r.sizeCase.resolveDir.endsWith('bench/peers'));
  if (uploader !== undefined && peers.length > 0) {
    const smallest = peers
      .flatMap((r) => (r.result instanceof Error ? [] : [{ id: r.sizeCase.library, gzip: r.result.js.gzip }]))
      .sort((a, b) => a.gzip - b.gzip)[0];
    if (smallest !== undefined) {
      rows.push([
        '(a) below every peer',
        `< ${smallest.id} (${n(smallest.gzip)} B)`,
        `${n(uploader)} B`,
        verdict(uploader < smallest.gzip, `+${n(uploader - smallest.gzip)} B`),
      ]);
    }
  }
  const b = input.browser;
  if (b?.upload !== undefined) {
    rows.push([
      'upload overhead vs raw XHR',
      `≤ ${GOALS.uploadRatio}×`,
      `${b.upload.ratio.toFixed(3)}×`,
      verdict(
        b.upload.ratio <= GOALS.uploadRatio,
        `+${((b.upload.ratio - GOALS.uploadRatio) * 100).toFixed(1)} pts`,
      ),
    ]);
  }
  if (b?.memory !== undefined) {
    rows.push([
      `JS heap growth after ${mib(b.memory.totalBytes)}`,
      `≤ ${mib(GOALS.memoryGrowthBytes)}`,
      mib(b.memory.growth),
      verdict(
        b.memory.growth <= GOALS.memoryGrowthBytes,
        `+${mib(b.memory.growth - GOALS.memoryGrowthBytes)}`,
      ),
    ]);
  }
  if (b?.render !== undefined && b.render.length > 0) {
    const worst = Math.max(...b.render.map((r) => r.perSecond));
    rows.push([
      'commits per second (worst)',
      `≤ ${GOALS.commitsPerSecond}/s`,
      `${worst.toFixed(1)}/s`,
      verdict(worst <= GOALS.commitsPerSecond, `+${(worst - GOALS.commitsPerSecond).toFixed(1)}/s`),
    ]);
    const ten = b.render.find((r) => r.files === 10);
    const hundred = b.render.find((r) => r.files === 100);
    if (ten !== undefined && hundred !== undefined) {
      const ratio = hundred.commits / ten.commits;
      rows.push([
        'commits, 100 files vs 10',
        `≤ ${GOALS.commitsRatio100to10}×`,
        `${ratio.toFixed(2)}× (${hundred.commits} vs ${ten.commits})`,
        verdict(ratio <= GOALS.commitsRatio100to10, `+${(ratio - GOALS.commitsRatio100to10).toFixed(2)}×`),
      ]);
    }
  }
  if (b?.gallery !== undefined) {
    const g = b.gallery;
    for (const [label, ratio] of [
      ['gallery first render vs plain <img> list', g.firstRatio],
      ['gallery settled vs plain <img> list', g.settleRatio],
    ] as const) {
      rows.push([
        label,
        `≤ ${GOALS.galleryRatio}×`,
        `${ratio.toFixed(2)}×`,
        verdict(ratio <= GOALS.galleryRatio, `+${(ratio - GOALS.galleryRatio).toFixed(2)}×`),
      ]);
    }
  }
  if (b?.uploadList !== undefined) {
    const l = b.uploadList;
    rows.push([
      `upload list, ${n(l.files)} files: first row`,
      `≤ ${GOALS.uploadListFirstRowMs} ms`,
      ms(l.firstMs),
      verdict(l.firstMs <= GOALS.uploadListFirstRowMs, `+${ms(l.firstMs - GOALS.uploadListFirstRowMs)}`),
    ]);
  }
  return rows;
}

function browserTable(b: BrowserResults): string {
  const lines = ['| scenario | react-lightreach-documents | baseline | ratio |', '|---|--:|--:|--:|'];
  if (b.upload !== undefined) {
    const u = b.upload;
    lines.push(
      `| upload ${u.files} × ${mib(u.bytesEach)}, concurrency ${u.concurrency} (median of ${u.ours.length}; createUploader vs raw fetch-init + XHR PUT loop) | ` +
        `${ms(u.oursMedian)} (${ms(Math.min(...u.ours))}–${ms(Math.max(...u.ours))}) | ` +
        `${ms(u.rawMedian)} (${ms(Math.min(...u.raw))}–${ms(Math.max(...u.raw))}) | ${u.ratio.toFixed(3)}× (per run: median ${u.pairRatio.toFixed(3)}×) |`,
    );
  }
  if (b.memory !== undefined) {
    const m = b.memory;
    lines.push(
      `| JS heap after GC, before → after uploading ${m.files} × 8 MB (${mib(m.totalBytes)}) to complete, in ${(m.ms / 1000).toFixed(1)} s | ` +
        `${mib(m.heapBefore)} → ${mib(m.heapAfter)} (+${mib(m.growth)}) | — | — |`,
    );
  }
  for (const r of b.render ?? []) {
    lines.push(
      `| \`<DocumentUploader>\` React commits, ${r.files} files × ${mib(r.bytesEach)} until complete | ` +
        `${r.commits} commits in ${ms(r.ms)} = ${r.perSecond.toFixed(1)}/s, ${ms(r.renderMs)} rendering${r.runs.length > 1 ? ` (median of ${r.runs.length} runs: ${r.runs.join(', ')} commits)` : ''} | — | — |`,
    );
  }
  if (b.gallery !== undefined) {
    const g = b.gallery;
    lines.push(
      `| \`<DocumentGallery>\` ${n(g.documents)} documents, first tile (median of ${g.runs}) vs a plain list of \`<img>\` | ` +
        `${ms(g.ours.firstMs)} | ${ms(g.plain.firstMs)} | ${g.firstRatio.toFixed(2)}× |`,
    );
    lines.push(
      `| \`<DocumentGallery>\` ${n(g.documents)} documents, settled (last commit) vs plain list | ` +
        `${ms(g.ours.settleMs)} | ${ms(g.plain.settleMs)} | ${g.settleRatio.toFixed(2)}× |`,
    );
  }
  if (b.uploadList !== undefined) {
    const l = b.uploadList;
    lines.push(
      `| \`<UploadList>\` ${n(l.files)} files, first row / idle (median of ${l.runs}; ${n(l.rows)} rows rendered, the rest on scroll) | ` +
        `${ms(l.firstMs)} / ${ms(l.settleMs)} | — | — |`,
    );
  }
  return lines.join('\n');
}

export function renderReport(input: ReportInput): { markdown: string; table: string } {
  const goalRows = goals(input);
  const goalTable = [
    '| goal | target | measured | |',
    '|---|---|---|---|',
    ...goalRows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const parts: string[] = [];
  if (input.sizes.length > 0) parts.push(`### Bundle size\n\n${sizeTable(input.sizes)}`);
  if (input.browser !== undefined) parts.push(`### In the browser\n\n${browserTable(input.browser)}`);
  parts.push(`### Goals\n\n${goalTable}`);
  const table = parts.join('\n\n');
  const markdown = `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts); do not edit by hand. Numbers from one run on one machine:
compare rows of the same run, not runs of different machines.${input.quick ? '\n\n> **--quick run**: small workloads that only check the harness; the numbers are not representative.' : ''}

- **Command:** \`${input.command}\`
- **Date:** ${input.date}
- **Machine:** ${input.machine}
- **Duration:** ${input.durationS.toFixed(0)} s

${table}

## How it is measured

- **Bundle size.** Each case is an entry file an app would write (bench/size/cases.ts), bundled by esbuild
  (\`bundle\`, \`minify\`, \`format: esm\`, \`platform: browser\`, \`target: es2020\`,
  \`process.env.NODE_ENV = "production"\`) with \`react\`, \`react-dom\`, \`react/jsx-runtime\` and
  \`@tanstack/react-query\` external (the app's own). Our cases bundle the **built \`dist/\`** (what users install;
  the bench runs \`npm run build\` first); peers bundle from \`bench/peers/node_modules\` (own package.json and
  lock). gzip level 9 and brotli quality 11 of the JS and the CSS separately. The drop-in cases render a provider
  and an uploader (peers: their documented drop-zone + progress set). Our package needs \`@tanstack/react-query\`,
  a peer most React apps already have; the row "with @tanstack/react-query bundled too" shows the cost for an app
  that does not. UploadThing ships no CSS file (its dropzone is styled through Tailwind in the app).
- **Upload overhead.** Chromium (Debian, through playwright-core) uploads 25 generated 8 MB files to the
  loopback emulator (\`startMockServer\`) twice per run: through \`createUploader\` (validation, init through the
  typed client, XHR PUT with progress, retry policy, job tracking) and through a raw loop (one \`fetch\` init, then
  an XHR PUT per signed URL) with the same concurrency (4). Timed from start until every file's bytes are stored
  (engine: every item \`processing\` or \`complete\`, checked on each notification and right after the engine has
  handled each PUT response; raw: every PUT's \`load\`). Runs are interleaved, each side first in half of them, after
  one warm-up each, with a garbage collection between runs; the median is reported, with the fastest and slowest
  run in brackets, and the median of the per-run ratios beside the ratio of the medians. On a 2-core machine (the
  browser, its network service and the emulator share the cores) single runs spread by about ±10 %, wider than the
  3 % goal: read the ratio with the ranges, and compare whole runs rather than single uploads. The files share one Blob per size (a File made from a Blob references it), so runs do not fill
  Chromium's blob storage. The emulator hashes every file it stores (md5, \`node:crypto\`); that server work is in
  both columns.
- **Memory.** 128 generated 8 MB Blobs (1 GiB) are uploaded to \`complete\` by one uploader that stays alive;
  \`JSHeapUsedSize\` (CDP \`Performance.getMetrics\`) after \`HeapProfiler.collectGarbage\`, before and after.
  The Blobs are made before the first measurement (their bytes live in Chromium's blob storage, not the JS heap).
- **Render cost.** \`<DocumentsProvider><Profiler><DocumentUploader/></Profiler></DocumentsProvider>\` in
  React's production profiling build; files go through the uploader's file input; commits are counted from the
  drop until every document is complete, three interleaved runs per file count, the median run reported;
  "rendering" is the sum of the Profiler's \`actualDuration\`. The same 50 MB
  in total is split over 10, 25 and 100 files, so the comparison isolates the cost of more files from the cost of
  more bytes (100 files still take about twice as long: every PUT has a fixed cost in the browser).
- **Gallery.** 1,000 image documents seeded into the emulator; \`<DocumentGallery>\` (fresh provider and cache)
  against a plain React list that fetches the same endpoint and renders one \`<img loading="lazy">\` per document.
  "First" is the commit that put the first tile in the DOM, "settled" the last commit before 400 ms without one,
  both from mount; interleaved runs after one warm-up each, median.
- Not part of \`npm test\` (slow and noisy). The size budget is: test/build/size.test.ts pins each of our cases.
`;
  return { markdown, table };
}
