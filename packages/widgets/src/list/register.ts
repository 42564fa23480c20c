import type { StrataList } from './list.ts';

// The element's code (its columns, words and assign bar) is a chunk of its own, fetched only when
// a <strata-list> is in the document (now or later) or a script calls `loadStrataList()`: a
// dashboard page without one never downloads it, and the page-start bundle does not grow. The
// element upgrades on arrival, keeping what was set on it before (`.strata`, `.managers`).
const NAME = 'strata-list';
let loading: Promise<void> | undefined;

/** Fetches and defines `<strata-list>` (once); resolves when it is defined. */
export function loadStrataList(): Promise<void> {
  loading ??= import('./list.ts').then(
    ({ StrataList }) => {
      if (!customElements.get(NAME)) customElements.define(NAME, StrataList);
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

if (typeof document !== 'undefined' && !customElements.get(NAME)) {
  // A live collection: the observer's check is a length read, whatever the page's size.
  const lists = document.getElementsByTagName(NAME);
  if (lists.length > 0) void loadStrataList();
  else {
    const observer = new MutationObserver(() => {
      if (lists.length === 0) return;
      observer.disconnect();
      void loadStrataList();
    });
    observer.observe(document, { childList: true, subtree: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'strata-list': StrataList;
  }
}
