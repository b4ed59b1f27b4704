/**
 * Reads a whole page fast: every text node goes once through the matcher's automaton as one
 * stream (a prefilter that ignores case rules and word boundaries), and only the few text
 * nodes it flags are looked at as blocks. Most text holds no name, and most names lie inside
 * one text node, so the common path reads no element at all: a flagged node is decided on its
 * own when what is around it cannot change the result (its neighbours' edge characters are
 * checked), and otherwise its whole block is read from the DOM around it (`blockAround`).
 *
 * The walk reads each paragraph whole (`textContent`, one string) and jumps over those
 * without a flag, so their text nodes are never touched. A paragraph with a flag whose
 * elements are all readable inline markup (`plainInline`) is one block with that text: it is
 * decided from the text, and its text nodes are looked up only if it is painted. That
 * matters most in a content script: its isolated world gives every node it touches a wrapper
 * of its own, kept in a table the garbage collector must walk (on a page of a million text
 * nodes, collections of 60–140 ms inside a slice when every node was touched). A paragraph
 * with a flag and other markup (a line break, code, a nested block) has its text nodes
 * walked; where most do, a `textContent` each would cost as much as it saves, and the walk
 * goes back to reading text nodes one by one; it watches the share of such paragraphs.
 *
 * The result is the same set of blocks and candidates that reading every block with
 * `createBlockWalker` and keeping those with a candidate or an amount would give, except that
 * a block whose names all sit apart in separate text nodes may come out as one block per node
 * (each with the same candidates it would have had). A test compares the two on random pages.
 */

import { FoundBlock } from './found-block.ts';
import {
  beganBefore,
  type Candidate,
  isWordAt,
  type Lexicon,
  matchCandidates,
  partCandidates,
  STREAM_CROSS,
  STREAM_DOLLAR,
  STREAM_HIT,
  type StreamEvents,
  SUFFIX_SECOND,
  streamCount,
  streamEvents,
  streamedCandidates,
  streamText,
} from './matcher.ts';
import {
  blockAround,
  blockElementUpTo,
  isInline,
  isSkipped,
  NON_SPACE,
  plainInline,
  skippedUpTo,
  spaced,
  textEnds,
  textWalk,
} from './scanner.ts';

export interface HitWalker {
  /** Hands out found blocks into `out` until `performance.now()` reaches `until`; true once the whole root is read. */
  read(out: FoundBlock[], until?: number): boolean;
  /** Whether the DOM changed under the walk in a way it cannot resume from. */
  readonly lost: boolean;
  /** The node the walk goes on from (between two slices: where it stopped). */
  readonly position: Node;
  /** The page moved or took away the walk's place: the walk ends, `lost`. */
  lose(): void;
  /** The subtree the walk reads after or before (`exclude`), whose place in the page its own depends on. */
  readonly anchor: Element | undefined;
}

export interface HitWalkerOptions {
  /**
   * A subtree already read (an element that is not inline, `el`): the walk reads only the part
   * of the page that follows it ('after', from its end) or that precedes it ('before', up to
   * its start), and never reads a container of it as one chunk.
   */
  exclude?: { el: Element; part: 'after' | 'before' };
  /**
   * A single-node block handed out earlier turned out to be part of a larger block (read
   * whole, and handed out after it): forget it.
   */
  onRevoke?: (found: FoundBlock) => void;
  /** Text nodes visited between two looks at the clock (tests stop the walk at every one with 1). */
  clockEvery?: number;
  /**
   * How the walk chooses between reading block elements whole and reading text nodes one by
   * one: after how many chunks, and after how many nodes, it chooses again (tests make it
   * choose all the time with 1); `false` never reads chunks.
   */
  chunks?: false | { chunkWindow: number; nodeWindow: number };
}

const AMOUNT_HINT = /\$\s?\d/;
/** The longest dollar amount the page's amounts are read from ("$1234.567 trillion"), and the boundary after it. */
const AMOUNT_MAX = 22;
/** Text nodes longer than this are checked for skipped content before they are streamed. */
const LONG_NODE = 2000;
/** Characters after a name that the matcher looks at (the longest legal suffix and the boundary after it). */
const AFTER = 16;
/** Characters before a name within which the matcher looks back (a boundary, an address dot before a word). */
const BEFORE = 2;
/** How far back from a name's start it may read: a dot and the surrogate pair of a letter before it. */
const LOOK_BACK = 3;

