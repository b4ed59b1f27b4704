/**
 * Search over every fact, for the popup: companies by name, alias and ticker; deals by
 * party, title, summary, kind, amount and capacity in the ways readers write them, and date.
 * The fuse.js index and the word lists are built once per dataset; a keystroke only queries
 * them and orders at most a few dozen hits.
 */
import Fuse, { type Expression, type FuseResultMatch } from 'fuse.js';
import type { Dataset, Deal, Entity } from '../data/schema.ts';
import { amountsIn } from './facts.ts';
import { dollarAmounts, formatDate, noAmount } from './format.ts';

interface DocBase {
  id: string;
  /** Lowercased words, space-led and space-joined, of the fields a reader scans first (title, amounts, party names; a company's names). */
  headText: string;
  /** The same for everything searchable. */
  allText: string;
}

export interface DealDoc extends DocBase {
  type: 'deal';
  deal: Deal;
  title: string;
  /** Display names of the parties, in the deal's order. */
  parties: string[];
  /** Other names of the parties: aliases and ticker symbols. */
  aliases: string[];
  /** Amounts, capacities, kind and dates as readers write them ("38 billion", "10 gigawatts", "November 2025"). */
  facts: string[];
  summary: string;
  /** The amount as the sources word it, and the caveat. */
  more: string[];
  /** Every dollar amount the deal states: its own, the parties' parts, those its texts name. */
  amounts: ReadonlySet<number>;
}

export interface EntityDoc extends DocBase {
  type: 'entity';
  entity: Entity;
  name: string;
  /** Aliases and ticker symbols ("AWS", "NVDA"). */
  aliases: string[];
  description: string;
}

export type SearchDoc = DealDoc | EntityDoc;

