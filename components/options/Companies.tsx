/** Options: which companies DealLens marks, grouped, with a search box and follows. */
import { useMemo, useState } from 'preact/hooks';
import type { Entity } from '../../data/schema.ts';
import type { Settings } from '../../utils/settings.ts';
import { Switch } from './controls.tsx';

/** Reading groups for the company list; companies not named here (own ones) go last. */
const GROUPS: [string, string[]][] = [
  ['AI labs', ['openai', 'anthropic']],
  ['Big tech and clouds', ['amazon', 'aws', 'microsoft', 'google', 'oracle', 'meta']],
  ['GPU clouds', ['coreweave', 'nebius']],
  ['Chips', ['nvidia', 'amd', 'broadcom', 'intel']],
  ['Investors and ventures', ['softbank', 'mgx', 'stargate']],
];

export function Companies({
  entities,
  own,
  settings,
  update,
}: {
  entities: readonly Entity[];
  own: ReadonlySet<string>;
  settings: Settings;
  update: (change: (s: Settings) => Settings) => void;
}) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const grouped = new Set(GROUPS.flatMap(([, ids]) => ids));
    const byId = new Map(entities.map((e) => [e.id, e]));
    const list: [string, Entity[]][] = GROUPS.map(([name, ids]) => [name, ids.flatMap((id) => byId.get(id) ?? [])]);
    const rest = entities.filter((e) => !grouped.has(e.id));
    if (rest.length > 0) list.push([own.size > 0 ? 'Your companies' : 'Other', rest]);
    return list;
  }, [entities, own]);
  const q = query.trim().toLowerCase();
  const matches = (e: Entity) =>
    !q || e.name.toLowerCase().includes(q) || e.aliases.some((a) => a.text.toLowerCase().includes(q));
  const off = new Set(settings.disabledEntities);
  // Follows of companies not in the list (an own company removed here, or one only another
  // device's own facts have: settings sync, own facts do not) are kept, but not counted.
  const known = new Set(entities.map((e) => e.id));
  const followed = new Set(settings.followedEntities.filter((id) => known.has(id)));
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...new Set([...list, id])] : list.filter((x) => x !== id);

  return (
    <section aria-labelledby="companies-h">
      <h2 id="companies-h">Companies</h2>
      <p class="help">
        Marked companies are checked. Follow the ones you care most about, then choose to see only those.
      </p>
      <Switch
        label="Only the companies I follow"
        help={
          followed.size > 0
            ? `${followed.size} followed.`
            : settings.onlyFollowed
              ? 'You follow no company, so none is marked: follow one below (☆), or turn this off.'
              : 'Follow a company below first (☆).'
        }
        checked={settings.onlyFollowed}
        // With nothing followed it would mark nothing anywhere; once on, it can always be turned off.
        disabled={followed.size === 0 && !settings.onlyFollowed}
        onChange={(on) => update((s) => ({ ...s, onlyFollowed: on }))}
      />
      <input
        type="search"
        class="filter"
        placeholder="Find a company"
        aria-label="Find a company"
        value={query}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      {groups.map(([name, list]) => {
        const shown = list.filter(matches);
        if (shown.length === 0) return null;
        return (
          <fieldset key={name} class="group">
            <legend>{name}</legend>
            <ul class="companies">
              {shown.map((e) => (
                <li key={e.id} class={settings.onlyFollowed && !followed.has(e.id) ? 'unfollowed' : undefined}>
                  <label class="switch">
                    <input
                      type="checkbox"
                      name={`entity-${e.id}`}
                      checked={!off.has(e.id)}
                      onChange={(ev) => {
                        const on = (ev.currentTarget as HTMLInputElement).checked;
                        update((s) => ({ ...s, disabledEntities: toggle(s.disabledEntities, e.id, !on) }));
                      }}
                    />
                    <span>
                      {e.name}
                      {own.has(e.id) && <span class="own">your fact</span>}
                      {settings.onlyFollowed && !followed.has(e.id) && (
                        <span class="sr-only"> (not followed, so not marked)</span>
                      )}
                    </span>
                  </label>
                  <button
                    type="button"
                    class="follow"
                    aria-pressed={followed.has(e.id)}
                    aria-label={`Follow ${e.name}`}
                    title={followed.has(e.id) ? 'Following' : 'Follow'}
                    onClick={() =>
                      update((s) => ({ ...s, followedEntities: toggle(s.followedEntities, e.id, !followed.has(e.id)) }))
                    }
                  >
                    {followed.has(e.id) ? '★' : '☆'}
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      {groups.every(([, list]) => list.filter(matches).length === 0) && (
        <p class="help">No company matches “{query}”.</p>
      )}
    </section>
  );
}
