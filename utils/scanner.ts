/**
 * Reads a page as a reader sees it: text nodes grouped into blocks (a paragraph, a heading,
 * a list item), with inline markup joined so `Open<b>AI</b>` reads "OpenAI". Each block keeps
 * its text nodes and their offsets, so a match in the block's text maps back to a DOM Range.
 * The DOM is only read, never changed.
 *
 * The walk does little per node: no TreeWalker filter callback (one call into script per
 * node), `localName` instead of an upper-cased tag name, attributes read only on elements
 * that have any, whitespace normalised once per block rather than once per node. It can
 * stop at a deadline and resume, so a caller can read a large subtree in slices. A whole
 * page is not read this way: page-scan.ts first finds the few blocks worth reading.
 */

/** Element names whose text is never a reader's prose, or belongs to an editor the reader types in. */
const SKIP_NAMES = [
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'svg',
  'canvas',
  'iframe',
  'object',
  'head',
  'title',
  // Code samples: a variable called `openai` is not a company mention.
  'code',
  'pre',
  'kbd',
  'samp',
];

/** Elements that flow inside a line: their text joins the text around them. */
const INLINE_NAMES = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'label',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);

/** The tag of DealLens's own card host, never scanned. */
export const UI_TAG = 'DEALLENS-CARD';

const SKIP_SET = new Set([...SKIP_NAMES, UI_TAG.toLowerCase()]);

/**
 * Every skipped element, found with one selector query before a block walk (which reads
 * changed subtrees, not the whole page: the fast read asks a flagged node's ancestors instead).
 * Each is jumped over whole, so a block inside one — a `<p>` a script put into a `<script>`,
 * an `<option>` holding markup — is skipped as the fast read skips it.
 */
const SKIP_ROOTS = `${[...SKIP_SET].join(',')},[hidden],[aria-hidden="true"],[contenteditable]`;

export interface Block {
  /** The block's text as the reader sees it, whitespace characters mapped one to one to spaces. */
  text: string;
  /** The text nodes that make up `text`, in order. */
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  starts: number[];
  /** The nearest non-inline ancestor of its text (the walk's root for loose text): where it lives. */
  el: Node;
}

/** Whether `el` itself is never read (a skip rule applies to it). */
export function isSkipped(el: Element): boolean {
  return SKIP_SET.has(el.localName) || (el.hasAttributes() && skippedByAttributes(el));
}

/**
 * hidden, aria-hidden="true", or an editor (contenteditable other than "false"): one call
 * into the browser where asking for each attribute would make three.
 */
const SKIP_ATTRS = '[hidden],[aria-hidden="true"],[contenteditable]:not([contenteditable="false"])';
function skippedByAttributes(el: Element): boolean {
  return el.matches(SKIP_ATTRS);
}

/** Whether `el` flows inside a line (its text joins the text around it). */
export function isInline(el: Element): boolean {
  return INLINE_NAMES.has(el.localName);
}

/** Whether `node` or one of its ancestors is never read. */
export function insideSkipped(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n.nodeType === 1 && isSkipped(n as Element)) return true;
  }
  return false;
}

/** `node` itself if it is an element, else its parent element. */
export function elementOf(node: Node | null | undefined): Element | null | undefined {
  return node?.nodeType === 1 ? (node as Element) : node?.parentElement;
}

/** The nearest ancestor of `node` (or `node` itself, if an element) that is not inline: the element its text is a block of. */
export function blockElementOf(node: Node): Element | null {
  let el: Node | null = node.nodeType === 1 ? node : node.parentNode;
  while (el && el.nodeType === 1 && isInline(el as Element)) el = el.parentNode;
  return el && el.nodeType === 1 ? (el as Element) : null;
}

const WS = /[\t\n\r\f\u00a0]/g;
const HAS_WS = /[\t\n\r\f\u00a0]/;

/** A text with its white-space characters made spaces, one for one, as a block's text is. */
export function spaced(text: string): string {
  return HAS_WS.test(text) ? text.replace(WS, ' ') : text;
}
/** Holds a character that is not white space. */
export const NON_SPACE = /\S/;

