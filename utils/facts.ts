/**
 * The dataset as the card and popup read it: entities by id, deals by company, deals ranked
 * for the page being read, and the figures derived from them (never typed by hand).
 */
import type { Dataset, Deal, Entity, Meta, PageEntity } from '../data/schema.ts';
import { dollarAmounts } from './format.ts';

/** Roles that receive a deal's whole amount when the sources do not split it. */
const RECEIVING = new Set(['venture', 'investee', 'customer']);

export interface Totals {
  /** Deals the company is a party to. */
  deals: number;
  /**
   * The amounts of its final deals with other companies, added up whichever way the money
   * goes (what it pays and what it is paid or raises), its own share where the sources split it.
   */
  valueUsd: number;
}

/** What `Totals.valueUsd` adds up, in the words the card and the popup show it with. */
export const TOTAL_TITLE =
  'The amounts of its final deals with other companies added up, money it pays and money it receives alike (its own share where the sources split it); stakes, letters of intent and ended deals left out';

/** The lookups over a dataset; `E` is `PageEntity` in the content script (no description until the background sends it). */
export interface FactIndex<E extends PageEntity = Entity> {
  entity(id: string): E | undefined;
  entities: readonly E[];
  /** A company and its parts (Amazon and AWS): whose deals are the company's. */
  withParts(id: string): ReadonlySet<string>;
  /** Deals of a company and of its parts (Amazon's include AWS's), newest first. */
  dealsFor(id: string): Deal[];
  totals(id: string): Totals;
  deals: readonly Deal[];
}

/** The facts a page's cards show: the companies (as the content script holds them) and the deals it has. */
export interface PageFacts<E extends PageEntity = PageEntity> {
  meta: Meta;
  entities: readonly E[];
  deals: readonly Deal[];
}

/** Builds the lookups once per dataset. */
export function createFactIndex<E extends PageEntity = Entity>(data: PageFacts<E>): FactIndex<E> {
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  const children = new Map<string, string[]>();
  for (const e of data.entities) {
    if (e.parent) children.set(e.parent, [...(children.get(e.parent) ?? []), e.id]);
  }
  const newestFirst = [...data.deals].sort(
    (a, b) => b.announced.localeCompare(a.announced) || a.id.localeCompare(b.id),
  );
  const parts = new Map<string, ReadonlySet<string>>();
  const withParts = (id: string): ReadonlySet<string> => {
    const known = parts.get(id);
    if (known) return known;
    const set = new Set([id, ...(children.get(id) ?? [])]);
    parts.set(id, set);
    return set;
  };
  const cache = new Map<string, Deal[]>();
  const dealsFor = (id: string): Deal[] => {
    let list = cache.get(id);
    if (!list) {
      const ids = withParts(id);
      list = newestFirst.filter((d) => d.parties.some((p) => ids.has(p.id)));
      cache.set(id, list);
    }
    return list;
  };
  return {
    entity: (id) => byId.get(id),
    withParts,
    entities: data.entities,
    deals: newestFirst,
    dealsFor,
    totals(id) {
      const list = dealsFor(id);
      const self = withParts(id);
      let valueUsd = 0;
      for (const d of list) {
        // Only money a deal commits adds up: not a stake's value, a total of other deals, a
        // project's cost, a letter of intent that never closed, or a deal that ended.
        if (d.amount_usd === null || (d.amount_basis ?? 'commitment') !== 'commitment') continue;
        if (d.status === 'not-finalized' || d.status === 'ended' || d.parties.length < 2) continue;
        // Where the sources split the amount, the company's own share counts.
        const mine = d.parties.filter((p) => self.has(p.id));
        const share = mine.reduce((sum, p) => sum + (p.amount_usd ?? 0), 0);
        if (share > 0) valueUsd += share;
        // In a deal of more than two parties with no split, the whole amount is the receiving
        // side's (the venture, the investee, the customer); crediting it to every investor or
        // supplier would count the same money several times ($500B for each Stargate backer).
        else if (d.parties.length <= 2 || mine.some((p) => RECEIVING.has(p.role ?? ''))) valueUsd += d.amount_usd;
      }
      return { deals: list.length, valueUsd };
    },
  };
}

/**
 * The deals a card for any of `ids` can show: those naming one of them, a part of one
 * (AWS for Amazon) or the whole it belongs to (Amazon for AWS).
 */
export function dealsInvolving(data: Dataset, ids: Iterable<string>): Deal[] {
  const wanted = new Set<string>();
  for (const id of ids) {
    wanted.add(id);
    for (const e of data.entities) {
      if (e.id === id && e.parent) wanted.add(e.parent);
      if (e.parent === id) wanted.add(e.id);
    }
  }
  return data.deals.filter((d) => d.parties.some((p) => wanted.has(p.id)));
}

/** The other parties of a deal, from the point of view of `id` (and its parts). */
export function otherParties<E extends PageEntity>(deal: Deal, id: string, index: FactIndex<E>): E[] {
  const self = index.withParts(id);
  return deal.parties.filter((p) => !self.has(p.id)).flatMap((p) => index.entity(p.id) ?? []);
}

