/** Locale-aware formatting with `Intl`. Formatters are cached per locale: building them is not free. */

const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string | undefined, unit: string, digits: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${unit}|${digits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale,
      unit === 'decimal'
        ? { maximumFractionDigits: digits }
        : { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits },
    );
    numberFormats.set(key, format);
  }
  return format;
}

/** `1.2 MB`, `340 kB`, in the given locale (decimal units, as operating systems show file sizes). */
export function formatFileSize(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // CLDR spells bytes out ("392 byte"); every other unit has the familiar short form (kB, MB, GB)
  if (unit === 0) return `${numberFormat(locale, 'decimal', 0).format(value)} B`;
  return numberFormat(locale, byteUnits[unit] ?? 'byte', 1).format(value);
}

/** A transfer rate such as `1.5 MB/s`. */
export function formatRate(bytesPerSecond: number, locale?: string): string {
  return `${formatFileSize(bytesPerSecond, locale)}/s`;
}

/** A duration in seconds as `45 s` or `3 min`. */
export function formatSeconds(seconds: number, locale?: string): string {
  if (seconds < 90) return numberFormat(locale, 'second', 0).format(Math.max(1, Math.round(seconds)));
  if (seconds < 5400) return numberFormat(locale, 'minute', 0).format(Math.round(seconds / 60));
  return numberFormat(locale, 'hour', 1).format(seconds / 3600);
}

/** A medium date such as `Jan 5, 2026`, or '' for a missing or invalid date. */
export function formatDate(iso: string | undefined, locale?: string): string {
  if (iso === undefined) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    dateFormats.set(key, format);
  }
  return format.format(time);
}
