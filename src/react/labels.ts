/**
 * The text catalogue of the hooks and components: every visible string and screen-reader announcement, in
 * English by default. Pass a `Partial<DocumentsLabels>` to `<DocumentsProvider labels>` (or to a component) to
 * translate or reword; functions take the values they interpolate.
 */
import type { DocumentStatus, FileRejectionReason, UploadError, UploadStatus } from '../core';

/** Every string the components show or announce. Functions receive what they interpolate. */
export interface DocumentsLabels {
  /** The drop zone's prompt. */
  dropzonePrompt: string;
  /** The drop zone's prompt while files are dragged over it. */
  dropzoneActivePrompt: string;
  /** The drop zone's accessible name on touch screens, where files are not dragged. */
  dropzoneTouchPrompt: string;
  /** The button that opens the file picker. */
  browseButton: string;
  /** The hint under the prompt: allowed extensions and the size limit (formatted). */
  dropzoneHint: (info: { extensions: readonly string[]; maxSize: string | undefined }) => string;
  /** A file's status, as shown next to it. */
  status: Readonly<Record<UploadStatus, string>>;
  /** Progress of one file, e.g. `45%`. */
  progressPercent: (percent: number) => string;
  /** Accessible name of a file's progress bar. */
  progressLabel: (name: string) => string;
  /** Status of a stored file whose grouped document waits for a file that failed, e.g. `Waiting for a.pdf`. */
  waitingFor: (name: string) => string;
  /** Aggregate progress, e.g. `2 of 5 files uploaded`. */
  overallProgress: (info: { complete: number; total: number; percent: number }) => string;
  /** The retry button of one file. */
  retry: (name: string) => string;
  /** The cancel button of one file. */
  cancel: (name: string) => string;
  /** The remove button of one file. */
  remove: (name: string) => string;
  /** Retry every failed file. */
  retryAll: string;
  /** Cancel every file in flight. */
  cancelAll: string;
  /** Empty the upload list. */
  clearAll: string;
  /** Announced when files start uploading. */
  announceStart: (count: number) => string;
  /** Announced at progress milestones (25 %, 50 %, 75 %). */
  announceMilestone: (percent: number) => string;
  /** Announced when every file is stored. */
  announceComplete: (count: number) => string;
  /** Announced when a file fails. */
  announceError: (info: { name: string; message: string }) => string;
  /** Announced when a file is rejected before upload. */
  announceRejected: (info: { name: string; reason: string }) => string;
  /** Announced instead when several files fail at once (the list shows which and why). */
  announceErrorCount: (count: number) => string;
  /** Announced instead when several files are rejected at once (the list shows which and why). */
  announceRejectedCount: (count: number) => string;
  /** Announced when image variants (thumbnails, previews) are ready. */
  announceVariantsReady: string;
  /**
   * Why a file was refused, from its `code` and `params` (the allowed extensions, the size limit in bytes, the most
   * files). Defaults to the engine's English `message`.
   */
  rejectionReason: (reason: FileRejectionReason) => string;
  /**
   * What went wrong with a file, from the error's `code` and fields (`status`, `retryAfterMs`, `reason`). Defaults to
   * the error's English `message` (the server's own text, when it sent one, is in it).
   */
  errorMessage: (error: UploadError) => string;
  /** The gallery with no documents. */
  galleryEmpty: string;
  /** The gallery while documents load. */
  galleryLoading: string;
  /** The gallery when documents could not be loaded. */
  galleryError: string;
  /** Reload after a gallery error. */
  galleryRetry: string;
  /** The archive action of one document. */
  archive: (name: string) => string;
  /** Confirmation before archiving. */
  archiveConfirm: (name: string) => string;
  /** Confirm button of the archive confirmation. */
  archiveConfirmButton: string;
  /** Cancel button of the archive confirmation. */
  archiveCancelButton: string;
  /** Shown when archiving failed (the document is back in the list). */
  archiveError: (name: string) => string;
  /** Accessible name of a thumbnail. */
  thumbnailAlt: (name: string) => string;
  /** Shown when a file has no image rendition. */
  noPreview: string;
  /** Shown while a view URL is being refreshed or fetched. */
  imageLoading: string;
  /** Shown when a file could not be displayed. */
  imageError: string;
  /** Previous file in the preview. */
  previewPrevious: string;
  /** Next file in the preview. */
  previewNext: string;
  /** Close the preview. */
  previewClose: string;
  /** Download the file shown in the preview. */
  previewDownload: string;
  /** Position in the preview, e.g. `2 of 5`. */
  previewPosition: (info: { index: number; total: number }) => string;
  // --- preview / viewer (issue 16) ---
  /** Previous file of a document with several files (a grouped document), in the preview. */
  previewPreviousFile: string;
  /** Next file of a document with several files, in the preview. */
  previewNextFile: string;
  /** Position among the files of one document, e.g. `File 2 of 3`. */
  previewFilePosition: (info: { index: number; total: number }) => string;
  /** Accessible name of the group of file paging controls. */
  previewFiles: string;
  /** Title of the frame that shows a PDF inline. */
  previewPdfTitle: (name: string) => string;
  /** The download button while a sensitive file is being fetched. */
  previewDownloading: string;
  /** Shown when a download failed (never the URL). */
  previewDownloadError: (name: string) => string;
  /** Title of the document gallery. */
  galleryTitle: string;
  /** The gallery's archived toggle (pressed: archived documents are shown). */
  showArchived: string;
  /** The gallery showing archived documents, none there. */
  galleryArchivedEmpty: string;
  /** The sort toggle while newest documents come first. */
  sortNewestFirst: string;
  /** The sort toggle while oldest documents come first. */
  sortOldestFirst: string;
  /** A document's review status as a badge. */
  documentStatus: Readonly<Record<DocumentStatus, string>>;
  /** A document type's display name (the API's type names are identifiers like `utilityBill`). */
  documentType: (type: string) => string;
  /** Form validation message: a required uploader without documents. */
  requiredMessage: string;
  /** Form validation message: uploads still running. */
  stillUploadingMessage: string;
  /** Summary when files failed or were rejected, e.g. `2 files need attention`. */
  failedSummary: (count: number) => string;
  /** Moves focus to the first failed file. */
  showFirstFailed: string;
  /** Visible text of a file's retry button (its accessible name is {@link DocumentsLabels.retry}). */
  retryButton: string;
  /** Visible text of a file's cancel button (its accessible name is {@link DocumentsLabels.cancel}). */
  cancelButton: string;
  /** Visible text of a file's remove button (its accessible name is {@link DocumentsLabels.remove}). */
  removeButton: string;
  /** Shown (and announced politely) while the browser is offline. */
  offlineNotice: string;
  /**
   * Shown (and announced politely) after a reload interrupted files before their bytes landed: the user must pick
   * them again. `names` are the first few, `count` is how many in all.
   */
  reselectNotice: (info: { names: readonly string[]; count: number }) => string;
  /** Hides a notice, e.g. {@link DocumentsLabels.reselectNotice}. */
  dismiss: string;
  // The form field's own rows and actions (DocumentUploader, UploadList).
  /** A stored document of the field while it is read. */
  storedLoading: string;
  /** A stored document that does not exist, or is another account's (the API answers 404 for both). */
  storedNotFound: string;
  /** A stored document that could not be read for another reason. */
  storedError: string;
  /** The name of a stored document before it is read (or when it cannot be), e.g. `Document doc_1`. */
  storedName: (id: string) => string;
  /** Under a long upload list, renders the rows not shown yet, e.g. `Show 950 more files`. */
  moreFiles: (count: number) => string;
  /** Moves a collected file one place up (earlier page), e.g. `Move page-2.jpg up`. */
  moveUp: (name: string) => string;
  /** Moves a collected file one place down (later page). */
  moveDown: (name: string) => string;
  /** Uploads the collected files (`autoUpload={false}`), e.g. `Upload 3 files`. */
  uploadCollected: (count: number) => string;
  /** Accessible name of the list of collected files, e.g. `3 files to upload`. */
  collectedList: (count: number) => string;
  /** Form validation message: files added but not uploaded yet (`autoUpload={false}`). */
  collectedMessage: string;
}

export * from './labelGroups';
export { defaultLabels, uploaderLabels } from './englishLabels';

/** Overrides of {@link DocumentsLabels}: any subset, with `status` overridable per status. */
export type DocumentsLabelsOverrides = Partial<Omit<DocumentsLabels, 'status' | 'documentStatus'>> & {
  status?: Partial<Record<UploadStatus, string>>;
  documentStatus?: Partial<Record<DocumentStatus, string>>;
};

/**
 * Merges label overrides over a base catalogue. `status` is merged per key so one status can be renamed alone.
 */
export function mergeLabels<L extends Partial<DocumentsLabels> | DocumentsLabelsOverrides>(
  base: L,
  ...overrides: (DocumentsLabelsOverrides | undefined)[]
): L {
  let out: Partial<DocumentsLabels> | DocumentsLabelsOverrides = base;
  for (const override of overrides) {
    if (override === undefined) continue;
    out = {
      ...out,
      ...override,
      status: { ...out.status, ...override.status },
      documentStatus: { ...out.documentStatus, ...override.documentStatus },
    };
  }
  return out as L;
}
