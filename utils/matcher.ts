/**
 * The pure text matcher: one Aho–Corasick automaton over every alias of every entity,
 * built once per dataset. Text in, candidate mentions out; no DOM, no regex per alias.
 * Its cost grows with the length of the text, not with the number of aliases.
 *
 * The automaton runs over a case-folded view of the text (one code unit in, one out, so
 * offsets never shift); each hit is then checked against its alias's case rule on the
 * original characters, against word boundaries, and finally reduced to the longest,
 * leftmost, non-overlapping set. Whether an ambiguous alias ("Amazon") really names the
 * company is not decided here: that is `detect.ts`.
 */
import { ALIAS_DEFAULTS } from '../data/fields.ts';
import type { Alias, PageEntity } from '../data/schema.ts';

/** One marked company mention: `text` is `source.slice(start, end)`. */
export interface Mention {
  start: number;
  end: number;
  entity: string;
  text: string;
}

export type AliasCase = NonNullable<Alias['case']>;
export type AliasKind = NonNullable<Alias['kind']>;

/** One alias as compiled: its entity, its rules, and the spellings the case rule allows. */
export interface CompiledAlias {
  readonly text: string;
  readonly entity: string;
  readonly case: AliasCase;
  readonly needsCue: boolean;
  readonly kind: AliasKind;
  /** `text.toUpperCase()` when that keeps the length (the "caps" spelling), else `text`. */
  readonly upper: string;
  /** The alias itself is a legal name ("Broadcom Inc."): corporate evidence on its own. */
  readonly legal: boolean;
  /**
   * A phrase that vetoes another alias on the whole page (its `vetoedBy`): the index of that
   * alias; -1 for an alias that names a company. A veto phrase is found like an alias but is
   * never a mention (`detect.ts` leaves it out).
   */
  readonly veto: number;
  /** Some phrase on a page can veto this alias there. */
  readonly vetoable: boolean;
}

/** A hit that passed case and boundary checks and survived longest-match; not yet disambiguated. */
export interface Candidate extends Mention {
  /** Index into `lexicon.aliases`. */
  alias: number;
  needsCue: boolean;
  kind: AliasKind;
  /** A corporate suffix ("Inc.", "Corp.") followed the name and is included in the span. */
  suffixed: boolean;
}

/** The compiled automaton and alias table; treat it as opaque outside this module and detect.ts. */
export interface Lexicon {
  readonly entities: readonly PageEntity[];
  readonly aliases: readonly CompiledAlias[];
  /** Whether any alias has veto phrases (then `detect.ts` looks for them). */
  readonly vetoes: boolean;
  /** Alphabet class of each UTF-16 code unit after case folding (0: in no alias). */
  readonly classOf: Uint16Array;
  /** Number of alphabet classes, 0 included. */
  readonly classes: number;
  /** Row of a shallow state in `delta` (-1: a deep state, resolved through its edges). */
  readonly denseRow: Int32Array;
  /** Full transition rows (failures folded in) for the shallow states, `classes` wide. */
  readonly delta: Int32Array;
  /** Deep states' own transitions, per node a run sorted by class in edgeClass/edgeTarget. */
  readonly edgeStart: Int32Array;
  readonly edgeCount: Int32Array;
  readonly edgeClass: Uint16Array;
  readonly edgeTarget: Int32Array;
  readonly fail: Int32Array;
  /** Nearest proper suffix state that ends an alias (-1: none). */
  readonly dictLink: Int32Array;
  /** First entry of the node's output list in outAlias/outNext (-1: the node ends no alias). */
  readonly outHead: Int32Array;
  readonly outAlias: Int32Array;
  readonly outNext: Int32Array;
  /** Length of the longest alias ending at each state (0: none), for the streaming prefilter. */
  readonly outLen: Int32Array;
  /**
   * When every state has a full row: the transitions again, as row offsets (state row ×
   * classes), negative (−offset − 1) where the target ends an alias; else null.
   */
  readonly stream: Int32Array | null;
  /** The state of each row of `stream`. */
  readonly rowState: Int32Array;
}

// ---------------------------------------------------------------------------------------------
// Character tables, built once per module: folding must be 1:1 on UTF-16 code units.

let foldTable: Uint16Array | undefined;
let punctTable: Uint16Array | undefined;

const SPACES = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];
const HYPHENS = [0x2010, 0x2011, 0x2012, 0x2212, 0xad];
const APOSTROPHES = [0x2019, 0x2018, 0x02bc, 0x2032];

