/** Aggregate progress: byte-weighted over the files still counted, with a smoothed rate and an ETA. */
import type { UploadItem, UploadProgress, UploadStatus } from './types';
import { countByStatus } from './status';

const EXCLUDED: ReadonlySet<UploadStatus> = new Set(['rejected', 'collected', 'failed', 'canceled']);
const STORED: ReadonlySet<UploadStatus> = new Set(['processing', 'complete']);
/** Rate samples closer together than this are merged (a burst of progress events is one sample). */
const MIN_SAMPLE_MS = 200;
/** Weight of the newest sample in the moving average. */
const SMOOTHING = 0.3;

/** A smoothed bytes-per-second meter fed with byte deltas. */
export interface RateMeter {
  /** Adds bytes handed to the network. */
  add(bytes: number): void;
  /** The smoothed rate at `now`; `active` false (nothing in flight) reads 0 and restarts the average. */
  read(now: number, active: boolean): number;
}

/** Creates a {@link RateMeter}. */
export function createRateMeter(): RateMeter {
  let bytes = 0;
  let sampleBytes = 0;
  let sampleTime: number | undefined;
  let rate = 0;
  return {
    add(delta) {
      if (delta > 0) bytes += delta;
    },
    read(now, active) {
      if (!active) {
        rate = 0;
        sampleTime = undefined;
        sampleBytes = bytes;
        return 0;
      }
      if (sampleTime === undefined) {
        sampleTime = now;
        sampleBytes = bytes;
        return rate;
      }
      const elapsed = now - sampleTime;
      if (elapsed >= MIN_SAMPLE_MS) {
        const instant = ((bytes - sampleBytes) * 1000) / elapsed;
        rate = rate === 0 ? instant : SMOOTHING * instant + (1 - SMOOTHING) * rate;
        sampleTime = now;
        sampleBytes = bytes;
      }
      return rate;
    },
  };
}

/**
 * Byte-weighted progress. Failed, canceled and rejected files are left out; a file whose bytes landed counts in
 * full. `percent` never reaches 100 before every counted file landed (100 % sent is not stored). `rate` reads the
 * smoothed rate, told whether any file is uploading or finalizing.
 */
export function computeProgress(
  items: readonly UploadItem[],
  rate: (sending: boolean) => number,
): UploadProgress {
  const counts = countByStatus(items);
  let loaded = 0;
  let total = 0;
  let counted = 0;
  let allStored = true;
  for (const item of items) {
    if (EXCLUDED.has(item.status)) continue;
    counted += 1;
    total += item.size;
    if (STORED.has(item.status)) loaded += item.size;
    else {
      allStored = false;
      if (item.status === 'uploading' || item.status === 'finalizing')
        loaded += Math.min(item.loaded, item.size);
    }
  }
  let percent = total === 0 ? (counted > 0 && allStored ? 100 : 0) : Math.floor((loaded * 100) / total);
  if (!allStored) percent = Math.min(percent, 99);
  const left = total - loaded;
  const bytesPerSecond = Math.round(rate(counts.uploading + counts.finalizing > 0));
  return {
    loaded,
    total,
    percent,
    bytesPerSecond,
    etaSeconds:
      bytesPerSecond > 0 && !allStored
        ? Math.ceil(left / bytesPerSecond)
        : allStored && counted > 0
          ? 0
          : undefined,
    counts,
  };
}