/** A walk over `root` that can stop at a deadline and resume where it stopped. */
export interface BlockWalker {
  /**
   * Reads blocks into `out` until `performance.now()` reaches `until` (checked every few
   * hundred nodes); returns true once the whole root has been read. With `keep`, only the
   * blocks whose text it accepts are handed out (the others cost no allocation).
   */
  read(out: Block[], until?: number, keep?: (text: string) => boolean): boolean;
  /** Whether the DOM changed under the walk in a way it cannot resume from (its position left the document). */
  readonly lost: boolean;
}

/** A text-node walk over `root` (a document: its body), as both page walks start one. */
export interface TextWalk {
  doc: Document;
  /** Where the walk starts: `root`, or a document's body. */
  start: Node;
  /** Nothing to read: no start, or the start itself is skipped. */
  empty: boolean;
  walker: TreeWalker;
  /** Whether the start was in the document (a walk that loses its place there cannot resume). */
  connected: boolean;
}

/** Sets up the text-node walk over `root`. */
export function textWalk(root: Node): TextWalk {
  const doc = root.nodeType === 9 ? (root as Document) : (root.ownerDocument as Document);
  const start = root.nodeType === 9 ? ((root as Document).body ?? (root as Document).documentElement) : root;
  const empty = !start || (start.nodeType === 1 && isSkipped(start as Element));
  const walker = doc.createTreeWalker(start ?? doc, 0x4 /* SHOW_TEXT */);
  return { doc, start: start ?? doc, empty, walker, connected: start?.isConnected ?? false };
}

/** The first and last text nodes under `el` (null, null when it has none). */
export function textEnds(el: Element): [Node | null, Node | null] {
  const inner = (el.ownerDocument as Document).createTreeWalker(el, 0x4);
  const first = inner.nextNode();
  inner.currentNode = el;
  return [first, inner.lastChild()];
}

/**
 * Walks the readable blocks under `root` (a document or an element).
 *
 * Only text nodes are visited (as in a bare TreeWalker pass): handing every element to
 * script costs a wrapper object per element, several times the cost of the text itself on a
 * large page. What an element walk would see is recovered where it matters: skipped subtrees
 * are jumped over (SKIP_ROOTS) or known by name, each text node's parent says which block
 * element it belongs to, and between two text nodes of the same block element a short walk
 * back from the second to the first finds any element that ends a block (`<br>`, an image,
 * a form field) in between.
 */
