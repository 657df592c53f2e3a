/**
 * `npm run bench`: bundle sizes of this package and its peers, then upload overhead, memory, render cost and a big
 * gallery in Chromium against the loopback emulator. Prints one table and writes BENCHMARKS.md.
 *
 * Flags: `--only=size,upload,memory,render,gallery,uploadList,manyFiles` (a subset), `--skip-build` (use the dist/ already built),
 * `--quick` (small workloads: checks the harness, numbers are not representative), `--no-write` (print only).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { OUR_CASES, OUR_EXTRA_CASES, PEER_CASES, PEERS_DIR, ROOT } from './size/cases';
import { measureCase, type CaseSizes } from './size/measure';
import { runBrowserBenches, type BrowserResults } from './browser/scenarios';
import { renderReport, type SizeRow } from './report';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const selected = onlyArg === undefined ? undefined : new Set(onlyArg.split(','));
const only = (name: string) => selected === undefined || selected.has(name);
const started = Date.now();
const log = (line: string) => {
  process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function sizes(): Promise<SizeRow[]> {
  if (!flag('skip-build') || !existsSync(join(ROOT, 'dist/index.js'))) {
    log('building the package (npm run build): sizes are measured on dist/, what users install');
    execFileSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!existsSync(join(PEERS_DIR, 'node_modules'))) {
    log('installing the peers in bench/peers (npm install, own package.json and lock)');
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: PEERS_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  const rows: SizeRow[] = [];
  for (const sizeCase of [...OUR_CASES, ...OUR_EXTRA_CASES, ...PEER_CASES]) {
    let result: CaseSizes | Error;
    try {
      result = await measureCase(sizeCase);
    } catch (error) {
      result = error instanceof Error ? error : new Error(String(error));
    }
    if (result instanceof Error) log(`  ${sizeCase.id}: FAILED ${result.message.split('\n')[0]!}`);
    else {
      const lazy = result.lazyJs === undefined ? '' : ` + ${result.lazyJs.gzip} B lazy`;
      log(`  ${sizeCase.id.padEnd(22)} ${String(result.js.gzip).padStart(7)} B gzip JS${lazy}`);
    }
    rows.push({ sizeCase, result });
  }
  return rows;
}

const loadAtStart = loadavg()[0]!;

function machine(browser: string | undefined): string {
  const cpu = cpus();
  return [
    `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `Linux ${release()}`,
    `Node ${process.version}`,
    ...(browser === undefined ? [] : [`Chromium ${browser}`]),
    `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (other work on the machine adds noise)`,
  ].join(', ');
}

async function main(): Promise<void> {
  log(`react-lightreach-documents benchmarks${flag('quick') ? ' (--quick: harness check only)' : ''}`);
  const sizeRows = only('size')
    ? (log('bundle sizes (esbuild, minified, React external)'), await sizes())
    : [];
  let browser: BrowserResults | undefined;
  if (['upload', 'memory', 'render', 'gallery', 'uploadList', 'manyFiles'].some(only)) {
    log('browser scenarios (Chromium, loopback emulator)');
    browser = await runBrowserBenches({ root: ROOT, only, log, quick: flag('quick') });
  }
  const report = renderReport({
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    machine: machine(browser?.chromium),
    durationS: (Date.now() - started) / 1000,
    sizes: sizeRows,
    browser,
    quick: flag('quick'),
  });
  process.stdout.write(`\n${report.table}\n`);
  if (!flag('no-write')) {
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), report.markdown);
    log('wrote BENCHMARKS.md');
  }
}

await main();