/** Block elements with more element children than this are containers, never read as one chunk. */
const CHUNK_CHILDREN = 64;
/** A chunk's text longer than this is not streamed at once (the slice could not yield inside it). */
const CHUNK_TEXT = 65_536;
/** Characters of a chunk that cost the walk as much as visiting one text node (for its deadline checks). */
const CHUNK_CHARS_PER_NODE = 64;
/**
 * Chunks pay where most of them are jumped over or decided from their text (their text
 * nodes are never visited); where most must be walked node by node, each costs a
 * `textContent` for nothing. The walk reads chunks while fewer than one in CHUNK_HIT_SHARE
 * of the last CHUNK_WINDOW had to be walked, and nodes one by one while more than one in
 * NODE_FLAG_SHARE of the last NODE_WINDOW streamed nodes were flagged.
 */
const CHUNK_WINDOW = 32;
const CHUNK_HIT_SHARE = 3;
const NODE_WINDOW = 512;
const NODE_FLAG_SHARE = 32;
/** Visits between two looks at the clock. */
const CLOCK_EVERY = 128;
/**
 * Visits before the first look at the clock in the first slice of a walk: a paragraph read
 * whole counts as many visits as it has characters / CHUNK_CHARS_PER_NODE, so 128 would let
 * a slow first slice read some 8,000 characters. It ends soon after the first few
 * paragraphs instead, and their marks are painted in the first frame.
 */
const FIRST_CLOCK = 32;

/** The starts of a block of one node (never changed). */
const ONE_START: number[] = [0];

const normal = spaced;

/**
 * Are `a` (found in a text on its own) and the candidates of `b` (found in the same text with
 * `shift` characters before it) that reach into that text the same?
 */
function sameCandidates(a: readonly Candidate[], b: readonly Candidate[], shift: number, len: number): boolean {
  let i = 0;
  for (const y of b) {
    if (y.end <= shift || y.start >= shift + len) continue; // wholly in a neighbour's characters
    const x = a[i++];
    if (!x || x.start !== y.start - shift || x.end !== y.end - shift || x.alias !== y.alias) return false;
  }
  return i === a.length;
}

/**
 * Cheap cases where the neighbours cannot change a node's candidates whatever block they
 * belong to: white space before (no run-on word, no address), and after a name that ends the
 * node a character that is no letter, dot, slash, comma or "@", or a space and then no letter a
 * legal suffix starts with.
 */
function quietEdges(candidates: readonly Candidate[], len: number, prev: string, next: string, nextWhole: boolean) {
  const before = prev.length === 0 ? -1 : prev.charCodeAt(prev.length - 1);
  const quietBefore = before === -1 || before === 0x20 || WS_CODES.has(before);
  const head = normal(next.slice(0, 2));
  const n0 = head.charCodeAt(0);
  const quietAfter =
    next.length === 0
      ? nextWhole
      : n0 >= 0xd800 && n0 <= 0xdbff
        ? false // half a character: what it is depends on the node after
        : !isWordAt(head, 0) &&
          n0 !== 0x2e &&
          n0 !== 0x2f &&
          n0 !== 0x2c &&
          // "@": a mailbox follows ("openai@…"), which the matcher reads as an address.
          n0 !== 0x40 &&
          !(n0 === 0x20 && (head.length < 2 || SUFFIX_SECOND.has(head.charCodeAt(1))));
  for (const c of candidates) {
    if (c.start < BEFORE && !quietBefore) return false;
    if (c.end + AFTER > len && !(c.end === len && quietAfter)) return false;
  }
  return true;
}

const WS_CODES = new Set([0x09, 0x0a, 0x0d, 0x0c, 0xa0]);

