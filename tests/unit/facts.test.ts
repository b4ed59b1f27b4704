import { describe, expect, it } from 'vitest';
import { dataset } from '../../data/index.ts';
import { amountsIn, createFactIndex, dealsInvolving, otherParties, rankDeals } from '../../utils/facts.ts';

const index = createFactIndex(dataset);

describe('facts index', () => {
  it('lists a company’s deals and those of its parts, newest first', () => {
    const amazon = index.dealsFor('amazon').map((d) => d.id);
    expect(amazon).toContain('openai-aws-compute-2025-11'); // an AWS deal is Amazon's too
    expect(amazon).toContain('amazon-anthropic-4b-2024-11');
    const dates = index.dealsFor('openai').map((d) => d.announced);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(index.dealsFor('aws').map((d) => d.id)).not.toContain('amazon-anthropic-4b-2024-11');
  });

  it('derives totals from the deals instead of typing them', () => {
    const deals = index.dealsFor('nebius');
    const expected = deals.reduce((sum, d) => sum + (d.amount_usd ?? 0), 0);
    expect(index.totals('nebius')).toEqual({ deals: deals.length, valueUsd: expected });
  });

  it.each([
    ['a letter of intent that never closed', 'nvidia-openai-loi-2025-09', 'nvidia'],
    ['a stake’s value', 'microsoft-openai-recapitalization-2025-10', 'microsoft'],
    ['a total of other deals', 'stargate-expansion-2025-09', 'oracle'],
    ['a project’s cost', 'aws-project-rainier-2025-10', 'anthropic'],
  ])('leaves out %s', (_what, dealId, entity) => {
    const deal = dataset.deals.find((d) => d.id === dealId);
    if (!deal?.amount_usd) throw new Error(`missing ${dealId}`);
    const without = createFactIndex({ ...dataset, deals: dataset.deals.filter((d) => d.id !== dealId) });
    expect(index.totals(entity).valueUsd).toBe(without.totals(entity).valueUsd);
    expect(index.totals(entity).deals).toBe(without.totals(entity).deals + 1);
  });

  it('gives an unsplit amount of a many-party deal to its receiving side only', () => {
    const jv = dataset.deals.find((d) => d.id === 'stargate-jv-2025-01');
    if (!jv?.amount_usd) throw new Error('missing stargate-jv-2025-01');
    const without = createFactIndex({ ...dataset, deals: dataset.deals.filter((d) => d.id !== jv.id) });
    // The venture receives the pledge; each backer does not get all $500B counted.
    expect(index.totals('stargate').valueUsd - without.totals('stargate').valueUsd).toBe(jv.amount_usd);
    for (const backer of ['oracle', 'softbank', 'mgx', 'openai']) {
      expect(index.totals(backer).valueUsd, backer).toBe(without.totals(backer).valueUsd);
    }
  });

  it('counts a company’s own share where the sources split the amount', () => {
    const round = dataset.deals.find((d) => d.id === 'openai-110b-round-2026-02');
    const amazonShare = round?.parties.find((p) => p.id === 'amazon')?.amount_usd;
    expect(amazonShare).toBe(50_000_000_000);
    const without = createFactIndex({ ...dataset, deals: dataset.deals.filter((d) => d.id !== round?.id) });
    expect(index.totals('amazon').valueUsd - without.totals('amazon').valueUsd).toBe(50_000_000_000);
    // The company that receives the round counts all of it.
    expect(index.totals('openai').valueUsd - without.totals('openai').valueUsd).toBe(110_000_000_000);
  });

  it('names the other parties from the card company’s point of view', () => {
    const deal = dataset.deals.find((d) => d.id === 'openai-aws-compute-2025-11');
    if (!deal) throw new Error('missing deal');
    expect(otherParties(deal, 'openai', index).map((e) => e.id)).toEqual(['aws']);
    expect(otherParties(deal, 'amazon', index).map((e) => e.id)).toEqual(['openai']);
  });
});

