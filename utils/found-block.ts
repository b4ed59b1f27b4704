/**
 * A block of the page that holds a company name or a dollar amount, as one object from the
 * moment the fast read finds it (its text, where it lives, its candidates) to the moment the
 * page scan forgets it (its decided mentions and its share of the page-level evidence).
 *
 * One object, not three: on a large page tens of thousands of blocks are found, and a block,
 * a find and a live record for each cost more (on the 5 MB benchmark page, 186.5 against
 * 182 ms of the scan, 12 page loads each side).
 */
import type { Candidate, Mention } from './matcher.ts';
import { type Block, textNodesOf } from './scanner.ts';

export class FoundBlock implements Block {
  readonly text: string;
  /** The nearest non-inline ancestor of its text (the walk's root for loose text): where it lives. */
  readonly el: Node;
  readonly candidates: Candidate[];
  /** Decided from its one text node alone (the read may take it back: `HitWalkerOptions.onRevoke`). */
  readonly single: boolean;
  /** Set by the page scan when it keeps the block: unique for the life of the scan (0 before). */
  id = 0;
  /** Position in document order, comparable between blocks (fractional after live updates). */
  order = 0;
  /** The decided mentions, offsets into `text` (the candidates until the scan decides). */
  mentions: Mention[];
  /** Unambiguous candidates: this block's share of the page-level evidence. */
  unambiguous = 0;
  /** Whether any candidate is ambiguous (its decision can depend on the rest of the page). */
  ambiguous = false;
  /** The page-level evidence the mentions were decided with. */
  pageAbout = false;
  /** A title-case heading whose ambiguous names depend on the companies named elsewhere on the page. */
  title = false;
  /** Dollar amounts the block states. */
  amounts: ReadonlyMap<number, number> | undefined = undefined;
  #nodes: Text[] | undefined;
  #starts: number[] | undefined;

  /**
   * Without `nodes` (a block element read whole, all one block), its text nodes are looked up
   * the first time they are asked for (to make a range when a mark is painted), not while the
   * page is read; if the page has changed the element's text by then, the block has none
   * (its rescan is queued).
   */
  constructor(text: string, el: Node, candidates: Candidate[], single = false, nodes?: Text[], starts?: number[]) {
    this.text = text;
    this.el = el;
    this.candidates = candidates;
    this.single = single;
    this.mentions = candidates;
    this.#nodes = nodes;
    this.#starts = starts;
  }

  /** The text nodes that make up `text`, in order. */
  get nodes(): Text[] {
    if (!this.#nodes) this.#find();
    return this.#nodes as Text[];
  }

  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  get starts(): number[] {
    if (!this.#starts) this.#find();
    return this.#starts as number[];
  }

  #find(): void {
    const nodes: Text[] = [];
    const starts: number[] = [];
    const same = this.el.nodeType === 1 && textNodesOf(this.el as Element, this.text, nodes, starts);
    this.#nodes = same ? nodes : [];
    this.#starts = same ? starts : [];
  }
}
