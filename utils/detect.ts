/**
 * Disambiguation and the document-level entry points. The matcher finds every alias; here
 * an ambiguous one (`needsCue`: "Amazon", "Oracle", "Azure", "Intel", "Meta", "Stargate") is
 * kept only with evidence that the company is meant, and dropped at the first sign that
 * something else is. Unambiguous aliases ("OpenAI", "AWS", "Nvidia Corp.") pass unchanged.
 */
import {
  type Candidate,
  type CompiledAlias,
  countByEntity,
  isAsciiWordCode,
  isWordAt,
  isWordBefore,
  type Lexicon,
  type Mention,
  matchCandidates,
} from './matcher.ts';

/**
 * Words that show a company is meant, for every entity. Lower-case cues match any case;
 * cues with a capital match only as written. Kept to words that rarely sit next to a river,
 * a prophecy or a colour: "AI" and "billion" are too common on both sides to help.
 */
const GENERIC_CUES = [
  'inc',
  'corp',
  'corporation',
  'company',
  "company's",
  'companies',
  'firm',
  'shares',
  'shareholders',
  'stock',
  'stocks',
  'stake',
  'investor',
  'investors',
  'investment',
  'invest',
  'invests',
  'invested',
  'ceo',
  'cfo',
  'chief executive',
  'executive',
  'executives',
  'cloud',
  'chip',
  'chips',
  'chipmaker',
  'data center',
  'data centers',
  'data centre',
  'data centres',
  'datacenter',
  'datacenters',
  'earnings',
  'revenue',
  'quarterly',
  'startup',
  'gpu',
  'gpus',
  'compute',
  'computing',
  'nasdaq',
  'nyse',
  'market value',
  'valuation',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'subsidiary',
  'partnership',
  'acquisition',
  'contract',
  'customers',
  'hyperscaler',
  'hyperscalers',
  'big tech',
  'tech giant',
  'rival',
  'rivals',
];

/** How far (in characters, each side) cue and anti-cue words are looked for. */
const CUE_RADIUS = 80;
const ANTI_RADIUS = 60;
/** How far another, unambiguous company mention in the same block still counts. */
const COMPANY_RADIUS = 300;
/** Unambiguous mentions across the whole page from which the page counts as about these companies. */
const PAGE_MIN = 3;
/**
 * Mentions of a company outside the page's title-case headings from which a heading's
 * ambiguous name is that company: more than one, so a single passing mention does not
 * claim every link headline with the word ("Amazon Burns As Drought Deepens").
 */
export const HEADING_EVIDENCE = 2;

/**
 * Cue words, looked up word by word: the words of the text around a name are each checked
 * against a set, so the cost is the length of that text, not the number of cues. A cue of
 * several words (or with a hyphen or an apostrophe) is checked where its first word stands.
 */
interface CueSet {
  /** One-word cues, lower-cased: matched case-insensitively. */
  folded: Set<string>;
  /** One-word cues containing a capital: matched as written. */
  exact: Set<string>;
  /** Longer cues by their first word (lower-cased for the case-insensitive ones). */
  foldedLead: Map<string, string[]>;
  exactLead: Map<string, string[]>;
  /**
   * A quick no: at `first * 32 + length` (first character's code, lower-cased, when ASCII;
   * lengths from 31 up share a slot), 0 unless a cue's first word has that slot, else one
   * more than the index of those cues in `bySlot`. A word of the text whose slot is 0 is no
   * cue's first word, and costs no string.
   */
  slots: Uint16Array;
  /**
   * The cues of each slot in use, for a word of ASCII characters only: compared in place,
   * without a string for the word (a common word often shares a slot with a cue: "chain"
   * with "chips").
   */
  bySlot: SlotCue[][];
}

/** A cue's first word in `CueSet.bySlot`: a one-word cue, or the lead of longer cues. */
interface SlotCue {
  /** The word (lower-cased when `fold`). */
  word: string;
  fold: boolean;
  /** The whole cues this word leads; undefined for a one-word cue. */
  phrases: string[] | undefined;
}

