/**
 * Connects a story to the emulator. Under `npm start` the emulator runs inside Storybook's dev server (real HTTP,
 * real XHR progress and SSE); in a static build it runs in the page behind msw's Service Worker, with simulated
 * upload progress.
 */
import { createContext, useContext } from 'react';
import type { UploadEngineOptions } from '../../src/react';
import { applyControl, type ControlRequest, type EmulatorConnection } from './protocol';
import { createSimulatedTransport } from './simulatedTransport';

export interface StoryEmulator extends EmulatorConnection {
  /** `http`: mounted on the dev server; `service-worker`: in the page (static build). */
  mode: 'http' | 'service-worker';
  /** Engine settings the uploaders of a story should use (the simulated transport in a static build). */
  engineOptions: UploadEngineOptions;
  /** Sends a control request (fault switches, reseeding) to the emulator. */
  control: (request: ControlRequest) => Promise<void>;
}

const CONTROL_URL = '/__lrd/control';
let inPage: Promise<(request: ControlRequest) => Promise<EmulatorConnection>> | undefined;

async function startInPage(): Promise<(request: ControlRequest) => Promise<EmulatorConnection>> {
  const [{ createDocumentsApiMock }, { setupWorker }] = await Promise.all([
    import('../../src/mock'),
    import('msw/browser'),
  ]);
  const mock = createDocumentsApiMock({
    baseUrl: `${location.origin}/__lrd/api`,
    storageUrl: `${location.origin}/__lrd/storage`,
    quiet: true,
  });
  await setupWorker(...mock.handlers).start({
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: `${import.meta.env.BASE_URL ?? '/'}mockServiceWorker.js` },
  });
  return (request) => applyControl(mock, request);
}

async function viaHttp(request: ControlRequest): Promise<EmulatorConnection | undefined> {
  try {
    const response = await fetch(CONTROL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('application/json'))
      return undefined;
    return (await response.json()) as EmulatorConnection;
  } catch {
    return undefined;
  }
}

/** Resets the emulator for a story (options, seed, faults) and returns how to reach it. */
export async function connectEmulator(request: ControlRequest): Promise<StoryEmulator> {
  const http = inPage === undefined ? await viaHttp(request) : undefined;
  if (http !== undefined) {
    return {
      ...http,
      mode: 'http',
      engineOptions: { tracking: { heartbeatMs: 30_000 } },
      control: async (next) => {
        await viaHttp(next);
      },
    };
  }
  inPage ??= startInPage();
  const apply = await inPage;
  const connection = await apply(request);
  return {
    ...connection,
    mode: 'service-worker',
    engineOptions: { transport: createSimulatedTransport() },
    control: async (next) => {
      await apply(next);
    },
  };
}

export const StoryEmulatorContext = createContext<StoryEmulator | undefined>(undefined);

/** The story's emulator (inside the preview decorator). */
export function useStoryEmulator(): StoryEmulator {
  const emulator = useContext(StoryEmulatorContext);
  if (emulator === undefined) throw new Error('useStoryEmulator must be used inside a story');
  return emulator;
}
