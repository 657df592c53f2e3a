import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMockServer } from '../../src/mock/server';
import { EMULATOR_OPTIONS, shared } from './emulatorServer';

/** Starts the emulator on 127.0.0.1 (API origin + a second storage origin) for the browser project. */
export default async function setup(project: TestProject) {
  const server = await startMockServer({ host: '127.0.0.1', ...EMULATOR_OPTIONS });
  shared().server = server;
  mkdirSync(resolve(project.config.root, 'test-results/screenshots'), { recursive: true });
  project.provide('emulator', {
    url: server.url,
    storageUrl: server.storageUrl,
    accountId: server.accountId,
    token: server.token,
  });
  return async () => {
    shared().releasePuts?.();
    delete shared().server;
    await server.close();
  };
}
