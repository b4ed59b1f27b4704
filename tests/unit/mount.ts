/** A fresh element in the document for each test of a Preact component, emptied and removed after it. */
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/** Registers the hooks; call the returned function inside a test for that test's element. */
export function mountPoint(tag: 'div' | 'ul' = 'div'): () => HTMLElement {
  let el: HTMLElement | undefined;
  beforeEach(() => {
    el = document.createElement(tag);
    document.body.append(el);
  });
  afterEach(() => {
    if (!el) return;
    render(null, el);
    el.remove();
    el = undefined;
  });
  return () => {
    if (!el) throw new Error('mountPoint() asked for outside a test');
    return el;
  };
}
