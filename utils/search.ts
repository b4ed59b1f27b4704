/**
 * Search over every fact, for the popup: companies by name, alias and ticker; deals by
 * party, title, summary, kind, amount in the ways readers write it, and date. The fuse.js
 * index is built once per dataset; each keystroke only queries it.
 */
import Fuse, { type Expression, type FuseResult } from 'fuse.js';
import type { Dataset, Deal, Entity } from '../data/schema.ts';
import { formatDate } from './format.ts';

export type SearchDoc =
  | { type: 'entity'; id: string; entity: Entity; names: string[]; terms: string[] }
  | { type: 'deal'; id: string; deal: Deal; names: string[]; terms: string[] };

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

function dealDoc(deal: Deal, byId: Map<string, Entity>): SearchDoc {
  const parties = deal.parties.flatMap((p) => byId.get(p.id) ?? []);
  const [y, m] = deal.announced.split('-');
  const month = MONTH_NAMES[Number(m) - 1] ?? '';
  return {
    type: 'deal',
    id: deal.id,
    deal,
    names: [deal.title, ...parties.flatMap((e) => [e.name, ...e.aliases.map((a) => a.text)])],
    terms: [
      ...(deal.amount_usd !== null ? amountForms(deal.amount_usd) : []),
      deal.kind,
      `${month} ${y}`,
      y ?? '',
      formatDate(deal.announced),
      deal.summary,
      deal.amount_text ?? '',
    ],
  };
}

function entityDoc(entity: Entity): SearchDoc {
  return {
    type: 'entity',
    id: entity.id,
    entity,
    names: [entity.name, ...entity.aliases.map((a) => a.text), ...entity.tickers.map((t) => t.split(':')[1] ?? t)],
    terms: [entity.description],
  };
}

export interface FactSearch {
  search(query: string, limit?: number): FuseResult<SearchDoc>[];
}

/** Builds the index once. */
export function createFactSearch(data: Dataset): FactSearch {
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  const docs = [...data.deals.map((d) => dealDoc(d, byId)), ...data.entities.map(entityDoc)];
  const fuse = new Fuse(docs, {
    keys: [
      { name: 'names', weight: 2 },
      { name: 'terms', weight: 1 },
    ],
    includeScore: true,
    includeMatches: true,
    ignoreLocation: true,
    threshold: 0.34,
    minMatchCharLength: 2,
    useExtendedSearch: false,
  });
  return {
    search(query, limit = 20) {
      const words = query.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) return [];
      // Every word must match some field: "broadcom 10 gigawatts" narrows, never widens.
      const anyField = (w: string): Expression => ({ $or: [{ names: w }, { terms: w }] as Expression[] });
      const expr: Expression = words.length === 1 ? anyField(query.trim()) : { $and: words.map(anyField) };
      const whole = words.length > 1 ? fuse.search(query.trim()) : [];
      const byWords = fuse.search(expr);
      // A document matching the whole phrase outranks one that matches its words apart.
      const seen = new Set<string>();
      const merged: FuseResult<SearchDoc>[] = [];
      for (const r of [...whole.filter((r) => (r.score ?? 1) < 0.2), ...byWords]) {
        const key = `${r.item.type}:${r.item.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        merged.push(r);
      }
      return merged.slice(0, limit);
    },
  };
}
