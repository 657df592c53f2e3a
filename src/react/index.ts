/**
 * The React layer: `<DocumentsProvider>` and hooks on TanStack Query, thin bindings over `../core`. No components
 * here (those live in `src/components`).
 */
export { DocumentsProvider } from './DocumentsProvider';
export type {
  DocumentsProviderProps,
  DocumentsProviderCommonProps,
  DocumentsProviderConnectionProps,
  DocumentsProviderClientProps,
} from './DocumentsProvider';
export { useDocumentsClient, useLocale } from './DocumentsContext';
export type { DocumentsContextValue } from './DocumentsContext';
export { useDocuments } from './useDocuments';
export type { UseDocumentsOptions } from './useDocuments';
export { useDocument } from './useDocument';
export { useDocumentUpload } from './useDocumentUpload';
export type { UseDocumentUploadOptions, UseDocumentUploadResult } from './useDocumentUpload';
export type { ReselectFile, UploadEngineOptions } from './uploaderBinding';
export { useArchiveDocument } from './useArchiveDocument';
export type {
  ArchiveDocumentContext,
  ArchiveDocumentVariables,
  UseArchiveDocumentResult,
} from './useArchiveDocument';
export { useRefreshDocumentUrls } from './useRefreshDocumentUrls';
export type { RefreshDocumentUrls } from './useRefreshDocumentUrls';
export { useViewUrl } from './useViewUrl';
export type { UseViewUrlOptions, UseViewUrlResult } from './useViewUrl';
export { useDocumentsLabels } from './useDocumentsLabels';
export { defaultLabels, mergeLabels, uploaderLabels } from './labels';
export type {
  DocumentsLabels,
  DocumentsLabelsOverrides,
  DocumentUploaderLabelKey,
  DocumentUploaderLabels,
  DropzoneLabelKey,
  DropzoneLabels,
  GalleryLabelKey,
  GalleryLabels,
  PreviewLabelKey,
  PreviewLabels,
  ThumbnailLabelKey,
  ThumbnailLabels,
  UploaderLabelKey,
  UploaderLabels,
  UploadListLabelKey,
  UploadListLabels,
  ViewerLabelKey,
} from './labels';
export { documentKeys, normaliseListQuery, DOCUMENTS_QUERY_ROOT } from './documentKeys';
export type {
  DocumentsScope,
  DocumentListKeyQuery,
  DocumentListKey,
  DocumentDetailKey,
} from './documentKeys';
export { documentsQueryOptions, documentQueryOptions, DOCUMENTS_QUERY_META } from './documentsQueryOptions';
export type { DocumentsQueryConfig } from './documentsQueryOptions';
export { refreshDocumentUrls, writeDocuments } from './refreshDocumentUrls';
export type { RefreshDocumentUrlsOptions } from './refreshDocumentUrls';
export {
  shouldDehydrateMutation,
  shouldDehydrateQuery,
  shouldRetryDocumentsQuery,
} from './shouldDehydrateQuery';
export {
  msUntilRefresh,
  refreshAt,
  refreshMargin,
  earliestExpiry,
  resolveFreshness,
  DEFAULT_FRESHNESS,
} from './freshness';
export type { FreshnessOptions, ResolvedFreshnessOptions } from './freshness';
