/**
 * The browser scenarios: upload overhead, memory, render cost and the big gallery, in Debian's Chromium through
 * playwright-core, against the loopback emulator. Each returns plain numbers for the report.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../../src/mock/server';
import type { BenchConfig, LrdBench } from './bench';
import { serveBenchPage } from './serve';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';

const MB = 1024 * 1024;

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface UploadOverheadResult {
  files: number;
  bytesEach: number;
  concurrency: number;
  ours: number[];
  raw: number[];
  oursMedian: number;
  rawMedian: number;
  /** The ratio of the medians. */
  ratio: number;
  /** Median of the per-pair ratios (each pair's two uploads share the machine's state at that moment): the goal. */
  pairRatio: number;
  /** Main-thread script time of each upload (CDP `ScriptDuration` delta), ms. */
  oursScriptMs: number[];
  rawScriptMs: number[];
  oursScriptMedian: number;
  rawScriptMedian: number;
  /** The ratio of the script-time medians. */
  scriptRatio: number;
  /** Median of the per-pair script-time ratios: the goal. */
  scriptPairRatio: number;
}

export interface MemoryResult {
  files: number;
  totalBytes: number;
  heapBefore: number;
  heapAfter: number;
  growth: number;
  ms: number;
}

export interface RenderResult {
  files: number;
  bytesEach: number;
  commits: number;
  ms: number;
  perSecond: number;
  /** Time React spent rendering the uploader (sum of the Profiler's actualDuration). */
  renderMs: number;
  /** Commits of every run, ascending (the reported run is the median). */
  runs: number[];
}

export interface GalleryResult {
  documents: number;
  runs: number;
  ours: { firstMs: number; settleMs: number; tiles: number };
  plain: { firstMs: number; settleMs: number; tiles: number };
  firstRatio: number;
  settleRatio: number;
}

export interface UploadListResult {
  files: number;
  runs: number;
  /** Medians: the first row on screen, and the last commit (idle). */
  firstMs: number;
  settleMs: number;
  /** Rows rendered once idle (the list renders in batches). */
  rows: number;
}

/** Many files chosen at once through `<DocumentsProvider><DocumentUploader/>` (medians of the runs). */
export interface ManyFilesResult {
  files: number;
  bytesEach: number;
  runs: number;
  firstMs: number;
  idleMs: number;
  completeMs: number;
  /** Long tasks between the change event and idle, and the longest (medians). */
  longTasks: number;
  longestMs: number;
  /** Every run's first-row and idle times, ascending. */
  firstRuns: number[];
  idleRuns: number[];
}

export interface BrowserResults {
  chromium: string;
  manyFiles?: ManyFilesResult;
  upload?: UploadOverheadResult;
  memory?: MemoryResult;
  render?: RenderResult[];
  gallery?: GalleryResult;
  uploadList?: UploadListResult;
}

export interface BrowserOptions {
  root: string;
  only: (name: string) => boolean;
  log: (line: string) => void;
  /** Smaller workloads (a smoke run of the harness). */
  quick: boolean;
}

/** A 1×1 PNG, so seeded thumbnails decode (a broken image would trigger URL refreshes). */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

type Call = <K extends keyof LrdBench>(
  name: K,
  ...args: Parameters<LrdBench[K]>
) => Promise<Awaited<ReturnType<LrdBench[K]>>>;

function caller(page: Page): Call {
  return (name, ...args) =>
    page.evaluate(
      ([n, a]) =>
        (globalThis as unknown as { lrdBench: Record<string, (...x: unknown[]) => unknown> }).lrdBench[n]!(
          ...a,
        ),
      [name, args] as const,
    ) as never;
}

/** Main-thread script time of the page so far (CDP `Performance.getMetrics` `ScriptDuration`), in ms. */
async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration')!.value * 1000;
}

