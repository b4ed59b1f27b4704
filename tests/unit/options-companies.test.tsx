/** The options page's company list in happy-dom: following, and seeing only what one follows. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Companies } from '../../components/options/Companies.tsx';
import { dataset } from '../../data/index.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();

/** Renders the section over `settings`, applying each change to them and rendering again. */
function show(settings: Settings): { current: () => Settings } {
  let current = settings;
  const draw = () =>
    render(
      <Companies
        entities={dataset.entities}
        own={new Set()}
        settings={current}
        update={(change) => {
          current = change(current);
          draw();
        }}
      />,
      root(),
    );
  act(draw);
  return { current: () => current };
}

const onlyFollowed = () =>
  [...root().querySelectorAll('label.switch')].find((l) => l.textContent?.startsWith('Only the companies I follow'));
const row = (name: string) =>
  [...root().querySelectorAll('.companies li')].find((li) => li.textContent?.startsWith(name));
const follow = (name: string) => {
  const button = row(name)?.querySelector('button.follow');
  if (!(button instanceof HTMLButtonElement)) throw new Error(`no follow button for ${name}`);
  act(() => button.click());
};

describe('only the companies I follow', () => {
  it('cannot be turned on while no company is followed, and says what to do', () => {
    show({ ...DEFAULT_SETTINGS });
    expect(onlyFollowed()?.querySelector('input')?.disabled).toBe(true);
    expect(onlyFollowed()?.textContent).toContain('Follow a company below first');
  });

  it('once a company is followed, turns on and shows which companies are no longer marked', () => {
    const s = show({ ...DEFAULT_SETTINGS });
    follow('Nvidia');
    const input = onlyFollowed()?.querySelector('input') as HTMLInputElement;
    expect(input.disabled).toBe(false);
    act(() => input.click());
    expect(s.current().onlyFollowed).toBe(true);
    expect(row('Nvidia')?.classList.contains('unfollowed')).toBe(false);
    expect(row('OpenAI')?.classList.contains('unfollowed')).toBe(true);
    expect(row('OpenAI')?.textContent).toContain('not followed, so not marked');
  });

  it('warns, and can still be turned off, when the last followed company is unfollowed', () => {
    const s = show({ ...DEFAULT_SETTINGS, onlyFollowed: true, followedEntities: ['nvidia'] });
    follow('Nvidia');
    expect(onlyFollowed()?.textContent).toContain('You follow no company, so none is marked');
    const input = onlyFollowed()?.querySelector('input') as HTMLInputElement;
    expect(input.disabled).toBe(false);
    act(() => input.click());
    expect(s.current().onlyFollowed).toBe(false);
  });

  it('counts only follows of companies in the list (a removed own company is no longer followed)', () => {
    show({ ...DEFAULT_SETTINGS, onlyFollowed: true, followedEntities: ['my-removed-lab'] });
    expect(onlyFollowed()?.textContent).toContain('You follow no company, so none is marked');
    expect(onlyFollowed()?.textContent).not.toContain('1 followed');
  });
});
