/** The popup rendered with Preact in happy-dom: own facts marked in every view, and the search box's focus and count. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Popup, type PopupProps } from '../../components/Popup.tsx';
import { dataset } from '../../data/index.ts';
import { mergeFacts, parseUserFacts } from '../../utils/user-facts.ts';
import own from '../fixtures/own-facts.json' with { type: 'json' };
import { mountPoint } from './mount.ts';

const root = mountPoint();

function show(props: Partial<PopupProps> = {}) {
  const r = parseUserFacts(JSON.stringify(own), 'own.json', dataset, { entities: [], deals: [] });
  if (!r.ok) throw new Error('the fixture is valid');
  act(() => {
    render(
      <Popup
        data={mergeFacts(dataset, r.facts)}
        loadPage={async () => ({ url: 'https://example.org/' })}
        focusEntity={async () => false}
        siteView={async () => ({ kind: 'unknown' })}
        toggleSite={async () => {}}
        enableAll={async () => {}}
        openOptions={() => {}}
        {...props}
      />,
      root(),
    );
  });
}

const button = (text: string) =>
  [...root().querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;
const search = () => root().querySelector('[data-testid=search]') as HTMLInputElement;
const type = (q: string) =>
  act(() => {
    search().value = q;
    search().dispatchEvent(new Event('input'));
  });

describe('the popup', () => {
  it("says a deal's status in a company's list of deals, as its card does", () => {
    show();
    type('microsoft');
    act(() => (root().querySelector('[role=option][data-entity=microsoft]') as HTMLElement).click());
    const row = (id: string) => root().querySelector(`[data-testid=detail] .rows .row[data-deal="${id}"]`);
    expect(row('microsoft-openai-rofr-2025-01')?.querySelector('.chip.status')?.textContent).toBe('Ended');
    const announced = [...root().querySelectorAll('[data-testid=detail] .rows .row')].find((r) =>
      dataset.deals.some((d) => d.id === (r as HTMLElement).dataset.deal && d.status === 'announced'),
    );
    expect(announced?.querySelector('.chip.status')).toBeNull();
  });

  it('says "Your fact" on an own deal and an own company, in the detail and in its lists', async () => {
    show();
    type('California');
    const results = [...root().querySelectorAll('[role=option]')];
    const deal = results.find((o) => o.textContent?.includes('will not oppose'));
    expect(deal?.textContent).toContain('Your fact');
    act(() => (deal as HTMLElement).click());
    const detail = () => root().querySelector('[data-testid=detail]') as HTMLElement;
    expect(detail().querySelector('.chip.own')?.textContent).toBe('Your fact');
    // Its party, the own company: the chip by its name, and again on the deal in its list.
    act(() => button('California Attorney General').click());
    expect(detail().dataset.entity).toBe('california-ag');
    expect(detail().querySelector('.entity-meta .chip.own')?.textContent).toBe('Your fact');
    expect(detail().querySelector('.rows .chip.own')?.textContent).toBe('Your fact');
    // A bundled company's view says nothing of the kind about its bundled deals.
    act(() => (root().querySelector('[data-testid=back]') as HTMLButtonElement).click());
    act(() => button('OpenAI').click());
    const rows = [...detail().querySelectorAll('.rows li')];
    expect(rows.filter((li) => li.querySelector('.chip.own')).map((li) => li.textContent)).toEqual([
      expect.stringContaining('will not oppose'),
    ]);
  });

  it('keeps focus in the search box when an example is chosen, and keeps its count region in the page', async () => {
    show();
    await vi.waitFor(() => expect(button('Stargate')).toBeTruthy());
    const count = root().querySelector('[data-testid=result-count]');
    expect(count?.getAttribute('role')).toBe('status');
    expect(count?.textContent).toBe('');
    act(() => button('Stargate').click());
    expect(search().value).toBe('Stargate');
    expect(document.activeElement).toBe(search());
    // The same element says the count now.
    expect(root().querySelector('[data-testid=result-count]')).toBe(count);
    expect(count?.textContent).toMatch(/^\d+ results?; use the arrow keys and Enter$/);
  });

  it('says a PDF is a file it cannot read where the viewer runs no content script, and no file setting where a browser has none', async () => {
    show({ loadPage: async () => ({ url: 'https://www.reuters.com/reports/q3.PDF' }) });
    await vi.waitFor(() => expect(root().textContent).toContain('This is a PDF file'));
    show({
      loadPage: async () => ({ url: 'file:///home/me/a.html' }),
      siteView: async () => ({ kind: 'file', allowed: false, setting: false }),
    });
    await vi.waitFor(() =>
      expect(root().textContent).toContain('DealLens cannot read files on this computer in this browser.'),
    );
    expect(root().textContent).not.toContain('Allow access to file URLs');
  });
});