async function heap(cdp: CDPSession): Promise<number> {
  // Twice: the first pass can leave garbage that weak callbacks only release on the next one.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

export async function runBrowserBenches(options: BrowserOptions): Promise<BrowserResults> {
  const { log, only, quick } = options;
  const server: MockServer = await startMockServer({ processingDelayMs: 10, variantsDelayMs: 10 });
  const page0 = await serveBenchPage(options.root);
  let browser: Browser | undefined;
  try {
    // the same Chromium and flags as the browser tests (CHROMIUM_PATH, /usr/bin/chromium, …)
    browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
    const results: BrowserResults = { chromium: browser.version() };
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => {
      log(`  page error: ${error.message}`);
    });
    await page.goto(page0.url);
    await page.waitForFunction(() => 'lrdBench' in globalThis);
    const call = caller(page);
    const config: BenchConfig = { url: server.url, accountId: server.accountId, token: server.token };
    await call('configure', config);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // The emulator keeps every stored byte: empty it between scenarios.
    // Collect garbage too, so that one run's Files and XHRs are not still held when the next one starts.
    const reset = async () => {
      server.mock.reset();
      await cdp.send('HeapProfiler.collectGarbage');
    };

    if (only('upload')) {
      const files = 25;
      const bytesEach = (quick ? 1 : 8) * MB;
      // An even number ≥ 15, so that each side goes first in half of the pairs (whichever goes first after a reset
      // runs a few % slower on this 2-core machine); the spread between runs is ±5 %, so more runs, a steadier median.
      const runs = quick ? 2 : 16;
      const concurrency = 4;
      log(
        `upload overhead: ${files} × ${bytesEach / MB} MB, concurrency ${concurrency}, ${runs} interleaved pairs`,
      );
      await call('uploadOurs', files, bytesEach, concurrency); // warm-up (JIT, connections)
      await reset();
      await call('uploadRaw', files, bytesEach, concurrency);
      await reset();
      const ours: number[] = [];
      const raw: number[] = [];
      const oursScript: number[] = [];
      const rawScript: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        // interleaved, alternating which goes first
        const pair = i % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const);
        for (const which of pair) {
          const scriptBefore = await scriptMs(cdp);
          const ms = await call(which === 'ours' ? 'uploadOurs' : 'uploadRaw', files, bytesEach, concurrency);
          const script = (await scriptMs(cdp)) - scriptBefore;
          await reset();
          (which === 'ours' ? ours : raw).push(ms);
          (which === 'ours' ? oursScript : rawScript).push(script);
        }
        log(
          `  pair ${i + 1}/${runs}: ours ${ours.at(-1)!.toFixed(0)} ms (script ${oursScript.at(-1)!.toFixed(0)} ms), ` +
            `raw ${raw.at(-1)!.toFixed(0)} ms (script ${rawScript.at(-1)!.toFixed(0)} ms)`,
        );
      }
      const oursMedian = median(ours);
      const rawMedian = median(raw);
      const oursScriptMedian = median(oursScript);
      const rawScriptMedian = median(rawScript);
      results.upload = {
        files,
        bytesEach,
        concurrency,
        ours,
        raw,
        oursMedian,
        rawMedian,
        ratio: oursMedian / rawMedian,
        pairRatio: median(ours.map((o, i) => o / raw[i]!)),
        oursScriptMs: oursScript,
        rawScriptMs: rawScript,
        oursScriptMedian,
        rawScriptMedian,
        scriptRatio: oursScriptMedian / rawScriptMedian,
        scriptPairRatio: median(oursScript.map((o, i) => o / rawScript[i]!)),
      };
    }

    if (only('memory')) {
      const bytesEach = 8 * MB;
      const files = quick ? 16 : 128; // 128 × 8 MB = 1 GiB
      log(`memory: ${files} × 8 MB = ${(files * bytesEach) / MB} MB of generated Blobs`);
      await call('prepareMemory', files, bytesEach);
      const heapBefore = await heap(cdp);
      const { ms } = await call('runMemory');
      const heapAfter = await heap(cdp);
      await call('releaseMemory');
      await reset();
      results.memory = {
        files,
        totalBytes: files * bytesEach,
        heapBefore,
        heapAfter,
        growth: heapAfter - heapBefore,
        ms,
      };
      log(
        `  heap ${(heapBefore / MB).toFixed(1)} → ${(heapAfter / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`,
      );
    }

    if (only('render')) {
      // The same bytes in total, split over more files: render cost must not grow with the file count.
      const totalBytes = (quick ? 10 : 50) * MB;
      results.render = [];
      log(`render cost: ${totalBytes / MB} MB split over 10, 25 and 100 files through <DocumentUploader>`);
      const runs = quick ? 1 : 3;
      const counts = [10, 25, 100];
      const all = new Map<number, Awaited<ReturnType<LrdBench['render']>>[]>(counts.map((c) => [c, []]));
      // interleaved runs; the run with the median commit count of each file count is reported
      for (let run = 0; run < runs; run += 1) {
        for (const files of counts) {
          const result = await call('render', files, Math.floor(totalBytes / files));
          await reset();
          all.get(files)!.push(result);
          log(
            `  ${files} files: ${result.commits} commits in ${result.ms.toFixed(0)} ms (${result.perSecond.toFixed(1)}/s), ${result.renderMs.toFixed(0)} ms rendering`,
          );
        }
      }
      for (const files of counts) {
        const sorted = [...all.get(files)!].sort((a, b) => a.commits - b.commits);
        const mid = sorted[sorted.length >> 1]!;
        results.render.push({
          files,
          bytesEach: Math.floor(totalBytes / files),
          ...mid,
          runs: sorted.map((r) => r.commits),
        });
      }
    }

    if (only('gallery')) {
      const documents = quick ? 200 : 1000;
      const runs = quick ? 1 : 3;
      log(`gallery: ${documents} documents, ${runs} runs each (interleaved)`);
      await reset();
      await server.mock.seedDocuments(
        Array.from({ length: documents }, (_, i) => ({
          type: 'roofPhoto',
          filename: `photo-${String(i).padStart(4, '0')}.png`,
          bytes: PNG,
          contentType: 'image/png',
        })),
      );
      const ours: GalleryResult['ours'][] = [];
      const plain: GalleryResult['plain'][] = [];
      await call('gallery'); // warm-up
      await call('plainList');
      for (let i = 0; i < runs; i += 1) {
        ours.push(await call('gallery'));
        plain.push(await call('plainList'));
        log(
          `  run ${i + 1}/${runs}: gallery first ${ours.at(-1)!.firstMs.toFixed(0)} / settled ${ours.at(-1)!.settleMs.toFixed(0)} ms, ` +
            `plain first ${plain.at(-1)!.firstMs.toFixed(0)} / settled ${plain.at(-1)!.settleMs.toFixed(0)} ms`,
        );
      }
      await call('unmount');
      await reset();
      const pick = (list: GalleryResult['ours'][]) => ({
        firstMs: median(list.map((r) => r.firstMs)),
        settleMs: median(list.map((r) => r.settleMs)),
        tiles: list[0]!.tiles,
      });
      const o = pick(ours);
      const p = pick(plain);
      results.gallery = {
        documents,
        runs,
        ours: o,
        plain: p,
        firstRatio: o.firstMs / p.firstMs,
        settleRatio: o.settleMs / p.settleMs,
      };
    }
    if (only('uploadList')) {
      const files = quick ? 200 : 1000;
      const runs = quick ? 1 : 5;
      log(`upload list: ${files} files, ${runs} runs`);
      await call('uploadList', files); // warm-up
      const list: { firstMs: number; settleMs: number; tiles: number }[] = [];
      for (let i = 0; i < runs; i += 1) {
        list.push(await call('uploadList', files));
        log(
          `  run ${i + 1}/${runs}: first row ${list.at(-1)!.firstMs.toFixed(0)} / idle ${list.at(-1)!.settleMs.toFixed(0)} ms`,
        );
      }
      await call('unmount');
      results.uploadList = {
        files,
        runs,
        firstMs: median(list.map((r) => r.firstMs)),
        settleMs: median(list.map((r) => r.settleMs)),
        rows: list[0]!.tiles,
      };
    }
    if (only('manyFiles')) {
      const files = quick ? 200 : 1000;
      const runs = quick ? 1 : 5;
      log(`${files} files chosen at once through <DocumentUploader>, ${runs} runs`);
      await call('manyFiles', Math.min(files, 100)); // warm-up
      await reset();
      const list: Awaited<ReturnType<LrdBench['manyFiles']>>[] = [];
      for (let i = 0; i < runs; i += 1) {
        list.push(await call('manyFiles', files));
        await reset();
        const r = list.at(-1)!;
        log(
          `  run ${i + 1}/${runs}: first row ${r.firstMs.toFixed(0)} ms, idle ${r.idleMs.toFixed(0)} ms ` +
            `(${r.longTasks} long tasks, longest ${r.longestMs.toFixed(0)} ms), all complete ${r.completeMs.toFixed(0)} ms`,
        );
      }
      const firstRuns = list.map((r) => r.firstMs).sort((a, b) => a - b);
      const idleRuns = list.map((r) => r.idleMs).sort((a, b) => a - b);
      results.manyFiles = {
        files,
        bytesEach: 1024,
        runs,
        firstMs: median(firstRuns),
        idleMs: median(idleRuns),
        completeMs: median(list.map((r) => r.completeMs)),
        longTasks: median(list.map((r) => r.longTasks)),
        longestMs: median(list.map((r) => r.longestMs)),
        firstRuns,
        idleRuns,
      };
    }
    return results;
  } finally {
    await browser?.close();
    await page0.close();
    await server.close();
  }
}
