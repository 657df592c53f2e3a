/** Finding where focus goes once the button it was on is gone (the upload list and the collected list). */

/** The rows of a list: its elements with this attribute (e.g. `data-row`), in order. */
export const rowsOf = (list: Element | null, attribute: string): HTMLElement[] =>
  Array.from(list?.querySelectorAll<HTMLElement>(`[${attribute}]`) ?? []);

/** The first enabled button of a row (of one `data-action`, when given). */
export const enabledButton = (row: Element | null | undefined, action?: string): HTMLElement | undefined =>
  row?.querySelector<HTMLElement>(
    `button${action === undefined ? '' : `[data-action="${action}"]`}:not(:disabled)`,
  ) ?? undefined;
