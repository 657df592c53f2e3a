/**
 * Reading the bearer token for the client: validation of what `getAccessToken` returns, one forced refresh shared by
 * every call refused meanwhile, the last few tokens kept for redaction, and each read bounded by a request's
 * {@link Deadline}.
 */
import type { GetAccessToken } from './client';
import type { Deadline } from './deadline';
import { UnauthorizedError } from './errors';

/** The client's token reader. */
export interface TokenSource {
  /** The last few tokens read, to redact server text that echoes one. */
  readonly recent: readonly string[];
  /** Goes up when a forced refresh starts and when it settles (odd: one in flight). Pass it back as `seen`. */
  readonly generation: number;
  /**
   * A token within `deadline` (rejecting with its error when it ends first). With `refresh`, a fresh one: joins the
   * refresh in flight, or one started after `seen` (the generation when the refused token was read), else starts
   * one. A refresh that outlives a deadline is given up on: a later 401 starts a new one rather than joining one
   * that may never settle.
   */
  within(deadline: Deadline, refresh: boolean, seen: number): Promise<string>;
}

/** Creates the token reader over the integrator's `getAccessToken`. */
export function createTokenSource(getTokenFn: GetAccessToken): TokenSource {
  const recent: string[] = [];

  async function read(forceRefresh: boolean): Promise<string> {
    let token: unknown;
    try {
      token = await getTokenFn({ forceRefresh });
    } catch (error) {
      throw new UnauthorizedError('getAccessToken threw.', {
        cause: error,
        operation: 'getAccessToken',
      });
    }
    if (typeof token !== 'string' || token.trim() === '') {
      throw new UnauthorizedError('getAccessToken returned no token.', {
        operation: 'getAccessToken',
      });
    }
    if (!recent.includes(token) && recent.push(token) > 4) recent.shift();
    return token;
  }

  /** The latest forced refresh, and the generation count (see {@link TokenSource.generation}). */
  let shared: Promise<string> | undefined;
  let generation = 0;

  /** `refresh` settled or was given up on: the next 401 may start another. */
  const settled = (refresh: Promise<string>): void => {
    if (shared !== refresh || generation % 2 === 0) return;
    generation += 1;
  };

  function refreshToken(seen: number): Promise<string> {
    if (shared === undefined || (generation % 2 === 0 && seen === generation)) {
      generation += 1;
      const refresh = read(true);
      shared = refresh;
      const settle = (): void => {
        settled(refresh);
      };
      refresh.then(settle, settle);
    }
    return shared;
  }

  return {
    recent,
    get generation() {
      return generation;
    },
    async within(deadline, refresh, seen) {
      if (!refresh) return deadline.race(read(false));
      const pending = refreshToken(seen);
      try {
        return await deadline.race(pending);
      } catch (error) {
        if (deadline.ended() && shared === pending) {
          settled(pending);
          shared = undefined;
        }
        throw error;
      }
    },
  };
}
