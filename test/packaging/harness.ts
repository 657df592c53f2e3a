/**
 * Shared by the packaging and example smoke tests: pack the library once per test file, copy an example out of the
 * repo (as a fresh clone would have it: no node_modules, no build output), point it at the tarball, install, run a
 * server and wait for it. Everything lives under os.tmpdir() and is removed afterwards.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = resolve(import.meta.dirname, '../..');

/** A fresh temporary folder. */
export function workDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `npm pack` of the built library into `dir`; returns the tarball's path. */
export async function packLibrary(dir: string): Promise<string> {
  if (!existsSync(join(root, 'dist/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  }
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return join(dir, filename);
}

const SKIP = new Set(['node_modules', '.next', 'dist', 'next-env.d.ts', 'package-lock.json']);

/**
 * Copies examples/<name> into `dir` without installs or build output, with its `react-lightreach-documents`
 * dependency pointed at `tarball` (the committed file points at examples/.pack/). Returns the copy's path.
 */
export function copyExample(name: string, dir: string, tarball: string): string {
  const source = join(root, 'examples', name);
  const target = join(dir, name);
  cpSync(source, target, { recursive: true, filter: (path) => !SKIP.has(basename(path)) });
  const manifestPath = join(target, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  if (manifest.dependencies['react-lightreach-documents'] === undefined) {
    throw new Error(`examples/${name} does not depend on react-lightreach-documents`);
  }
  manifest.dependencies['react-lightreach-documents'] = `file:${tarball}`;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return target;
}

/** `npm install` (from the local cache when it can). */
export async function npmInstall(dir: string): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** A free loopback port (closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Free ports for an example app and its in-process emulator (API and storage), and the env that tells it them. */
export async function appPorts(): Promise<{
  port: number;
  emulatorPort: number;
  env: { LIGHTREACH_EMULATOR_PORT: string; LIGHTREACH_STORAGE_PORT: string };
}> {
  const [port, emulatorPort, storagePort] = await Promise.all([freePort(), freePort(), freePort()]);
  return {
    port,
    emulatorPort,
    env: { LIGHTREACH_EMULATOR_PORT: String(emulatorPort), LIGHTREACH_STORAGE_PORT: String(storagePort) },
  };
}

/** A server started in its own process group, stopped with the whole group. */
export interface Background {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <script> ...args` in `cwd` (node directly, not through npx, so the PID is the server's). */
export function startNode(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Background {
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.pid === undefined) {
          done();
          return;
        }
        child.once('exit', () => done());
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        }, 5_000).unref();
      }),
  };
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes. */
export async function waitForHttp(url: string, server: Background, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`server exited (${server.child.exitCode}) before answering:\n${server.output()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

/** Removes a temporary folder. */
export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A tiny valid PNG (1×1), for uploads that must be images. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
