/**
 * Whether the browser has a connection: `navigator.onLine` and the window's `online`/`offline` events, looked up
 * when first asked (never at import: SSR, Node and workers may lack them). Where they are missing, always online.
 * `navigator.onLine === false` is reliable (no network at all); `true` only means "maybe", so network errors
 * while online are still retried with backoff.
 */
import type { Connectivity } from './types';

type Target = {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
};

/** The browser's connectivity (or "always online" where there is none to ask). */
export function browserConnectivity(): Connectivity {
  const g = globalThis as { navigator?: { onLine?: unknown }; addEventListener?: unknown };
  return {
    isOnline: () => g.navigator?.onLine !== false,
    subscribe(listener) {
      if (typeof g.addEventListener !== 'function') return () => undefined;
      const target = g as unknown as Target;
      const online = (): void => {
        listener(true);
      };
      const offline = (): void => {
        listener(false);
      };
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}
