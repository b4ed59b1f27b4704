import { describe, expect, it } from 'vitest';
import { formatDate, formatDealAmount, formatUsd } from '../../utils/format.ts';

describe('formatUsd', () => {
  it.each([
    [38_000_000_000, '$38B'],
    [22_400_000_000, '$22.4B'],
    [1_400_000_000_000, '$1.4T'],
    [500_000_000_000, '$500B'],
    [250_000_000, '$250M'],
    [17_400_000_000, '$17.4B'],
  ])('%d → %s', (n, s) => expect(formatUsd(n)).toBe(s));
});

describe('formatDealAmount', () => {
  it.each([
    [{ amount_usd: 38e9, amount_text: '$38 billion over seven years' }, '$38B'],
    [{ amount_usd: 100e9, amount_text: 'up to $100 billion, invested per gigawatt' }, 'up to $100B'],
    [{ amount_usd: 300e9, amount_text: 'about $300 billion over five years' }, 'about $300B'],
    [{ amount_usd: 100e9, amount_text: '+$100 billion over eight years' }, '+$100B'],
    [{ amount_usd: null, amount_text: '10 GW; terms not disclosed' }, 'Undisclosed'],
  ])('%o → %s', (deal, s) => expect(formatDealAmount(deal)).toBe(s));
});

describe('formatDate', () => {
  it('writes dates the way US news does, independent of time zone', () => {
    expect(formatDate('2025-11-03')).toBe('Nov 3, 2025');
    expect(formatDate('2026-01-31')).toBe('Jan 31, 2026');
  });
});
