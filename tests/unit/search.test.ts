import { describe, expect, it } from 'vitest';
import { dataset } from '../../data/index.ts';
import { amountForms, createFactSearch } from '../../utils/search.ts';

const search = createFactSearch(dataset);
const first = (q: string) => {
  const top = search.search(q)[0]?.item;
  return top ? `${top.type}:${top.id}` : undefined;
};

describe('popup search', () => {
  it.each([
    ['38 billion', 'deal:openai-aws-compute-2025-11'],
    ['$38B', 'deal:openai-aws-compute-2025-11'],
    ['$38bn', 'deal:openai-aws-compute-2025-11'],
    ['aws', 'deal:openai-aws-compute-2025-11'],
    ['nvda', 'entity:nvidia'],
    ['stargate', 'deal:stargate-jv-2025-01'],
    ['amzon', 'entity:amazon'],
  ])('"%s" finds %s first', (query, expected) => expect(first(query)).toBe(expected));

  it('returns nothing for an empty query and for nonsense', () => {
    expect(search.search('   ')).toEqual([]);
    expect(search.search('zzqxv')).toEqual([]);
  });

  it('writes amounts the ways readers do', () => {
    expect(amountForms(38e9)).toEqual(expect.arrayContaining(['38 billion', '$38B', '$38bn', '$38 billion']));
    expect(amountForms(1.4e12)).toContain('1.4 trillion');
  });
});
