import { describe, expect, it } from 'vitest';
import { dataset } from '../../data/index.ts';
import { amountForms, createFactSearch, gigawattForms, rangesFor, segments } from '../../utils/search.ts';

const search = createFactSearch(dataset);
const first = (q: string) => {
  const top = search.search(q)[0]?.item;
  return top ? `${top.type}:${top.id}` : undefined;
};
const ids = (q: string) => search.search(q).map((h) => `${h.item.type}:${h.item.id}`);

describe('popup search', () => {
  it.each([
    // An amount as a reader writes it finds the deal of that size, not deals that mention it in passing
    // (the $100B AWS expansion's summary also says "$38 billion").
    ['38 billion', 'deal:openai-aws-compute-2025-11'],
    ['$38B', 'deal:openai-aws-compute-2025-11'],
    ['$38bn', 'deal:openai-aws-compute-2025-11'],
    // A ticker is a lookup of the company.
    ['nvda', 'entity:nvidia'],
    // A typo still names the company: one edit away from "Amazon".
    ['amzon', 'entity:amazon'],
    // Words narrow: only the Broadcom deal states 10 GW in its headline.
    ['broadcom 10 gigawatts', 'deal:openai-broadcom-2025-10'],
    ['broadcom 10 GW', 'deal:openai-broadcom-2025-10'],
    // Both names in the title beat a deal that reaches Azure only through Microsoft's aliases.
    ['anthropic azure', 'deal:anthropic-azure-30b-2025-11'],
    ['6 gigawatts', 'deal:openai-amd-2025-10'],
  ])('"%s" finds %s first', (query, expected) => expect(first(query)).toBe(expected));

  it('puts the Stargate company first for "stargate", with the joint-venture deal right after it', () => {
    // A reader who types a name wants what carries that name. Stargate is a company (the joint
    // venture, Stargate LLC): its detail holds both Stargate deals — the $500B launch and the
    // $400B expansion — with their sources, so it answers "what is Stargate" in one step; the
    // deals follow it directly, the same as any company's deals follow the company.
    const top = ids('stargate');
    expect(top[0]).toBe('entity:stargate');
    expect(top.slice(1, 3).sort()).toEqual(['deal:stargate-expansion-2025-09', 'deal:stargate-jv-2025-01']);
  });

  it('puts a named company first and its deals after it', () => {
    // The same rule for any name: "aws" is the company, then its deals (the $38B one among the first).
    const top = ids('aws');
    expect(top[0]).toBe('entity:aws');
    expect(top.slice(1, 4)).toContain('deal:openai-aws-compute-2025-11');
    expect(first('openai')).toBe('entity:openai');
    expect(first('microsoft')).toBe('entity:microsoft');
  });

  it.each([
    // Amounts as pages write them: with "dollars", "US$", a hyphen, or the "+" the popup shows.
    ['38 billion dollars', 'deal:openai-aws-compute-2025-11'],
    ['US$38 billion', 'deal:openai-aws-compute-2025-11'],
    ['$38-billion', 'deal:openai-aws-compute-2025-11'],
    ['+$100B', 'deal:openai-aws-expansion-2026-02'],
    // The deal of exactly that amount before one whose text mentions it ("$5 billion now" of a $25B deal).
    ['$5B', 'deal:nvidia-intel-2025-09'],
    // Tickers as the popup and the exchanges show them.
    ['NASDAQ NVDA', 'entity:nvidia'],
    ['NASDAQ:NVDA', 'entity:nvidia'],
    ['NYSE ORCL', 'entity:oracle'],
    // A date, by month and day or in figures.
    ['november 3', 'deal:openai-aws-compute-2025-11'],
    ['11/3/2025', 'deal:openai-aws-compute-2025-11'],
    ['2025-11-03', 'deal:openai-aws-compute-2025-11'],
  ])('"%s", written as pages write it, finds %s first', (query, expected) => expect(first(query)).toBe(expected));

  it('lists only deals of the month a query names, when there are any', () => {
    const sep = search.search('sep 2025').filter((h) => h.item.type === 'deal');
    expect(sep.length).toBeGreaterThan(0);
    for (const h of sep) expect(h.item.type === 'deal' && h.item.deal.announced.slice(0, 7)).toBe('2025-09');
    // Announced in September, but its text names the March contract: kept, after March's own.
    expect(ids('openai march 2025')).toContain('deal:openai-coreweave-2025');
    const jan = ids('jan 2025');
    expect(jan).toContain('deal:stargate-jv-2025-01');
    expect(jan.filter((id) => id.startsWith('deal:') && !id.endsWith('2025-01'))).toEqual([]);
  });

  it('shows the company while its name is still being typed', () => {
    expect(first('nvi')).toBe('entity:nvidia');
    expect(first('broadc')).toBe('entity:broadcom');
  });

  it('finds deals by month and kind', () => {
    expect(ids('november 2025')).toContain('deal:openai-aws-compute-2025-11');
    expect(
      ids('november 2025').every((id) => id === 'deal:amazon-anthropic-4b-2024-11' || id.endsWith('2025-11')),
    ).toBe(true);
    expect(ids('chips').slice(0, 2).sort()).toEqual(['deal:openai-amd-2025-10', 'deal:openai-broadcom-2025-10']);
  });

  it('leaves out look-alike words when the query is spelled as the data spells it', () => {
    // "aws" is one error away from "was" and "as"; those summaries must not trail the AWS deals.
    for (const hit of search.search('aws')) {
      const text = JSON.stringify(hit.item).toLowerCase();
      expect(text).toContain('aws');
    }
  });

  it('returns nothing for an empty query and for nonsense', () => {
    expect(search.search('   ')).toEqual([]);
    expect(search.search('zzqxv')).toEqual([]);
  });

  it('ignores filler words', () => {
    // "deal" narrows nothing (few titles say it), so it does not drop deals that lack the word;
    // and a query that asks for a deal rather than naming a company gets the deal first.
    expect(first('the broadcom deal')).toBe('deal:openai-broadcom-2025-10');
    expect(first('openai aws deal')).toBe('deal:openai-aws-expansion-2026-02');
    expect(first('deal with broadcom 10 GW')).toBe('deal:openai-broadcom-2025-10');
  });

  it('writes amounts the ways readers do', () => {
    expect(amountForms(38e9)).toEqual(expect.arrayContaining(['38 billion', '$38B', '$38bn', '$38 billion']));
    expect(amountForms(1.4e12)).toContain('1.4 trillion');
  });

  it('writes capacities the ways readers do, only where the text states one', () => {
    expect(gigawattForms('10 GW of custom accelerators')).toEqual(
      expect.arrayContaining(['10 GW', '10GW', '10 gigawatts', '10-gigawatt']),
    );
    expect(gigawattForms('about 30 gigawatts of computing')).toContain('30 GW');
    expect(gigawattForms('financial terms not disclosed')).toEqual([]);
  });
});