/**
 * The pairs of parties a deal joins. Where one side raises or buys (an investee, a customer),
 * each other party deals with it, not with the rest: "OpenAI's round: Amazon, Nvidia and
 * SoftBank" links no two of those three, and two suppliers of one customer are no pair.
 * In any other deal (a venture its founders set up, a partnership) every two parties are in
 * it together.
 */
export function dealPairs(deal: Deal): [string, string][] {
  const ids = [...new Set(deal.parties.map((p) => p.id))];
  const raising = new Set(deal.parties.filter((p) => p.role === 'investee' || p.role === 'customer').map((p) => p.id));
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as string;
      const b = ids[j] as string;
      if (raising.size === 0 || raising.has(a) !== raising.has(b)) pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * The part of a deal's amount that passes between two of its parties (a pair from
 * `dealPairs`), or null when none of it is theirs as far as the sources say. Where the
 * sources split the amount, a pair holds its member's share (Nvidia's $10B of a $15B round)
 * and a member without one holds nothing (a second supplier, when the whole went to the
 * first). Unsplit, the whole is between the two parties of a two-party deal, or between the
 * receiving side (a venture, an investee, a customer) and each other party; two co-founders
 * of a venture hold none of it between them.
 */
export function pairAmount(deal: Deal, x: string, y: string): number | null {
  if (deal.amount_usd === null) return null;
  let shared = 0;
  let split = false;
  let receiving = false;
  for (const p of deal.parties) {
    if (p.amount_usd !== undefined) split = true;
    if (p.id !== x && p.id !== y) continue;
    shared += p.amount_usd ?? 0;
    if (RECEIVING.has(p.role ?? '')) receiving = true;
  }
  if (split) return shared > 0 ? shared : null;
  return deal.parties.length <= 2 || receiving ? deal.amount_usd : null;
}

/** The dollar amounts a text states ("$38 billion", "$38B", "$1.4tn"), in US dollars, with how often. */
export function amountsIn(text: string, into: Map<number, number> = new Map()): Map<number, number> {
  for (const { usd } of dollarAmounts(text)) into.set(usd, (into.get(usd) ?? 0) + 1);
  return into;
}

/**
 * The company through which `e` is on the page: itself, or its parent (AWS by "Amazon");
 * undefined when neither is named there.
 */
export function namedVia(e: Pick<PageEntity, 'id' | 'parent'>, onPage: ReadonlySet<string>): string | undefined {
  if (onPage.has(e.id)) return e.id;
  return e.parent !== undefined && onPage.has(e.parent) ? e.parent : undefined;
}

/** A deal as a card lists it, with what the page says of it. */
export interface RankedDeal {
  deal: Deal;
  /** Another party of the deal is named on the page. */
  onPage: boolean;
  /** The names of the deal's other parties that the page names. */
  partnersHere: string[];
  /** The page names another party and states the deal's amount: likely the deal the page reports. */
  stated: boolean;
}

/**
 * Deals ranked for the page: first those whose other parties are also on the page, then
 * the rest, each group newest first. Within the first group the deals whose amount the page
 * states come first, the most often stated first: an article about the $38 billion deal
 * shows that deal on top.
 */
export function rankDeals(
  deals: readonly Deal[],
  id: string,
  onPage: ReadonlySet<string>,
  index: FactIndex<PageEntity>,
  amountsOnPage: ReadonlyMap<number, number> = new Map(),
): RankedDeal[] {
  const scored = deals.map((deal) => {
    // A party is on the page by its own name or its parent's (AWS by "Amazon"): the page's
    // name is the one given.
    const names = new Set<string>();
    for (const e of otherParties(deal, id, index)) {
      const via = namedVia(e, onPage);
      if (via !== undefined) names.add(via === e.id ? e.name : (index.entity(via)?.name ?? e.name));
    }
    const here = names.size > 0;
    // The page states the deal's amount, or this company's own part of it ("Nvidia's $30B" of a
    // larger round): its own part first, as the page more likely reports that.
    const share = deal.parties.find((p) => p.id === id)?.amount_usd;
    const own = here && share != null && share !== deal.amount_usd ? (amountsOnPage.get(share) ?? 0) : 0;
    const stated = own + (here && deal.amount_usd !== null ? (amountsOnPage.get(deal.amount_usd) ?? 0) : 0);
    return { deal, onPage: here, partnersHere: [...names], rank: here ? 1 : 2, own: own > 0 ? 1 : 0, stated };
  });
  // Array.prototype.sort is stable, so ties keep the newest-first order of `deals`.
  return scored
    .sort((a, b) => a.rank - b.rank || b.own - a.own || b.stated - a.stated)
    .map(({ deal, onPage: here, partnersHere, stated }) => ({ deal, onPage: here, partnersHere, stated: stated > 0 }));
}
