/** The options page: DealLens on or off, and which companies it marks. Changes apply to open tabs at once. */
import { useEffect, useState } from 'preact/hooks';
import type { Dataset } from '../data/schema.ts';
import { formatDate } from '../utils/format.ts';
import type { Settings } from '../utils/settings.ts';

export interface OptionsProps {
  data: Dataset;
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  watch: (cb: (s: Settings) => void) => () => void;
}

export function Options({ data, load, save, watch }: OptionsProps) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    load().then(setSettings, (e) => setError(String(e)));
    return watch(setSettings);
  }, [load, watch]);

  const update = (change: (s: Settings) => Settings) =>
    save(change).then(setSettings, (e) => setError(`Could not save: ${e instanceof Error ? e.message : String(e)}`));

  if (!settings) return <main class="options dl-theme">{error ?? 'Loading…'}</main>;
  const off = new Set(settings.disabledEntities);
  const companies = [...data.entities].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <main class="options dl-theme">
      <h1>DealLens options</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="general-h">
        <h2 id="general-h">General</h2>
        <label class="switch">
          <input
            type="checkbox"
            checked={settings.enabled}
            onChange={(e) => update((s) => ({ ...s, enabled: (e.currentTarget as HTMLInputElement).checked }))}
          />
          <span>
            Mark companies on news pages
            <small>When off, DealLens leaves every page alone.</small>
          </span>
        </label>
      </section>
      <section aria-labelledby="companies-h">
        <h2 id="companies-h">Companies</h2>
        <p class="help">DealLens marks the companies that are switched on. Changes apply to open tabs at once.</p>
        <ul class="companies">
          {companies.map((e) => (
            <li key={e.id}>
              <label class="switch">
                <input
                  type="checkbox"
                  name={`entity-${e.id}`}
                  checked={!off.has(e.id)}
                  disabled={!settings.enabled}
                  onChange={(ev) => {
                    const on = (ev.currentTarget as HTMLInputElement).checked;
                    void update((s) => ({
                      ...s,
                      disabledEntities: on
                        ? s.disabledEntities.filter((id) => id !== e.id)
                        : [...new Set([...s.disabledEntities, e.id])],
                    }));
                  }}
                />
                <span>{e.name}</span>
              </label>
            </li>
          ))}
        </ul>
      </section>
      <footer class="help">
        Dataset v{data.meta.version}, as of {formatDate(data.meta.as_of)} · {data.deals.length} deals ·{' '}
        {data.entities.length} companies. DealLens makes no network requests: nothing leaves your browser.
      </footer>
    </main>
  );
}
