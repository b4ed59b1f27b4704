/** The popup's search result rows rendered with Preact in happy-dom: the page chip and the "Matches" line. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ResultOption } from '../../components/SearchResults.tsx';
import { dataset } from '../../data/index.ts';
import { createFactIndex } from '../../utils/facts.ts';
import { createFactSearch, type SearchHit } from '../../utils/search.ts';
import { mountPoint } from './mount.ts';

const index = createFactIndex(dataset);
const search = createFactSearch(dataset);

const root = mountPoint('ul');

function row(hit: SearchHit, onPage: string[]): HTMLElement {
  act(() => {
    render(
      <ResultOption
        hit={hit}
        index={index}
        active={false}
        onPage={new Set(onPage)}
        onOpen={() => {}}
        onHover={() => {}}
      />,
      root(),
    );
  });
  return root().firstElementChild as HTMLElement;
}

describe('the page chip of a deal result', () => {
  const deal = (id: string) => {
    const d = dataset.deals.find((x) => x.id === id);
    if (!d) throw new Error(id);
    return d;
  };
  const hitFor = (id: string): SearchHit => {
    const hits = search.search(deal(id).title);
    const hit = hits.find((h) => h.item.id === id);
    if (!hit) throw new Error(`no hit for ${id}`);
    return hit;
  };
  const chip = (hit: SearchHit, onPage: string[]) => row(hit, onPage).querySelector('.onpage')?.textContent ?? null;

  it('says "Both on this page" when both parties of a two-party deal are named, a parent counting for its part', () => {
    const hit = hitFor('openai-aws-compute-2025-11');
    expect(chip(hit, ['openai', 'aws'])).toBe('Both on this page');
    // "Amazon" on the page stands for AWS.
    expect(chip(hit, ['openai', 'amazon'])).toBe('Both on this page');
    expect(chip(hit, ['openai'])).toBeNull();
  });

  it("says how many of a larger deal's parties are named", () => {
    const big = dataset.deals.find((d) => d.parties.length >= 3);
    if (!big) throw new Error('no deal of three parties');
    const hit = hitFor(big.id);
    const ids = big.parties.map((p) => p.id);
    expect(chip(hit, ids.slice(0, 2))).toBe(`2 of ${ids.length} on this page`);
    expect(chip(hit, ids)).toBe(`All ${ids.length} on this page`);
  });
});

describe('the "Matches" line', () => {
  it('says what matched in a field the row does not show', () => {
    const hit = search.search('NVDA').find((h) => h.item.type === 'deal');
    if (!hit) throw new Error('no deal hit for NVDA');
    const why = row(hit, []).querySelector('.opt-why');
    expect(why?.textContent).toMatch(/^Matches “.*NVDA.*”$/);
  });

  it('is left out when the snippet shown holds what matched', () => {
    // The expansion's summary says "$38 billion" (shown as the snippet); its facts matched
    // " billion" of "100 billion", which the snippet shows too.
    const hit = search.search('38 billion').find((h) => h.item.id === 'openai-aws-expansion-2026-02');
    if (!hit) throw new Error('no hit');
    expect(hit.matches.some((m) => m.key === 'facts')).toBe(true);
    const el = row(hit, []);
    expect(el.querySelector('.opt-snippet')?.textContent).toContain('38 billion');
    expect(el.querySelector('.opt-why')).toBeNull();
  });
});

describe('the status of a deal result', () => {
  it.each([
    ['microsoft-openai-rofr-2025-01', 'Ended'],
    ['openai-aws-compute-2025-11', 'Later expanded'],
  ])('%s says "%s", as its card does', (id, word) => {
    const title = dataset.deals.find((d) => d.id === id)?.title ?? '';
    const hit = search.search(title).find((h) => h.item.id === id);
    if (!hit) throw new Error(`no hit for ${id}`);
    expect(row(hit, []).querySelector('.chip.status')?.textContent).toBe(word);
  });

  it('an announced deal has no status chip', () => {
    const hit = search.search('oracle 300b')[0] as SearchHit;
    expect(hit.item.id).toBe('openai-oracle-300b-2025-09');
    expect(row(hit, []).querySelector('.chip.status')).toBeNull();
  });
});
