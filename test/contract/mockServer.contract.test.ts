/** The contract suite against the loopback emulator, started here. Always runs. */
import { afterAll, beforeAll, describe } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server';
import { defineContractSuite } from './documentsApiContract';

describe('Documents v2 contract — loopback emulator (startMockServer)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ processingDelayMs: 10, variantsDelayMs: 10 });
  });
  afterAll(async () => {
    await server.close();
  });
  defineContractSuite(() => ({
    baseUrl: server.url,
    token: server.token,
    accountId: server.accountId,
    pollIntervalMs: 20,
    jobTimeoutMs: 5_000,
    mock: server.mock,
  }));
});
