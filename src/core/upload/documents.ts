/** Matching the documents of a job to the files that made them. */
import type { Document } from '../api/schemas';

/** A file of a job, in request order. */
export interface JobFile {
  id: string;
  name: string;
}

/**
 * The document ids of each file. One document for several files (a grouped job): every file gets it. Otherwise
 * (split): by `originalName` first (each document used once), then by position for whatever is left.
 */
export function matchDocuments(
  files: readonly JobFile[],
  documents: readonly Document[],
): Map<string, string[]> {
  // No documents: every file gets none (through the loops below).
  const out = new Map<string, string[]>();
  if (documents.length === 1) {
    for (const file of files)
      out.set(
        file.id,
        documents.map((doc) => doc.id),
      );
    return out;
  }
  const unused = new Set(documents.keys());
  const unmatched: JobFile[] = [];
  for (const file of files) {
    const index = documents.findIndex(
      (doc, i) => unused.has(i) && doc.files.some((f) => f.originalName === file.name),
    );
    const doc = documents[index];
    if (doc) {
      unused.delete(index);
      out.set(file.id, [doc.id]);
    } else unmatched.push(file);
  }
  const left = [...unused];
  unmatched.forEach((file, i) => {
    const doc = documents[left[i] ?? -1];
    out.set(file.id, doc ? [doc.id] : []);
  });
  return out;
}

/** `current` with every document of `updates` replaced by id (new ids appended). */
export function mergeDocuments(current: readonly Document[], updates: readonly Document[]): Document[] {
  const byId = new Map(updates.map((doc) => [doc.id, doc]));
  const out = current.map((doc) => {
    const next = byId.get(doc.id);
    if (!next) return doc;
    byId.delete(doc.id);
    return next;
  });
  return [...out, ...byId.values()];
}
