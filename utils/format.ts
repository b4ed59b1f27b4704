/** How DealLens writes amounts and dates for readers. */
import type { Deal } from '../data/schema.ts';

const UNITS: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];

/** 38_000_000_000 → "$38B", 1_400_000_000_000 → "$1.4T", 22_400_000_000 → "$22.4B". */
export function formatUsd(amount: number): string {
  for (const [size, unit] of UNITS) {
    if (amount >= size) {
      const n = amount / size;
      const digits = n >= 100 || Number.isInteger(n) ? 0 : 1;
      return `$${Number(n.toFixed(digits))}${unit}`;
    }
  }
  return `$${amount.toLocaleString('en-US')}`;
}

/** The amount as readers write it, keeping the sources' hedge: "up to $100B", "about $300B". */
export function formatDealAmount(deal: Pick<Deal, 'amount_usd' | 'amount_text'>): string {
  if (deal.amount_usd === null) return 'Undisclosed';
  const text = (deal.amount_text ?? '').toLowerCase();
  const hedge = /^\+/.test(text) ? '+' : /^(up to|about|around|nearly|over|more than|at least)\b/.exec(text)?.[1];
  const amount = formatUsd(deal.amount_usd);
  if (hedge === '+') return `+${amount}`;
  return hedge ? `${hedge} ${amount}` : amount;
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
