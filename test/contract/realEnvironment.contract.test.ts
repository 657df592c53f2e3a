/**
 * The contract suite against a real LightReach environment. Runs only when LIGHTREACH_BASE_URL, LIGHTREACH_TOKEN
 * and LIGHTREACH_ACCOUNT_ID are set; it uploads small test documents to that account and archives them at the end.
 */
import { describe } from 'vitest';
import { defineContractSuite } from './documentsApiContract';

const baseUrl = process.env.LIGHTREACH_BASE_URL;
const token = process.env.LIGHTREACH_TOKEN;
const accountId = process.env.LIGHTREACH_ACCOUNT_ID;
const configured = Boolean(baseUrl && token && accountId);

if (!configured) {
  // Visible in the run output: this variant is skipped, the emulator variant is not.
  console.warn(
    '[contract] Real-environment contract suite skipped: set LIGHTREACH_BASE_URL, LIGHTREACH_TOKEN and LIGHTREACH_ACCOUNT_ID to run it.',
  );
}

describe.skipIf(!configured)(
  `Documents v2 contract — real environment${configured ? '' : ' (skipped: set LIGHTREACH_BASE_URL, LIGHTREACH_TOKEN, LIGHTREACH_ACCOUNT_ID)'}`,
  () => {
    defineContractSuite(
      () => ({
        baseUrl: baseUrl!.replace(/\/+$/, ''),
        token: token!,
        accountId: accountId!,
        pollIntervalMs: 2_000,
        jobTimeoutMs: 120_000,
      }),
      { testTimeoutMs: 180_000 },
    );
  },
);
