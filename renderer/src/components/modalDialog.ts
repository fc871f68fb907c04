/**
 * What every modal dialog of the app does the same way (WAI-ARIA APG "Dialog (Modal)"): opened with showModal on
 * mount, so the page behind is inert; a chosen element takes focus; on close, focus goes back where it was (or to
 * the main content when that control is gone); Tab stays inside the dialog.
 */
import { useEffect, useState, type DependencyList, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Opens `dialog` modally and focuses what `focusOnOpen` returns, again whenever `deps` change; closes it on unmount.
 * `restoreFocus: false` leaves focus to the caller (a flow that focuses its outcome itself).
 */
export function useModalDialog(dialog: RefObject<HTMLDialogElement | null>, focusOnOpen: () => HTMLElement | null | undefined, deps: DependencyList, o: { restoreFocus?: boolean } = {}): void {
  // Where focus was before the dialog opened: read at the first render, before anything inside takes focus.
  const [before] = useState<HTMLElement | null>(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const restore = o.restoreFocus !== false;
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    focusOnOpen()?.focus();
    return () => {
      if (d?.open) d.close();
      if (!restore) return;
      if (before?.isConnected) before.focus();
      if (!d?.contains(document.activeElement) && (document.activeElement === null || document.activeElement === document.body)) document.getElementById('main')?.focus();
    };
    // focusOnOpen is read when the deps change, not on every render.
  }, [...deps, before, restore]);
}

/** Keeps Tab inside the dialog, whatever the browser does around a modal <dialog>. */
export function trapTab(dialog: HTMLDialogElement | null, e: KeyboardEvent<HTMLDialogElement>): void {
  if (e.key !== 'Tab' || !dialog) return;
  const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