export function createBlockWalker(root: Node): BlockWalker {
  const { doc, start, empty, walker, connected } = textWalk(root);
  // Skipped subtrees are found up front with one selector query: the walk jumps from the
  // first text node of each to its last, and an element between two text nodes is looked up.
  const skipped = new Set<Element>();
  const skipJump = new Map<Node, Node>();
  let prepared = false;
  const prepare = () => {
    prepared = true;
    if (empty || !start || start.nodeType !== 1) return;
    for (const el of (start as Element).querySelectorAll(SKIP_ROOTS)) {
      if (!isSkipped(el)) continue; // contenteditable="false"
      skipped.add(el);
      const inner = doc.createTreeWalker(el, 0x4);
      const firstText = inner.nextNode();
      if (!firstText || skipJump.has(firstText)) continue; // an outer skipped element already covers it
      inner.currentNode = el;
      skipJump.set(firstText, inner.lastChild() ?? firstText);
    }
  };
  /** The block element a parent's text belongs to (the parent, or the first ancestor that is not inline); null when skipped by name. */
  const blockFor = (parent: Node): Node | null => {
    let n = parent;
    for (;;) {
      if (n === start) return n;
      const name = (n as Element).localName;
      if (SKIP_SET.has(name)) return null;
      if (!INLINE_NAMES.has(name)) return n;
      n = n.parentNode as Node;
    }
  };
  /** Between two text nodes of one block element, is there an element that ends a block? */
  const boundaryBetween = (before: Node, after: Node): boolean => {
    let n: Node | null = after;
    for (;;) {
      const prev: Node | null = n.previousSibling;
      if (prev) {
        n = prev;
        while (n.lastChild) n = n.lastChild;
      } else n = n.parentNode;
      if (!n || n === start) return true;
      if (n === before) return false;
      if (n.nodeType !== 1) continue;
      const name = (n as Element).localName;
      if (!INLINE_NAMES.has(name) || SKIP_SET.has(name) || skipped.has(n as Element)) return true;
    }
  };
  // Skipped content (a code sample, a form field) also ends the block around it, so words on
  // either side are never joined into a name.
  let skippedSince = false;
  let parts: string[] = [];
  let nodes: Text[] = [];
  let starts: number[] = [];
  let length = 0;
  let current: Node | null = null;
  let last: Node | null = null;
  let lastParent: Node | null = null;
  let lastBlock: Node | null = null;
  let done = empty;
  let lost = false;
  /** The node a slice stopped at, unread. */
  let held: Node | null = null;
  let keep: ((text: string) => boolean) | undefined;

  const flush = (out: Block[]) => {
    if (nodes.length > 0 && current) {
      let text = parts.length === 1 ? (parts[0] as string) : parts.join('');
      text = spaced(text);
      if (NON_SPACE.test(text) && (!keep || keep(text))) {
        out.push({ text, nodes, starts, el: current });
        parts = [];
        nodes = [];
        starts = [];
      } else {
        parts.length = 0;
        nodes.length = 0;
        starts.length = 0;
      }
    }
    length = 0;
    current = null;
  };

  return {
    get lost() {
      return lost;
    },
    read(out, until = Number.POSITIVE_INFINITY, accept) {
      keep = accept;
      if (done) return true;
      if (connected && !walker.currentNode.isConnected) {
        // The page removed the node we stopped at: the walk cannot continue from there.
        lost = true;
        done = true;
        return true;
      }
      if (!prepared) {
        prepare();
        // On a large page the query is a slice of its own.
        if (performance.now() >= until) return false;
      }
      let count = 0;
      for (let node = held ?? walker.nextNode(); node; node = walker.nextNode()) {
        held = null;
        if (++count % 1024 === 0 && performance.now() >= until) {
          // Not read yet: the walk stays on it and the next read starts from it.
          held = node;
          return false;
        }
        const jump = skipJump.get(node);
        if (jump) {
          skippedSince = true;
          walker.currentNode = jump;
          continue;
        }
        const data = (node as Text).data;
        if (!data) continue;
        const parent = node.parentNode as Node;
        const block = parent === lastParent ? lastBlock : blockFor(parent);
        lastParent = parent;
        lastBlock = block;
        if (block === null) {
          skippedSince = true;
          continue;
        }
        if (block !== current || skippedSince || (last && boundaryBetween(last, node))) {
          skippedSince = false;
          flush(out);
          current = block;
        }
        last = node;
        nodes.push(node as Text);
        starts.push(length);
        parts.push(data);
        length += data.length;
      }
      flush(out);
      done = true;
      return true;
    },
  };
}

/** Whether an inline element's text joins the block around it (not skipped by name or attribute). */
function readableInline(el: Element): boolean {
  const name = el.localName;
  return INLINE_NAMES.has(name) && !SKIP_SET.has(name) && !(el.hasAttributes() && skippedByAttributes(el));
}

/**
 * Whether `el` or an ancestor of it up to `root` (included) is never read. `cache` remembers
 * the answer for every element it looked at, so the text nodes of one article cost a step or two.
 */
export function skippedUpTo(el: Element, root: Node, cache: Map<Node, boolean>): boolean {
  const path: Node[] = [];
  let answer = false;
  for (let n: Node | null = el; n; n = n.parentNode) {
    const known = cache.get(n);
    if (known !== undefined) {
      answer = known;
      break;
    }
    path.push(n);
    if (n.nodeType === 1 && isSkipped(n as Element)) {
      answer = true;
      break;
    }
    if (n === root) break;
  }
  // Everything below a skipped element is skipped; the path above it was not looked at.
  for (const n of path) cache.set(n, answer);
  return answer;
}

/** The block element of text under `parent`: the nearest ancestor that is not inline (`root` at the latest). */
export function blockElementUpTo(parent: Node, root: Node): Node {
  let el = parent;
  while (el !== root && INLINE_NAMES.has((el as Element).localName)) {
    const up = el.parentNode;
    if (up?.nodeType !== 1) break;
    el = up;
  }
  return el;
}

/**
 * Adds to `out` the non-empty text nodes next to `node` on one side (in the order met), going
 * through readable inline elements, up to a boundary or the end of block element `el`.
 */
