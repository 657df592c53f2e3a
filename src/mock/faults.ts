/**
 * Fault injection state and the public {@link FaultControl} over it. The handlers consult the state; every switch
 * is per emulator instance.
 */
import type { TimerRegistry } from './timers';
import type { FaultControl, MockEndpoint } from './types';

interface CountedFault<T> {
  remaining: number;
  value: T;
}

/** How a held request ends: answered as usual (`release`), or dropped as a network error (`drop`). */
type HangOutcome = 'release' | 'drop';

/** Requests to one endpoint held without an answer (see {@link FaultControl.hangEndpoint}). */
interface Hang {
  remaining: number;
  waiters: Set<(outcome: HangOutcome) => void>;
}

/** What the handlers read. */
export interface FaultState {
  putFailure?: CountedFault<{ status: number; network: boolean; body?: string }>;
  stall?: { remaining: number; waiters: Set<() => void> };
  dropSse?: CountedFault<number>;
  heartbeatsStopped: boolean;
  sseUnavailable: boolean;
  failNextJob?: string;
  neverComplete: boolean;
  rateLimits: Map<MockEndpoint, CountedFault<string>>;
  endpointFailures: Map<
    MockEndpoint,
    CountedFault<{ status: number; body?: unknown; headers?: Record<string, string> }>
  >;
  /** Endpoints whose requests are held without an answer. */
  hangs: Map<MockEndpoint, Hang>;
  /** Latency per endpoint; `'*'` for every endpoint. */
  latency: Map<MockEndpoint | '*', number>;
  v2Unavailable: boolean;
  rewriteUrls?: (url: string, field: 'uploadUrl' | 'viewUrl') => string;
  /** Init answers list their files in reverse order. */
  misorderInit: boolean;
  /** Every SSE stream starts with a `failed` event of another job. */
  crossJobEvents: boolean;
}

/** Hooks the control needs from the rest of the emulator. */
export interface FaultHooks {
  /** Fails an existing job now (nothing when it already settled); throws for an unknown job. */
  failJobNow(jobId: string, message: string): void;
  expireAllUrls(): void;
}

/** Takes one use of a counted fault, removing it when used up. */
export function take<T>(fault: CountedFault<T> | undefined, clear: () => void): T | undefined {
  if (fault === undefined || fault.remaining <= 0) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) clear();
  return fault.value;
}

/**
 * Holds a request to `endpoint` while {@link FaultControl.hangEndpoint} says so: resolves `'release'` when released
 * (answer as usual), `'drop'` when the emulator is reset or disposed or the client aborted (answer with a network
 * error, which nobody may read any more). `undefined` at once when the endpoint is not held. Uses no timer.
 */