/** One search hit: the document, how it matched, and fuse's score (0 is perfect). */
export interface SearchHit {
  item: SearchDoc;
  score: number;
  matches: readonly FuseResultMatch[];
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "38 billion", "$38B", "$38bn", "$38 billion", "38bn" for 38_000_000_000. */
export function amountForms(usd: number): string[] {
  const forms: string[] = [];
  for (const [size, word, short] of [
    [1e12, 'trillion', 't'],
    [1e9, 'billion', 'b'],
    [1e6, 'million', 'm'],
  ] as const) {
    if (usd >= size) {
      const n = String(Number((usd / size).toFixed(2)));
      forms.push(`${n} ${word}`, `$${n} ${word}`, `$${n}${short.toUpperCase()}`, `$${n}${short}n`, `${n}${short}n`);
      break;
    }
  }
  return forms;
}

const GIGAWATTS = /(\d+(?:\.\d+)?)\s?-?\s?(?:GW|gigawatts?)\b/gi;

/** Capacities a text states, as readers write them: "10 GW" → "10 GW", "10GW", "10 gigawatts", "10-gigawatt". */
export function gigawattForms(text: string): string[] {
  const forms = new Set<string>();
  for (const m of text.matchAll(GIGAWATTS)) {
    const n = m[1];
    forms.add(`${n} GW`).add(`${n}GW`).add(`${n} gigawatts`).add(`${n}-gigawatt`);
  }
  return [...forms];
}

/** Words a query may carry that say nothing about which fact is meant. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'in',
  'on',
  'to',
  'for',
  'with',
  'by',
  'deal',
  'deals',
  'vs',
  'dollar',
  'dollars',
  'usd',
]);

/** Stock exchanges a ticker is written with ("NASDAQ:NVDA", "NYSE ORCL"): the symbol is what names the company. */
const EXCHANGES = /\b(?:nasdaq|nyse|tyo|tse)\s*[:\s]\s*(?=[a-z0-9])/g;
const UNIT_WORDS = 'trillion|billion|million|tn|bn|mn|t|b|m';

/**
 * A query as the index spells things: "US$38" → "$38", "$38-billion" → "$38 billion", "+$100B"
 * (how the popup shows an expansion) → "$100B", "NASDAQ:NVDA" → "nvda", and a date written in
 * figures ("11/3/2025", "2025-11-03") → "november 3 2025" ("11/2025", "2025-11" → "november 2025"). `q` is lowercased and trimmed.
 */
function normalizeQuery(q: string): string {
  return (
    q
      .replace(/\bus\$/g, '$')
      .replace(/(^|\s)\+(?=\$?\d)/g, '$1')
      .replace(new RegExp(`(\\$?\\d+(?:\\.\\d+)?)-(${UNIT_WORDS})\\b`, 'g'), '$1 $2')
      .replace(EXCHANGES, '')
      .replace(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (all, y, m, d) => dateWords(all, Number(m), Number(d), y))
      .replace(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g, (all, m, d, y) => dateWords(all, Number(m), Number(d), y))
      // A month in figures: "11/2025", "2025-11".
      .replace(/\b(\d{1,2})\/(\d{4})\b/g, (all, m, y) => monthWords(all, Number(m), y))
      .replace(/\b(\d{4})-(\d{1,2})\b/g, (all, y, m) => monthWords(all, Number(m), y))
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function monthWords(all: string, month: number, year: string): string {
  const name = MONTH_NAMES[month - 1];
  return name ? `${name.toLowerCase()} ${year}` : all;
}

function dateWords(all: string, month: number, day: number, year: string): string {
  const name = MONTH_NAMES[month - 1];
  return name && day >= 1 && day <= 31 ? `${name.toLowerCase()} ${day} ${year}` : all;
}

/** "sep", "sept", "september" → 9. */
function monthOf(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((m) => {
    const name = m.toLowerCase();
    return word === name || word === name.slice(0, 3) || (word === 'sept' && name === 'september');
  });
  return i >= 0 ? i + 1 : undefined;
}

/** The date a query names: a month, maybe with a day after it and a year. */
interface QueryDate {
  month: number;
  day?: number;
  year?: string;
  /** The query's words that say the month and the day (not to be looked for as amounts or words). */
  words: string[];
}

function queryDate(terms: readonly string[]): QueryDate | undefined {
  for (let i = 0; i < terms.length; i++) {
    const month = monthOf(terms[i] as string);
    if (month === undefined) continue;
    const words = [terms[i] as string];
    const next = terms[i + 1];
    let day: number | undefined;
    if (next && /^\d{1,2}(st|nd|rd|th)?,?$/.test(next) && Number.parseInt(next, 10) <= 31) {
      day = Number.parseInt(next, 10);
      words.push(next);
    }
    const year = terms.find((t) => /^(19|20)\d\d$/.test(t));
    return { month, day, year, words };
  }
  return undefined;
}

/**
 * 0 when a deal is of the date the query names (to the day when it gives one), 1 of its
 * month, 2 when its text names that month, 3 not.
 */
function dateFit(doc: SearchDoc, when: QueryDate): number {
  if (doc.type !== 'deal') return 3;
  const [y, m, d] = doc.deal.announced.split('-').map(Number);
  if (m === when.month && (when.year === undefined || String(y) === when.year)) {
    return when.day === undefined || d === when.day ? 0 : 1;
  }
  // Announced another month, but its text names this one ("a deal in March 2025"), by name.
  const name = (MONTH_NAMES[when.month - 1] as string).toLowerCase();
  const named = doc.allText.includes(` ${name} `) || doc.allText.endsWith(` ${name}`);
  return named && (when.year === undefined || doc.allText.includes(` ${when.year}`)) ? 2 : 3;
}

/** The dollar amount a query names ("$5B", "38 billion", "1.4tn"), in US dollars: read as a page's are, a "$" put before a bare figure. */
function queryAmount(q: string): number | undefined {
  for (const { usd } of dollarAmounts(q.replace(/(^|\s)(?=\d)/g, '$1$$'))) return usd;
  return undefined;
}

/**
 * How well a deal fits the amount a query names: 0 it is the deal's amount, or the part of it
 * of a company the query names; 1 the deal's amount, split between parties none of which the
 * query names with that part ("nvidia 30b" and a $30B deal that is Microsoft's); 2 another
 * figure the deal states (a party's part, one its texts name); 3 the deal states no such
 * amount, or the document is a company.
 */
function amountFit(doc: SearchDoc, usd: number, named: ReadonlySet<string>): number {
  // A company states no figure: after every deal that does.
  if (doc.type !== 'deal') return 3;
  const parts = doc.deal.parties;
  if (parts.some((p) => named.has(p.id) && p.amount_usd === usd)) return 0;
  if (!doc.amounts.has(usd)) return 3;
  if (doc.deal.amount_usd !== usd) return 2;
  return named.size > 0 && parts.some((p) => p.amount_usd != null) ? 1 : 0;
}

/** "OpenAI–AWS: $38B" → " openai aws $38b". Dashes split words; "$" and "." stay inside amounts. */
function words(text: string): string {
  const list = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}$.]+/u)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
  return ` ${list.join(' ')}`;
}

