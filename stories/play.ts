/** Helpers shared by the stories' plays and the Spanish run of them (test/components/storiesSpanish.test.tsx). */
import { userEvent, within } from 'storybook/test';

/** Picks files through the uploader's real file input, as the chooser would. */
export async function choose(canvasElement: HTMLElement, files: File[]): Promise<void> {
  const input = canvasElement.querySelector<HTMLInputElement>('input[type=file]');
  if (input === null) throw new Error('no file input');
  await userEvent.upload(input, files, { applyAccept: false });
}

/** The upload list's row of the file named `name`. */
export const row = (canvasElement: HTMLElement, name: string): HTMLLIElement | null =>
  within(canvasElement).getByText(name, { selector: '.lrd-upload-item__name' }).closest('li');
