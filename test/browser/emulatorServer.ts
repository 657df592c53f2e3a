/**
 * The loopback emulator the browser project talks to, shared between the globalSetup (which starts and stops it)
 * and the browser commands (which flip its faults). Both run in Vitest's main process but may load this module
 * separately, so the running server lives on `globalThis`.
 */
import type { MockServer } from '../../src/mock/server';

interface Shared {
  server?: MockServer;
  releasePuts?: () => void;
}

const KEY = Symbol.for('react-lightreach-documents.browser-tests.emulator');

export function shared(): Shared {
  const holder = globalThis as unknown as Record<symbol, Shared | undefined>;
  return (holder[KEY] ??= {});
}

export function runningServer(): MockServer {
  const { server } = shared();
  if (server === undefined)
    throw new Error('The emulator is not running: test/browser/globalSetup.ts starts it.');
  return server;
}

/** Emulator timings of the browser suites: long enough that every state is on screen for many frames. */
export const EMULATOR_OPTIONS = { processingDelayMs: 1_500, variantsDelayMs: 1_500 } as const;
