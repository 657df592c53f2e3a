import type { ChooserFile, SeenRequest } from './commands';

/** What test/browser/globalSetup.ts hands the browser tests. */
export interface EmulatorConnectionInfo {
  url: string;
  storageUrl: string;
  accountId: string;
  token: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulator: EmulatorConnectionInfo;
  }
}

declare module 'vitest/internal/browser' {
  export interface BrowserCommands {
    mockReset: () => Promise<void>;
    mockControl: (name: string, args: unknown[]) => Promise<void>;
    mockStallPuts: () => Promise<void>;
    mockReleasePuts: () => Promise<void>;
    mockRequests: () => Promise<SeenRequest[]>;
    mockOpenStreams: () => Promise<number>;
    armFileChooser: (files: ChooserFile[]) => Promise<void>;
    throttleUploads: (bytesPerSecond: number) => Promise<void>;
  }
}
