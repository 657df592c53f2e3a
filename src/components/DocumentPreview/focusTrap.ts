'use client';
import { useEffect, type KeyboardEvent, type RefObject } from 'react';
import { useLatest } from '../shared/useLatest';

/** What can take focus with Tab. `iframe`/`object`: an inline PDF is a tab stop of its own. */
const TABBABLE = [
  'a[href]',
  'area[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  'object',
  '[contenteditable]:not([contenteditable="false"])',
  '[tabindex]',
].join(',');

/** The elements of `container` reachable with Tab, in order (no `tabindex="-1"`, nothing hidden or inert). */
export function tabbables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (element) =>
      element.getAttribute('tabindex') !== '-1' &&
      // frames are tab stops in browsers even where a DOM implementation reports tabIndex -1 for them
      (element.tabIndex >= 0 || element.localName === 'iframe' || element.localName === 'object') &&
      element.closest('[hidden], [inert], [aria-hidden="true"]') === null,
  );
}

/**
 * Keeps Tab and Shift+Tab inside `container`: from the last tab stop to the first and back. Call from the
 * container's `onKeyDown`.
 */
export function trapTab(event: KeyboardEvent<HTMLElement>, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || container === null) return;
  const stops = tabbables(container);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (first === undefined || last === undefined) {
    event.preventDefault();
    return;
  }
  const active = container.ownerDocument.activeElement;
  const inside = active instanceof HTMLElement && container.contains(active);
  if (event.shiftKey && (!inside || active === first || active === container)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

/** Options of {@link useModalFocus}. */
export interface ModalFocusOptions {
  /** Focused when the dialog opens. Defaults to the first tab stop. */
  initialFocus?: RefObject<HTMLElement | null>;
  /**
   * Whether focus goes back to what had it before opening, on close. A ref, read at close: the gallery turns it off
   * when it moves focus itself (the opener of an archived document is gone). Defaults to always.
   */
  restoreFocus?: RefObject<boolean>;
}

/**
 * Focus for a modal dialog: focuses it on open, pulls focus back in when it lands outside (a click on the page
 * behind, a screen reader's virtual cursor), and returns focus to the opener on close (SSR-safe: effects only).
 */
export function useModalFocus(
  container: RefObject<HTMLElement | null>,
  options: ModalFocusOptions = {},
): void {
  const optionsRef = useLatest(options);
  useEffect(() => {
    const root = container.current;
    if (root === null) return undefined;
    const doc = root.ownerDocument;
    const previous = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
    const initial = optionsRef.current.initialFocus?.current ?? tabbables(root)[0] ?? root;
    initial.focus();
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (target instanceof Node && !root.contains(target) && root.isConnected) {
        (tabbables(root)[0] ?? root).focus();
      }
    };
    // read at close, not at open: whoever closes the dialog may take focus elsewhere
    const shouldRestore = () => optionsRef.current.restoreFocus?.current !== false;
    doc.addEventListener('focusin', onFocusIn);
    return () => {
      doc.removeEventListener('focusin', onFocusIn);
      if (shouldRestore() && previous?.isConnected === true) previous.focus();
    };
  }, [container, optionsRef]);
}
