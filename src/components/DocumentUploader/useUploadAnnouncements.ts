'use client';
import { useEffect, useRef, useState } from 'react';
import { activeCount, type UploadItem, type UploadProgress } from '../../core';
import type { DocumentUploaderLabels } from '../../react/labels';

/** The longest file name, and reason or message, one announcement quotes; longer ones are cut with an ellipsis. */
const NAME_CHARS = 60;
const REASON_CHARS = 80;

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** A file that failed (`message`) or was rejected (`reason`), for {@link announceProblems}. */
export type AnnouncedProblem = { name: string } & ({ message: string } | { reason: string });

/**
 * One short sentence for the problems of one update (a live region must not read out a list): one file is named
 * with its reason or message (both cut short), several are counted (the list on screen says which and why).
 */
export function announceProblems(
  problems: readonly AnnouncedProblem[],
  labels: Pick<
    DocumentUploaderLabels,
    'announceError' | 'announceRejected' | 'announceErrorCount' | 'announceRejectedCount' | 'failedSummary'
  >,
): string {
  const [first] = problems;
  if (first === undefined) return '';
  if (problems.length === 1) {
    const name = clip(first.name, NAME_CHARS);
    return 'message' in first
      ? labels.announceError({ name, message: clip(first.message, REASON_CHARS) })
      : labels.announceRejected({ name, reason: clip(first.reason, REASON_CHARS) });
  }
  const failed = problems.filter((problem) => 'message' in problem).length;
  return failed === problems.length
    ? labels.announceErrorCount(failed)
    : failed === 0
      ? labels.announceRejectedCount(problems.length)
      : labels.failedSummary(problems.length);
}

/** The most file names one notice lists (the rest are counted). */
const NOTICE_NAMES = 3;

/** The sentence of {@link DocumentUploaderLabels.reselectNotice} for these files: a few names (cut short), and a count. */
export function reselectSentence(
  files: readonly { name: string }[],
  labels: Pick<DocumentUploaderLabels, 'reselectNotice'>,
): string {
  if (files.length === 0) return '';
  const names = files.slice(0, NOTICE_NAMES).map((file) => clip(file.name, NAME_CHARS));
  return labels.reselectNotice({ names, count: files.length });
}

/** What else the polite region tells, besides progress. */
export interface UploadNotices {
  /** `false` while the browser is offline (announced once when it goes offline). Defaults to `true`. */
  online?: boolean;
  /** Files to pick again after a reload (announced when they appear). Defaults to none. */
  needsReselect?: readonly { name: string }[];
  /** How many times image variants became ready (each rise is announced). Defaults to `0`. */
  variantsReady?: number;
}

/** What the live regions say now. */
export interface UploadAnnouncements {
  /** For the polite region: start, milestones, completion, going offline, files to pick again. */
  polite: string;
  /** For the assertive region: failures and rejections. */
  assertive: string;
}

/**
 * Screen-reader announcements for an upload: its start, milestones (25/50/75 %, never every percent), its
 * completion, going offline and files to pick again after a reload (polite), and failures and rejections (assertive): one short sentence per update, naming one file or
 * counting several (see {@link announceProblems}). Derived from the engine's snapshot, which changes at most once
 * per frame.
 */
export function useUploadAnnouncements(
  items: readonly UploadItem[],
  progress: UploadProgress,
  labels: DocumentUploaderLabels,
  notices: UploadNotices = {},
): UploadAnnouncements {
  const [said, setSaid] = useState<UploadAnnouncements>({ polite: '', assertive: '' });
  const memory = useRef({
    batchActive: false,
    milestone: 0,
    completeAtStart: 0,
    reported: new Set<string>(),
    offline: false,
    reselect: '',
    variants: 0,
  });

  const { counts } = progress;
  const active = activeCount(counts);
  const offline = notices.online === false;
  const reselect = reselectSentence(notices.needsReselect ?? [], labels);
  const variants = notices.variantsReady ?? 0;

  useEffect(() => {
    const m = memory.current;
    let polite: string | undefined;
    if (active > 0 && !m.batchActive) {
      m.batchActive = true;
      m.milestone = 0;
      m.completeAtStart = counts.complete;
      polite = labels.announceStart(active);
    } else if (active > 0) {
      // progress is announced at 25, 50 and 75 %
      const reached = Math.min(75, Math.floor(progress.percent / 25) * 25);
      if (reached > m.milestone) {
        m.milestone = reached;
        polite = labels.announceMilestone(reached);
      }
    } else if (m.batchActive) {
      m.batchActive = false;
      const stored = counts.complete - m.completeAtStart;
      if (stored > 0) polite = labels.announceComplete(stored);
    }
    // Going offline and files to pick again are said once each, when they happen, over progress news.
    if (offline && !m.offline) polite = labels.offlineNotice;
    m.offline = offline;
    if (reselect !== m.reselect && reselect !== '') polite = reselect;
    m.reselect = reselect;
    if (variants > m.variants) {
      m.variants = variants;
      polite ??= labels.announceVariantsReady;
    }

    const problems: AnnouncedProblem[] = [];
    for (const item of items) {
      if (item.status !== 'failed' && item.status !== 'rejected') continue;
      const key = `${item.id}:${item.status}:${item.attempt}`;
      if (m.reported.has(key)) continue;
      m.reported.add(key);
      problems.push(
        item.status === 'failed'
          ? { name: item.name, message: item.error === undefined ? '' : labels.errorMessage(item.error) }
          : { name: item.name, reason: item.rejection?.map(labels.rejectionReason).join(' ') ?? '' },
      );
    }
    if (polite !== undefined || problems.length > 0) {
      setSaid((previous) => ({
        polite: polite ?? previous.polite,
        assertive: problems.length > 0 ? announceProblems(problems, labels) : previous.assertive,
      }));
    }
  }, [items, active, counts.complete, progress.percent, labels, offline, reselect, variants]);

  return said;
}
