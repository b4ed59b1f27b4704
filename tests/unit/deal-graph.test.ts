import { describe, expect, it } from 'vitest';
import { pageGraph } from '../../components/DealGraph.tsx';
import { dataset } from '../../data/index.ts';
import { dealPairs } from '../../utils/facts.ts';

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
});