/** Punctuation-normalising table: every space → ' ', hyphen variants → '-', apostrophes → "'", full-width Latin → ASCII. */
function punct(): Uint16Array {
  if (punctTable) return punctTable;
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c;
  for (const c of SPACES) t[c] = 0x20;
  for (const c of HYPHENS) t[c] = 0x2d;
  for (const c of APOSTROPHES) t[c] = 0x27;
  // Full-width Latin letters and digits (Chinese and Japanese text: "ＯｐｅｎＡＩ") read as ASCII,
  // one unit for one, so offsets stay; full-width punctuation stays as it is.
  for (let c = 0xff10; c <= 0xff5a; c++)
    if (c <= 0xff19 || (c >= 0xff21 && c <= 0xff3a) || c >= 0xff41) t[c] = c - 0xfee0;
  punctTable = t;
  return t;
}

/** Case-folding table (lower case, then punctuation-normalised), identity where lowering changes length. */
function fold(): Uint16Array {
  if (foldTable) return foldTable;
  const p = punct();
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c < 128) {
      t[c] = c >= 65 && c <= 90 ? c + 32 : c;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      t[c] = c;
    } else {
      const lower = String.fromCharCode(c).toLowerCase();
      t[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
    }
    t[c] = p[t[c] as number] as number;
  }
  foldTable = t;
  return t;
}

const WORD_RE = /[\p{L}\p{N}\p{M}]/uy;

/** Is the ASCII character code `c` a word character (a letter or a digit)? */
export function isAsciiWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** Is the code point starting at `i` a letter, digit or combining mark of any script? */
export function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiWordCode(c);
  if (c >= 0xdc00 && c <= 0xdfff) return false; // a low surrogate is read from its high half
  WORD_RE.lastIndex = i;
  return WORD_RE.test(text);
}

/** Is the code point ending just before `i` a word character? (Steps back over surrogate pairs.) */
export function isWordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return isWordAt(text, i - 2);
  return isWordAt(text, i - 1);
}

/**
 * Scripts written without spaces between words (or with particles glued on): a Latin name
 * beside them is still a word of its own ("OpenAIは", "엔비디아와 Nvidia는").
 */
const UNSPACED_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}]/uy;

function unspacedAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) < 0x0e00) return false;
  UNSPACED_RE.lastIndex = i;
  return UNSPACED_RE.test(text);
}

/** Does a word run on into position `end`, joining the match to what follows? */
function joinedAt(text: string, end: number): boolean {
  if (!isWordAt(text, end)) return false;
  return !(unspacedAt(text, end) && !unspacedAt(text, end - 1));
}

/** Does a word run on from before `start`, joining the match to what precedes? */
function joinedBefore(text: string, start: number): boolean {
  if (!isWordBefore(text, start)) return false;
  const c = text.charCodeAt(start - 1);
  const prev = c >= 0xdc00 && c <= 0xdfff ? start - 2 : start - 1;
  return !(unspacedAt(text, prev) && !unspacedAt(text, start));
}

// ---------------------------------------------------------------------------------------------
// Building

const LEGAL_RE = /\b(?:Inc|Corp|Corporation|LLC|PLC|Group|Platforms|PBC|N\.V)\.?$/;

