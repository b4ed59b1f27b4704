/** The options page's list of sites in happy-dom: one state for a site, however it was turned off. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Sites } from '../../components/options/Sites.tsx';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();

function show(settings: Settings): { current: () => Settings } {
  let current = settings;
  const draw = () =>
    render(
      <Sites
        settings={current}
        update={(change) => {
          current = change(current);
          draw();
        }}
        actions={{ addSite: async () => undefined, removeSite: async () => {}, setAllSites: async () => undefined }}
      />,
      root(),
    );
  act(draw);
  return { current: () => current };
}

const siteSwitch = (site: string) => root().querySelector<HTMLInputElement>(`input[name="site-${site}"]`);

describe('where DealLens runs, in the options', () => {
  it('shows a news site paused from the popup unchecked, and checking it resumes it', () => {
    const s = show({ ...DEFAULT_SETTINGS, pausedSites: ['reuters.com', 'example.org'] });
    const reuters = siteSwitch('reuters.com');
    expect(reuters?.checked).toBe(false);
    expect(reuters?.closest('label')?.textContent).toBe('reuters.comPaused');
    expect(siteSwitch('cnbc.com')?.checked).toBe(true);
    // The list of paused sites keeps only those that have no switch of their own.
    const pausedList = [...root().querySelectorAll('h3')].find((h) => h.textContent === 'Paused');
    expect(pausedList?.nextElementSibling?.textContent).toContain('example.org');
    expect(pausedList?.nextElementSibling?.textContent).not.toContain('reuters.com');
    act(() => reuters?.click());
    expect(s.current().pausedSites).toEqual(['example.org']);
    expect(s.current().removedSites).toEqual([]);
    expect(siteSwitch('reuters.com')?.checked).toBe(true);
  });

  it('unchecking a news site leaves it alone until it is checked again', () => {
    const s = show({ ...DEFAULT_SETTINGS });
    act(() => siteSwitch('cnbc.com')?.click());
    expect(s.current().removedSites).toEqual(['cnbc.com']);
    expect(siteSwitch('cnbc.com')?.checked).toBe(false);
    act(() => siteSwitch('cnbc.com')?.click());
    expect(s.current().removedSites).toEqual([]);
  });
});

describe('removing a site the browser cannot save', () => {
  it('says why, and the site stays listed', async () => {
    act(() =>
      render(
        <Sites
          settings={{ ...DEFAULT_SETTINGS, addedSites: ['example.org'] }}
          update={() => {}}
          actions={{
            addSite: async () => undefined,
            removeSite: () => Promise.reject(new Error('too many changes in a minute; wait a minute and try again')),
            setAllSites: async () => undefined,
          }}
        />,
        root(),
      ),
    );
    const remove = [...root().querySelectorAll('button')].find((b) => b.textContent === 'Remove example.org');
    await act(async () => remove?.click());
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(root().querySelector('[role=alert]')?.textContent).toBe(
      'Could not remove example.org: too many changes in a minute; wait a minute and try again.',
    );
    expect(root().textContent).toContain('example.org');
  });
});