interface Prepared {
  generic: CueSet;
  /** Each company's cue and anti-cue sets, made when one of its names is first decided. */
  cues: Map<string, CueSet>;
  anti: Map<string, CueSet>;
  byId: Map<string, Lexicon['entities'][number]>;
}

const preparedCache = new WeakMap<Lexicon, Prepared>();

/** The end of the word that starts at `i` (letters, digits and marks; surrogate pairs whole). */
function wordEnd(text: string, i: number): number {
  let j = i;
  while (isWordAt(text, j)) {
    const c = text.charCodeAt(j);
    j += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return j;
}

/** The slot of a word in `CueSet.slots`. */
function slotOf(text: string, start: number, end: number): number {
  let c = text.charCodeAt(start);
  if (c >= 65 && c <= 90) c += 32;
  return (c < 128 ? c : 0) * 32 + Math.min(end - start, 31);
}

function cueSet(words: readonly string[]): CueSet {
  const set: CueSet = {
    folded: new Set(),
    exact: new Set(),
    foldedLead: new Map(),
    exactLead: new Map(),
    slots: new Uint16Array(128 * 32),
    bySlot: [],
  };
  for (const w of words) {
    const fold = w === w.toLowerCase();
    const lead = w.slice(0, wordEnd(w, 0));
    // A word starting with a character past ASCII is looked up whatever its first character.
    const slot = slotOf(lead, 0, lead.length);
    if (set.slots[slot] === 0) {
      set.bySlot.push([]);
      set.slots[slot] = set.bySlot.length;
    }
    const list = set.bySlot[(set.slots[slot] as number) - 1] as SlotCue[];
    if (lead === w) {
      (fold ? set.folded : set.exact).add(w);
      list.push({ word: w, fold, phrases: undefined });
    } else {
      const map = fold ? set.foldedLead : set.exactLead;
      map.set(lead, [...(map.get(lead) ?? []), w]);
      const entry = list.find((x) => x.phrases !== undefined && x.fold === fold && x.word === lead);
      if (entry) entry.phrases?.push(w);
      else list.push({ word: lead, fold, phrases: [w] });
    }
  }
  return set;
}

/** The cue set of a company without cues, shared (10,000 companies once made 20,000 slot tables). */
const NO_CUES = cueSet([]);

function prepare(lex: Lexicon): Prepared {
  let p = preparedCache.get(lex);
  if (p) return p;
  // Only the generic words at once: a page's first decision (in its first slice, before its
  // first marks) builds the sets of the companies it meets, not of all of them.
  p = { generic: cueSet(GENERIC_CUES), cues: new Map(), anti: new Map(), byId: new Map() };
  for (const e of lex.entities) p.byId.set(e.id, e);
  preparedCache.set(lex, p);
  return p;
}

/** The entity's cue set (`anti`: its anti-cue set), made on first use. */
function cuesOf(p: Prepared, entity: string, anti: boolean): CueSet {
  const map = anti ? p.anti : p.cues;
  let set = map.get(entity);
  if (set === undefined) {
    const words = anti ? p.byId.get(entity)?.antiCues : p.byId.get(entity)?.cues;
    set = words?.length ? cueSet(words) : NO_CUES;
    map.set(entity, set);
  }
  return set;
}

/** Does one of `cues` (the first word of each at `at`) stand in `block` there as whole words, ending by `to`? */
function phraseAt(block: string, at: number, to: number, cues: readonly string[], folded: boolean): boolean {
  for (let k = 0; k < cues.length; k++) if (phraseHere(block, at, to, cues[k] as string, folded)) return true;
  return false;
}

/** Looks for a word of `set` at [i, e) of `block`; `whole` when the word lies outside the mention. */
function cueAt(block: string, i: number, e: number, start: number, to: number, whole: boolean, set: CueSet): boolean {
  const word = block.slice(i, e);
  if (whole && set.exact.has(word)) return true;
  const lower = set.folded.size > 0 || set.foldedLead.size > 0 ? word.toLowerCase() : undefined;
  if (whole && lower !== undefined && set.folded.has(lower)) return true;
  const exact = set.exactLead.get(word);
  const folded = lower === undefined ? undefined : set.foldedLead.get(lower);
  const stop = i < start ? start : to;
  if (exact && phraseAt(block, i, stop, exact, false)) return true;
  return folded !== undefined && phraseAt(block, i, stop, folded, true);
}

/** Is `word` at `i` in `block` (ASCII characters there), lower-cased first when `fold`? */
function sameAscii(block: string, i: number, word: string, fold: boolean): boolean {
  for (let k = 0; k < word.length; k++) {
    let c = block.charCodeAt(i + k);
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Does `cue` stand in `block` at `at` as whole words, ending by `to` (lower-cased first when
 * `fold`)? Compared in place while the text there is ASCII, as the language lower-cases past it.
 */
function phraseHere(block: string, at: number, to: number, cue: string, fold: boolean): boolean {
  const end = at + cue.length;
  if (end > to || isWordAt(block, end)) return false;
  for (let k = 0; k < cue.length; k++) {
    let c = block.charCodeAt(at + k);
    if (c >= 128) {
      // Lower-casing past ASCII can change lengths ("İ"): the text there is lower-cased whole.
      const here = block.slice(at, end);
      return (fold ? here.toLowerCase() : here) === cue;
    }
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== cue.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Looks for a word of `set` at [i, e) of `block` (in slot `slot`), as `cueAt` does; a word of
 * ASCII characters only (`ascii`) is compared with the cues of its slot in place, no string made.
 */
function cueHere(
  block: string,
  i: number,
  e: number,
  start: number,
  to: number,
  whole: boolean,
  set: CueSet,
  slot: number,
  ascii: boolean,
): boolean {
  if (!ascii) return cueAt(block, i, e, start, to, whole, set);
  const at = set.slots[slot] as number;
  if (at === 0) return false;
  const list = set.bySlot[at - 1] as SlotCue[];
  for (let k = 0; k < list.length; k++) {
    const cue = list[k] as SlotCue;
    if (cue.word.length !== e - i || !sameAscii(block, i, cue.word, cue.fold)) continue;
    const phrases = cue.phrases;
    if (phrases === undefined) {
      if (whole) return true;
      continue;
    }
    if (phraseAt(block, i, i < start ? start : to, phrases, cue.fold)) return true;
  }
  return false;
}

/** The start of the window `radius` characters before `start`, widened to a whole word (a cut-off "clouds" is not "cloud"). */
function windowFrom(block: string, start: number, radius: number): number {
  let from = Math.max(0, start - radius);
  while (from > 0 && isWordBefore(block, from)) from--;
  return from;
}

/** The end of the window `radius` characters after `end`, widened to a whole word (surrogate pairs whole). */
function windowTo(block: string, end: number, radius: number): number {
  let to = Math.min(block.length, end + radius);
  // Not between the halves of a letter: the window takes it, and the rest of its word, whole.
  const low = block.charCodeAt(to);
  if (low >= 0xdc00 && low <= 0xdfff && to > 0 && isWordAt(block, to - 1)) to++;
  while (to < block.length && isWordAt(block, to)) {
    const c = block.charCodeAt(to);
    to += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return to;
}

/** `scanWords` results: an anti-cue word was found; a cue word was found. */
const ANTI_NEAR = 1;
const CUE_NEAR = 2;

/** The set, or undefined for a company without such words. */
function usable(set: CueSet | undefined): CueSet | undefined {
  return set && set !== NO_CUES ? set : undefined;
}

/**
 * Looks at the words that start in [from, to) of `block` (window edges, so every word there
 * is whole), leaving out the mention [start, end): ANTI_NEAR at the first word of `anti`
 * (a phrase ending by `antiTo`), else CUE_NEAR if a word of `a` or `b` was seen (a phrase
 * ending by `cueTo`), else 0. Called for every ambiguous name, so the common case (an ASCII
 * word whose first letter and length no set has) costs a few comparisons and no string.
 */
function scanWords(
  block: string,
  from: number,
  to: number,
  start: number,
  end: number,
  anti: CueSet | undefined,
  antiTo: number,
  a: CueSet | undefined,
  b: CueSet | undefined,
  cueTo: number,
): number {
  let found = 0;
  for (let i = from; i < to; ) {
    const c = block.charCodeAt(i);
    if (c < 128 ? !isAsciiWordCode(c) : !isWordAt(block, i)) {
      i++;
      continue;
    }
    let e: number;
    let ascii = c < 128;
    if (c >= 0xd800 && c <= 0xdbff) e = wordEnd(block, i);
    else {
      e = i + 1;
      while (e < block.length && isAsciiWordCode(block.charCodeAt(e))) e++;
      if (e < block.length && block.charCodeAt(e) >= 128) {
        const past = wordEnd(block, e);
        if (past > e) ascii = false;
        e = past;
      }
    }
    // Words are looked for outside the mention: one that starts before it must end before it.
    if (i < start || i >= end) {
      const slot = slotOf(block, i, e);
      const whole = e <= start || i >= end;
      // A word starting with a character past ASCII is looked up whatever its slot.
      if (anti && (anti.slots[slot] !== 0 || c >= 128) && cueHere(block, i, e, start, antiTo, whole, anti, slot, ascii))
        return ANTI_NEAR;
      if (found === 0) {
        if (
          (a && (a.slots[slot] !== 0 || c >= 128) && cueHere(block, i, e, start, cueTo, whole, a, slot, ascii)) ||
          (b && (b.slots[slot] !== 0 || c >= 128) && cueHere(block, i, e, start, cueTo, whole, b, slot, ascii))
        ) {
          if (!anti) return CUE_NEAR;
          found = CUE_NEAR;
        }
      }
    }
    i = e;
  }
  return found;
}

/**
 * Is a word of `a` or `b` within CUE_RADIUS of [start, end), leaving out the words that start
 * in [skipFrom, skipTo) (a window already read, or none when they are equal)?
 */
function cuedAround(
  block: string,
  start: number,
  end: number,
  skipFrom: number,
  skipTo: number,
  a: CueSet | undefined,
  b: CueSet | undefined,
): boolean {
  if (!a && !b) return false;
  const from = windowFrom(block, start, CUE_RADIUS);
  const to = windowTo(block, end, CUE_RADIUS);
  if (skipFrom === skipTo) return scanWords(block, from, to, start, end, undefined, 0, a, b, to) !== 0;
  return (
    scanWords(block, from, skipFrom, start, end, undefined, 0, a, b, to) !== 0 ||
    scanWords(block, skipTo, to, start, end, undefined, 0, a, b, to) !== 0
  );
}

const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '«', '„']);
const ENDERS = new Set(['.', '!', '?', ':', ';', '•', '·', '*', '–', '—', '|', '…']);

/**
 * Does the mention open a sentence (or a heading, list item or quote)? There a capital
 * letter is grammar, not a name: "Windows are cleaned twice a year." and "Meta-analysis
 * shows…" are capitalised for the sentence, so capitalisation proves nothing.
 */
export function isSentenceInitial(block: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0) {
    const ch = block[i] as string;
    if (ch.trim() === '' || OPENERS.has(ch)) {
      i--;
      continue;
    }
    if (ENDERS.has(ch)) return true;
    // A dash or a number that opens a list item: "- Oracle will…", "2. Intel said…".
    if (ch === '-' && (i === 0 || (block[i - 1] as string).trim() === '')) return true;
    return false;
  }
  return true;
}

const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'by',
  'from',
  'as',
  'vs',
  'via',
  'is',
  'its',
  'into',
  'over',
  'up',
  'nor',
  'so',
  'yet',
]);

/** A letter (`\p{L}`), and a character that continues a word in `isTitleLike`, at a position (sticky). */
const LETTER_AT = /\p{L}/uy;
const TITLE_TAIL_AT = /[\p{L}\p{M}'’-]/uy;

/** The length of the code point at `i` when it matches sticky `re` (1 or 2), else 0. */
function codePointIn(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex - i : 0;
}

/** The length of the letter at `i` (1 or 2), or 0. */
function letterAt(text: string, i: number, c: number): number {
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122 ? 1 : 0;
  return codePointIn(LETTER_AT, text, i);
}

/** The length of a character that continues a title word at `i`: a letter, a mark, an apostrophe or a hyphen. */
function titleTailAt(text: string, i: number, c: number): number {
  if (c < 128) return c === 0x27 || c === 0x2d ? 1 : letterAt(text, i, c);
  return codePointIn(TITLE_TAIL_AT, text, i);
}

/** The longest function word's length: a longer word is none (lower-casing never shortens a word). */
const FUNCTION_WORD_MAX = Math.max(...Array.from(FUNCTION_WORDS, (w) => w.length));

/**
 * Is the block a title-case or all-capitals heading ("Sky And Azure Water", "AMAZON RIVER
 * CRUISES")? There every word is capitalised, so a capital proves nothing either. Words are
 * runs of a letter and then letters, marks, apostrophes and hyphens; read character by
 * character, with a string made only for words short enough to be a function word.
 */
export function isTitleLike(block: string): boolean {
  let words = 0;
  let capital = 0;
  const n = block.length;
  for (let i = 0; i < n; ) {
    const c = block.charCodeAt(i);
    const first = letterAt(block, i, c);
    if (first === 0) {
      const low = c >= 0xd800 && c <= 0xdbff ? block.charCodeAt(i + 1) : 0;
      i += low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
      continue;
    }
    let j = i + first;
    for (let k = j < n ? titleTailAt(block, j, block.charCodeAt(j)) : 0; k > 0; ) {
      j += k;
      k = j < n ? titleTailAt(block, j, block.charCodeAt(j)) : 0;
    }
    const start = i;
    i = j;
    if (j - start <= FUNCTION_WORD_MAX && FUNCTION_WORDS.has(block.slice(start, j).toLowerCase())) continue;
    words++;
    // The first UTF-16 unit: a capital changes when lower-cased (half of a surrogate pair does not).
    if (c < 128 ? c >= 65 && c <= 90 : first === 1 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase())
      capital++;
    if (words > 40) break;
  }
  return words >= 2 && capital / words >= 0.8;
}

/**
 * The lake-and-river construction: "the Amazon." / "the Amazon River" / "the Oracle of
 * Delphi". A company takes no article unless a noun follows ("the Amazon deal", "the
 * Oracle database"), so "the X" followed by nothing, punctuation, "of" or a capitalised
 * word names a place, a person or a thing, not the company.
 */
function isDefiniteArticleName(block: string, start: number, end: number): boolean {
  // Five characters: the one before "the " must be no letter ("loathe Oracle" has no article).
  const before = block.slice(Math.max(0, start - 5), start);
  if (!/(?:^|[^\p{L}])[Tt]he\s$/u.test(before)) return false;
  const after = block.slice(end, end + 24);
  if (/^\s*$/.test(after)) return true;
  if (/^[.,;:!?)\]"”]/.test(after)) return true;
  if (/^\s+of\b/.test(after)) return true;
  return /^\s+\p{Lu}\p{Ll}/u.test(after);
}

/** "$NVDA", "(NASDAQ: AVGO)", "NYSE:ORCL", "ticker META": the exchange context names the listing. */
function inTickerContext(block: string, start: number): boolean {
  if (block[start - 1] === '$') return true;
  const before = block.slice(Math.max(0, start - 20), start);
  return /(?:NASDAQ|Nasdaq|NYSE|TYO|TSE|LSE|OTC|ticker|symbol)\s*:?\s*$/.test(before);
}

/**
 * What follows a company that opens a sentence in news copy: a possessive, a reporting verb,
 * or one of the verbs business news opens with ("unveils", "jumped", "to build"): a closed
 * list, as "Amazon fires reached…" and "Oracle cards are…" open sentences too. "Intel said on
 * Thursday…" is the chipmaker on a page about chips; "Meta-analysis shows…" and "Windows
 * are…" are followed by nothing of the kind.
 */
const REPORTED =
  /^(?:['’‘]s\b|\s+(?:said|says|has|had|is|was|will|would|could|can|did|does|announced|reported|reports|plans|agreed|signed|expects|declined|confirmed|added|also|shares|stock|to|(?:unveil|launch|post|rais|invest|jump|boost|expand|open|warn|hire|sue|sign)(?:e?s|e?d)|cuts?|rises|rose|fell|falls|beats?|buys?|bought|wins|won|builds|built)\b)/u;

/** Is the mention proper-cased ("Amazon"), not all capitals ("AMAZON") or an odd spelling? */
function properCased(text: string): boolean {
  const a = text[0] as string;
  const b = text[1] ?? '';
  return a !== a.toLowerCase() && b !== b.toUpperCase();
}

interface Context {
  lex: Lexicon;
  prepared: Prepared;
  block: string;
  candidates: readonly Candidate[];
  /** The page has at least PAGE_MIN unambiguous mentions. */
  pageAbout: boolean;
  titleLike: boolean | undefined;
  /** How often the page names the entity outside its headings (rule 8 in a heading). */
  confirmed: ((entity: string) => number) | undefined;
}

/**
 * Decides one ambiguous candidate. The rules, in order (first that applies wins):
 *
 * 1. Anti-cue nearby → no. "We sailed the Amazon by boat for a week." ("boat");
 *    "The azure water of the bay." never reaches here (lower case fails the case rule);
 *    "She painted the Azure sky over the harbour." ("sky").
 * 2. "the X" used as a proper noun → no. "We reached the Amazon." / "a pilgrimage to the
 *    Oracle of Delphi" / "the Amazon Clipper left at dawn".
 * 3. A listing context → yes. "$META rose 3%." / "Intel Corp. (NASDAQ: INTC)". So is a
 *    name with its own ticker in brackets: "Meta (META.O)".
 * 4. A corporate suffix → yes. "Oracle Corp. said on Monday…".
 * 5. A ticker-like alias (META, 9984) needs rule 3 or its entity's own cues; nothing weaker.
 * 6. A cue nearby (generic corporate words or the entity's own) → yes. "Oracle shares
 *    jumped 36% after it forecast cloud revenue." / "Amazon's warehouse workers".
 * 7. Another company named unambiguously in the same block → yes. "OpenAI will rent
 *    servers from Oracle and Microsoft."
 * 8. The page is about these companies, and the word is capitalised mid-sentence (not all
 *    capitals; at a sentence start only before a possessive, a reporting verb or a verb
 *    business news opens with, "Amazon unveils…", "Oracle jumped…") → yes. On
 *    a page full of OpenAI and Nvidia mentions, "a win for Intel" and "Intel said on
 *    Thursday" mean the chipmaker; "Meta-analysis shows" does not. In a title-case heading,
 *    where every word is capitalised, only when the page names the same company at least
 *    HEADING_EVIDENCE times outside such headings (one sense a page): "Meta Signs Power
 *    Deal" over a story where "Meta said" and "Meta will pay".
 * 9. Otherwise → no.
 */
function accept(ctx: Context, index: number): boolean {
  const c = ctx.candidates[index] as Candidate;
  const { block, prepared } = ctx;
  const alias = ctx.lex.aliases[c.alias] as CompiledAlias;
  const ticker = alias.kind === 'ticker';
  const own = usable(cuesOf(prepared, c.entity, false));
  // A ticker-like alias counts only its entity's own cues (rule 5), a name the generic ones too.
  const a = ticker ? own : prepared.generic;
  const b = ticker ? undefined : own;
  // Rules 1 and 5/6 read the same words near the name, so they are read once: the anti-cue
  // window (cues are looked for on the way), and the rest of the cue window only if a cue is
  // still wanted and none was seen. `cued`: 1 yes, -1 not known yet.
  const anti = usable(cuesOf(prepared, c.entity, true));
  let cued = -1;
  let antiFrom = c.start;
  let antiTo = c.start;
  if (anti) {
    antiFrom = windowFrom(block, c.start, ANTI_RADIUS);
    antiTo = windowTo(block, c.end, ANTI_RADIUS);
    const cueTo = windowTo(block, c.end, CUE_RADIUS);
    const seen = scanWords(block, antiFrom, antiTo, c.start, c.end, anti, antiTo, a, b, cueTo);
    if (seen === ANTI_NEAR) return false;
    if (seen === CUE_NEAR) cued = 1;
  }
  if (isDefiniteArticleName(block, c.start, c.end)) return false;
  if (inTickerContext(block, c.start)) return true;
  if (withOwnTicker(ctx, index)) return true;
  if (c.suffixed) return true;
  if (ticker) return cued === 1 || cuedAround(block, c.start, c.end, antiFrom, antiTo, a, b);
  // Rules 6 and 7 both say yes: the company nearby is looked for first, as it costs a few
  // comparisons where the cue words may cost a look at more words around the name.
  // Candidates are in text order: walk outwards from this one while still within reach.
  const all = ctx.candidates;
  for (let j = index - 1; j >= 0 && (all[j] as Candidate).end >= c.start - COMPANY_RADIUS; j--) {
    const o = all[j] as Candidate;
    if (!o.needsCue || o.suffixed) return true;
  }
  for (let j = index + 1; j < all.length && (all[j] as Candidate).start <= c.end + COMPANY_RADIUS; j++) {
    const o = all[j] as Candidate;
    if (!o.needsCue || o.suffixed) return true;
  }
  if (cued === 1 || cuedAround(block, c.start, c.end, antiFrom, antiTo, a, b)) return true;
  if (!ctx.pageAbout || !properCased(c.text)) return false;
  ctx.titleLike ??= isTitleLike(block);
  // In a heading, a hyphen after the name makes a word of it ("Meta-Analysis").
  if (ctx.titleLike) return block.charCodeAt(c.end) !== 0x2d && (ctx.confirmed?.(c.entity) ?? 0) >= HEADING_EVIDENCE;
  return !isSentenceInitial(block, c.start) || REPORTED.test(block.slice(c.end, c.end + 16));
}

/**
 * A name and its own ticker in brackets right after it vouch for each other: "Meta (META.O)",
 * "Meta Platforms (META)".
 */
function withOwnTicker(ctx: Context, index: number): boolean {
  const { block, candidates } = ctx;
  const c = candidates[index] as Candidate;
  const prev = candidates[index - 1];
  if (block[c.start - 1] === '(' && prev?.entity === c.entity && /^\s*$/.test(block.slice(prev.end, c.start - 1))) {
    return true;
  }
  const next = candidates[index + 1];
  return (
    next?.entity === c.entity &&
    ctx.lex.aliases[next.alias]?.kind === 'ticker' &&
    /^\s*\($/.test(block.slice(c.end, next.start))
  );
}

function toMention(c: Candidate): Mention {
  return { start: c.start, end: c.end, entity: c.entity, text: c.text };
}

/** Which aliases the page vetoes (it holds one of their `vetoedBy` phrases), by alias index. */
export type Vetoed = (alias: number) => boolean;

/**
 * Whether a candidate is no mention whatever its block says: a veto phrase itself, or an
 * alias the page vetoes.
 */
export function vetoedOut(lex: Lexicon, c: Candidate, vetoed: Vetoed | undefined): boolean {
  const a = lex.aliases[c.alias] as CompiledAlias;
  return a.veto >= 0 || (a.vetoable && vetoed?.(c.alias) === true);
}

/** Whether any of the candidates is no mention whatever its block says (`vetoedOut`). */
export function anyVetoedOut(lex: Lexicon, candidates: readonly Candidate[], vetoed: Vetoed | undefined): boolean {
  if (!lex.vetoes) return false;
  for (let i = 0; i < candidates.length; i++) if (vetoedOut(lex, candidates[i] as Candidate, vetoed)) return true;
  return false;
}

/**
 * How many of a block's candidates are unambiguous: the page-level evidence that block
 * contributes (given the page's vetoes, when the lexicon has any).
 */
export function unambiguousCount(candidates: readonly Candidate[], lex: Lexicon, vetoed?: Vetoed): number {
  let n = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (lex.vetoes && vetoedOut(lex, c, vetoed)) continue;
    if (!c.needsCue || c.suffixed) n++;
  }
  return n;
}

/** Whether a page with `unambiguous` unambiguous mentions in all is about these companies. */
export function isPageAbout(unambiguous: number): boolean {
  return unambiguous >= PAGE_MIN;
}

/**
 * One block's mentions from its candidates (`matchCandidates(lex, block)`), given the
 * page-level evidence: whether the page is about these companies, and which companies it
 * names outside this block (`confirmed`, asked only for a title-case heading). `detectBlocks`
 * is this over every block; a live page calls it per block and again for blocks with
 * ambiguous candidates when that evidence changes.
 */
export function decideBlock(
  lex: Lexicon,
  block: string,
  all: readonly Candidate[],
  pageAbout: boolean,
  confirmed?: (entity: string) => number,
  vetoed?: Vetoed,
): Mention[] {
  // Veto phrases, and the aliases the page vetoes, are neither mentions nor evidence for others.
  const candidates = anyVetoedOut(lex, all, vetoed) ? all.filter((c) => !vetoedOut(lex, c, vetoed)) : all;
  const ctx: Context = { lex, prepared: prepare(lex), block, candidates, pageAbout, titleLike: undefined, confirmed };
  const out: Mention[] = [];
  for (let j = 0; j < candidates.length; j++) {
    const c = candidates[j] as Candidate;
    if (!c.needsCue || accept(ctx, j)) out.push(toMention(c));
  }
  return out;
}

/** blocks = the page's paragraphs/headings/list items, each as the reader sees it; returns mentions per block, offsets into that block. */
export function detectBlocks(lex: Lexicon, blocks: readonly string[]): Mention[][] {
  const all = blocks.map((b) => matchCandidates(lex, b));
  // The aliases whose veto phrases stand anywhere on the page.
  const vetoedSet = new Set<number>();
  if (lex.vetoes) {
    for (const cs of all) {
      for (const c of cs) {
        const target = (lex.aliases[c.alias] as CompiledAlias).veto;
        if (target >= 0) vetoedSet.add(target);
      }
    }
  }
  const vetoed = (alias: number) => vetoedSet.has(alias);
  let unambiguous = 0;
  for (const cs of all) unambiguous += unambiguousCount(cs, lex, vetoed);
  const pageAbout = isPageAbout(unambiguous);
  // First without the rest of the page: the headings whose names wait for it ask about it.
  let asked = false;
  const ask = () => {
    asked = true;
    return 0;
  };
  const headings: boolean[] = [];
  const first = blocks.map((block, i) => {
    asked = false;
    const mentions = decideBlock(lex, block, all[i] as Candidate[], pageAbout, ask, vetoed);
    headings.push(asked);
    return mentions;
  });
  if (!headings.includes(true)) return first;
  // Then those headings again, knowing which companies the page names outside its headings.
  const counts = countByEntity(first.filter((_, i) => !headings[i]).flat());
  const named = (entity: string) => counts.get(entity) ?? 0;
  return first.map((ms, i) =>
    headings[i] ? decideBlock(lex, blocks[i] as string, all[i] as Candidate[], pageAbout, named, vetoed) : ms,
  );
}

/** plain text (an article .txt body): splits into paragraphs itself; offsets into `text`. */
export function detectText(lex: Lexicon, text: string): Mention[] {
  const blocks: string[] = [];
  const offsets: number[] = [];
  const re = /\r?\n/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    blocks.push(text.slice(last, m.index));
    offsets.push(last);
    last = m.index + m[0].length;
  }
  blocks.push(text.slice(last));
  offsets.push(last);
  const per = detectBlocks(lex, blocks);
  const out: Mention[] = [];
  per.forEach((ms, i) => {
    const off = offsets[i] as number;
    for (const m of ms) out.push({ ...m, start: m.start + off, end: m.end + off });
  });
  return out;
}

/** Mentions per entity id, for summaries and the evaluation. */
export function countMentions(mentions: readonly Mention[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of mentions) out[m.entity] = (out[m.entity] ?? 0) + 1;
  return out;
}
