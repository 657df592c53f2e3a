/**
 * Recovery state (docs/decisions/0003, decision 12): in-flight job ids and, per file, its name, size, job id, whether its bytes
 * landed and its status. Never URLs, never tokens. Stored as one JSON record under one key.
 *
 * The default storage is `sessionStorage`, looked up lazily inside try/catch (never at import time: SSR, Node,
 * sandboxed iframes and privacy modes throw or lack it); where it is unavailable, nothing is kept.
 */
import type { UploadPersistence, UploadStatus } from './types';
import { UPLOAD_STATUSES } from './status';

/** One file as kept for recovery. */
export interface PersistedFile {
  name: string;
  size: number;
  /** The job the file belongs to, or `null` before init. */
  jobId: string | null;
  /** Whether its bytes reached storage (PUT answered 2xx). */
  landed: boolean;
  status: UploadStatus;
}

/** Reads and writes the recovery record. Every storage error is swallowed: recovery is best effort. */
export interface PersistenceStore {
  read(): PersistedFile[];
  write(files: readonly PersistedFile[]): void;
  clear(): void;
  /** Moves the record to another key (the uploader's type changed), so that a reload finds it there. */
  rekey(key: string): void;
}

const VERSION = 1;

/** `globalThis.sessionStorage` when it exists and works, else `undefined`. Never throws. */
export function defaultPersistence(): UploadPersistence | undefined {
  try {
    const storage = (globalThis as { sessionStorage?: UploadPersistence }).sessionStorage;
    if (!storage) return undefined;
    // Touch it: Safari private mode and sandboxed frames throw on access, not on lookup.
    storage.getItem('lrd:probe');
    return storage;
  } catch {
    return undefined;
  }
}

function isPersistedFile(value: unknown): value is PersistedFile {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.size === 'number' &&
    (v.jobId === null || typeof v.jobId === 'string') &&
    typeof v.landed === 'boolean' &&
    typeof v.status === 'string' &&
    (UPLOAD_STATUSES as readonly string[]).includes(v.status)
  );
}

/** Creates the store over `persistence` (`undefined`: the default storage, resolved on first use; `false`: none). */
export function createPersistenceStore(
  persistence: UploadPersistence | false | undefined,
  initialKey: string,
): PersistenceStore {
  let key = initialKey;
  let storage: UploadPersistence | undefined | null = persistence === false ? null : persistence;
  const get = (): UploadPersistence | undefined => {
    if (storage === null) return undefined;
    storage ??= defaultPersistence() ?? null;
    return storage ?? undefined;
  };
  return {
    read() {
      try {
        const text = get()?.getItem(key);
        if (!text) return [];
        // Not a record of ours (`null`, a number, a string, another version): nothing to recover.
        const record = JSON.parse(text) as { version?: unknown; files?: unknown } | null;
        if (record?.version !== VERSION || !Array.isArray(record.files)) return [];
        return record.files.filter(isPersistedFile).map((f) => ({
          name: f.name,
          size: f.size,
          jobId: f.jobId,
          landed: f.landed,
          status: f.status,
        }));
      } catch {
        return [];
      }
    },
    write(files) {
      try {
        const target = get();
        if (!target) return;
        if (files.length === 0) target.removeItem(key);
        else target.setItem(key, JSON.stringify({ version: VERSION, files }));
      } catch {
        // Quota or access errors: recovery is best effort.
      }
    },
    clear() {
      try {
        get()?.removeItem(key);
      } catch {
        // ignore
      }
    },
    rekey(next) {
      if (next === key) return;
      try {
        const target = get();
        const text = target?.getItem(key);
        target?.removeItem(key);
        if (text !== null && text !== undefined) target?.setItem(next, text);
      } catch {
        // Recovery is best effort.
      }
      key = next;
    },
  };
}
