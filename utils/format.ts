/** How DealLens writes amounts and dates for readers. */
import type { Deal } from '../data/schema.ts';

const UNITS: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];

/** 38_000_000_000 → "$38B", 1_400_000_000_000 → "$1.4T", 22_400_000_000 → "$22.4B". */
export function formatUsd(amount: number): string {
  for (const [i, [size, unit]] of UNITS.entries()) {
    if (amount >= size) {
      const n = amount / size;
      // As many decimals as the figure has, up to two ($2.75B, $102.5B); one from 100 up.
      const digits = Number.isInteger(n) ? 0 : Number(n.toFixed(1)) === n || n >= 100 ? 1 : 2;
      const shown = Number(n.toFixed(digits));
      // $999.95B rounds to 1000: say $1T.
      const bigger = UNITS[i - 1];
      if (shown >= 1000 && bigger) return `$${Number((amount / bigger[0]).toFixed(1))}${bigger[1]}`;
      return `$${shown}${unit}`;
    }
  }
  return `$${amount.toLocaleString('en-US')}`;
}

/** The size of a unit the patterns below find, by its first letter: "t", "tn", "trillion" and so on. */
const UNIT_SIZE: Record<string, number> = { t: 1e12, b: 1e9, m: 1e6 };
const DOLLARS = /\$\s?(\d{1,4}(?:\.\d{1,3})?)[\s-]?(trillion|billion|million|tn|bn|mn|t|b|m)\b/gi;

/** Each dollar amount a text states ("$38 billion", "$38B", "US$38-billion", "$1.4tn"): its value in US dollars and where it stands. */
export function* dollarAmounts(text: string): Generator<{ usd: number; index: number; length: number }> {
  for (const m of text.matchAll(DOLLARS)) {
    const unit = UNIT_SIZE[(m[2] ?? '').charAt(0).toLowerCase()];
    if (unit) yield { usd: Math.round(Number(m[1]) * unit), index: m.index ?? 0, length: m[0].length };
  }
}

const HEDGE_BEFORE = /\b(up to|about|around|nearly|over|more than|at least|roughly|some)\s*$/;
/** A range of figures: "$10–20 billion", "$10 to $20 billion". */
const RANGE =
  /\$\s?(\d{1,4}(?:\.\d{1,3})?)\s?(?:–|-|to)\s?\$?(\d{1,4}(?:\.\d{1,3})?)[\s-]?(trillion|billion|million|tn|bn|mn|t|b|m)\b/i;

/**
 * What stands where a deal without a figure would show one: "Undisclosed" when its sources say
 * there is money they do not state; "No amount" when they state none at all (a clearance, a
 * right that ended), not to suggest a hidden price.
 */
export function noAmount(deal: Pick<Deal, 'amount_text'>): string {
  return deal.amount_text === null ? 'No amount' : 'Undisclosed';
}

/**
 * The amount as readers write it, keeping the sources' hedge: "up to $100B", "about $300B",
 * "+$100B" for money added to an earlier deal ("$100 billion more", "another $4 billion").
 * The hedge is read next to the figure in `amount_text` that equals `amount_usd`.
 */
export function formatDealAmount(deal: Pick<Deal, 'amount_usd' | 'amount_text'>): string {
  if (deal.amount_usd === null) return noAmount(deal);
  const amount = formatUsd(deal.amount_usd);
  const text = (deal.amount_text ?? '').toLowerCase();
  // A range whose top is the figure stays a range: "$10–20B", not "$20B".
  const range = RANGE.exec(text);
  const size = range ? (UNIT_SIZE[(range[3] as string).charAt(0).toLowerCase()] as number) : 0;
  if (range && Math.round(Number(range[2]) * size) === deal.amount_usd && Number(range[1]) < Number(range[2])) {
    const hedge = HEDGE_BEFORE.exec(text.slice(0, range.index))?.[1];
    return `${hedge ? `${hedge} ` : ''}${amount.replace(/^\$/, `$${Number(range[1])}–`)}`;
  }
  for (const m of dollarAmounts(text)) {
    if (m.usd !== deal.amount_usd) continue;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m.length);
    if (/\+\s*$/.test(before) || /(another|additional)\s*$/.test(before) || /^\s*more\b/.test(after)) {
      return `+${amount}`;
    }
    const hedge = HEDGE_BEFORE.exec(before)?.[1];
    return hedge ? `${hedge} ${amount}` : amount;
  }
  const lead = /^(up to|about|around|nearly|over|more than|at least)\b/.exec(text)?.[1];
  return lead ? `${lead} ${amount}` : amount;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-11-03" → "Nov 2025": a result row needs the month; the detail gives the day. */
export function monthYear(iso: string): string {
  const [y, m] = iso.split('-');
  return `${MONTHS[Number(m) - 1] ?? ''} ${y ?? ''}`.trim();
}

/** "2025-11-03" → "Nov 3, 2025" (no time zone can shift it). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** How a deal's kind reads on a card or in a result. */
export const KIND_LABEL: Record<Deal['kind'], string> = {
  compute: 'Compute',
  investment: 'Investment',
  chips: 'Chips',
  partnership: 'Partnership',
  equity: 'Equity',
  restructuring: 'Restructuring',
};

/** The statuses worth a label (an announced deal needs none). */
export const STATUS_LABEL: Partial<Record<Deal['status'], string>> = {
  expanded: 'Later expanded',
  completed: 'Completed',
  ended: 'Ended',
  'not-finalized': 'Never finalized',
};

/** Only http(s) links are ever rendered; anything else shows as plain text. */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** What went wrong, for a message to the reader: an error's message, or the thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
