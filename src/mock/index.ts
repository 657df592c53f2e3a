/**
 * `react-lightreach-documents/mock`: a faithful, stateful emulator of the Documents v2 API for tests and
 * Storybook. Use its msw handlers (`setupServer(...mock.handlers)` / `setupWorker(...mock.handlers)`), or serve it
 * over real HTTP with `react-lightreach-documents/mock/server`.
 */
export { createDocumentsApiMock } from './documentsApiMock';
export { md5Hex } from './md5';
export { renderVariants } from './worker';
export { MAX_JSON_BODY_BYTES } from './handlers';
export { UPLOAD_URL_TTL_MS } from './store';
export { MOCK_ENDPOINTS } from './types';
export type {
  DocumentsApiMock,
  DocumentsApiMockOptions,
  FaultControl,
  MockDb,
  MockDocument,
  MockEndpoint,
  MockFile,
  MockJob,
  MockJobState,
  MockVariant,
  RecordedRequest,
  SeedDocument,
  SeedFile,
  StagedFile,
  VariantName,
} from './types';
