/**
 * Small helpers shared by the domain's views (the typed accessors themselves are XmlView's).
 */
import { type XmlElement } from '../view.js';

/** Removes `e` and then its ancestors (below `stop`) while they hold neither attributes nor content. */
export function pruneEmpty(e: XmlElement, stop: XmlElement): void {
  let cur: XmlElement | undefined = e;
  while (cur && cur !== stop && cur.attributes.length === 0 && cur.children.every((c) => c.kind === 'text' && c.value.trim() === '')) {
    const up: XmlElement | undefined = cur.parentElement;
    cur.remove();
    cur = up;
  }
}

/**
 * The entries of an options object with some keys moved to the front, for settings whose
 * writing depends on others (an address's type decides how its numbers are written).
 */
export function orderedEntries<O extends object>(options: O, first: readonly string[]): Array<[string, unknown]> {
  const rank = (k: string) => {
    const i = first.indexOf(k);
    return i < 0 ? first.length : i;
  };
  return Object.entries(options).sort((a, b) => rank(a[0]) - rank(b[0]));
}
