/** Renders the bench results as Markdown (BENCHMARKS.md) and as the table printed to the terminal. */
import type { SizeCase } from './size/cases';
import { TARGET, type CaseSizes } from './size/measure';
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

/**
 * The goals of issue #17 ("Size and speed against the peers, measured fairly"). Sizes are gzip bytes of the minified
 * initial JS (what loads before the first upload; lazy chunks are reported beside).
 */
export const GOALS = {
  uploaderGzip: 28_000,
  everythingGzip: 36_000,
  coreGzip: 16_000,
  uploadRatio: 1.03,
  uploadScriptRatio: 1.5,
  manyFilesFirstMs: 100,
  manyFilesIdleMs: 500,
  memoryGrowthBytes: 10 * 2 ** 20,
  commitsPerSecond: 60,
  commitsRatio100to10: 1.1,
  galleryRatio: 1.5,
  uploadListFirstRowMs: 100,
} as const;

/** The peers that do the job of each of our size goals (issue #17's table), by case id. */
export const GOAL_PEERS: Record<'uploader' | 'everything' | 'core', readonly string[]> = {
  uploader: ['uploadthing', 'filepond', 'uppy-light'],
  everything: ['uppy-dashboard'],
  core: ['uppy-core-s3'],
};

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${n(value)} ms`;
const ms1 = (value: number) => `${value.toFixed(1)} ms`;
const mib = (value: number) => `${(value / 2 ** 20).toFixed(2)} MB`;
const verdict = (ok: boolean, miss: string) => (ok ? 'met' : `**missed** (${miss})`);

const isPeer = (sizeCase: SizeCase) => sizeCase.resolveDir.endsWith('bench/peers');
const jsCssGzip = (result: CaseSizes) => result.js.gzip + (result.css?.gzip ?? 0);

function sizeTable(rows: SizeRow[]): string {
  const lines = [
    '| library | case | JS min | JS gzip | JS brotli | CSS gzip | CSS brotli | JS + CSS gzip | lazy JS gzip |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { sizeCase, result } of rows) {
    if (result instanceof Error) {
      lines.push(
        `| ${sizeCase.library} | ${sizeCase.label} | failed: ${result.message.split('\n')[0]!} | | | | | | |`,
      );
      continue;
    }
    const b = isPeer(sizeCase) ? '' : '**';
    const lazy =
      result.lazyJs === undefined
        ? '—'
        : `${n(result.lazyJs.gzip)} (${result.chunks.lazy} chunk${result.chunks.lazy === 1 ? '' : 's'})`;
    lines.push(
      `| ${b}${sizeCase.library}${b} | ${sizeCase.label} | ${n(result.js.raw)} | ${b}${n(result.js.gzip)}${b} | ` +
        `${n(result.js.brotli)} | ${result.css === undefined ? '—' : n(result.css.gzip)} | ` +
        `${result.css === undefined ? '—' : n(result.css.brotli)} | ${n(jsCssGzip(result))} | ${lazy} |`,
    );
  }
  return lines.join('\n');
}

function caseNotes(rows: SizeRow[]): string {
  return rows
    .filter((r) => r.sizeCase.does !== undefined)
    .map(
      ({ sizeCase: c }) => `- **${c.library}** (${c.label}): does ${c.does!}; does not: ${c.doesNot ?? '—'}.`,
    )
    .join('\n');
}

function goals(input: ReportInput): string[][] {
  const rows: string[][] = [];
  const sized = (id: string) => {
    const row = input.sizes.find((r) => r.sizeCase.id === id);
    return row === undefined || row.result instanceof Error ? undefined : { ...row, result: row.result };
  };
  const sizeGoal = (id: keyof typeof GOAL_PEERS, label: string, goal: number) => {
    const ours = sized(id);
    if (ours === undefined) return;
    const value = ours.result.js.gzip;
    const lazy = ours.result.lazyJs === undefined ? '' : `, + ${n(ours.result.lazyJs.gzip)} B lazy`;
    const peers = GOAL_PEERS[id].flatMap((peerId) => {
      const peer = sized(peerId);
      if (peer === undefined) return [];
      const css = peer.result.css === undefined ? '' : ` + ${n(peer.result.css.gzip)} CSS`;
      return [`${peer.sizeCase.library} ${n(peer.result.js.gzip)}${css}`];
    });
    rows.push([
      label,
      `≤ ${n(goal)} B gzip`,
      `${n(value)} B initial JS${lazy}` +
        (ours.result.css === undefined ? '' : ` (+ ${n(ours.result.css.gzip)} CSS)`) +
        (peers.length > 0 ? `; peers that do the job: ${peers.join('; ')}` : ''),
      verdict(value <= goal, `+${n(value - goal)} B`),
    ]);
  };
  sizeGoal('uploader', '(a) drop-in: DocumentsProvider + DocumentUploader', GOALS.uploaderGzip);
  sizeGoal('everything', '(b) every export', GOALS.everythingGzip);
  sizeGoal('core', '(c) /core (client + uploader)', GOALS.coreGzip);
  const b = input.browser;
  if (b?.upload !== undefined) {
    const u = b.upload;
    rows.push([
      `upload ${u.files} × ${mib(u.bytesEach)} vs a raw XHR loop`,
      `≤ ${GOALS.uploadRatio}× (median of ≥ 15 interleaved pairs)`,
      `${u.pairRatio.toFixed(3)}× (median of ${u.ours.length} pairs; ratio of the medians ${u.ratio.toFixed(3)}×)`,
      verdict(
        u.pairRatio <= GOALS.uploadRatio,
        `+${((u.pairRatio - GOALS.uploadRatio) * 100).toFixed(1)} pts`,
      ),
    ]);
    rows.push([
      'main-thread script time during that upload vs the raw loop',
      `≤ ${GOALS.uploadScriptRatio}×`,
      `${u.scriptPairRatio.toFixed(2)}× (median of ${u.ours.length} pairs; ${ms1(u.oursScriptMedian)} vs ${ms1(u.rawScriptMedian)} median)`,
      verdict(
        u.scriptPairRatio <= GOALS.uploadScriptRatio,
        `+${(u.scriptPairRatio - GOALS.uploadScriptRatio).toFixed(2)}×`,
      ),
    ]);
  }
  if (b?.manyFiles !== undefined) {
    const f = b.manyFiles;
    rows.push([
      `${n(f.files)} files chosen at once: first row shown`,
      `≤ ${GOALS.manyFilesFirstMs} ms`,
      `${ms(f.firstMs)} (median of ${f.runs})`,
      verdict(f.firstMs <= GOALS.manyFilesFirstMs, `+${ms(f.firstMs - GOALS.manyFilesFirstMs)}`),
    ]);
    rows.push([
      `${n(f.files)} files chosen at once: main thread idle`,
      `≤ ${GOALS.manyFilesIdleMs} ms`,
      `${ms(f.idleMs)} (median of ${f.runs}; ${n(f.longTasks)} long tasks, longest ${ms(f.longestMs)})`,
      verdict(f.idleMs <= GOALS.manyFilesIdleMs, `+${ms(f.idleMs - GOALS.manyFilesIdleMs)}`),
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
    const range = (values: number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
    const range1 = (values: number[]) => `${ms1(Math.min(...values))}–${ms1(Math.max(...values))}`;
    lines.push(
      `| upload ${u.files} × ${mib(u.bytesEach)}, concurrency ${u.concurrency} (median of ${u.ours.length} interleaved pairs; createUploader vs raw fetch-init + XHR PUT loop) | ` +
        `${ms(u.oursMedian)} (${range(u.ours)}) | ${ms(u.rawMedian)} (${range(u.raw)}) | ` +
        `${u.pairRatio.toFixed(3)}× per pair (ratio of the medians ${u.ratio.toFixed(3)}×) |`,
    );
    lines.push(
      `| main-thread script time during that upload (CDP ScriptDuration, same runs) | ` +
        `${ms1(u.oursScriptMedian)} (${range1(u.oursScriptMs)}) | ${ms1(u.rawScriptMedian)} (${range1(u.rawScriptMs)}) | ` +
        `${u.scriptPairRatio.toFixed(2)}× per pair (ratio of the medians ${u.scriptRatio.toFixed(2)}×) |`,
    );
  }
  if (b.manyFiles !== undefined) {
    const f = b.manyFiles;
    lines.push(
      `| ${n(f.files)} files × ${n(f.bytesEach)} B chosen at once through \`<DocumentsProvider><DocumentUploader/>\`: first row shown / main thread idle / all complete (median of ${f.runs}; runs ${f.firstRuns.map((v) => n(v)).join(', ')} / ${f.idleRuns.map((v) => n(v)).join(', ')} ms) | ` +
        `${ms(f.firstMs)} / ${ms(f.idleMs)} / ${ms(f.completeMs)} | — | — |`,
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
  if (input.sizes.length > 0) {
    parts.push(`### Bundle size\n\n${sizeTable(input.sizes)}`);
    const notes = caseNotes(input.sizes);
    if (notes !== '') parts.push(`### What each size case does\n\n${notes}`);
  }
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
  (\`bundle\`, \`minify\`, \`format: esm\`, \`splitting: true\`, \`platform: browser\`, one target for every case,
  ours and the peers': \`target: ${TARGET}\`; \`process.env.NODE_ENV = "production"\`) with \`react\`, \`react-dom\`,
  \`react/jsx-runtime\` and \`@tanstack/react-query\` external (the app's own). Our cases bundle the **built
  \`dist/\`** (what users install; the bench runs \`npm run build\` first); peers bundle from
  \`bench/peers/node_modules\` (own package.json and lock). Every output file is compressed on its own (gzip level 9,
  brotli quality 11), as a server sends it, and the files are summed. **JS** is the *initial* JS: the entry's chunk and
  every chunk it imports statically (what loads before the first upload; the size goals and the pins in
  test/build/size-pins.json apply to it). **Lazy JS** is the sum of the chunks reachable only through a dynamic
  \`import()\` (rare paths loaded on demand); "—" when there are none. **CSS** is every stylesheet the case imports;
  **JS + CSS gzip** adds the two. Each peer case counts the stylesheet the peer ships for that UI: Uppy's and FilePond's
  CSS files, and UploadThing's \`@uploadthing/react/styles.css\` (its dropzone's classes are Tailwind utilities; the
  package ships them compiled, 7.6 kB raw). react-uploady ships no stylesheet. The drop-in cases render a provider and
  an uploader; each peer gets the pieces that make it comparable to ours (a drop zone, a chooser button, per-file or
  aggregate progress: see "What each size case does" for what each does and does not do). The react-uploady case has
  a chooser (\`@rpldy/upload-button\`) and a per-file progress list written with its documented hooks, and that code is
  counted. Our package needs \`@tanstack/react-query\`, a peer most React apps already have; the row "with
  @tanstack/react-query bundled too" shows the cost for an app that does not.
- **Upload overhead.** Chromium (Debian, through playwright-core) uploads 25 generated 8 MB files to the
  loopback emulator (\`startMockServer\`) through \`createUploader\` (validation, init through the typed client, XHR
  PUT with progress, retry policy, job tracking) and through a raw loop (one \`fetch\` init, then an XHR PUT per
  signed URL) with the same concurrency (4). Timed from start until every file's bytes are stored (engine: every item
  \`processing\` or \`complete\`, checked on each notification and right after the engine has handled each PUT
  response; raw: every PUT's \`load\`). 16 pairs (\`--quick\`: 2), interleaved, each side first in half of them,
  after one warm-up each, with a garbage collection between runs. The goal is the median of the 16 per-pair ratios
  (each pair shares the machine's state of the moment); the ratio of the medians, and each side's median with its
  fastest and slowest run, are beside it. On a 2-core machine (the browser, its network service and the emulator share
  the cores) single runs spread by about ±10 %, wider than the 3 % goal: read the ratio with the ranges. The files
  share one Blob per size (a File made from a Blob references it), so runs do not fill Chromium's blob storage. The
  emulator hashes every file it stores (md5, \`node:crypto\`); that server work is in both columns.
- **Main-thread script time.** In the same runs, the page's \`ScriptDuration\` (CDP \`Performance.getMetrics\`: time
  the renderer's main thread spent running JavaScript, callbacks and microtasks included) is read just before and
  just after each upload; the delta is that upload's script time. Goal: median of the per-pair ratios (ours / raw).
  Work outside the page's main thread (the network service, the emulator) is not counted. The raw loop runs almost
  no JavaScript (one init and a no-op progress listener: under a millisecond for the whole upload), so the ratio is
  large for any engine that parses and validates what it receives; read it with the milliseconds beside it.
- **Many files chosen at once.** \`<DocumentsProvider><DocumentUploader type="other" grouped={false}/>\` (fresh
  mount, production React) is given 1,000 files of 1 KB (\`--quick\`: 200) on its file input (\`DataTransfer\` +
  \`change\`), so the whole path runs: the engine validates, queues and starts uploading them to the emulator, which
  accepts them (init in jobs of 25, PUT, job tracking to complete). Clocks start just before the \`change\` event.
  **First row shown**: the first animation frame after the first \`.lrd-upload-item\` entered the DOM
  (MutationObserver), i.e. the frame that paints it. **Main thread idle**: the end of the last long task (≥ 50 ms,
  PerformanceObserver \`longtask\`) that is followed by 1 s without one (TTI-style); if there is no long task after
  the change it is the first-row time. The window ends there, while the uploads are still going on (the network is
  not waited for); the scenario then waits until every file is complete ("all complete", reported for context) before
  unmounting, so runs do not overlap. One warm-up (100 files), then 5 runs, median.
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
- **Upload list.** The presentational \`<UploadList>\` alone, given 1,000 items (every 7th uploading): the commit that
  put the first row in the DOM and the last commit before 400 ms without one, from mount; 5 runs after a warm-up,
  median. It renders rows in batches (the rest on scroll). No engine: the row above measures the whole path.
- Not part of \`npm test\` (slow and noisy). The size budget is: test/build/size.test.ts pins each of our cases.
`;
  return { markdown, table };
}
