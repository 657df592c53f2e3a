import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { DocumentUploader } from 'react-lightreach-documents';

interface SiteSurvey {
  installer: string;
  roofPhotoIds: string[];
}

/** The same with react-hook-form: the uploader is a controlled field (`value` / `onValueChange` carry ids). */
export function HookForm() {
  const [submitted, setSubmitted] = useState<SiteSurvey | undefined>(undefined);
  const {
    control,
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SiteSurvey>({ defaultValues: { installer: '', roofPhotoIds: [] } });

  return (
    <section aria-labelledby="rhf-heading" data-form="rhf">
      <h2 id="rhf-heading">Site survey (react-hook-form)</h2>
      <form onSubmit={(event) => void handleSubmit(setSubmitted)(event)} noValidate>
        <label htmlFor="installer">Installer</label>
        <input
          id="installer"
          aria-invalid={errors.installer !== undefined}
          aria-describedby="installer-error"
          {...register('installer', { required: 'Enter the installer.' })}
        />
        <p id="installer-error">{errors.installer?.message}</p>

        <label htmlFor="roof-photos">Roof photos</label>
        <Controller
          name="roofPhotoIds"
          control={control}
          rules={{ validate: (ids) => ids.length > 0 || 'Upload at least one roof photo.' }}
          render={({ field }) => (
            <DocumentUploader
              id="roof-photos"
              type="roofPhoto"
              value={field.value}
              onValueChange={field.onChange}
            />
          )}
        />
        <p role="alert" data-testid="rhf-error">
          {errors.roofPhotoIds?.message}
        </p>
        <button type="submit">Submit survey</button>
      </form>
      {submitted !== undefined && (
        <p role="status" data-testid="rhf-result">
          Survey by {submitted.installer} with {submitted.roofPhotoIds.length} roof photo
          {submitted.roofPhotoIds.length === 1 ? '' : 's'}: {submitted.roofPhotoIds.join(', ')}
        </p>
      )}
    </section>
  );
}
