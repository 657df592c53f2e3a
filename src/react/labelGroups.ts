/**
 * Which keys of the label catalogue each component shows. `DocumentsLabels` stays one flat catalogue (the `labels`
 * prop and the provider take any subset of it); these groups say which of its keys matter where, and type what each
 * component receives. A key may be in several groups (`rejectionReason`: the drop zone and the list).
 * test/components/labelGroups.test.ts checks that every key is in a group and that the groups together are
 * `DocumentsLabels`.
 */
import type { DocumentsLabels } from './labels';

/** Keys of the drop zone (`Dropzone`): its prompts, hint, browse button and what it says about refused files. */
export type DropzoneLabelKey =
  | 'dropzonePrompt'
  | 'dropzoneActivePrompt'
  | 'dropzoneTouchPrompt'
  | 'browseButton'
  | 'dropzoneHint'
  // what it announces about files it refused (announceProblems)
  | 'announceRejected'
  | 'announceRejectedCount'
  | 'announceError'
  | 'announceErrorCount'
  | 'failedSummary'
  | 'rejectionReason';

/** Keys of the upload list (`UploadList`: its rows, held-document rows, bulk actions and summary line). */
export type UploadListLabelKey =
  | 'status'
  | 'progressPercent'
  | 'progressLabel'
  | 'waitingFor'
  | 'overallProgress'
  | 'retry'
  | 'cancel'
  | 'remove'
  | 'retryButton'
  | 'cancelButton'
  | 'removeButton'
  | 'retryAll'
  | 'cancelAll'
  | 'clearAll'
  | 'rejectionReason'
  | 'errorMessage'
  | 'documentStatus'
  | 'storedLoading'
  | 'storedNotFound'
  | 'storedError'
  | 'storedName'
  | 'moreFiles';

/**
 * Keys the form field adds around its drop zone and list (`DocumentUploader`): announcements, validation messages,
 * notices, the failed summary and collect-then-upload.
 */
export type DocumentUploaderLabelKey =
  | 'announceStart'
  | 'announceMilestone'
  | 'announceComplete'
  | 'announceError'
  | 'announceRejected'
  | 'announceErrorCount'
  | 'announceRejectedCount'
  | 'announceVariantsReady'
  | 'rejectionReason'
  | 'errorMessage'
  | 'remove'
  | 'requiredMessage'
  | 'stillUploadingMessage'
  | 'failedSummary'
  | 'showFirstFailed'
  | 'offlineNotice'
  | 'reselectNotice'
  | 'dismiss'
  | 'moveUp'
  | 'moveDown'
  | 'uploadCollected'
  | 'collectedList'
  | 'collectedMessage';

/** Keys of a thumbnail tile and its image (`ThumbnailGrid`, `ThumbnailImage`). */
export type ThumbnailLabelKey = 'thumbnailAlt' | 'noPreview';

/** Keys of the preview dialog (`DocumentPreview`: paging, PDF frame, download, image states). */
export type PreviewLabelKey =
  | 'previewPrevious'
  | 'previewNext'
  | 'previewClose'
  | 'previewDownload'
  | 'previewPosition'
  | 'previewPreviousFile'
  | 'previewNextFile'
  | 'previewFilePosition'
  | 'previewFiles'
  | 'previewPdfTitle'
  | 'previewDownloading'
  | 'previewDownloadError'
  // the image it shows is a ThumbnailImage: named with thumbnailAlt
  | 'thumbnailAlt'
  | 'noPreview'
  | 'imageLoading'
  | 'imageError';

/** Keys of the gallery itself (`DocumentGallery`: list states, archive, sort, badges); it shows the grid and the preview too. */
export type GalleryLabelKey =
  | 'galleryTitle'
  | 'galleryEmpty'
  | 'galleryLoading'
  | 'galleryError'
  | 'galleryRetry'
  | 'galleryArchivedEmpty'
  | 'showArchived'
  | 'sortNewestFirst'
  | 'sortOldestFirst'
  | 'archive'
  | 'archiveConfirm'
  | 'archiveConfirmButton'
  | 'archiveCancelButton'
  | 'archiveError'
  | 'documentStatus'
  | 'documentType'
  | 'imageLoading'
  | 'imageError';

/** The drop zone's labels. */
export type DropzoneLabels = Pick<DocumentsLabels, DropzoneLabelKey>;
/** The upload list's labels. */
export type UploadListLabels = Pick<DocumentsLabels, UploadListLabelKey>;
/** The form field's own labels (besides its drop zone's and list's). */
export type DocumentUploaderLabels = Pick<DocumentsLabels, DocumentUploaderLabelKey>;
/** A thumbnail's labels. */
export type ThumbnailLabels = Pick<DocumentsLabels, ThumbnailLabelKey>;
/** The preview dialog's labels. */
export type PreviewLabels = Pick<DocumentsLabels, PreviewLabelKey>;
/** The gallery's own labels (besides its grid's and preview's). */
export type GalleryLabels = Pick<DocumentsLabels, GalleryLabelKey>;

/** The labels the upload side shows: the drop zone, the upload list and the form field around them. */
export type UploaderLabelKey = DropzoneLabelKey | UploadListLabelKey | DocumentUploaderLabelKey;

/** Every key the viewer side shows: the gallery, its thumbnails and its preview. */
export type ViewerLabelKey = GalleryLabelKey | ThumbnailLabelKey | PreviewLabelKey;

/** The labels of the upload side: what an uploader needs, without the gallery's. */
export type UploaderLabels = Pick<DocumentsLabels, UploaderLabelKey>;
