import type { MockEndpoint } from '../../src/mock';
import type { WireSeedDocument } from '../../stories/emulator/protocol';
import type {
  ChooserFile,
  SavedDownload,
  SeenAuthorizedRequest,
  SeenRequest,
  StoredDocument,
} from './commands';

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
    mockStallPuts: (options?: { count?: number }) => Promise<void>;
    mockReleasePuts: () => Promise<void>;
    mockRequests: () => Promise<SeenRequest[]>;
    mockRequestsWithAuth: () => Promise<SeenAuthorizedRequest[]>;
    mockSeed: (docs: WireSeedDocument[]) => Promise<string[]>;
    mockOpenStreams: () => Promise<number>;
    mockHangEndpoint: (endpoint: MockEndpoint) => Promise<void>;
    mockReleaseEndpoint: (endpoint: MockEndpoint) => Promise<void>;
    mockDocuments: () => Promise<StoredDocument[]>;
    armFileChooser: (files: ChooserFile[]) => Promise<void>;
    armDownload: (options?: { timeoutMs?: number }) => Promise<void>;
    takeDownload: () => Promise<SavedDownload>;
    throttleUploads: (bytesPerSecond: number) => Promise<void>;
    setOffline: (offline: boolean) => Promise<void>;
  }
}
