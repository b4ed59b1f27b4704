/**
 * The dataset as the card and popup read it: entities by id, deals by company, deals ranked
 * for the page being read, and the figures derived from them (never typed by hand).
 */
import type { Dataset, Deal, Entity } from '../data/schema.ts';

export interface Totals {
  /** Deals the company is a party to. */
  deals: number;
  /** Sum of the headline amounts of its deals that name another company and did not fall through. */
  valueUsd: number;
}

export interface FactIndex {
  entity(id: string): Entity | undefined;
  entities: readonly Entity[];
  /** Deals of a company and of its parts (Amazon's include AWS's), newest first. */
  dealsFor(id: string): Deal[];
  totals(id: string): Totals;
  deals: readonly Deal[];
}

/** Builds the lookups once per dataset. */
export function createFactIndex(data: Dataset): FactIndex {
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  const children = new Map<string, string[]>();
  for (const e of data.entities) {
    if (e.parent) children.set(e.parent, [...(children.get(e.parent) ?? []), e.id]);
  }
  const newestFirst = [...data.deals].sort(
    (a, b) => b.announced.localeCompare(a.announced) || a.id.localeCompare(b.id),
  );
  const cache = new Map<string, Deal[]>();
  const dealsFor = (id: string): Deal[] => {
    let list = cache.get(id);
    if (!list) {
      const ids = new Set([id, ...(children.get(id) ?? [])]);
      list = newestFirst.filter((d) => d.parties.some((p) => ids.has(p.id)));
      cache.set(id, list);
    }
    return list;
  };
  return {
    entity: (id) => byId.get(id),
    entities: data.entities,
    deals: newestFirst,
    dealsFor,
    totals(id) {
      const list = dealsFor(id);
      let valueUsd = 0;
      for (const d of list) {
        // A single-party record is an aggregate ("$1.4 trillion of commitments") that
        // would count the bilateral deals twice; a letter of intent that never closed is no commitment.
        if (d.amount_usd !== null && d.parties.length > 1 && d.status !== 'not-finalized' && d.status !== 'ended') {
          valueUsd += d.amount_usd;
        }
      }
      return { deals: list.length, valueUsd };
    },
  };
}

/** The other parties of a deal, from the point of view of `id` (and its parts). */
export function otherParties(deal: Deal, id: string, index: FactIndex): Entity[] {
  const self = new Set([id, ...index.entities.filter((e) => e.parent === id).map((e) => e.id)]);
  return deal.parties.filter((p) => !self.has(p.id)).flatMap((p) => index.entity(p.id) ?? []);
}

/**
 * Deals ranked for the page: first those whose other parties are also on the page,
 * then the rest, each group newest first.
 */
export function rankDeals(
  deals: readonly Deal[],
  id: string,
  onPage: ReadonlySet<string>,
  index: FactIndex,
): { deal: Deal; onPage: boolean }[] {
  const scored = deals.map((deal) => ({
    deal,
    onPage: otherParties(deal, id, index).some(
      (e) => onPage.has(e.id) || (e.parent !== undefined && onPage.has(e.parent)),
    ),
  }));
  return [...scored.filter((s) => s.onPage), ...scored.filter((s) => !s.onPage)];
}
