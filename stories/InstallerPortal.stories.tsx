import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type FormEvent } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DocumentGallery, DocumentUploader } from '../src';
import { useStoryEmulator } from './emulator/connection';
import { makeImage, makePdf, sampleDocuments } from './emulator/files';

function InstallerPortal() {
  const { engineOptions } = useStoryEmulator();
  const [submitted, setSubmitted] = useState<Record<string, string[]> | undefined>(undefined);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setSubmitted({
      utilityBill: data.getAll('utilityBillIds').map(String),
      roofPhotos: data.getAll('roofPhotoIds').map(String),
      governmentId: data.getAll('governmentIdIds').map(String),
    });
  };
  return (
    <div className="portal">
      <form className="portal__form" onSubmit={onSubmit} aria-labelledby="portal-title">
        <h1 id="portal-title">New solar application — documents</h1>
        <div className="portal__field">
          <label htmlFor="customer">Customer name</label>
          <input id="customer" name="customer" defaultValue="Dana Whitfield" />
        </div>
        <div className="portal__field">
          <label htmlFor="bill-upload">Utility bill (required)</label>
          <DocumentUploader
            id="bill-upload"
            type="utilityBill"
            name="utilityBillIds"
            required
            accept={['pdf', 'jpg', 'png']}
            engineOptions={engineOptions}
          />
        </div>
        <div className="portal__field">
          <label htmlFor="roof-upload">Roof photos</label>
          <DocumentUploader
            id="roof-upload"
            type="roofPhoto"
            name="roofPhotoIds"
            grouped={false}
            accept={['jpg', 'jpeg', 'png', 'heic']}
            engineOptions={engineOptions}
          />
        </div>
        <div className="portal__field">
          <label htmlFor="id-upload">Government ID</label>
          <DocumentUploader
            id="id-upload"
            type="governmentId"
            name="governmentIdIds"
            maxFiles={2}
            engineOptions={engineOptions}
          />
        </div>
        <button type="submit" className="lrd-button">
          Submit application
        </button>
        {submitted === undefined ? null : (
          <output className="portal__result" aria-label="Submitted document ids">
            {JSON.stringify(submitted, null, 2)}
          </output>
        )}
      </form>
      <DocumentGallery className="portal__gallery" />
    </div>
  );
}

/** A realistic installer form: three uploaders in a plain `<form>` that submits document ids, beside the gallery. */
const meta = {
  title: 'Pages/Installer portal',
  component: InstallerPortal,
  parameters: { layout: 'fullscreen', emulator: { seed: sampleDocuments } },
} satisfies Meta<typeof InstallerPortal>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Portal: Story = {};

export const SubmitsDocumentIds: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const inputs = canvasElement.querySelectorAll<HTMLInputElement>('input[type=file]');
    await userEvent.upload(inputs[0]!, [makePdf('bill-march.pdf')], { applyAccept: false });
    await userEvent.upload(
      inputs[1]!,
      [await makeImage('roof-1.png'), await makeImage('roof-2.png', { hue: 90 })],
      { applyAccept: false },
    );
    await waitFor(
      () =>
        expect(canvasElement.querySelectorAll('.lrd-upload-item[data-status="complete"]')).toHaveLength(3),
      {
        timeout: 20_000,
      },
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Submit application' }));
    const result = await canvas.findByLabelText('Submitted document ids');
    const ids = JSON.parse(result.textContent ?? '{}') as Record<string, string[]>;
    await expect(ids.utilityBill).toHaveLength(1);
    await expect(ids.roofPhotos).toHaveLength(2);
  },
};

export const RequiredBlocksEmptySubmit: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Submit application' }));
    await expect(canvasElement.querySelector('output')).toBeNull();
    const validity = canvasElement.querySelector<HTMLInputElement>('.lrd-uploader__validity');
    await expect(validity?.validationMessage).toBe('Add at least one document.');
  },
};
