/**
 * Reads a page as a reader sees it: text nodes grouped into blocks (a paragraph, a heading,
 * a list item), with inline markup joined so `Open<b>AI</b>` reads "OpenAI". Each block keeps
 * its text nodes and their offsets, so a match in the block's text maps back to a DOM Range.
 * The DOM is only read, never changed.
 */

/** Elements whose text is never a reader's prose, or belongs to an editor the reader types in. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'SVG',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'HEAD',
  'TITLE',
  // Code samples: a variable called `openai` is not a company mention.
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
]);

/** Elements that flow inside a line: their text joins the text around them. */
const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
]);

/** The tag of DealLens's own card host, never scanned. */
export const UI_TAG = 'DEALLENS-CARD';

export interface Block {
  /** The block's text as the reader sees it, whitespace characters mapped one to one to spaces. */
  text: string;
  /** The text nodes that make up `text`, in order. */
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  starts: number[];
}

function isSkipped(el: Element): boolean {
  if (SKIP_TAGS.has(el.tagName.toUpperCase()) || el.tagName.toUpperCase() === UI_TAG) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  return false;
}

function blockOf(node: Node, root: Node): Node {
  let el = node.parentNode;
  while (el && el !== root && el.nodeType === 1 && INLINE_TAGS.has((el as Element).tagName.toUpperCase())) {
    el = el.parentNode;
  }
  return el ?? root;
}

const WS = /[\t\n\r\f\u00a0]/g;

/** Collects the readable blocks under `root` (a document or an element). */
export function collectBlocks(root: Node): Block[] {
  const doc = root.nodeType === 9 ? (root as Document) : (root.ownerDocument as Document);
  const start = root.nodeType === 9 ? ((root as Document).body ?? (root as Document).documentElement) : root;
  if (!start) return [];
  // Skipped content (a code sample, a form field) also ends the block around it, so words on
  // either side are never joined into a name.
  let skippedSince = false;
  const walker = doc.createTreeWalker(start, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node) {
      if (node.nodeType === 1 && isSkipped(node as Element)) {
        skippedSince = true;
        return 2; /* FILTER_REJECT: the whole subtree */
      }
      return 1;
    },
  });
  const blocks: Block[] = [];
  let parts: string[] = [];
  let nodes: Text[] = [];
  let starts: number[] = [];
  let length = 0;
  let currentBlock: Node | null = null;
  const flush = () => {
    if (nodes.length > 0) {
      const text = parts.join('');
      if (text.trim()) blocks.push({ text, nodes, starts });
    }
    parts = [];
    nodes = [];
    starts = [];
    length = 0;
    currentBlock = null;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1) {
      if (!INLINE_TAGS.has((node as Element).tagName.toUpperCase())) flush();
      continue;
    }
    const data = (node as Text).data;
    if (!data) continue;
    const block = blockOf(node, start);
    if (block !== currentBlock || skippedSince) {
      skippedSince = false;
      flush();
      currentBlock = block;
    }
    nodes.push(node as Text);
    starts.push(length);
    parts.push(data.replace(WS, ' '));
    length += data.length;
  }
  flush();
  return blocks;
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
  const first = block.nodes[a] as Text;
  const last = block.nodes[b] as Text;
  const range = first.ownerDocument.createRange();
  range.setStart(first, start - (block.starts[a] as number));
  range.setEnd(last, end - (block.starts[b] as number));
  return range;
}
