/** The English catalogue: the upload side's defaults on their own, and every default. */
import type { DocumentsLabels } from './labels';
import type { UploaderLabels } from './labelGroups';

/**
 * English defaults of the upload side. Kept apart from the gallery's so that a form with an uploader does not
 * carry the gallery's strings.
 */
export const uploaderLabels: UploaderLabels = /* @__PURE__ */ Object.freeze({
  dropzonePrompt: 'Drag files here',
  dropzoneActivePrompt: 'Drop the files to upload them',
  dropzoneTouchPrompt: 'Choose files to upload',
  browseButton: 'Choose files',
  dropzoneHint: ({ extensions, maxSize }) =>
    `Accepted: ${extensions.join(', ')}${maxSize === undefined ? '' : ` · up to ${maxSize} each`}`,
  status: Object.freeze({
    collected: 'Ready to upload',
    queued: 'Queued',
    waiting: 'Waiting for connection',
    initializing: 'Preparing',
    uploading: 'Uploading',
    finalizing: 'Finalizing',
    processing: 'Processing',
    complete: 'Complete',
    failed: 'Failed',
    canceled: 'Canceled',
    rejected: 'Rejected',
  }),
  progressPercent: (percent) => `${percent}%`,
  progressLabel: (name) => `Upload progress of ${name}`,
  waitingFor: (name) => `Waiting for ${name}`,
  overallProgress: ({ complete, total }) => `${complete} of ${total} files uploaded`,
  retry: (name) => `Retry ${name}`,
  cancel: (name) => `Cancel ${name}`,
  remove: (name) => `Remove ${name}`,
  retryAll: 'Retry failed',
  cancelAll: 'Cancel all',
  clearAll: 'Clear list',
  announceStart: (count) => `Uploading ${count} ${count === 1 ? 'file' : 'files'}`,
  announceMilestone: (percent) => `${percent}% uploaded`,
  announceComplete: (count) => `${count} ${count === 1 ? 'file' : 'files'} uploaded`,
  announceError: ({ name, message }) => `${name} failed: ${message}`,
  announceRejected: ({ name, reason }) => `${name} was not added: ${reason}`,
  announceErrorCount: (count) => `${count} ${count === 1 ? 'file' : 'files'} failed: see the list.`,
  announceRejectedCount: (count) =>
    `${count} ${count === 1 ? 'file was' : 'files were'} not added: see the list.`,
  announceVariantsReady: 'Previews are ready',
  rejectionReason: (reason) => reason.message,
  errorMessage: (error) => error.message,
  requiredMessage: 'Add at least one document.',
  stillUploadingMessage: 'Wait until the uploads have finished.',
  failedSummary: (count) => `${count} ${count === 1 ? 'file needs' : 'files need'} attention.`,
  showFirstFailed: 'Show',
  retryButton: 'Retry',
  cancelButton: 'Cancel',
  removeButton: 'Remove',
  offlineNotice: 'Offline: uploads resume when the connection returns.',
  reselectNotice: ({ names, count }) =>
    `${count === 1 ? 'This file was' : 'These files were'} not uploaded before the page reloaded; choose ${
      count === 1 ? 'it' : 'them'
    } again: ${names.join(', ')}${count > names.length ? ` and ${count - names.length} more` : ''}.`,
  dismiss: 'Dismiss',
  documentStatus: Object.freeze({ pending: 'Pending review', approved: 'Approved', rejected: 'Rejected' }),
  storedLoading: 'Loading…',
  storedNotFound: 'This document was not found: it may have been deleted, or belong to another account.',
  storedError: 'This document could not be loaded.',
  storedName: (id) => `Document ${id}`,
  moreFiles: (count) => `Show ${count} more ${count === 1 ? 'file' : 'files'}`,
  moveUp: (name) => `Move ${name} up`,
  moveDown: (name) => `Move ${name} down`,
  uploadCollected: (count) => `Upload ${count} ${count === 1 ? 'file' : 'files'}`,
  collectedList: (count) => `${count} ${count === 1 ? 'file' : 'files'} to upload`,
  collectedMessage: 'Upload the files you added, or remove them.',
} satisfies UploaderLabels);

/** English defaults of {@link DocumentsLabels}. */
export const defaultLabels: DocumentsLabels = /* @__PURE__ */ (() =>
  Object.freeze({
    ...uploaderLabels,
    galleryEmpty: 'No documents yet',
    galleryLoading: 'Loading documents…',
    galleryError: 'The documents could not be loaded.',
    galleryRetry: 'Try again',
    archive: (name) => `Archive ${name}`,
    archiveConfirm: (name) => `Archive ${name}? It will move to the archived documents.`,
    archiveConfirmButton: 'Archive',
    archiveCancelButton: 'Keep',
    archiveError: (name) => `${name} could not be archived.`,
    thumbnailAlt: (name) => name,
    noPreview: 'No preview available',
    imageLoading: 'Loading…',
    imageError: 'This file could not be displayed.',
    previewPrevious: 'Previous',
    previewNext: 'Next',
    previewClose: 'Close',
    previewDownload: 'Download',
    previewPosition: ({ index, total }) => `${index} of ${total}`,
    // --- preview / viewer (issue 16) ---
    previewPreviousFile: 'Previous file',
    previewNextFile: 'Next file',
    previewFilePosition: ({ index, total }) => `File ${index} of ${total}`,
    previewFiles: 'Files of this document',
    previewPdfTitle: (name) => `${name} (PDF)`,
    previewDownloading: 'Downloading…',
    previewDownloadError: (name) => `${name} could not be downloaded. Try again.`,
    galleryTitle: 'Documents',
    showArchived: 'Archived',
    galleryArchivedEmpty: 'No archived documents',
    sortNewestFirst: 'Newest first',
    sortOldestFirst: 'Oldest first',
    // (documentStatus: the upload side's, above)
    documentType: (type) => {
      const words = type
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/[_-]+/g, ' ')
        .trim()
        .toLowerCase();
      return words.charAt(0).toUpperCase() + words.slice(1);
    },
  } satisfies DocumentsLabels))();
