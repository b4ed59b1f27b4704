/**
 * Which mark is under a point. Marks are not elements, so the page's own hit-testing cannot
 * tell us: we find the character under the pointer and check it against our ranges' boxes.
 */

export interface Hit<T> {
  item: T;
  range: Range;
}

/** An index from text node to the marks that start or end in it. */
export class MarkIndex<T> {
  private byNode = new Map<Node, Hit<T>[]>();

  add(range: Range, item: T): void {
    for (const node of new Set([range.startContainer, range.endContainer])) {
      const list = this.byNode.get(node);
      if (list) list.push({ item, range });
      else this.byNode.set(node, [{ item, range }]);
    }
  }

  clear(): void {
    this.byNode.clear();
  }

  /** The mark whose box contains (x, y) near the caret position under that point, if any. */
  at(doc: Document, x: number, y: number): Hit<T> | undefined {
    const caret = caretAt(doc, x, y);
    if (!caret) return undefined;
    const candidates = this.byNode.get(caret.node);
    if (!candidates) return undefined;
    for (const hit of candidates) {
      for (const rect of hit.range.getClientRects()) {
        if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return hit;
      }
    }
    return undefined;
  }
}

function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | undefined {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const pos = doc.caretPositionFromPoint(x, y);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : undefined;
  }
  const legacy = (doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null })
    .caretRangeFromPoint;
  if (typeof legacy === 'function') {
    const r = legacy.call(doc, x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : undefined;
  }
  return undefined;
}