export function holdRequest(
  state: FaultState,
  endpoint: MockEndpoint,
  signal: AbortSignal,
): Promise<HangOutcome> | undefined {
  const hang = state.hangs.get(endpoint);
  if (hang === undefined || hang.remaining <= 0) return undefined;
  hang.remaining -= 1;
  return new Promise<HangOutcome>((resolve) => {
    const wake = (outcome: HangOutcome): void => {
      hang.waiters.delete(wake);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => {
      wake('drop');
    };
    if (signal.aborted) {
      resolve('drop');
      return;
    }
    hang.waiters.add(wake);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Creates fault state and its control. */
export function createFaults(
  timers: TimerRegistry,
  hooks: FaultHooks,
): { state: FaultState; control: FaultControl } {
  const state: FaultState = {
    heartbeatsStopped: false,
    sseUnavailable: false,
    neverComplete: false,
    rateLimits: new Map(),
    endpointFailures: new Map(),
    hangs: new Map(),
    latency: new Map(),
    v2Unavailable: false,
    misorderInit: false,
    crossJobEvents: false,
  };

  /** Stops holding requests to `endpoint` and ends the held ones with `outcome`. */
  const endHang = (endpoint: MockEndpoint, outcome: HangOutcome, hang = state.hangs.get(endpoint)): void => {
    if (hang === undefined) return;
    if (state.hangs.get(endpoint) === hang) state.hangs.delete(endpoint);
    for (const wake of [...hang.waiters]) wake(outcome);
  };

  const releaseStall = (): void => {
    const stall = state.stall;
    if (stall === undefined) return;
    delete state.stall;
    for (const wake of [...stall.waiters]) wake();
  };

  const control: FaultControl = {
    failNextPuts(count, fault = {}) {
      state.putFailure = {
        remaining: count,
        value: {
          status: fault.status ?? 500,
          network: fault.network ?? false,
          ...(fault.body === undefined ? {} : { body: fault.body }),
        },
      };
    },
    stallPuts(options = {}) {
      releaseStall();
      const stall = { remaining: options.count ?? Number.POSITIVE_INFINITY, waiters: new Set<() => void>() };
      state.stall = stall;
      const release = (): void => {
        if (state.stall === stall) delete state.stall;
        for (const wake of [...stall.waiters]) wake();
      };
      if (options.ms !== undefined) timers.timeout(release, options.ms);
      return { release };
    },
    dropSseAfter(events, options = {}) {
      state.dropSse = { remaining: options.count ?? 1, value: Math.max(0, events) };
    },
    stopHeartbeats(stopped = true) {
      state.heartbeatsStopped = stopped;
    },
    sseUnavailable(unavailable = true) {
      state.sseUnavailable = unavailable;
    },
    failJob(jobId, message = 'Upload processing failed') {
      if (jobId === 'next') {
        state.failNextJob = message;
        return;
      }
      hooks.failJobNow(jobId, message);
    },
    neverComplete(enabled = true) {
      state.neverComplete = enabled;
    },
    expireAllUrls() {
      hooks.expireAllUrls();
    },
    rateLimit(endpoint, options = {}) {
      state.rateLimits.set(endpoint, { remaining: options.count ?? 1, value: options.retryAfter ?? '1' });
    },
    failEndpoint(endpoint, options = {}) {
      state.endpointFailures.set(endpoint, {
        remaining: options.count ?? 1,
        value: {
          status: options.status ?? 500,
          ...(options.body === undefined ? {} : { body: options.body }),
          ...(options.headers === undefined ? {} : { headers: options.headers }),
        },
      });
    },
    hangEndpoint(endpoint, options = {}) {
      endHang(endpoint, 'release');
      const hang: Hang = { remaining: options.count ?? Number.POSITIVE_INFINITY, waiters: new Set() };
      state.hangs.set(endpoint, hang);
      return {
        release: () => {
          endHang(endpoint, 'release', hang);
        },
        held: () => hang.waiters.size,
      };
    },
    latency(ms, endpoint) {
      const key = endpoint ?? '*';
      if (ms > 0) state.latency.set(key, ms);
      else state.latency.delete(key);
    },
    v2Unavailable(unavailable = true) {
      state.v2Unavailable = unavailable;
    },
    rewriteUrls(rewrite) {
      if (rewrite === undefined) delete state.rewriteUrls;
      else state.rewriteUrls = rewrite;
    },
    misorderInit(enabled = true) {
      state.misorderInit = enabled;
    },
    crossJobEvents(enabled = true) {
      state.crossJobEvents = enabled;
    },
    reset() {
      releaseStall();
      for (const endpoint of [...state.hangs.keys()]) endHang(endpoint, 'drop');
      delete state.putFailure;
      delete state.dropSse;
      delete state.failNextJob;
      delete state.rewriteUrls;
      state.heartbeatsStopped = false;
      state.sseUnavailable = false;
      state.neverComplete = false;
      state.v2Unavailable = false;
      state.misorderInit = false;
      state.crossJobEvents = false;
      state.rateLimits.clear();
      state.endpointFailures.clear();
      state.latency.clear();
    },
  };
  return { state, control };
}
