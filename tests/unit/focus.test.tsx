/** Focus and announcements after keyboard actions in the popup and the options page. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Options } from '../../components/Options.tsx';
import { Popup } from '../../components/Popup.tsx';
import { dataset } from '../../data/index.ts';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();

/** The companies of tests/fixtures/openai-aws-deal.html: 8 deals between them, 4 shown at first. */
const DIGEST = {
  status: 'active' as const,
  mentions: 15,
  entities: [
    { id: 'openai', count: 5 },
    { id: 'aws', count: 3 },
    { id: 'microsoft', count: 3 },
    { id: 'amazon', count: 2 },
    { id: 'nvidia', count: 2 },
  ],
};

function showPopup() {
  act(() => {
    render(
      <Popup
        data={dataset}
        loadPage={async () => ({ url: 'https://www.reuters.com/a', digest: DIGEST })}
        focusEntity={async () => true}
        siteView={async () => ({ kind: 'unknown' })}
        toggleSite={async () => {}}
        enableAll={async () => {}}
        openOptions={() => {}}
      />,
      root(),
    );
  });
}

const buttonMatching = (re: RegExp) =>
  [...root().querySelectorAll('button')].find((b) => re.test(b.textContent ?? '')) as HTMLButtonElement | undefined;

describe('popup: focus after keyboard actions', () => {
  it('"Show all N deals" keeps keyboard focus in the list it expands (not lost to <body>)', async () => {
    showPopup();
    await vi.waitFor(() => expect(buttonMatching(/^Show all \d+ deals$/)).toBeTruthy());
    const more = buttonMatching(/^Show all \d+ deals$/) as HTMLButtonElement;
    more.focus();
    expect(document.activeElement).toBe(more);
    // Enter or Space on a focused button is a click.
    act(() => more.click());
    expect(root().querySelectorAll('.rows .row').length).toBeGreaterThan(4);
    // Focus must stay somewhere in the popup (e.g. the first deal that appeared), not fall to the body.
    expect(document.activeElement).not.toBe(document.body);
    expect(root().contains(document.activeElement)).toBe(true);
  });

  it('Back from a deal opened in "deals between them" returns focus to that deal, not to the search box', async () => {
    showPopup();
    await vi.waitFor(() => expect(root().querySelectorAll('.rows .row').length).toBe(4));
    const third = root().querySelectorAll<HTMLButtonElement>('.rows .row')[2] as HTMLButtonElement;
    const id = third.dataset.deal;
    third.focus();
    act(() => third.click());
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail]')).toBeTruthy());
    act(() => (root().querySelector('[data-testid=back]') as HTMLButtonElement).click());
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail]')).toBeNull());
    const active = document.activeElement as HTMLElement;
    expect(active.dataset.deal, `focus is on ${active.outerHTML.slice(0, 80)}`).toBe(id);
  });
});

describe('popup: Back through two views', () => {
  it('returns to the party that opened a company, then to the deal row that opened the deal', async () => {
    showPopup();
    await vi.waitFor(() => expect(root().querySelectorAll('.rows .row').length).toBe(4));
    const row = root().querySelector<HTMLButtonElement>('.rows .row[data-deal="openai-aws-compute-2025-11"]');
    row?.focus();
    act(() => row?.click());
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail]')).toBeTruthy());
    const party = root().querySelector<HTMLButtonElement>('.parties [data-opens="entity:aws"]');
    party?.focus();
    act(() => party?.click());
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail][data-entity=aws]')).toBeTruthy());
    const back = () => act(() => (root().querySelector('[data-testid=back]') as HTMLButtonElement).click());
    back();
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail][data-deal]')).toBeTruthy());
    expect((document.activeElement as HTMLElement).dataset.opens).toBe('entity:aws');
    back();
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail]')).toBeNull());
    expect((document.activeElement as HTMLElement).dataset.deal).toBe('openai-aws-compute-2025-11');
  });
});

describe('options: focus after "Got it"', () => {
  it('the welcome\'s "Got it" does not drop keyboard focus to <body>', async () => {
    act(() => {
      render(
        <Options
          data={dataset}
          load={async () => DEFAULT_SETTINGS}
          save={async (c) => c(DEFAULT_SETTINGS)}
          watch={() => () => {}}
          loadFacts={async () => ({ entities: [], deals: [] })}
          watchFacts={() => () => {}}
          sites={{ addSite: async () => undefined, removeSite: async () => {}, setAllSites: async () => undefined }}
          facts={{
            importFile: async () => ({ error: 'x' }),
            remove: async () => undefined,
            removeAll: async () => undefined,
          }}
          backup={{ exportText: () => '{}', importText: async () => ({ ignored: [] }), reset: async () => {} }}
          welcome
          onWelcomeRead={() => {}}
        />,
        root(),
      );
    });
    await vi.waitFor(() => expect(buttonMatching(/^Got it$/)).toBeTruthy());
    const got = buttonMatching(/^Got it$/) as HTMLButtonElement;
    got.focus();
    act(() => got.click());
    expect(root().querySelector('.welcome')).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(root().contains(document.activeElement)).toBe(true);
  });
});

describe('popup: the status region says each jump', () => {
  it('a second press on the same company is said again (the region changes)', async () => {
    showPopup();
    await vi.waitFor(() => expect(root().querySelector('.company[data-entity=openai]')).toBeTruthy());
    const region = root().querySelector('[role=status][aria-live=polite]') as HTMLElement;
    const company = root().querySelector('.company[data-entity=openai]') as HTMLButtonElement;
    act(() => company.click());
    await vi.waitFor(() => expect(region.textContent).toBe('Showing OpenAI on the page.'));
    const changes: MutationRecord[] = [];
    const obs = new MutationObserver((r) => changes.push(...r));
    obs.observe(region, { childList: true, characterData: true, subtree: true });
    // The reader presses it again for the next mention: the page moved, the popup must say so again.
    act(() => company.click());
    await new Promise((r) => setTimeout(r, 50));
    await act(async () => {});
    changes.push(...obs.takeRecords());
    obs.disconnect();
    expect(region.textContent).toBe('Showing OpenAI on the page.');
    expect(changes.length, 'the live region did not change, so nothing is announced').toBeGreaterThan(0);
  });
});

describe("popup: a deal's parties", () => {
  it('each "Show on page" button says which company it shows', async () => {
    showPopup();
    await vi.waitFor(() => expect(root().querySelectorAll('.rows .row').length).toBe(4));
    const row = root().querySelector<HTMLButtonElement>('.rows .row[data-deal="openai-aws-compute-2025-11"]');
    act(() => row?.click());
    await vi.waitFor(() => expect(root().querySelector('[data-testid=detail]')).toBeTruthy());
    const names = [...root().querySelectorAll<HTMLButtonElement>('.parties button.btn')].map(
      (b) => b.getAttribute('aria-label') ?? b.textContent?.trim(),
    );
    expect(names.length).toBe(2);
    expect(new Set(names).size, `buttons named ${JSON.stringify(names)}`).toBe(names.length);
  });
});