function inlineRun(node: Node, el: Node, forward: boolean, out: Text[]): void {
  let n = node;
  for (;;) {
    let p: Node | null = forward ? n.nextSibling : n.previousSibling;
    while (!p) {
      const up: Node | null = n.parentNode;
      if (!up || up === el) return;
      n = up;
      p = forward ? n.nextSibling : n.previousSibling;
    }
    n = p;
    for (;;) {
      if (n.nodeType === 3) {
        if ((n as Text).data) out.push(n as Text);
        break;
      }
      if (n.nodeType !== 1) break;
      if (!readableInline(n as Element)) return;
      const inner: Node | null = forward ? n.firstChild : n.lastChild;
      if (!inner) break;
      n = inner;
    }
  }
}

/**
 * The block that holds text node `node`, read from the DOM around the node alone: the same
 * block `createBlockWalker(root)` hands out (same text, nodes and element), or null when the
 * node is not read (it sits in skipped content) or its block is blank. The cost is the size
 * of the block, not of the page, so a page can be read by finding the few text nodes that
 * may hold a name and asking for their blocks.
 */
export function blockAround(node: Text, root: Node, cache: Map<Node, boolean> = new Map()): Block | null {
  const parent = node.parentNode;
  if (parent?.nodeType !== 1 || skippedUpTo(parent as Element, root, cache)) return null;
  const el = blockElementUpTo(parent, root);
  const nodes: Text[] = [];
  inlineRun(node, el, false, nodes);
  nodes.reverse();
  nodes.push(node);
  inlineRun(node, el, true, nodes);
  const starts: number[] = [];
  const text = joinedText(nodes, starts);
  if (!NON_SPACE.test(text)) return null;
  return { text, nodes, starts, el };
}

/** The text of `nodes` as one block's text (white space made spaces); `starts` gets where each node begins. */
function joinedText(nodes: readonly Text[], starts: number[]): string {
  if (nodes.length === 1) {
    starts.push(0);
    return spaced((nodes[0] as Text).data);
  }
  const parts: string[] = [];
  let length = 0;
  for (const t of nodes) {
    starts.push(length);
    parts.push(t.data);
    length += t.data.length;
  }
  return spaced(parts.join(''));
}

/** An element under which one would end a block or hide text: anything but a readable inline element. */
const NOT_PLAIN_INLINE = `:not(${[...INLINE_NAMES].join(',')}),[hidden],[aria-hidden],[contenteditable]`;

/**
 * Whether `el`'s text is all one block: every element under it is a readable inline element
 * (no block boundary, nothing skipped). Then its block's text is `spaced(el.textContent)`.
 * One selector query: the elements are looked at by the browser, not handed to script.
 */
export function plainInline(el: Element): boolean {
  return el.querySelector(NOT_PLAIN_INLINE) === null;
}

/**
 * The text nodes of `el`, an element that is not inline and whose text is all one block
 * (`plainInline`), into `nodes` and where each starts into `starts`; false when they no
 * longer make `text` (the page changed the element's text after it was read).
 */
export function textNodesOf(el: Element, text: string, nodes: Text[], starts: number[]): boolean {
  const walker = (el.ownerDocument as Document).createTreeWalker(el, 0x4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data) nodes.push(n as Text);
  return nodes.length > 0 && joinedText(nodes, starts) === text;
}

/** Collects the readable blocks under `root` (a document or an element). */
export function collectBlocks(root: Node): Block[] {
  const out: Block[] = [];
  createBlockWalker(root).read(out);
  return out;
}

/** The index of the node holding offset `pos` of the block's text (the last node starting at or before it). */
function nodeAt(block: Block, pos: number, preferEarlier: boolean): number {
  let lo = 0;
  let hi = block.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = block.starts[mid] as number;
    if (s < pos || (s === pos && !preferEarlier)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A DOM Range over characters [start, end) of the block's text; it may span several text nodes. */
export function rangeFor(block: Block, start: number, end: number): Range {
  const a = nodeAt(block, start, false);
  const b = nodeAt(block, end, true);
  const first = block.nodes[a];
  const last = block.nodes[b];
  if (!first || !last) throw new RangeError('The block changed after it was read');
  const range = first.ownerDocument.createRange();
  range.setStart(first, start - (block.starts[a] as number));
  range.setEnd(last, end - (block.starts[b] as number));
  return range;
}
