/** The components. Presentational ones (Dropzone, UploadList, ThumbnailGrid, DocumentPreview) take props and call
 * back; DocumentUploader and DocumentGallery bind them to the hooks. Styles: `react-lightreach-documents/styles.css`. */
export { Dropzone } from './Dropzone/Dropzone';
export type { DropzoneProps, DropzoneHandle, DropzoneState, DropzoneRenderState } from './Dropzone/Dropzone';
export { UploadList, UploadListItem, FileIcon } from './UploadList/UploadList';
export type { UploadListProps, UploadListItemProps, UploadAction } from './UploadList/UploadList';
export { DocumentUploader } from './DocumentUploader/DocumentUploader';
export type { DocumentUploaderProps, DocumentUploaderHandle } from './DocumentUploader/DocumentUploader';
export { useUploadAnnouncements } from './DocumentUploader/useUploadAnnouncements';
export type { UploadAnnouncements, UploadNotices } from './DocumentUploader/useUploadAnnouncements';
export { DocumentGallery } from './DocumentGallery/DocumentGallery';
export type { DocumentGalleryProps } from './DocumentGallery/DocumentGallery';
export { ThumbnailGrid, ThumbnailImage, useObjectUrl } from './ThumbnailGrid/ThumbnailGrid';
export type {
  ThumbnailGridProps,
  ThumbnailGridItem,
  ThumbnailImageProps,
  RenderThumbnailImage,
} from './ThumbnailGrid/ThumbnailGrid';
export { DocumentPreview } from './DocumentPreview/DocumentPreview';
export type { DocumentPreviewProps } from './DocumentPreview/DocumentPreview';
export { formatFileSize, formatDate, formatRate, formatSeconds } from './shared/format';
export { pickViewUrl, isImageFile } from './shared/viewUrls';
