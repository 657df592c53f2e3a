'use client';
import { useEffect, useRef, useState } from 'react';
import type { UploadItem, UploadProgress } from '../../core';
import type { UploaderLabels } from '../../react';

const MILESTONES = [25, 50, 75] as const;

/** What the live regions say now. */
export interface UploadAnnouncements {
  /** For the polite region: start, milestones, completion. */
  polite: string;
  /** For the assertive region: failures and rejections. */
  assertive: string;
}

/**
 * Screen-reader announcements for an upload: its start, milestones (25/50/75 %, never every percent), its
 * completion (polite), and each failure or rejection (assertive). Derived from the engine's snapshot, which
 * changes at most once per frame.
 */
export function useUploadAnnouncements(
  items: readonly UploadItem[],
  progress: UploadProgress,
  labels: UploaderLabels,
): UploadAnnouncements {
  const [said, setSaid] = useState<UploadAnnouncements>({ polite: '', assertive: '' });
  const memory = useRef({
    batchActive: false,
    milestone: 0,
    completeAtStart: 0,
    reported: new Set<string>(),
  });

  const { counts } = progress;
  const active =
    counts.queued + counts.initializing + counts.uploading + counts.finalizing + counts.processing;

  useEffect(() => {
    const m = memory.current;
    let polite: string | undefined;
    if (active > 0 && !m.batchActive) {
      m.batchActive = true;
      m.milestone = 0;
      m.completeAtStart = counts.complete;
      polite = labels.announceStart(active);
    } else if (active > 0) {
      const reached = MILESTONES.filter((p) => progress.percent >= p).at(-1) ?? 0;
      if (reached > m.milestone) {
        m.milestone = reached;
        polite = labels.announceMilestone(reached);
      }
    } else if (m.batchActive) {
      m.batchActive = false;
      const stored = counts.complete - m.completeAtStart;
      if (stored > 0) polite = labels.announceComplete(stored);
    }

    const problems: string[] = [];
    for (const item of items) {
      const key = `${item.id}:${item.status}:${item.attempt}`;
      if ((item.status !== 'failed' && item.status !== 'rejected') || m.reported.has(key)) continue;
      m.reported.add(key);
      problems.push(
        item.status === 'failed'
          ? labels.announceError({ name: item.name, message: item.error?.message ?? '' })
          : labels.announceRejected({
              name: item.name,
              reason: item.rejection?.map((r) => r.message).join(' ') ?? '',
            }),
      );
    }
    if (polite !== undefined || problems.length > 0) {
      setSaid((previous) => ({
        polite: polite ?? previous.polite,
        assertive: problems.length > 0 ? problems.join(' ') : previous.assertive,
      }));
    }
  }, [items, active, counts.complete, progress.percent, labels]);

  return said;
}
