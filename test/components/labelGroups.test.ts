/**
 * The label keys grouped per component (src/react/labels.ts): every key of the flat catalogue is in a group, the
 * groups together are the catalogue, and the upload side's English defaults are exactly its groups (no gallery
 * label in a form with an uploader). The components are typed with their group, so the compiler checks what each
 * one shows; these checks are on the types (`npm run typecheck`) and on `uploaderLabels`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultLabels, uploaderLabels, type DocumentsLabels } from '../../src';
import type {
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
  UploadListLabelKey,
  UploadListLabels,
  ViewerLabelKey,
} from '../../src/react/labels';

describe('label keys per component', () => {
  it('puts every key of the catalogue in a group, and the groups together are the catalogue', () => {
    expectTypeOf<Exclude<keyof DocumentsLabels, UploaderLabelKey | ViewerLabelKey>>().toEqualTypeOf<never>();
    type Together = DropzoneLabels &
      UploadListLabels &
      DocumentUploaderLabels &
      ThumbnailLabels &
      PreviewLabels &
      GalleryLabels;
    expectTypeOf<Together>().toExtend<DocumentsLabels>();
    expectTypeOf<DocumentsLabels>().toExtend<Together>();
    expectTypeOf<UploaderLabelKey>().toEqualTypeOf<
      DropzoneLabelKey | UploadListLabelKey | DocumentUploaderLabelKey
    >();
    expectTypeOf<ViewerLabelKey>().toEqualTypeOf<GalleryLabelKey | ThumbnailLabelKey | PreviewLabelKey>();
  });

  it('gives the upload side its groups only', () => {
    const viewerOnly = Object.keys(defaultLabels).filter((key) => !(key in uploaderLabels));
    // every key the upload side does not carry is a viewer key, and none of them is in uploaderLabels
    expect(viewerOnly.length).toBeGreaterThan(20);
    expect(viewerOnly).toContain('galleryEmpty');
    expect(viewerOnly).toContain('previewClose');
    expectTypeOf<keyof typeof uploaderLabels>().toEqualTypeOf<UploaderLabelKey>();
  });
});
