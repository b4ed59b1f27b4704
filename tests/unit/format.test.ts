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
    [2_750_000_000, '$2.75B'],
    [999_950_000_000, '$1T'],
    // From 100 up a figure keeps its decimal: no source gives "$103B" for $102.5B.
    [102_500_000_000, '$102.5B'],
    [302_400_000_000, '$302.4B'],
  ])('%d → %s', (n, s) => expect(formatUsd(n)).toBe(s));
});

describe('formatDealAmount', () => {
  it.each([
    [{ amount_usd: 38e9, amount_text: '$38 billion over seven years' }, '$38B'],
    [{ amount_usd: 100e9, amount_text: 'up to $100 billion, invested per gigawatt' }, 'up to $100B'],
    [{ amount_usd: 300e9, amount_text: 'about $300 billion over five years' }, 'about $300B'],
    [{ amount_usd: 100e9, amount_text: '+$100 billion over eight years' }, '+$100B'],
    [{ amount_usd: null, amount_text: '10 GW; terms not disclosed' }, 'Undisclosed'],
    // No figure and no words about one: nothing was priced (a clearance, a right that ended).
    [{ amount_usd: null, amount_text: null }, 'No amount'],
    // A hedge is a word of its own ("takeover" holds no "over"); a range stays a range.
    [{ amount_usd: 69e9, amount_text: 'all-cash takeover $69 billion' }, '$69B'],
    [{ amount_usd: 20e9, amount_text: '$10–20 billion over five years' }, '$10–20B'],
    [{ amount_usd: 20e9, amount_text: 'from $10 to $20 billion' }, '$10–20B'],
    [{ amount_usd: 20e9, amount_text: 'up to $10–20 billion a year' }, 'up to $10–20B'],
    // The hedge sits next to the figure that is the headline, wherever it is in the text.
    [{ amount_usd: 100e9, amount_text: '$100 billion more over eight years' }, '+$100B'],
    [{ amount_usd: 4e9, amount_text: 'another $4 billion, $8 billion in total' }, '+$4B'],
    [{ amount_usd: 500e9, amount_text: '$100 billion at once, up to $500 billion over four years' }, 'up to $500B'],
    [{ amount_usd: 135e9, amount_text: 'stake worth about $135 billion (about 27%)' }, 'about $135B'],
    [{ amount_usd: 17.4e9, amount_text: '$17.4 billion through 2031; up to $19.4 billion with options' }, '$17.4B'],
  ])('%o → %s', (deal, s) => expect(formatDealAmount(deal)).toBe(s));
});

describe('formatDate', () => {
  it('writes dates the way US news does, independent of time zone', () => {
    expect(formatDate('2025-11-03')).toBe('Nov 3, 2025');
    expect(formatDate('2026-01-31')).toBe('Jan 31, 2026');
  });
});