/** Compiles every alias of `entities` into one automaton. Build once; reuse for every text. */
export function buildLexicon(entities: readonly PageEntity[]): Lexicon {
  const f = fold();
  const aliases: CompiledAlias[] = [];
  let vetoes = false;
  for (const e of entities) {
    for (const a of e.aliases) {
      const text = a.text.trim();
      if (!text) continue;
      const upper = text.toUpperCase();
      const phrases = (a.vetoedBy ?? []).map((p) => p.trim()).filter(Boolean);
      const at = aliases.length;
      aliases.push({
        text,
        entity: e.id,
        case: a.case ?? ALIAS_DEFAULTS.case,
        needsCue: a.needsCue ?? ALIAS_DEFAULTS.needsCue,
        kind: a.kind ?? ALIAS_DEFAULTS.kind,
        upper: upper.length === text.length ? upper : text,
        legal: LEGAL_RE.test(text),
        veto: -1,
        vetoable: phrases.length > 0,
      });
      for (const phrase of phrases) {
        vetoes = true;
        const up = phrase.toUpperCase();
        aliases.push({
          text: phrase,
          entity: e.id,
          case: 'any',
          needsCue: false,
          kind: 'name',
          upper: up.length === phrase.length ? up : phrase,
          legal: false,
          veto: at,
          vetoable: false,
        });
      }
    }
  }

  // Compressed alphabet: one class per folded code unit that occurs in some alias.
  const classOfFolded = new Map<number, number>();
  for (const a of aliases) {
    for (let k = 0; k < a.text.length; k++) {
      const c = f[a.text.charCodeAt(k)] as number;
      if (!classOfFolded.has(c)) classOfFolded.set(c, classOfFolded.size + 1);
    }
  }
  const classes = classOfFolded.size + 1;
  const classOf = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) classOf[c] = classOfFolded.get(f[c] as number) ?? 0;

  // Trie with per-node child maps (build time only), then flattened into typed arrays.
  const children: Map<number, number>[] = [new Map()];
  const outLists: number[][] = [[]];
  for (let ai = 0; ai < aliases.length; ai++) {
    const text = (aliases[ai] as CompiledAlias).text;
    let node = 0;
    for (let k = 0; k < text.length; k++) {
      const c = classOf[text.charCodeAt(k)] as number;
      const kids = children[node] as Map<number, number>;
      let next = kids.get(c);
      if (next === undefined) {
        next = children.length;
        kids.set(c, next);
        children.push(new Map());
        outLists.push([]);
      }
      node = next;
    }
    (outLists[node] as number[]).push(ai);
  }

  const n = children.length;
  const depth = new Int32Array(n);
  for (let node = 0; node < n; node++) {
    for (const t of (children[node] as Map<number, number>).values()) depth[t] = (depth[node] as number) + 1;
  }
  const edgeStart = new Int32Array(n);
  const edgeCount = new Int32Array(n);
  const edgeClass = new Uint16Array(Math.max(1, n - 1));
  const edgeTarget = new Int32Array(Math.max(1, n - 1));
  let e = 0;
  for (let node = 0; node < n; node++) {
    const kids = [...(children[node] as Map<number, number>)].sort((x, y) => x[0] - y[0]);
    edgeStart[node] = e;
    edgeCount[node] = kids.length;
    for (const [c, t] of kids) {
      edgeClass[e] = c;
      edgeTarget[e] = t;
      e++;
    }
  }

  const outHead = new Int32Array(n).fill(-1);
  const outAliasList: number[] = [];
  const outNextList: number[] = [];
  for (let node = 0; node < n; node++) {
    const list = outLists[node] as number[];
    for (let k = list.length - 1; k >= 0; k--) {
      outAliasList.push(list[k] as number);
      outNextList.push(outHead[node] as number);
      outHead[node] = outAliasList.length - 1;
    }
  }

  // Breadth-first order: failure links point to shallower states, so they are done first.
  const order = new Int32Array(n);
  let qt = 1;
  for (let qh = 0; qh < qt; qh++) {
    for (const [, t] of children[order[qh] as number] as Map<number, number>) order[qt++] = t;
  }
  const fail = new Int32Array(n);
  const dictLink = new Int32Array(n).fill(-1);
  // Shallow states (a breadth-first prefix) get full rows: the text spends nearly all its
  // time in them. The cap bounds memory (4 MB); deeper states walk edges and failure links.
  const denseStates = Math.min(n, Math.max(1, Math.floor(DENSE_CELLS / classes)));
  const denseRow = new Int32Array(n).fill(-1);
  const delta = new Int32Array(denseStates * classes);
  const childOf = (node: number, c: number) => (children[node] as Map<number, number>).get(c) ?? -1;
  for (let q = 0; q < n; q++) {
    const node = order[q] as number;
    if (q < denseStates) {
      denseRow[node] = q;
      const row = q * classes;
      const fr = node === 0 ? -1 : (denseRow[fail[node] as number] as number) * classes;
      for (let c = 1; c < classes; c++) {
        const t = childOf(node, c);
        delta[row + c] = t >= 0 ? t : fr < 0 ? 0 : (delta[fr + c] as number);
      }
    }
    for (const [c, t] of children[node] as Map<number, number>) {
      let ft = 0;
      if (node !== 0) {
        let s = fail[node] as number;
        for (;;) {
          const x = childOf(s, c);
          if (x >= 0) {
            ft = x;
            break;
          }
          if (s === 0) break;
          s = fail[s] as number;
        }
      }
      fail[t] = ft;
      dictLink[t] = (outHead[ft] as number) >= 0 ? ft : (dictLink[ft] as number);
    }
  }

  // The longest alias ending at a state is its own (its depth) or, failing that, its dictionary link's.
  const outLen = new Int32Array(n);
  for (let q = 0; q < n; q++) {
    const node = order[q] as number;
    const link = dictLink[node] as number;
    outLen[node] = (outHead[node] as number) >= 0 ? (depth[node] as number) : link >= 0 ? (outLen[link] as number) : 0;
  }

  let stream: Int32Array | null = null;
  const rowState = new Int32Array(denseStates);
  for (let q = 0; q < denseStates; q++) rowState[q] = order[q] as number;
  if (denseStates === n) {
    stream = new Int32Array(n * classes);
    for (let q = 0; q < n; q++) {
      for (let c = 1; c < classes; c++) {
        const t = delta[q * classes + c] as number;
        const offset = (denseRow[t] as number) * classes;
        stream[q * classes + c] = (outLen[t] as number) > 0 ? -offset - 1 : offset;
      }
      // Class 0 (a character in no alias) leads back to the root, row 0.
    }
  }

  return {
    entities,
    aliases,
    vetoes,
    classOf,
    classes,
    denseRow,
    delta,
    edgeStart,
    edgeCount,
    edgeClass,
    edgeTarget,
    fail,
    dictLink,
    outHead,
    outAlias: Int32Array.from(outAliasList),
    outNext: Int32Array.from(outNextList),
    outLen,
    stream,
    rowState,
  };
}

