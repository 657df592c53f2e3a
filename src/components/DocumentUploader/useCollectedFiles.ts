'use client';
/**
 * Collect, then upload (`autoUpload={false}`): files wait in a list until Upload, in the order the user gives them.
 * The list is judged with the engine's own function, rules and counts whenever it changes, so a refused file says
 * why before anything is sent; the engine judges again when they are sent.
 */
import { useRef, useState } from 'react';
import { validateFiles, type FileRules, type UploadItem } from '../../core';
import type { CollectedFile } from './CollectedList';

const EMPTY_COLLECTED: readonly CollectedFile[] = [];

/** What {@link useCollectedFiles} needs from the field. */
export interface CollectedFilesOptions {
  /** The engine's items (counted toward `maxFiles` as the engine counts them). */
  items: readonly UploadItem[];
  /** `maxFiles={1}`: a stored upload makes way, so it does not count. */
  replace: boolean;
  rules: FileRules;
  /** Hands the accepted files to the engine, in order. */
  send: (files: readonly File[]) => void;
  /** After Upload (e.g. to move focus back to the drop zone). */
  onUploaded: () => void;
}

export function useCollectedFiles({ items, replace, rules, send, onUploaded }: CollectedFilesOptions) {
  const [collected, setCollected] = useState<readonly CollectedFile[]>(EMPTY_COLLECTED);
  const collectSeq = useRef(0);
  const judged = (entries: readonly Pick<CollectedFile, 'key' | 'file'>[]): CollectedFile[] => {
    const counted = items.filter(
      (i) => i.status !== 'rejected' && i.status !== 'canceled' && !(replace && i.status === 'complete'),
    ).length;
    const { rejected } = validateFiles(
      entries.map((e) => e.file),
      rules,
      { alreadyAccepted: counted },
    );
    const refused = new Map(rejected.map((r) => [r.file, r.errors]));
    return entries.map(({ key, file }) => ({ key, file, rejection: refused.get(file) }));
  };
  const collect = (files: readonly File[]) => {
    setCollected(
      judged([
        ...collected,
        ...files.map((file) => {
          collectSeq.current += 1;
          return { key: `c${collectSeq.current}`, file };
        }),
      ]),
    );
  };
  const uploadCollected = () => {
    send(collected.filter((c) => c.rejection === undefined).map((c) => c.file));
    setCollected(EMPTY_COLLECTED);
    onUploaded();
  };
  const moveCollected = (key: string, by: -1 | 1) => {
    const from = collected.findIndex((c) => c.key === key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= collected.length) return;
    const next = collected.filter((c) => c.key !== key);
    next.splice(to, 0, ...collected.slice(from, from + 1));
    setCollected(judged(next));
  };
  const removeCollected = (key: string) => {
    setCollected(judged(collected.filter((c) => c.key !== key)));
  };
  const pendingCollected = collected.some((c) => c.rejection === undefined);
  return { collected, collect, uploadCollected, moveCollected, removeCollected, pendingCollected };
}