const UNITS = new Set([
  'trillion',
  'billion',
  'million',
  'tn',
  'bn',
  'mn',
  't',
  'b',
  'm',
  'gw',
  'gigawatt',
  'gigawatts',
]);

/**
 * The parts of a query that narrow the search: words, with a number and its unit kept
 * together ("6 gigawatts", "38 billion") so that neither half matches alone. Filler words
 * are dropped unless the query is only filler.
 */
function queryTerms(query: string): string[] {
  const all = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const terms: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const w = all[i] as string;
    const next = all[i + 1];
    if (/^\$?\d+(\.\d+)?$/.test(w) && next !== undefined && UNITS.has(next)) {
      terms.push(`${w} ${next}`);
      i++;
    } else terms.push(w);
  }
  const kept = terms.filter((w) => !STOP_WORDS.has(w));
  return kept.length > 0 ? kept : terms;
}

function dealDoc(deal: Deal, byId: Map<string, Entity>): DealDoc {
  const parties = deal.parties.flatMap((p) => byId.get(p.id) ?? []);
  const [y, m] = deal.announced.split('-');
  const monthIndex = Number(m) - 1;
  const month = MONTH_NAMES[monthIndex] ?? '';
  // Amounts the headline states come first; those only the summary mentions count less.
  const headline = [deal.title, deal.amount_text ?? ''].join(' ');
  const headAmounts = new Set<number>(deal.amount_usd !== null ? [deal.amount_usd] : []);
  for (const usd of amountsIn(headline).keys()) headAmounts.add(usd);
  const headFacts = [...[...headAmounts].flatMap(amountForms), ...gigawattForms(headline)];
  const summaryFacts = [
    ...[...amountsIn(deal.summary).keys()].filter((usd) => !headAmounts.has(usd)).flatMap(amountForms),
    ...gigawattForms(deal.summary).filter((f) => !headFacts.includes(f)),
  ];
  const dates = [`${month} ${y}`, `${month.slice(0, 3)} ${y}`, formatDate(deal.announced), y ?? ''];
  const names = parties.map((e) => e.name);
  // A part's deals answer to its parent's names too: "AMZN" finds AWS's deals.
  const parents = parties.flatMap((e) => {
    const parent = e.parent ? byId.get(e.parent) : undefined;
    return parent && !parties.includes(parent) ? [parent] : [];
  });
  const aliases = [
    ...parties.flatMap((e) => namesOf(e).filter((n) => n !== e.name)),
    ...new Set(parents.flatMap(namesOf)),
  ];
  // A deal without a figure is found by what stands in its place ("Undisclosed", "No amount").
  const facts = [
    ...headFacts,
    deal.kind,
    ...dates,
    ...summaryFacts,
    ...(deal.amount_usd === null ? [noAmount(deal)] : []),
  ];
  const more = [deal.amount_text ?? '', deal.note ?? ''].filter(Boolean);
  const amounts = new Set<number>(headAmounts);
  for (const p of deal.parties) if (p.amount_usd != null) amounts.add(p.amount_usd);
  for (const text of [deal.summary, ...more]) for (const usd of amountsIn(text).keys()) amounts.add(usd);
  return {
    type: 'deal',
    id: deal.id,
    deal,
    title: deal.title,
    parties: names,
    aliases,
    facts,
    summary: deal.summary,
    more,
    amounts,
    headText: words([deal.title, ...headFacts, ...names, ...aliases].join(' ')),
    allText: words([deal.title, ...names, ...aliases, ...facts, deal.summary, ...more].join(' ')),
  };
}

/** A company's name, aliases (no descriptors such as "ChatGPT maker") and ticker symbols. */
function namesOf(e: Entity): string[] {
  return [
    e.name,
    ...e.aliases.filter((a) => a.kind !== 'descriptor' && a.text !== e.name).map((a) => a.text),
    ...e.tickers.map((t) => t.split(':')[1] ?? t),
  ];
}