/** Cells of full transition rows kept per lexicon (Int32, so 4 bytes each). */
const DENSE_CELLS = 1 << 20;

/** The automaton's transition from `state` on alphabet class `c` (failures followed). */
function next(lex: Lexicon, state: number, c: number): number {
  const { denseRow, delta, classes, fail, edgeStart, edgeCount, edgeClass, edgeTarget } = lex;
  let s = state;
  for (;;) {
    const row = denseRow[s] as number;
    if (row >= 0) return delta[row * classes + c] as number;
    let lo = edgeStart[s] as number;
    let hi = lo + (edgeCount[s] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = edgeClass[mid] as number;
      if (m === c) return edgeTarget[mid] as number;
      if (m < c) lo = mid + 1;
      else hi = mid - 1;
    }
    s = fail[s] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Does the original text at `start` satisfy the alias's case rule? (The folded view already matched.) */
function caseOk(a: CompiledAlias, text: string, start: number): boolean {
  if (a.case === 'any') return true;
  const p = punct();
  const len = a.text.length;
  let exact = true;
  for (let k = 0; k < len; k++) {
    if (p[text.charCodeAt(start + k)] !== p[a.text.charCodeAt(k)]) {
      exact = false;
      break;
    }
  }
  if (exact || a.case === 'exact') return exact;
  for (let k = 0; k < len; k++) {
    if (p[text.charCodeAt(start + k)] !== p[a.upper.charCodeAt(k)]) return false;
  }
  return true;
}

/**
 * Inside a web address or e-mail ("openai.com", "www.nvidia.com/…", "github.com/openai/…",
 * "press@openai.com", "openai@example.com") the name is part of an address, not a mention. "Amazon.com" is its own alias and wins
 * by length before this check sees it.
 */
function inAddress(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 0;
  if (before === 0x40 /* @ */) return true;
  if (before === 0x2e /* . */ && isWordBefore(text, start - 1)) return true;
  // ".com", ".ai", ".net": a dot followed by a lower-case label. ("cloud.Background", run-on
  // sentences in scraped text, has an upper-case letter after the dot and stays a mention.)
  if (text.charCodeAt(end) === 0x2e) {
    const c = text.charCodeAt(end + 1);
    if (c >= 97 && c <= 122) return true;
  }
  const after = text.charCodeAt(end);
  // "openai@example.com": a mailbox.
  if (after === 0x40 /* @ */) return true;
  if (before === 0x2f /* / */ || after === 0x2f) {
    let s = start;
    while (s > 0 && start - s < 200 && !isSpace(text.charCodeAt(s - 1))) s--;
    const token = text.slice(s, Math.min(text.length, end + 200)).split(/\s/, 1)[0] ?? '';
    if (token.includes('://') || token.startsWith('www.')) return true;
    // "github.com/openai/…", "x.com/OpenAI": a host before the slash.
    if (before === 0x2f && ADDRESS_HOST.test(token)) return true;
  }
  return false;
}

const ADDRESS_HOST = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\//u;

function isSpace(c: number): boolean {
  return punct()[c] === 0x20;
}

/**
 * Legal-form suffixes folded into a name's span, so "Nvidia Corp." and "Broadcom Inc." read as
 * one mention and count as corporate evidence.
 */
const SUFFIXES = [
  ', Inc.',
  ' Inc.',
  ' Inc',
  ' Corp.',
  ' Corp',
  ' Corporation',
  ' Co.',
  ' Ltd.',
  ' Ltd',
  ' LLC',
  ' L.L.C.',
  ' PLC',
  ' plc',
  ' N.V.',
  ' S.A.',
  ' Holdings',
  ' Group',
];

/** The character after the leading space of each legal suffix (" Inc." → "I"). */
export const SUFFIX_SECOND: ReadonlySet<number> = new Set(
  SUFFIXES.filter((s) => s[0] === ' ').map((s) => s.charCodeAt(1)),
);

function suffixAt(text: string, end: number): number {
  // Every suffix starts with a space or a comma and then one of a few letters: most names are
  // followed by a space and a word that is none of them.
  const c = text.charCodeAt(end);
  if (c !== 0x20 && c !== 0x2c) return 0;
  if (c === 0x20 && !SUFFIX_SECOND.has(text.charCodeAt(end + 1))) return 0;
  for (const s of SUFFIXES) {
    if (!text.startsWith(s, end)) continue;
    const e = end + s.length;
    if (s.endsWith('.') || !isWordAt(text, e)) return s.length;
  }
  return 0;
}

/**
 * Alias hits as flat triples (start, end, alias) in `at[0..n)`. One list serves every text:
 * it is emptied by setting `n`, so its array keeps its room (setting an array's length to 0
 * gives its storage back, and the next text's hits would allocate it again).
 */
interface Hits {
  at: number[];
  n: number;
}

/** The one hit list (`resolveHits` copies what it keeps, and nothing runs between the two). */
const scratchHits: Hits = { at: [], n: 0 };
/** Room a hit list keeps between texts; one grown past it by a huge text is let go. */
const HITS_KEPT = 3 * 4096;

/** The hit list, emptied. */
function emptyHits(): Hits {
  if (scratchHits.at.length > HITS_KEPT) scratchHits.at = [];
  scratchHits.n = 0;
  return scratchHits;
}

/** Adds the hits of the aliases ending at `i` in automaton state `state` that pass their checks (flat triples). */
function addHits(lex: Lexicon, text: string, i: number, state: number, hits: Hits): void {
  const { dictLink, outHead, outAlias, outNext, aliases } = lex;
  let o = (outHead[state] as number) >= 0 ? state : (dictLink[state] as number);
  while (o >= 0) {
    for (let h = outHead[o] as number; h >= 0; h = outNext[h] as number) {
      const ai = outAlias[h] as number;
      const a = aliases[ai] as CompiledAlias;
      const end = i + 1;
      const start = end - a.text.length;
      // Begun before the text (a stream's earlier text): not a hit of this text.
      if (start < 0) continue;
      // A match must not start or end inside a word ("Openaiish", "subAWS").
      if (joinedBefore(text, start) || joinedAt(text, end)) continue;
      if (!caseOk(a, text, start)) continue;
      const at = hits.at;
      at[hits.n++] = start;
      at[hits.n++] = end;
      at[hits.n++] = ai;
      break; // one alias per node is enough (same folded text, same entity)
    }
    o = dictLink[o] as number;
  }
}

const ONE_HIT: readonly number[] = [0];

/** Whether the hits (flat triples) are already by start, the longest first at one start: the common case, names that do not overlap. */
function inOrder(hits: readonly number[], n: number): boolean {
  for (let h = 3; h < n; h += 3) {
    const d = (hits[h] as number) - (hits[h - 3] as number);
    if (d < 0 || (d === 0 && (hits[h + 1] as number) > (hits[h - 2] as number))) return false;
  }
  return true;
}

/**
 * The offsets of the hits' triples by start, the longest first at one start. An insertion
 * sort: the hits come by where they end, so each is at most a name's length out of place,
 * and a text's few need no comparator closure and no sort buffer.
 */
function sortedHits(hits: readonly number[], n: number): number[] {
  const many: number[] = [];
  for (let h = 0; h < n; h += 3) {
    const start = hits[h] as number;
    const end = hits[h + 1] as number;
    let k = many.length;
    many.push(h);
    for (; k > 0; k--) {
      const g = many[k - 1] as number;
      const s = hits[g] as number;
      if (s < start || (s === start && (hits[g + 1] as number) >= end)) break;
      many[k] = g;
    }
    many[k] = h;
  }
  return many;
}

/** The hits reduced to the leftmost-longest non-overlapping set of candidates, in text order. */
function resolveHits(lex: Lexicon, text: string, list: Hits): Candidate[] {
  const hits = list.at;
  const count = list.n;
  if (count === 0) return [];
  const { aliases } = lex;
  let order: readonly number[] | undefined = ONE_HIT;
  if (count > 3) order = inOrder(hits, count) ? undefined : sortedHits(hits, count);
  const out: Candidate[] = [];
  let lastEnd = -1;
  const n = order === undefined ? count / 3 : order.length;
  for (let k = 0; k < n; k++) {
    const h = order === undefined ? k * 3 : (order[k] as number);
    const start = hits[h] as number;
    let end = hits[h + 1] as number;
    if (start < lastEnd) continue;
    const ai = hits[h + 2] as number;
    const a = aliases[ai] as CompiledAlias;
    if (a.kind !== 'handle' && inAddress(text, start, end)) continue;
    let suffixed = false;
    if (a.kind === 'name') {
      const s = suffixAt(text, end);
      if (s > 0) {
        end += s;
        suffixed = true;
      }
    }
    if (a.legal) suffixed = true;
    out.push({
      start,
      end,
      entity: a.entity,
      // The name as the alias spells it, most often: then the alias's own string, not a copy.
      text: end - start === a.text.length && text.startsWith(a.text, start) ? a.text : text.slice(start, end),
      alias: ai,
      needsCue: a.needsCue,
      kind: a.kind,
      suffixed,
    });
    lastEnd = end;
  }
  return out;
}

/**
 * All alias hits in `text` that pass their case rule and word boundaries, reduced to the
 * leftmost-longest non-overlapping set, in text order. Ambiguous (`needsCue`) hits are
 * included and flagged; `detect.ts` decides them.
 */
export function matchCandidates(lex: Lexicon, text: string): Candidate[] {
  const { classOf, denseRow, delta, classes, dictLink, outHead } = lex;
  const hits = emptyHits();
  let state = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = classOf[text.charCodeAt(i)] as number;
    if (c === 0) {
      // A character no alias contains: every state falls back to the root, which ends nothing.
      state = 0;
      continue;
    }
    const row = denseRow[state] as number;
    state = row >= 0 ? (delta[row * classes + c] as number) : next(lex, state, c);
    if ((outHead[state] as number) >= 0 || (dictLink[state] as number) >= 0) addHits(lex, text, i, state, hits);
  }
  return resolveHits(lex, text, hits);
}

// ---------------------------------------------------------------------------------------------
// Streaming: a whole page read as one run of text nodes

/** `streamText` flag: an alias (ignoring case rules and word boundaries) lies inside the text. */
export const STREAM_HIT = 1;
/** `streamText` flag: an alias ends inside the text but began before it (in the text streamed before). */
export const STREAM_CROSS = 2;
/** `streamText` flag: the text holds a dollar sign. */
export const STREAM_DOLLAR = 4;

/** Where the last `streamText` call saw aliases end: positions and automaton states. */
let eventAt = new Int32Array(64);
let eventState = new Int32Array(64);
let events = 0;

function record(i: number, state: number): void {
  if (events === eventAt.length) {
    const at = new Int32Array(events * 2);
    at.set(eventAt);
    eventAt = at;
    const st = new Int32Array(events * 2);
    st.set(eventState);
    eventState = st;
  }
  eventAt[events] = i;
  eventState[events] = state;
  events++;
}

/**
 * The prefilter for a page read as one stream of text nodes: runs the automaton over `text`
 * from `state` (0 at the start of the stream; otherwise what the previous call returned,
 * divided by 8) and returns `nextState * 8 + flags`. It checks no case rule and no boundary,
 * so it finds a superset of `matchCandidates`'s hits: a text without STREAM_HIT, STREAM_CROSS
 * or STREAM_DOLLAR holds no mention and no amount, and an alias split over several text nodes
 * (`Open<b>AI</b>`) shows as STREAM_CROSS where it ends. `streamedCandidates` then gives the
 * text's candidates from what this pass saw, without reading the text again.
 */
export function streamText(lex: Lexicon, text: string, state: number): number {
  events = 0;
  streamCalls++;
  const { classOf, outLen, stream } = lex;
  let flags = 0;
  const len = text.length;
  if (stream) {
    // Every state has a full row: one table read per character.
    const { classes, rowState } = lex;
    let r = state;
    for (let i = 0; i < len; i++) {
      const code = text.charCodeAt(i);
      let v = stream[r + (classOf[code] as number)] as number;
      if (v < 0) {
        v = -v - 1;
        const s = rowState[(v / classes) | 0] as number;
        record(i, s);
        flags |= (outLen[s] as number) > i + 1 ? STREAM_CROSS : STREAM_HIT;
      }
      if (code === 36 /* $ */) flags |= STREAM_DOLLAR;
      r = v;
    }
    return r * 8 + flags;
  }
  const { denseRow, delta, classes } = lex;
  let s = state;
  for (let i = 0; i < len; i++) {
    const code = text.charCodeAt(i);
    const c = classOf[code] as number;
    if (c === 0) {
      s = 0;
      if (code === 36 /* $ */) flags |= STREAM_DOLLAR;
      continue;
    }
    const row = denseRow[s] as number;
    s = row >= 0 ? (delta[row * classes + c] as number) : next(lex, s, c);
    const ol = outLen[s] as number;
    if (ol !== 0) {
      record(i, s);
      flags |= ol > i + 1 ? STREAM_CROSS : STREAM_HIT;
    }
  }
  // An alias with a dollar sign in it gives '$' a class of its own: look for it separately.
  if (classOf[36] !== 0 && text.includes('$')) flags |= STREAM_DOLLAR;
  return s * 8 + flags;
}

/**
 * `matchCandidates(lex, normal)` for the text the last `streamText` call read, from the
 * aliases that call saw end (`normal` is that text with its white space made spaces, as
 * blocks are; the automaton reads both alike).
 */
export function streamedCandidates(lex: Lexicon, normal: string): Candidate[] {
  const hits = emptyHits();
  for (let k = 0; k < events; k++) addHits(lex, normal, eventAt[k] as number, eventState[k] as number, hits);
  return resolveHits(lex, normal, hits);
}

/** Where the aliases a `streamText` call saw end (positions in its text) and the automaton's states there. */
export interface StreamEvents {
  at: Int32Array;
  state: Int32Array;
  count: number;
}

/** Calls of `streamText` so far: its events stay valid until this changes. */
let streamCalls = 0;

/** How many times `streamText` has run (its events are overwritten by each run). */
export function streamCount(): number {
  return streamCalls;
}

/** The last `streamText` call's events (not a copy: valid until `streamCount()` changes). */
export function streamEvents(): StreamEvents {
  return { at: eventAt, state: eventState, count: events };
}

/** Whether an alias that ends at `at` in state `state` began before position `from`. */
export function beganBefore(lex: Lexicon, ev: StreamEvents, k: number, from: number): boolean {
  return (lex.outLen[ev.state[k] as number] as number) > (ev.at[k] as number) - from + 1;
}

/**
 * `streamedCandidates` for a part of a longer streamed text: `normal` is the part, which
 * starts at `shift` in that text, and events `from` to `to` of `ev` are those that end in it.
 */
export function partCandidates(
  lex: Lexicon,
  normal: string,
  ev: StreamEvents,
  from: number,
  to: number,
  shift: number,
): Candidate[] {
  const hits = emptyHits();
  for (let k = from; k < to; k++) addHits(lex, normal, (ev.at[k] as number) - shift, ev.state[k] as number, hits);
  return resolveHits(lex, normal, hits);
}

/**
 * Every unambiguous mention in `text` (needsCue aliases and veto phrases left out; a veto is
 * the page's, so a vetoed alias is still here); `detect.ts` adds the evidenced ones.
 */
export function findMentions(lex: Lexicon, text: string): Mention[] {
  return matchCandidates(lex, text)
    .filter((c) => !c.needsCue && (lex.aliases[c.alias] as CompiledAlias).veto < 0)
    .map(({ start, end, entity, text: t }) => ({ start, end, entity, text: t }));
}

/** Counts mentions per entity id. */
export function countByEntity(mentions: readonly Mention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
  return counts;
}
