'use client';
/** The aggregate line of an upload list: files done of the total, percent, speed and time left, one bar. */
import { activeCount, type UploadProgress } from '../../core';
import type { UploadListLabels } from '../../react/labels';
import { formatRate, formatSeconds } from '../shared/format';

/**
 * A progress bar (the summary's, and a row's thin one): `percent` undefined is a wait of unknown length, an
 * indeterminate bar.
 */
export const progressBar = (className: string, label: string, percent: number | undefined, text?: string) => (
  <div
    className={className}
    role="progressbar"
    aria-label={label}
    aria-valuemin={0}
    aria-valuemax={100}
    aria-valuenow={percent}
    aria-valuetext={text}
    data-indeterminate={percent === undefined || undefined}
  >
    <div
      className="lrd-progress__bar"
      style={percent === undefined ? undefined : { inlineSize: `${percent}%` }}
    />
  </div>
);

export function UploadSummary({
  progress,
  labels,
  locale,
}: {
  progress: UploadProgress;
  labels: UploadListLabels;
  locale: string | undefined;
}) {
  const { counts } = progress;
  const total = activeCount(counts) + counts.complete;
  if (total === 0) return null; // only rejected, failed or canceled files: nothing is on its way
  const text = labels.overallProgress({ complete: counts.complete, total, percent: progress.percent });
  const transferring = counts.uploading > 0 && progress.bytesPerSecond > 0;
  return (
    <div className="lrd-upload-summary">
      <div className="lrd-upload-summary__text">
        <span>{text}</span>
        <span className="lrd-upload-summary__percent">{labels.progressPercent(progress.percent)}</span>
        {transferring ? (
          <span className="lrd-upload-summary__rate">{formatRate(progress.bytesPerSecond, locale)}</span>
        ) : null}
        {transferring && progress.etaSeconds !== undefined ? (
          <span className="lrd-upload-summary__eta">{formatSeconds(progress.etaSeconds, locale)}</span>
        ) : null}
      </div>
      {progressBar('lrd-progress', text, progress.percent)}
    </div>
  );
}