function entityDoc(entity: Entity): EntityDoc {
  const aliases = [
    ...entity.aliases.filter((a) => a.text !== entity.name).map((a) => a.text),
    ...entity.tickers.map((t) => t.split(':')[1] ?? t),
  ];
  return {
    type: 'entity',
    id: entity.id,
    entity,
    name: entity.name,
    aliases,
    description: entity.description,
    headText: words([entity.name, ...aliases].join(' ')),
    allText: words([entity.name, ...aliases, entity.description].join(' ')),
  };
}

/** Edit distance with adjacent transpositions, for telling a typo ("amzon") from another word. */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/**
 * How directly a query names a company: 0 exactly (a name, alias or ticker), 1 with one typo,
 * 2 as the start of a name while the reader is still typing, 3 not at all.
 */
function namesCompany(doc: SearchDoc, q: string): number {
  if (doc.type !== 'entity') return 3;
  const names = [doc.name, ...doc.aliases].map((n) => n.toLowerCase());
  if (names.includes(q)) return 0;
  if (q.length >= 4 && names.some((n) => typoDistance(q, n) <= (q.length >= 8 ? 2 : 1))) return 1;
  if (q.length >= 2 && names.some((n) => n.startsWith(q))) return 2;
  return 3;
}

/**
 * How many query terms start a word of `text` (its words joined by spaces, led by one):
 * "giga" counts for "gigawatts" while the reader types, "38b" for "$38B".
 */
function termHits(text: string, terms: readonly string[]): number {
  let n = 0;
  for (const term of terms) {
    // Written as the text is ("27%" → "27"), or the term itself when nothing of it is a word.
    const t = words(term).trim() || term;
    const bare = t.replace(/^\$/, '');
    if (text.includes(` ${t}`) || text.includes(` $${bare}`)) n++;
  }
  return n;
}

const KEYS = [
  { name: 'title', weight: 3 },
  { name: 'name', weight: 3 },
  { name: 'parties', weight: 2 },
  { name: 'facts', weight: 2 },
  { name: 'aliases', weight: 1.5 },
  { name: 'summary', weight: 1 },
  { name: 'description', weight: 1 },
  { name: 'more', weight: 1 },
] as const;

/** The fuse score (0 perfect, 1 none) a hit of a query spelled nowhere in the data must reach: a typo's. */
const TYPO_SCORE = 0.8;

export interface FactSearch {
  /** The hits for `query`, best first; none for a blank query. */
  search(query: string, limit?: number): SearchHit[];
}

