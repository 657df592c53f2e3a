import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type FormEvent } from 'react';
import { Controller, useForm } from 'react-hook-form';
import {
  DocumentUploader,
  createDocumentsClient,
  createUploader,
  useDocumentUpload,
  type Document,
} from '../src';
import { useStoryEmulator } from './emulator/connection';
import { makePdf } from './emulator/files';

/** Stories users copy: a plain form, react-hook-form, a custom UI from the hooks, and the core without React. */
const meta = { title: 'Examples' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

export const PlainForm: Story = {
  render: function PlainForm() {
    const { engineOptions } = useStoryEmulator();
    const [sent, setSent] = useState<string[]>();
    const onSubmit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setSent(new FormData(event.currentTarget).getAll('billIds').map(String));
    };
    return (
      <form onSubmit={onSubmit}>
        <label htmlFor="plain-bill">Utility bill</label>
        <DocumentUploader
          id="plain-bill"
          type="utilityBill"
          name="billIds"
          required
          engineOptions={engineOptions}
        />
        <button type="submit" className="lrd-button">
          Send
        </button>
        {sent === undefined ? null : <output aria-label="Sent ids">{sent.join(', ')}</output>}
      </form>
    );
  },
};

export const ReactHookForm: Story = {
  name: 'react-hook-form Controller',
  render: function ReactHookFormExample() {
    const { engineOptions } = useStoryEmulator();
    const { control, handleSubmit, formState } = useForm<{ billIds: string[] }>({
      defaultValues: { billIds: [] },
    });
    const [sent, setSent] = useState<string[]>();
    return (
      <form onSubmit={(event) => void handleSubmit((values) => setSent(values.billIds))(event)}>
        <label htmlFor="rhf-bill">Utility bill</label>
        <Controller
          name="billIds"
          control={control}
          rules={{ validate: (ids) => ids.length > 0 || 'Upload the utility bill first.' }}
          render={({ field }) => (
            <DocumentUploader
              id="rhf-bill"
              type="utilityBill"
              value={field.value}
              onValueChange={field.onChange}
              engineOptions={engineOptions}
            />
          )}
        />
        {formState.errors.billIds === undefined ? null : (
          <p role="alert">{formState.errors.billIds.message}</p>
        )}
        <button type="submit" className="lrd-button">
          Send
        </button>
        {sent === undefined ? null : <output aria-label="Sent ids">{sent.join(', ')}</output>}
      </form>
    );
  },
};

export const CustomUiFromHooks: Story = {
  name: 'Custom UI from the hooks',
  render: function CustomUi() {
    const { engineOptions } = useStoryEmulator();
    const { add, items, progress, retry, status } = useDocumentUpload({ type: 'utilityBill', engineOptions });
    return (
      <div>
        <label>
          Add bills <input type="file" multiple onChange={(event) => add(event.currentTarget.files ?? [])} />
        </label>
        <p>
          {status} · {progress.percent}% · {progress.counts.complete} stored
        </p>
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              {item.name}: {item.status}{' '}
              {item.status === 'failed' ? (
                <button type="button" onClick={() => retry(item.id)}>
                  Retry {item.name}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    );
  },
};

export const CoreWithoutReact: Story = {
  name: 'Core without React',
  render: function CoreExample() {
    const emulator = useStoryEmulator();
    const [log, setLog] = useState<string[]>([]);
    const run = async () => {
      // Plain TypeScript: what an integrator writes without React.
      const client = createDocumentsClient({
        baseUrl: emulator.baseUrl,
        accountId: emulator.accountId,
        getAccessToken: () => emulator.token,
      });
      const uploader = createUploader({ client, type: 'utilityBill', ...emulator.engineOptions });
      const unsubscribe = uploader.subscribe(() => {
        const { progress, status } = uploader.getSnapshot();
        setLog((lines) => [...lines.slice(-8), `${status} ${progress.percent}%`]);
      });
      try {
        const documents: Document[] = await uploader.upload([makePdf('core-bill.pdf')]);
        setLog((lines) => [...lines, `stored ${documents.map((d) => d.id).join(', ')}`]);
      } finally {
        unsubscribe();
        uploader.dispose();
      }
    };
    return (
      <div>
        <button type="button" className="lrd-button" onClick={() => void run()}>
          Upload a generated PDF with createUploader
        </button>
        <pre role="log" aria-label="Log">
          {log.join('\n')}
        </pre>
      </div>
    );
  },
};