describe('matched words', () => {
  it('come from fuse match indices, widened to whole words', () => {
    const hit = search.search('amzon')[0];
    const name = hit?.item.type === 'entity' ? hit.item.name : '';
    const marked = segments(name, rangesFor(hit?.matches ?? [], 'name'))
      .filter((s) => s.match)
      .map((s) => s.text);
    expect(marked).toEqual(['Amazon']);
  });

  it('split text into plain and marked segments that join back to the text', () => {
    const text = 'Anthropic commits $30B to Microsoft Azure';
    const parts = segments(text, [
      [0, 8],
      [37, 40],
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Anthropic', 'Azure']);
    expect(segments(text, [])).toEqual([{ text, match: false }]);
  });

  it('mark a word, not the space a match took in before or after it', () => {
    const text = 'a 100 billion expansion';
    const marked = (ranges: [number, number][]) =>
      segments(text, ranges)
        .filter((s) => s.match)
        .map((s) => s.text);
    expect(marked([[5, 12]])).toEqual(['billion']);
    expect(marked([[6, 13]])).toEqual(['billion']);
    // A range of nothing but white space marks nothing.
    expect(marked([[5, 5]])).toEqual([]);
    expect(
      segments(text, [[5, 5]])
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });

  it('mark the title words of a two-word query', () => {
    const hit = search.search('anthropic azure')[0];
    const title = hit?.item.type === 'deal' ? hit.item.title : '';
    const marked = segments(title, rangesFor(hit?.matches ?? [], 'title'))
      .filter((s) => s.match)
      .map((s) => s.text);
    expect(marked).toEqual(['Anthropic', 'Azure']);
  });
});
