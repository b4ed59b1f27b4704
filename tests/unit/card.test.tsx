/** The deal card rendered with Preact in happy-dom: what it shows, in which order, and its keyboard behaviour. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DealCard, TOP_DEALS } from '../../components/DealCard.tsx';
import { DealItem } from '../../components/DealItem.tsx';
import { dataset } from '../../data/index.ts';
import { createFactIndex } from '../../utils/facts.ts';
import { formatUsd } from '../../utils/format.ts';
import { mountPoint } from './mount.ts';

const index = createFactIndex(dataset);
const entity = (id: string) => {
  const e = index.entity(id);
  if (!e) throw new Error(id);
  return e;
};

const root = mountPoint();

function show(
  id: string,
  onPage: string[],
  extra: { onClose?: () => void; onSearch?: (q: string) => void; amounts?: Map<number, number> } = {},
) {
  act(() => {
    render(
      <DealCard
        entity={entity(id)}
        facts={dataset}
        meta={dataset.meta}
        onPage={new Set(onPage)}
        amountsOnPage={extra.amounts}
        onClose={extra.onClose ?? (() => {})}
        onSearch={extra.onSearch}
      />,
      root(),
    );
  });
  const dialog = root().querySelector<HTMLElement>('[role="dialog"]');
  if (!dialog) throw new Error('no dialog');
  return dialog;
}

const key = (el: Element, k: string, shiftKey = false) =>
  act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true }));
  });

describe('DealCard', () => {
  it('is a dialog named by the company and described by its one-line description', () => {
    const dialog = show('nvidia', ['nvidia', 'intel']);
    const name = root().querySelector(`#${dialog.getAttribute('aria-labelledby')}`);
    const desc = root().querySelector(`#${dialog.getAttribute('aria-describedby')}`);
    expect(name?.textContent).toBe('Nvidia');
    expect(desc?.textContent).toBe(entity('nvidia').description);
    expect(dialog.getAttribute('aria-modal')).toBeNull();
  });

  it('shows the ticker and the totals computed from the deals', () => {
    show('nvidia', ['nvidia', 'intel']);
    const totals = index.totals('nvidia');
    expect(root().querySelector('.ticker')?.textContent).toBe('NASDAQ: NVDA');
    const text = root().querySelector('.totals')?.textContent ?? '';
    expect(text).toContain(`${totals.deals} deals`);
    expect(text).toContain(`${formatUsd(totals.valueUsd)} in final deals`);
    expect(text).toContain('1 of them with companies on this page');
  });

  it('says "Reported here" for a deal only when the page also states its amount', () => {
    const deal = index.dealsFor('nvidia').find((d) => d.id === 'nvidia-intel-2025-09');
    if (!deal?.amount_usd) throw new Error('no amount');
    show('nvidia', ['nvidia', 'intel'], { amounts: new Map([[deal.amount_usd, 1]]) });
    const chip = root().querySelector('[data-deal="nvidia-intel-2025-09"] .onpage');
    expect(chip?.querySelector('[aria-hidden="true"]')?.textContent).toBe('Reported here');
    expect(chip?.getAttribute('title')).toBe('This page names Intel and gives this amount');
    expect(chip?.querySelector('.sr-only')?.textContent).toBe(
      'Reported here: this page names Intel and gives this amount',
    );
    // The other deals name no company on the page: no chip.
    expect(root().querySelectorAll('.deal .onpage')).toHaveLength(1);
  });

  it('names a partner on the page by the name the page uses, and every name behind "+N" for a screen reader', () => {
    // Only "Amazon" is on the page: OpenAI's AWS deals are with Amazon's part, named as Amazon.
    show('openai', ['openai', 'amazon', 'nvidia']);
    const chips = [...root().querySelectorAll('.deal .onpage')];
    const shown = chips.map((c) => c.querySelector('[aria-hidden="true"]')?.textContent);
    expect(shown).toContain('Amazon on this page');
    expect(shown.join()).not.toMatch(/Amazon Web Services/);
    const many = chips.find((c) => /\+\d/.test(c.textContent ?? ''));
    expect(many?.querySelector('.sr-only')?.textContent).toMatch(
      /^Amazon, Nvidia on this page$|^Nvidia, Amazon on this page$/,
    );
  });

  it('ranks deals with companies on the page first, then the rest newest first, three before "N more"', () => {
    show('nvidia', ['nvidia', 'intel']);
    const ids = () => [...root().querySelectorAll('.deal')].map((d) => d.getAttribute('data-deal'));
    expect(ids()).toHaveLength(TOP_DEALS);
    expect(ids()[0]).toBe('nvidia-intel-2025-09');
    // The page names Intel but not the deal's amount: the chip says who is on the page.
    expect(root().querySelector('.deal .onpage [aria-hidden="true"]')?.textContent).toBe('Intel on this page');
    const more = root().querySelector<HTMLButtonElement>('button.more');
    const hidden = index.dealsFor('nvidia').length - TOP_DEALS;
    expect(more?.textContent).toBe(`${hidden} more deals`);
    expect(more?.getAttribute('aria-expanded')).toBe('false');
    act(() => more?.click());
    expect(ids()).toHaveLength(index.dealsFor('nvidia').length);
    const dates = [...root().querySelectorAll('.deal time')].slice(1).map((t) => t.getAttribute('datetime') ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(more?.getAttribute('aria-expanded')).toBe('true');
    expect(more?.textContent).toBe('Show fewer');
    // Focus goes to the first deal that appeared.
    expect(document.activeElement).toBe(root().querySelectorAll('.deal')[TOP_DEALS]);
  });

  it('says when a letter of intent never closed, and writes amounts as readers do', () => {
    show('nvidia', ['nvidia']);
    act(() => root().querySelector<HTMLButtonElement>('button.more')?.click());
    const loi = root().querySelector('[data-deal="nvidia-openai-loi-2025-09"]');
    expect(loi?.querySelector('.amount')?.textContent).toBe('up to $100B');
    expect(loi?.querySelector('.status')?.textContent).toBe('Never finalized');
  });

  it('opens every source in a new tab without a window reference', () => {
    show('openai', ['openai', 'aws']);
    const links = [...root().querySelectorAll('.sources a')];
    expect(links.length).toBeGreaterThan(3);
    for (const a of links) {
      expect(a.getAttribute('href')).toMatch(/^https:\/\//);
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('shows the dataset version and date, and "Search all deals" searches for the company', () => {
    const onSearch = vi.fn();
    show('aws', ['aws'], { onSearch });
    expect(root().querySelector('.foot')?.textContent).toContain(`v${dataset.meta.version} · as of`);
    const search = [...root().querySelectorAll('button')].find((b) => b.textContent === 'Search all deals');
    act(() => search?.click());
    expect(onSearch).toHaveBeenCalledWith('Amazon Web Services');
    // A company that is part of another says so.
    expect(root().querySelector('.desc')?.textContent).toContain('Part of Amazon.');
  });

  it('has no search button without a search to open', () => {
    show('aws', ['aws']);
    expect([...root().querySelectorAll('button')].some((b) => b.textContent === 'Search all deals')).toBe(false);
  });

  it('closes on Esc and keeps Tab inside the card', () => {
    const onClose = vi.fn();
    const dialog = show('nvidia', ['nvidia'], { onClose, onSearch: () => {} });
    const controls = [...dialog.querySelectorAll<HTMLElement>('a[href], button')];
    const first = controls[0];
    const last = controls.at(-1);
    if (!first || !last) throw new Error('no controls');
    // happy-dom lays nothing out, so every control counts as visible only if it has client rects.
    for (const el of controls) vi.spyOn(el, 'getClientRects').mockReturnValue([{}] as unknown as DOMRectList);
    expect(first.getAttribute('aria-label')).toBe('Close');
    expect(last.textContent).toBe('Search all deals');
    last.focus();
    key(last, 'Tab');
    expect(document.activeElement).toBe(first);
    key(first, 'Tab', true);
    expect(document.activeElement).toBe(last);
    dialog.focus();
    key(dialog, 'Tab', true);
    expect(document.activeElement).toBe(last);
    key(dialog, 'Escape');
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('DealItem (shared with the popup)', () => {
  it('renders without the card-only props', () => {
    const deal = dataset.deals.find((d) => d.id === 'openai-aws-compute-2025-11');
    if (!deal) throw new Error('deal');
    act(() => render(<DealItem deal={deal} others={[entity('aws')]} />, root()));
    expect(root().querySelector('.amount')?.textContent).toBe('$38B');
    expect(root().querySelector('.onpage')).toBeNull();
    expect(root().querySelector('.deal-meta')?.textContent).toContain('with Amazon Web Services');
  });
});
