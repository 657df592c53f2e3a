/**
 * The recovery record of an engine (docs/decisions/0003, decision 12): what is kept (job ids and landed flags of the
 * files with work ahead; never URLs, never v1 files) and when it is written (on phase changes, paced for large
 * lists, never erasing a record found at start before `resume()` took it).
 */
import type { PersistedFile, PersistenceStore } from './persistence';
import { awaitsJob, isActive, jobOf, landed, statusOf, type EngineState } from './state';
import type { TimerSet } from './timers';

/** The recovery record: job ids and landed flags of files with work ahead (never URLs, never v1 files). */
export function recordOf(state: EngineState): PersistedFile[] {
  const files: PersistedFile[] = [];
  for (const file of state.files.values()) {
    // collected files are recorded too: after a reload they are offered to pick again, like files never announced
    if ((!isActive(file) && !awaitsJob(file) && file.phase !== 'collected') || file.viaV1) continue;
    files.push({
      name: file.name,
      size: file.size,
      jobId: jobOf(file) ?? null,
      landed: landed(file),
      status: statusOf(file, state.online),
    });
  }
  return files;
}

/**
 * Writes the recovery record when a phase changed: at once for small records; for large ones (over
 * {@link PERSIST_AT_ONCE} files) at most once a second, the last change always written (and at once on `flush`), so
 * that storage writes stay proportional to time, not to files × changes. Entries of a record found at start are kept
 * until `resume()` took them (a new uploader never erases what a reload left).
 */
export function createRecorder(store: PersistenceStore, timers: TimerSet) {
  let kept: PersistedFile[] | undefined;
  let resumed = false;
  let last = -Infinity;
  let pending: EngineState | undefined;
  let clearTimer = (): void => undefined;
  const write = (state: EngineState): void => {
    pending = undefined;
    clearTimer();
    last = Date.now();
    if (!resumed) kept ??= store.read();
    // Once resumed, nothing is kept aside (`take` let it go).
    store.write([...(kept ?? []), ...recordOf(state)]);
  };
  return {
    changed(state: EngineState): void {
      if (state.files.size <= PERSIST_AT_ONCE || Date.now() - last >= PERSIST_SPACING_MS) {
        write(state);
        return;
      }
      if (!pending)
        clearTimer = timers.set(
          () => {
            if (pending) write(pending);
          },
          PERSIST_SPACING_MS - (Date.now() - last),
        );
      pending = state;
    },
    flush(): void {
      if (pending) write(pending);
    },
    /** `resume()` took the record found at start: it is no longer kept aside. */
    take(): PersistedFile[] {
      resumed = true;
      kept = undefined;
      return store.read();
    },
  };
}

/** Records up to this many files are written at every phase change. */
const PERSIST_AT_ONCE = 100;
/** Larger ones at most this often. */
const PERSIST_SPACING_MS = 1000;