describe('rankDeals', () => {
  it("puts first the deal in which the page states the company's own part, over one whose whole amount is another's", () => {
    // Nvidia's $30B is its part of OpenAI's round; the Anthropic–Azure $30B is Microsoft's.
    const onPage = new Set(['nvidia', 'openai', 'microsoft', 'anthropic']);
    const text = 'Nvidia will put $30 billion into OpenAI, filings show.';
    const ranked = rankDeals(index.dealsFor('nvidia'), 'nvidia', onPage, index, amountsIn(text));
    expect(ranked[0]?.deal.id).toBe('openai-110b-round-2026-02');
    expect(ranked[0]?.stated).toBe(true);
  });

  const openai = index.dealsFor('openai');

  it('puts deals with companies on the page first, each group newest first', () => {
    const ranked = rankDeals(openai, 'openai', new Set(['openai', 'oracle']), index);
    const firstOff = ranked.findIndex((r) => !r.onPage);
    expect(firstOff).toBeGreaterThan(0);
    expect(ranked.slice(0, firstOff).every((r) => r.onPage)).toBe(true);
    expect(ranked.slice(firstOff).every((r) => !r.onPage)).toBe(true);
    expect(ranked.slice(0, firstOff).map((r) => r.deal.id)).toContain('openai-oracle-300b-2025-09');
    const rest = ranked.slice(firstOff).map((r) => r.deal.announced);
    expect(rest).toEqual([...rest].sort().reverse());
  });

  it('names a partner on the page by the name the page uses (its parent, for a part)', () => {
    const ranked = rankDeals(openai, 'openai', new Set(['openai', 'amazon']), index);
    const aws = ranked.find((r) => r.deal.id === 'openai-aws-compute-2025-11');
    expect(aws).toMatchObject({ onPage: true, partnersHere: [index.entity('amazon')?.name] });
    const both = rankDeals(openai, 'openai', new Set(['openai', 'amazon', 'aws']), index);
    expect(both.find((r) => r.deal.id === 'openai-aws-compute-2025-11')?.partnersHere).toEqual([
      index.entity('aws')?.name,
    ]);
  });

  it('puts the deal whose amount the page states on top', () => {
    const onPage = new Set(['openai', 'aws', 'amazon', 'nvidia', 'microsoft']);
    expect(rankDeals(openai, 'openai', onPage, index)[0]?.deal.id).not.toBe('openai-aws-compute-2025-11');
    const text = 'OpenAI will pay $38 billion to AWS. The $38 billion deal follows a $100 billion letter.';
    const ranked = rankDeals(openai, 'openai', onPage, index, amountsIn(text));
    expect(ranked[0]?.deal.id).toBe('openai-aws-compute-2025-11');
    expect(ranked[0]).toMatchObject({ onPage: true, stated: true, partnersHere: [index.entity('aws')?.name] });
    // A deal with a party on the page whose amount the page does not state.
    const stated = amountsIn(text);
    const other = ranked.find((r) => r.onPage && (r.deal.amount_usd === null || !stated.has(r.deal.amount_usd)));
    expect(other?.stated).toBe(false);
    expect(other?.partnersHere.length).toBeGreaterThan(0);
    expect(ranked.filter((r) => !r.onPage).every((r) => r.partnersHere.length === 0 && !r.stated)).toBe(true);
  });
});

describe('amountsIn', () => {
  it.each([
    ['a $38 billion deal', [38e9]],
    ['$38B and $1.4tn', [38e9, 1.4e12]],
    ['worth $22.4bn', [22.4e9]],
    ['$ 300 million', [300e6]],
    ['a US$38-billion deal, a $10-billion one', [38e9, 10e9]],
    ['$5 - billion is no amount', []],
    ['38 billion without a dollar sign, $5 apples', []],
  ])('%s', (text, expected) => expect([...amountsIn(text).keys()]).toEqual(expected));

  it('counts how often each amount is stated', () => {
    expect(amountsIn('$38 billion, then $38B again, and $5 billion').get(38e9)).toBe(2);
  });
});

describe('dealsInvolving (what the background sends a page)', () => {
  it('sends the deals of the companies asked for, with their parts and wholes, and nothing else', () => {
    const forAws = dealsInvolving(dataset, ['aws']).map((d) => d.id);
    expect(forAws).toContain('openai-aws-compute-2025-11');
    expect(forAws).toContain('amazon-anthropic-4b-2024-11'); // Amazon's, the whole AWS belongs to
    const forNebius = dealsInvolving(dataset, ['nebius']);
    expect(forNebius.length).toBeGreaterThan(0);
    expect(forNebius.every((d) => d.parties.some((p) => p.id === 'nebius'))).toBe(true);
    expect(dealsInvolving(dataset, ['no-such-company'])).toEqual([]);
  });

  it('gives a card built from that subset the same deals and totals as the full dataset', () => {
    const subset = createFactIndex({ ...dataset, deals: dealsInvolving(dataset, ['openai']) });
    expect(subset.dealsFor('openai')).toEqual(index.dealsFor('openai'));
    expect(subset.totals('openai')).toEqual(index.totals('openai'));
  });
});
