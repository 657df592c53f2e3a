/**
 * Where the Documents API is and who the user is, on the server. With LIGHTREACH_BASE_URL unset (development, the
 * smoke test), the emulator that instrumentation.ts starts is used, with its demo account and token.
 * Server code only (server components, route handlers, server actions, instrumentation.ts).
 */

export const EMULATOR = {
  accountId: 'acc_next_demo',
  token: 'next-dev-token',
  port: Number(process.env.LIGHTREACH_EMULATOR_PORT ?? 4010),
  storagePort: Number(
    process.env.LIGHTREACH_STORAGE_PORT ?? Number(process.env.LIGHTREACH_EMULATOR_PORT ?? 4010) + 1,
  ),
};

export function usesEmulator(): boolean {
  return (process.env.LIGHTREACH_BASE_URL ?? '') === '';
}

export interface DocumentsConnection {
  baseUrl: string;
  accountId: string;
}

/** The API root and the signed-in installer's account (a real portal reads the account from its session). */
export function documentsConnection(): DocumentsConnection {
  if (usesEmulator()) return { baseUrl: `http://127.0.0.1:${EMULATOR.port}`, accountId: EMULATOR.accountId };
  const accountId = process.env.LIGHTREACH_ACCOUNT_ID;
  if (accountId === undefined) throw new Error('Set LIGHTREACH_ACCOUNT_ID with LIGHTREACH_BASE_URL.');
  return { baseUrl: process.env.LIGHTREACH_BASE_URL!, accountId };
}

/**
 * The user's access token, server side. A real portal takes it from the session (cookies(), your auth library)
 * and refreshes it when `forceRefresh` is set; it never reaches the browser except through /api/token.
 */
export function accessToken({ forceRefresh }: { forceRefresh: boolean }): Promise<string> {
  void forceRefresh;
  if (usesEmulator()) return Promise.resolve(EMULATOR.token);
  const token = process.env.LIGHTREACH_TOKEN;
  if (token === undefined) {
    return Promise.reject(new Error('Set LIGHTREACH_TOKEN (or read the token from your session).'));
  }
  return Promise.resolve(token);
}
