import { describe, expect, it } from 'vitest';
import { edgeAmount, pageGraph } from '../../components/DealGraph.tsx';
import { dataset } from '../../data/index.ts';
import { dealPairs, pairAmount } from '../../utils/facts.ts';

const page = (...ids: string[]) => ids.map((id) => ({ id, count: 1 }));
const edge = (g: ReturnType<typeof pageGraph>, x: string, y: string) =>
  g.edges.find((e) => (e.a === x && e.b === y) || (e.a === y && e.b === x));
const deal = (id: string) => {
  const d = dataset.deals.find((x) => x.id === id);
  if (!d) throw new Error(`missing ${id}`);
  return d;
};

describe('the page’s deal graph', () => {
  it('joins each investor of a round to the company raising, never two investors', () => {
    const round = deal('openai-110b-round-2026-02');
    const g = pageGraph(dataset, page('openai', 'amazon', 'nvidia', 'softbank'));
    for (const investor of ['amazon', 'nvidia', 'softbank']) {
      expect(edge(g, 'openai', investor)?.deals).toContain(round);
    }
    for (const [x, y] of [
      ['amazon', 'nvidia'],
      ['amazon', 'softbank'],
      ['nvidia', 'softbank'],
    ] as const) {
      expect(edge(g, x, y)?.deals ?? []).not.toContain(round);
    }
  });

  it('leaves out a round when the page names only its investors', () => {
    const g = pageGraph(dataset, page('amazon', 'nvidia'));
    expect(g.deals).not.toContain(deal('openai-110b-round-2026-02'));
  });

  it('joins every two founders of a venture, with or without the venture on the page', () => {
    const jv = deal('stargate-jv-2025-01');
    const g = pageGraph(dataset, page('openai', 'softbank', 'oracle'));
    expect(edge(g, 'openai', 'softbank')?.deals).toContain(jv);
    expect(edge(g, 'softbank', 'oracle')?.deals).toContain(jv);
  });

  it('draws a deal of a part (AWS) to its parent when only the parent is named', () => {
    const g = pageGraph(dataset, page('openai', 'amazon'));
    expect(edge(g, 'amazon', 'openai')?.deals).toContain(deal('openai-aws-compute-2025-11'));
  });

  it('pairs a customer with each supplier, and every two parties of a deal with no such side', () => {
    // Anthropic buys from Microsoft and Nvidia: the two suppliers are no pair.
    expect(dealPairs(deal('anthropic-azure-30b-2025-11'))).toEqual([
      ['anthropic', 'microsoft'],
      ['anthropic', 'nvidia'],
    ]);
    expect(dealPairs(deal('openai-110b-round-2026-02'))).toHaveLength(3);
    // The venture and its three partners: six pairs.
    expect(dealPairs(deal('stargate-expansion-2025-09'))).toHaveLength(6);
  });

  it('labels each line with the amount between its two companies, never another party’s', () => {
    const B = 1e9;
    // The round's $110B is split: each investor's line carries its own part.
    const round = deal('openai-110b-round-2026-02');
    expect(pairAmount(round, 'openai', 'amazon')).toBe(50 * B);
    expect(pairAmount(round, 'nvidia', 'openai')).toBe(30 * B);
    // All of Anthropic's $30B goes to Microsoft; Nvidia, the other supplier, holds none of it.
    const azure = deal('anthropic-azure-30b-2025-11');
    expect(pairAmount(azure, 'anthropic', 'microsoft')).toBe(30 * B);
    expect(pairAmount(azure, 'anthropic', 'nvidia')).toBeNull();
    // Unsplit: the venture's amount is between the venture and each founder, not two founders.
    const jv = deal('stargate-jv-2025-01');
    expect(pairAmount(jv, 'stargate', 'openai')).toBe(500 * B);
    expect(pairAmount(jv, 'openai', 'softbank')).toBeNull();
    // A two-party deal: all of it.
    expect(pairAmount(deal('openai-aws-compute-2025-11'), 'openai', 'aws')).toBe(38 * B);

    const g = pageGraph(dataset, page('anthropic', 'microsoft', 'nvidia', 'openai', 'amazon', 'softbank'));
    const top = (x: string, y: string) => {
      const e = edge(g, x, y);
      return e && edgeAmount(e, e.deals[0] as (typeof e.deals)[number]);
    };
    expect(top('anthropic', 'microsoft')).toBe('$30B');
    expect(top('anthropic', 'nvidia')).toBe('up to $10B');
    // Nvidia's $30B in the round before the $100B letter of intent that never closed.
    expect(top('nvidia', 'openai')).toBe('$30B');
    // AWS's deals drawn to Amazon beside Amazon's $50B part of the round (not the round's $110B).
    expect(top('amazon', 'openai')).toBe('+$100B');
    const amazon = edge(g, 'amazon', 'openai');
    expect(amazon?.amounts.get('openai-110b-round-2026-02')).toBe(50 * B);
    expect(amazon?.amounts.get('openai-aws-compute-2025-11')).toBe(38 * B);
    const founders = edge(g, 'openai', 'softbank');
    expect(founders?.deals.map((d) => edgeAmount(founders, d))).not.toContain('$500B');
  });
});
