/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Documents API root (the emulator's when unset: see vite.config.ts). */
  readonly VITE_LIGHTREACH_BASE_URL: string;
  /** The installer's account. */
  readonly VITE_LIGHTREACH_ACCOUNT_ID: string;
  /** Development only: the emulator's token. A real portal gets tokens from its sign-in. */
  readonly VITE_LIGHTREACH_DEV_TOKEN?: string;
}