/** Builds the index once; `search` only queries it. */
export function createFactSearch(data: Dataset): FactSearch {
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  const docs: SearchDoc[] = [...data.deals.map((d) => dealDoc(d, byId)), ...data.entities.map(entityDoc)];
  const fuse = new Fuse<SearchDoc>(docs, {
    keys: KEYS.map((k) => ({ ...k })),
    includeScore: true,
    includeMatches: true,
    ignoreLocation: true,
    threshold: 0.34,
    minMatchCharLength: 2,
  });
  const anyField = (w: string): Expression => ({ $or: KEYS.map((k) => ({ [k.name]: w })) as Expression[] });
  const companyNames = data.entities.map((e) => ({ id: e.id, names: namesOf(e).map((n) => ` ${n.toLowerCase()} `) }));
  /** The companies a query names as written (a name, alias or ticker among its words). */
  const namedIn = (q: string): Set<string> => {
    const padded = ` ${q} `;
    return new Set(companyNames.filter((c) => c.names.some((n) => padded.includes(n))).map((c) => c.id));
  };

  return {
    search(query, limit = 30) {
      const q = normalizeQuery(query.trim().toLowerCase().replace(/\s+/g, ' '));
      if (!q) return [];
      const all = queryTerms(q);
      const when = queryDate(all);
      // A day after a month is part of the date, not a figure to find in the text ("3" in "30b").
      const terms = when?.day !== undefined ? all.filter((t) => t !== when.words[1]) : all;
      const amount = queryAmount(q);
      const named = amount === undefined ? new Set<string>() : namedIn(q);
      // A one-character word ("amd 6") cannot match on its own; it still counts in the ranking.
      const patterns = terms.filter((t) => t.length >= 2);
      const fuzzy = patterns.length > 0 ? patterns : [q];
      // Every term must match some field: "broadcom 10 gigawatts" narrows, never widens.
      const expr: Expression = fuzzy.length === 1 ? anyField(fuzzy[0] ?? q) : { $and: fuzzy.map(anyField) };
      const ranked = fuse.search(expr).map((r) => {
        const doc = r.item;
        return {
          hit: { item: doc, score: r.score ?? 1, matches: r.matches ?? [] } satisfies SearchHit,
          named: namesCompany(doc, q),
          // A date the query names; a deal of exactly the amount it names (not one whose text mentions it).
          when: when ? dateFit(doc, when) : 0,
          amount: amount === undefined ? 0 : amountFit(doc, amount, named),
          head: termHits(doc.headText, terms),
          any: termHits(doc.allText, terms),
          // Coarse buckets, so that tiny score differences from field lengths do not outweigh recency.
          bucket: Math.round((r.score ?? 1) * 10),
          date: doc.type === 'deal' ? doc.deal.announced : '',
        };
      });
      // When the data holds the query as typed, hits that only resemble it are noise ("aws" is
      // not "was"); a query with a typo ("amzon") has no such hit and keeps its fuzzy matches.
      const spelled = ranked.some((r) => r.any === terms.length);
      let kept = spelled ? ranked.filter((r) => r.any > 0 || r.named < 3) : ranked;
      // Nothing spelled as typed: a typo keeps its close matches ("antrhopic", "softbnk"), not
      // the far ones every word has ("tsla", "dell"); words this short are no typo of anything
      // ("xai" is not "ai"), only the start of a name.
      if (!spelled) {
        const short = terms.every((t) => t.length < 4);
        kept = kept.filter((r) => r.named < 3 || (!short && r.hit.score <= TYPO_SCORE));
      }
      // An amount named: a deal that states no such figure matched a look-alike ("$3B" in "$30B"),
      // unless the query's words are all in it as typed (a count: "160 million" shares, "1 million TPUs").
      if (amount !== undefined) {
        kept = kept.filter((r) => r.amount < 3 || r.hit.item.type !== 'deal' || r.any === terms.length);
      }
      // A month named: deals of other months whose text does not name it either matched only a
      // look-alike word ("sep" in "separate").
      if (when && kept.some((r) => r.when < 3)) kept = kept.filter((r) => r.when < 3 || r.hit.item.type !== 'deal');
      // A reader who names a company wants that company first (its detail lists all its deals);
      // then the facts whose headline carries the most query terms as typed, then those that
      // merely mention them, then fuzzy matches; ties newest first.
      kept.sort(
        (a, b) =>
          a.named - b.named ||
          a.when - b.when ||
          a.amount - b.amount ||
          b.head - a.head ||
          b.any - a.any ||
          a.bucket - b.bucket ||
          b.date.localeCompare(a.date) ||
          a.hit.item.id.localeCompare(b.hit.item.id),
      );
      return kept.slice(0, limit).map((r) => r.hit);
    },
  };
}

/** A piece of text, emphasised when it matched the query. */
export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Splits `text` into plain and matched segments from fuse match indices, widened to whole
 * words so "amzon" emphasises "Amazon", not "mazon". Returns one plain segment without ranges.
 */
export function segments(text: string, ranges: ReadonlyArray<readonly [number, number]>): Segment[] {
  if (ranges.length === 0) return [{ text, match: false }];
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}$]/u.test(c);
  const spans = ranges
    .map(([s, e]) => {
      let start = Math.max(0, s);
      let end = Math.min(text.length - 1, e);
      while (start > 0 && isWord(text[start - 1]) && isWord(text[start])) start--;
      while (end < text.length - 1 && isWord(text[end + 1]) && isWord(text[end])) end++;
      // A match that takes in the space before a word marks the word, not the space.
      while (start <= end && /\s/.test(text[start] as string)) start++;
      while (end >= start && /\s/.test(text[end] as string)) end--;
      return [start, end] as [number, number];
    })
    .filter(([s, e]) => e >= s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1] + 1) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), match: false });
    out.push({ text: text.slice(s, e + 1), match: true });
    at = e + 1;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/** The match ranges fuse found in one field (and, for a list, one entry of it). */
export function rangesFor(
  matches: readonly FuseResultMatch[],
  key: string,
  refIndex?: number,
): ReadonlyArray<readonly [number, number]> {
  return matches
    .filter((m) => m.key === key && (refIndex === undefined || m.refIndex === refIndex))
    .flatMap((m) => m.indices);
}