/** A fast walk over `root` (a document or an element) that can stop at a deadline and resume. */
export function createHitWalker(lex: Lexicon, root: Node, options: HitWalkerOptions = {}): HitWalker {
  const { onRevoke } = options;
  const { doc, start, empty, walker, connected } = textWalk(root);
  const exclude = options.exclude?.el;
  const part = options.exclude?.part;
  /** Reading the part before `exclude`: the first text node at or after its start, where the walk ends. */
  let stopAt: Node | null = null;
  const skipCache = new Map<Node, boolean>();
  // Consecutive flagged nodes mostly share a parent, or a grandparent (the article): those are
  // remembered before the cache is asked (a map lookup per node costs more than the walk).
  let lastParent: Element | null = null;
  let lastSkipped = false;
  const readAncestors: Node[] = [];
  const skipped = (parent: Element): boolean => {
    if (parent === lastParent) return lastSkipped;
    lastParent = parent;
    lastSkipped = false;
    for (let n: Node | null = parent; n; n = n.parentNode) {
      if (readAncestors.includes(n)) break;
      if (n.nodeType === 1 && isSkipped(n as Element)) {
        lastSkipped = true;
        break;
      }
      if (n === start) break;
      if (n !== parent) {
        // An ancestor not skipped whose own ancestors are not: checked on the way up, kept only if they are.
        lastSkipped = skippedUpTo(n as Element, start as Node, skipCache);
        if (!lastSkipped) {
          readAncestors.unshift(n);
          if (readAncestors.length > 4) readAncestors.pop();
        }
        break;
      }
    }
    return lastSkipped;
  };
  let done = empty;
  let lost = false;
  /** The automaton's state after the text streamed so far. */
  let state = 0;
  /** The previous non-empty text node's data ('' at a known block boundary). */
  let prevData = '';
  /** A flagged node waiting for the next node's first characters before it is decided. */
  let pending: Text | null = null;
  let pendingPrev = '';
  let pendingText = '';
  let pendingCandidates: Candidate[] = [];
  /** The nodes of the last block read whole, from `claimAt` on: they were handed out with it. */
  let claim: Text[] | null = null;
  let claimAt = 0;
  /** Single-node blocks handed out, in document order (a block read whole may take the last few back). */
  const singles: FoundBlock[] = [];
  let out: FoundBlock[] = [];
  /**
   * The chunk being walked: a block element read whole (`textContent`) and streamed at once
   * when the walk reaches its first text node. Without a flag it is jumped over, its text
   * nodes never touched (most of a page, and no script object per node); with one, its text
   * nodes are walked and their flags read off the chunk's events by offset.
   */
  let chunk: string | null = null;
  let chunkOff = 0;
  let chunkEvents: StreamEvents | null = null;
  /** The `streamText` run the chunk's events come from (another run overwrites them). */
  let chunkStream = 0;
  let ev = 0;
  let nextDollar = -1;
  /** Where in the chunk the previous text node lies, or -1 (its text is `prevData`). */
  let prevFrom = -1;
  /** Whether the walk reads chunks now, and what it has seen since it last chose. */
  let chunking = options.chunks !== false;
  const chunkWindow = options.chunks ? options.chunks.chunkWindow : CHUNK_WINDOW;
  const nodeWindow = options.chunks === false ? Number.POSITIVE_INFINITY : (options.chunks?.nodeWindow ?? NODE_WINDOW);
  let seen = 0;
  let flagged = 0;
  /** Block elements that cannot be a chunk (their nodes are streamed one by one). */
  const notChunk = new Set<Node>();
  /** The last node the walk passed (a text node, or a chunk jumped over). */
  let passed: Node | null = null;
  const clockEvery = options.clockEvery ?? CLOCK_EVERY;
  let firstRead = true;
  /** The node a slice stopped at, unread. */
  let held: Node | null = null;
  /**
   * The element to read next as a chunk, reached from the chunk before it. `walker` is moved
   * onto it only when the walk goes into it or a slice stops before it.
   */
  let chained: Element | null = null;

  /** Reads the whole block around `node` and hands it out if it holds a candidate or an amount. */
  const whole = (node: Text, text?: string, known?: Candidate[]) => {
    const block = blockAround(node, start as Node, skipCache);
    if (!block) return;
    // Single-node blocks already handed out that belong to this block are taken back.
    // A set for a long block: a paragraph of thousands of nodes may take back thousands of singles.
    const members = block.nodes.length > 16 ? new Set<Node>(block.nodes) : block.nodes;
    const inBlock = (n: Node) => (members instanceof Set ? members.has(n) : members.includes(n as Text));
    for (let last = singles.at(-1); last && inBlock(last.nodes[0] as Text); last = singles.at(-1)) {
      singles.pop();
      const i = out.lastIndexOf(last);
      if (i >= 0) out.splice(i, 1);
      else onRevoke?.(last);
    }
    const i = block.nodes.indexOf(node);
    if (i < block.nodes.length - 1) {
      claim = block.nodes;
      claimAt = i + 1;
    }
    // A block of one node has the candidates its node was found with.
    const candidates =
      known && block.nodes.length === 1 && block.text === text ? known : matchCandidates(lex, block.text);
    if (candidates.length > 0 || (block.text.includes('$') && AMOUNT_HINT.test(block.text))) {
      out.push(new FoundBlock(block.text, block.el, candidates, false, block.nodes, block.starts));
    }
  };

  /**
   * Decides a flagged node from its own text when the text around it cannot change the result;
   * otherwise reads its whole block. `next` is the next non-empty node's data ('' at a boundary
   * or the end), `nextWhole` whether `next` is all that follows up to AFTER characters.
   */
  const decide = (
    node: Text,
    text: string,
    candidates: Candidate[],
    prev: string,
    next: string,
    nextWhole: boolean,
  ) => {
    // Skipped content was set aside before the node was pending (skippedText); the page may
    // have removed the node since (a pending node can wait over a yield).
    const parent = node.parentNode;
    if (!parent) return;
    // Next to a slash the matcher reads the whole web address around a name, which may begin
    // in another node ("see www./Amazon" is not an address once "see " is in front of it).
    if (text.includes('/')) return whole(node);
    const len = text.length;
    // An amount is read from its dollar sign on; one that may run on into the next node is read with its block.
    const dollar = text.lastIndexOf('$');
    if (dollar >= 0 && dollar + AMOUNT_MAX >= len && !(nextWhole && next === '')) return whole(node);
    let edge = false;
    for (const c of candidates) {
      // An ambiguous name is decided with its whole block (cues, other names, the sentence).
      if (c.needsCue) return whole(node, text, candidates);
      if (c.start < BEFORE || c.end + AFTER > len) edge = true;
    }
    if (candidates.length === 0 && !(dollar >= 0 && AMOUNT_HINT.test(text))) return;
    if (edge && !quietEdges(candidates, len, prev, next, nextWhole)) {
      // The matcher looks further back only past a dot ("x.OpenAI" is an address), and over a
      // surrogate pair ("𝐀.OpenAI"): a short previous node may not hold all it reads.
      if (prev.length > 0 && prev.length < LOOK_BACK && /[.\ud800-\udfff]/.test(prev)) {
        if ((candidates[0] as Candidate).start < BEFORE) return whole(node);
      }
      if (!nextWhole && (candidates.at(-1) as Candidate).end + AFTER > len) return whole(node);
      // The same candidates with the neighbours' edge characters around them, and without:
      // then whether the neighbours belong to this block does not matter.
      const before = normal(prev.slice(-LOOK_BACK));
      const after = normal(next.slice(0, AFTER));
      const around = matchCandidates(lex, before + text + after);
      if (!sameCandidates(candidates, around, before.length, len)) return whole(node);
      for (const c of candidates) {
        if ((c.start === 0 && before.endsWith('/')) || (c.end === len && after.startsWith('/'))) return whole(node);
      }
    }
    // The element is the block's (a paragraph), as for a whole block: it is what the painter
    // measures and observes, and an inline parent may have no box (`display: contents`).
    const el = blockElementUpTo(parent, start as Node);
    const found = new FoundBlock(text, el, candidates, true, [node], ONE_START);
    out.push(found);
    singles.push(found);
  };

  /** Whether a text node sits in skipped content (asked before its candidates are worked out). */
  const skippedText = (node: Text): boolean => {
    const parent = node.parentNode;
    return parent?.nodeType !== 1 || skipped(parent as Element);
  };

  /** Decides the pending node, given what follows it. */
  const settle = (next: string, nextWhole: boolean, crossed: boolean) => {
    const node = pending as Text;
    pending = null;
    if (crossed) whole(node);
    else decide(node, pendingText, pendingCandidates, pendingPrev, next, nextWhole);
  };

  /** A block boundary the stream cannot see (a chunk's edges, skipped content): nothing joins across it. */
  const boundary = () => {
    if (pending) settle('', true, false);
    state = 0;
    prevData = '';
    prevFrom = -1;
    claim = null;
  };

  /** The previous non-empty text node's data ('' at a known block boundary). */
  const prevText = () => (prevFrom >= 0 ? (chunk as string).slice(prevFrom, chunkOff) : prevData);

  /**
   * At `node`, the first text node of its block element: reads that element as one chunk when
   * it can. Returns the characters streamed (0: no chunk), negative when the chunk was jumped
   * over (the walk goes on with `chained`, or from where `chainAfter` put it).
   */
  const enterChunk = (node: Text): number => {
    // White space before a container's first element (`<article>\n<h1>`) is no paragraph's
    // text: read on its own, it leaves the paragraphs after it to be chunks of their own. The
    // container read as one chunk would be walked node by node (and its length would bring
    // the next look at the clock forward, so a slow first slice could end before any name).
    if (node.length <= CHUNK_CHARS_PER_NODE && !NON_SPACE.test(node.data)) return 0;
    const parent = node.parentNode;
    if (parent?.nodeType !== 1) return 0;
    const el = blockElementUpTo(parent, start as Node);
    if (el === start || el.nodeType !== 1 || notChunk.has(el)) return 0;
    const e = el as Element;
    // Not when the walk is already inside it (a text node before this one was its).
    if ((passed !== null && e.contains(passed)) || isSkipped(e) || !chunkable(e)) {
      notChunk.add(el);
      return 0;
    }
    return readElement(e, false);
  };

  /**
   * Whether `e` may be read as one chunk: it holds no part of the subtree passed over, and it
   * is no container (counting its children costs as many steps as it has).
   */
  const chunkable = (e: Element): boolean =>
    !(exclude !== undefined && e.contains(exclude)) && e.childElementCount <= CHUNK_CHILDREN;

  /**
   * Reads `e` (the block element of the walk's node, or `chainedTo` from the chunk before it)
   * as one chunk. Returns the characters streamed, negative when it was jumped over (the walk
   * goes on with `chained`, or from where `chainAfter` put it), its length without a chunk
   * when it is too long to be one (the walk goes into it).
   */
  /** Counts a chunk read, flagged or not; past a window where too many were, the walk reads node by node. */
  const tally = (flag: boolean) => {
    seen++;
    if (flag) flagged++;
    if (seen === chunkWindow) {
      chunking = flagged * CHUNK_HIT_SHARE < seen;
      seen = 0;
      flagged = 0;
    }
  };

  const readElement = (e: Element, chainedTo: boolean): number => {
    const text = e.textContent ?? '';
    if (text.length > CHUNK_TEXT) {
      // Too long to be a chunk: the walk goes into it. What was read is charged to the clock,
      // and counts as a chunk with a flag: where block elements nest deep (each holding the
      // next), every level's text is its whole subtree's, and reading on by chunks is quadratic.
      notChunk.add(e);
      tally(true);
      return text.length;
    }
    if (!readChunk(e, text, chainedTo)) return text.length;
    chained = chainAfter(e);
    return -1 - text.length;
  };

  /**
   * Streams chunk `e` (its text `text`). Returns true when it was jumped over: it held no
   * flag, or it was decided from its text; false when its text nodes are to be walked (the
   * chunk's events are kept for them).
   */
  const readChunk = (e: Element, text: string, chainedTo: boolean): boolean => {
    // The element ends the block before it: nothing joins across its edges.
    boundary();
    const packed = streamText(lex, text, 0);
    // With a flag, an element whose text is all one block is decided from that text: its
    // text nodes are looked up only if it is painted. Otherwise its nodes are walked.
    // (`e` is no inline element: it is a block element, or a sibling `chainAfter` let through.)
    const plain = (packed & 7) === 0 || plainInline(e);
    if (!plain && chainedTo) {
      // A sibling reached by chaining may be a container of paragraphs (an article's body):
      // the walk goes inside, where each paragraph is a chunk of its own.
      notChunk.add(e);
      return false;
    }
    tally(!plain);
    passed = e;
    if (plain) {
      // `e` itself is not skipped (asked before it was read): whether its parent is, is asked of
      // the parent, which its siblings share (the answer is remembered for the next one).
      const parent = e.parentNode;
      if ((packed & 7) !== 0 && parent !== null && (parent.nodeType !== 1 || !skipped(parent as Element))) {
        // Streamed from state 0 at a block boundary: the stream's candidates are the block's.
        const normal = spaced(text);
        const candidates = streamedCandidates(lex, normal);
        if (candidates.length > 0 || (packed & STREAM_DOLLAR && AMOUNT_HINT.test(normal))) {
          out.push(new FoundBlock(normal, e, candidates));
        }
      }
      return true;
    }
    chunk = text;
    chunkOff = 0;
    chunkEvents = streamEvents();
    chunkStream = streamCount();
    ev = 0;
    nextDollar = packed & STREAM_DOLLAR ? text.indexOf('$') : -1;
    return false;
  };

  /**
   * After chunk `e` was jumped over: its next sibling, when that is an element to read as a
   * chunk too (past white space and comments, which make no block), or null with the walk
   * placed to go on after `e`. Paragraphs follow paragraphs: going from one to the next
   * through their parent's children touches two nodes, where the walk would touch the
   * white space, the first and last text nodes and the inline elements above the first.
   */
  const chainAfter = (e: Element): Element | null => {
    let x = e.nextSibling;
    let last: Node = e;
    let type = 0;
    let inline = false;
    // Passed over: white space, comments, and elements never read that end a block (a script,
    // a style, a hidden section), whose text is not even streamed.
    for (; x !== null; last = x, x = x.nextSibling) {
      type = x.nodeType;
      if (type === 1) {
        if (x === exclude) break;
        inline = isInline(x as Element);
        if (inline || !isSkipped(x as Element)) break;
      } else if (type === 3 && NON_SPACE.test((x as Text).data)) break;
    }
    if (x === null) {
      // The walk goes on from the last node passed, or from an element's last text node,
      // found by the browser: no script object for the elements on the way down to it.
      walker.currentNode = last;
      if (last.nodeType === 1) walker.lastChild();
      return null;
    }
    const el = x as Element;
    // An element read as the next chunk: `walker` is moved onto it only if the walk goes into
    // it or stops before it (one call into the browser fewer per paragraph).
    if (type === 1 && chunking && !inline && !notChunk.has(el) && chunkable(el)) return el;
    // Text of the parent's own, or an element read some other way: the walk goes on there.
    walker.currentNode = x;
    if (type === 3) held = x;
    return null;
  };

  /** Whether `node` was handed out with the last block read whole (then it is passed over). */
  const claimed = (node: Node): boolean => {
    if (!claim) return false;
    if (claim[claimAt] === node) {
      if (++claimAt === claim.length) claim = null;
      return true;
    }
    claim = null;
    return false;
  };

  /** Handles one non-empty text node, given its stream flags and how to get its candidates. */
  const visit = (node: Text, data: string, flags: number, candidates: (normal: string) => Candidate[]) => {
    if (pending) settle(data, data.length >= AFTER, (flags & STREAM_CROSS) !== 0);
    if (claimed(node)) return;
    if (flags & STREAM_CROSS) whole(node);
    else if (flags & (STREAM_HIT | STREAM_DOLLAR)) {
      const text = normal(data);
      // The node's own candidates, from what the stream saw. A flag the matcher's rules turn
      // down (a name inside a word, the wrong case) leaves the node alone before its ancestors
      // are asked anything: that costs a script object per ancestor. `decide` would hand out
      // nothing for a node with no candidate, no dollar sign and no slash.
      const own = flags & STREAM_HIT ? candidates(text) : [];
      if (own.length === 0 && !(flags & STREAM_DOLLAR) && !text.includes('/')) return;
      if (skippedText(node)) return;
      pending = node;
      pendingPrev = prevText();
      pendingText = text;
      pendingCandidates = own;
    }
  };
  const ownCandidates = (normal: string) => streamedCandidates(lex, normal);
  let partFrom = 0;
  let partTo = 0;
  let partShift = 0;
  const chunkCandidates = (normal: string) =>
    partCandidates(lex, normal, chunkEvents as StreamEvents, partFrom, partTo, partShift);

  return {
    get lost() {
      return lost;
    },
    get position() {
      return walker.currentNode;
    },
    lose() {
      lost = true;
      done = true;
    },
    get anchor() {
      return exclude;
    },
    read(into, until = Number.POSITIVE_INFINITY) {
      if (done) return true;
      if (connected && (!walker.currentNode.isConnected || (exclude && !exclude.isConnected))) {
        lost = true;
        done = true;
        return true;
      }
      if (exclude) {
        // Looked up again before each slice, as the page may have replaced the nodes since.
        let last: Node = exclude;
        while (last.lastChild) last = last.lastChild;
        if (part === 'after' && firstRead) {
          // The walk starts past the subtree's last node: its next text node is the first after it.
          walker.currentNode = last;
          passed = last;
        } else if (part === 'before') {
          const after = doc.createTreeWalker(start, 0x4 /* SHOW_TEXT */);
          after.currentNode = last;
          stopAt = textEnds(exclude)[0] ?? after.nextNode();
        }
      }
      out = into;
      // A chained element the slice stopped before may have been hidden since: it is passed over.
      if (chained !== null && isSkipped(chained)) chained = chainAfter(chained);
      if (chunk !== null && streamCount() !== chunkStream) {
        // Something else streamed text between two slices: the chunk's events are streamed again.
        streamText(lex, chunk, 0);
        chunkEvents = streamEvents();
        chunkStream = streamCount();
      }
      let count = 0;
      // The first node is always read: a walk resumed past its deadline still moves on.
      let clockAt = (firstRead ? Math.min(clockEvery, FIRST_CLOCK) : clockEvery) + 1;
      firstRead = false;
      for (;;) {
        if (chained !== null) {
          if (++count >= clockAt) {
            clockAt = count + clockEvery;
            if (performance.now() >= until) {
              // The walk stays on the chained element and reads it first next time.
              walker.currentNode = chained;
              return false;
            }
          }
          const e = chained;
          chained = null;
          const read = readElement(e, true);
          if (read < 0) count += (-1 - read) / CHUNK_CHARS_PER_NODE;
          else {
            // Not jumped over: the walk goes into `e`, its first text node next.
            walker.currentNode = e;
            count += read / CHUNK_CHARS_PER_NODE;
          }
          continue;
        }
        const node = held ?? walker.nextNode();
        held = null;
        if (!node) break;
        if (++count >= clockAt) {
          clockAt = count + clockEvery;
          if (performance.now() >= until) {
            // The walk stays on this node and reads it first next time.
            held = node;
            return false;
          }
        }
        if (node === stopAt) break;
        // Read node by node, a node's length is not asked for (its data is read below).
        const len = chunk === null && !chunking ? -1 : (node as Text).length;
        if (len === 0) continue;
        if (chunk === null && chunking) {
          const entered = enterChunk(node as Text);
          if (entered < 0) {
            count += (-1 - entered) / CHUNK_CHARS_PER_NODE;
            continue;
          }
          count += entered / CHUNK_CHARS_PER_NODE;
        }
        if (chunk !== null) {
          const from = chunkOff;
          const to = from + len;
          if (to <= chunk.length) {
            // Flags from the chunk's events that end in this node, without streaming it again.
            const events = chunkEvents as StreamEvents;
            let flags = 0;
            const first = ev;
            for (; ev < events.count && (events.at[ev] as number) < to; ev++)
              flags |= beganBefore(lex, events, ev, from) ? STREAM_CROSS : STREAM_HIT;
            if (nextDollar >= 0 && nextDollar < to) {
              flags |= STREAM_DOLLAR;
              nextDollar = chunk.indexOf('$', to);
            }
            if (flags !== 0 || pending) {
              partFrom = first;
              partTo = ev;
              partShift = from;
              visit(node as Text, (node as Text).data, flags, chunkCandidates);
            } else claimed(node);
            prevFrom = from;
            chunkOff = to;
            passed = node;
            if (to === chunk.length) {
              chunk = null;
              boundary();
            }
            continue;
          }
          // The chunk no longer matches the page (it changed between two slices): stream on node by node.
          chunk = null;
          boundary();
        }
        const data = (node as Text).data;
        if (!data) continue;
        passed = node;
        if (data.length > LONG_NODE) {
          // A long text in skipped content (a page's JSON in a script) is not streamed at all:
          // it ends the block before it, and nothing joins across it.
          const parent = node.parentNode;
          if (parent?.nodeType !== 1 || skipped(parent as Element)) {
            boundary();
            continue;
          }
        }
        const packed = streamText(lex, data, state);
        state = packed >>> 3;
        if (!chunking) {
          seen++;
          if ((packed & 7) !== 0) flagged++;
          if (seen === nodeWindow) {
            chunking = flagged * NODE_FLAG_SHARE < seen;
            seen = 0;
            flagged = 0;
          }
        }
        visit(node as Text, data, packed & 7, ownCandidates);
        prevData = data;
        prevFrom = -1;
      }
      if (pending) settle('', true, false);
      done = true;
      return true;
    },
  };
}
