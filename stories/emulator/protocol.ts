/**
 * The emulator control protocol shared by Storybook's two transports: over HTTP to the emulator mounted on the dev
 * server (`npm start`), or applied directly to an in-browser emulator behind msw's Service Worker (static build).
 */
import type { DocumentsApiMock, DocumentsApiMockOptions, SeedDocument } from '../../src/mock';

/** Mock options a story may set (JSON-safe). */
export type EmulatorOptions = Pick<
  DocumentsApiMockOptions,
  | 'processingDelayMs'
  | 'variantsDelayMs'
  | 'variantsBeforeComplete'
  | 'heartbeatMs'
  | 'splitTypes'
  | 'sensitiveTypes'
  | 'viewUrlTtlMs'
>;

/** A seed document with bytes as base64 (JSON-safe). */
export type WireSeedDocument = Omit<SeedDocument, 'bytes' | 'files'> & { bytesBase64?: string };

/** A fault switch call: the method name of `mock.control` and its arguments. */
export interface FaultCall {
  name: Exclude<keyof DocumentsApiMock['control'], 'reset' | 'stallPuts'>;
  args: unknown[];
}

/** One control request. */
export type ControlRequest =
  | { op: 'ping' }
  | { op: 'reset'; options?: EmulatorOptions; seed?: WireSeedDocument[]; faults?: FaultCall[] }
  | { op: 'fault'; fault: FaultCall };

/** What the browser needs to talk to the emulator. */
export interface EmulatorConnection {
  baseUrl: string;
  accountId: string;
  token: string;
}

export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Applies a control request to an emulator; returns the connection details. */
export async function applyControl(
  mock: DocumentsApiMock,
  request: ControlRequest,
): Promise<EmulatorConnection> {
  if (request.op === 'reset') {
    mock.reset();
    if (request.seed !== undefined && request.seed.length > 0) {
      await mock.seedDocuments(
        request.seed.map(({ bytesBase64, ...doc }) =>
          bytesBase64 === undefined ? doc : { ...doc, bytes: decodeBase64(bytesBase64) },
        ),
      );
    }
    for (const fault of request.faults ?? []) callFault(mock, fault);
  } else if (request.op === 'fault') {
    callFault(mock, request.fault);
  }
  return { baseUrl: mock.baseUrl, accountId: mock.accountId, token: mock.token };
}

function callFault(mock: DocumentsApiMock, fault: FaultCall): void {
  const control = mock.control as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
  const fn = control[fault.name];
  if (fn === undefined) throw new Error(`Unknown fault switch: ${fault.name}`);
  fn.call(mock.control, ...fault.args);
}
