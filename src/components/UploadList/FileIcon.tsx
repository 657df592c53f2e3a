import type { MouseEvent } from 'react';

/** A small generic file glyph with the extension, for any file type. */
export function FileIcon({ name, contentType }: { name: string; contentType?: string | undefined }) {
  const ext = (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? contentType?.split('/')[1] ?? '')
    .slice(0, 4)
    .toUpperCase();
  return (
    <span className="lrd-file-icon" aria-hidden="true" data-ext={ext.toLowerCase()}>
      <svg viewBox="0 0 24 24" focusable="false">
        <path d="M6 2h8l6 6v13a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1Zm8 0v6h6" />
      </svg>
      <span className="lrd-file-icon__ext">{ext}</span>
    </span>
  );
}

/** The glyphs of the row actions (decorative: each button has an accessible name). */
const PATHS = {
  retry: 'M4 12a8 8 0 0 1 14-5.3M20 4v5h-5M20 12a8 8 0 0 1-14 5.3M4 20v-5h5',
  cancel: 'M6 6l12 12M18 6 6 18',
  remove: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13',
  up: 'M12 19V5m-6 6 6-6 6 6',
  down: 'M12 5v14m-6-6 6 6 6-6',
} as const;

/** A small square button with an action's glyph (decorative) and an accessible name. */
export function IconButton({
  action,
  label,
  title,
  onClick,
  disabled,
}: {
  /** Its `data-action`, and which glyph it shows. */
  action: keyof typeof PATHS;
  label: string;
  /** Defaults to `label`. */
  title?: string;
  onClick: (event: MouseEvent<HTMLElement>) => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="lrd-icon-button"
      data-action={action}
      aria-label={label}
      title={title ?? label}
      disabled={disabled}
      onClick={onClick}
    >
      <svg className="lrd-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={PATHS[action]} />
      </svg>
    </button>
  );
}
