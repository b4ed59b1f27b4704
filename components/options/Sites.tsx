/** Options: where DealLens runs — the news sites, sites the reader adds, paused sites, all sites. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../../utils/format.ts';
import { normalizeSite, type Settings } from '../../utils/settings.ts';
import { DEFAULT_SITES } from '../../utils/sites.ts';
import { Radios, Status, Switch } from './controls.tsx';

export interface SiteActions {
  /** Asks for the site's permission and starts DealLens there; resolves to a reason when it could not. */
  addSite: (site: string) => Promise<string | undefined>;
  removeSite: (site: string) => Promise<void>;
  /** Asks for (or gives up) the permission to read every site. */
  setAllSites: (on: boolean) => Promise<string | undefined>;
}

export function Sites({
  settings,
  update,
  actions,
}: {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => void;
  actions: SiteActions;
}) {
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' }>();
  const removed = new Set(settings.removedSites);
  const paused = new Set(settings.pausedSites);
  const listed = new Set<string>(DEFAULT_SITES);
  const toggle = (list: string[], site: string, on: boolean) =>
    on ? [...new Set([...list, site])] : list.filter((x) => x !== site);

  const add = async (e: Event) => {
    e.preventDefault();
    const site = normalizeSite(input);
    if (!site) {
      setMessage({ text: `“${input}” is not a site address. Try something like example.com.`, kind: 'error' });
      return;
    }
    if ((DEFAULT_SITES as readonly string[]).includes(site) && !removed.has(site)) {
      setMessage({ text: `${site} is already one of the news sites.`, kind: 'ok' });
      return;
    }
    const failed = await actions.addSite(site);
    if (failed) setMessage({ text: failed, kind: 'error' });
    else {
      setMessage({ text: `DealLens now reads ${site}.`, kind: 'ok' });
      setInput('');
    }
  };

  return (
    <section aria-labelledby="sites-h">
      <h2 id="sites-h">Where DealLens runs</h2>
      <p class="help">
        DealLens reads these news sites. Uncheck one to leave it alone; a site paused from the toolbar popup is
        unchecked here too, and checking it resumes it.
      </p>
      <ul class="sites">
        {DEFAULT_SITES.map((site) => (
          <li key={site}>
            <Switch
              label={site}
              help={paused.has(site) && !removed.has(site) ? 'Paused' : undefined}
              name={`site-${site}`}
              checked={!removed.has(site) && !paused.has(site)}
              onChange={(on) =>
                update((s) => ({
                  ...s,
                  removedSites: toggle(s.removedSites, site, !on),
                  // Checked again: running, whichever way it was off.
                  pausedSites: on ? s.pausedSites.filter((x) => x !== site) : s.pausedSites,
                }))
              }
            />
          </li>
        ))}
      </ul>
      <h3>Your sites</h3>
      {settings.addedSites.length === 0 ? (
        <p class="help">None yet. Add a site; your browser asks you to allow DealLens there.</p>
      ) : (
        <ul class="list">
          {settings.addedSites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="small"
                onClick={() =>
                  void actions
                    .removeSite(site)
                    .catch((e: unknown) =>
                      setMessage({ text: `Could not remove ${site}: ${errorMessage(e)}.`, kind: 'error' }),
                    )
                }
              >
                Remove<span class="sr-only"> {site}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-site" onSubmit={add}>
        <label for="add-site">Add a site</label>
        <input
          id="add-site"
          type="text"
          inputMode="url"
          placeholder="example.com"
          value={input}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Add</button>
      </form>
      <Status message={message?.text} kind={message?.kind ?? 'ok'} />
      {settings.pausedSites.some((site) => !listed.has(site)) && (
        <>
          <h3>Paused</h3>
          <ul class="list">
            {settings.pausedSites
              .filter((site) => !listed.has(site))
              .map((site) => (
                <li key={site}>
                  <span>{site}</span>
                  <button
                    type="button"
                    class="small"
                    onClick={() => update((s) => ({ ...s, pausedSites: s.pausedSites.filter((x) => x !== site) }))}
                  >
                    Resume<span class="sr-only"> {site}</span>
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>All sites</h3>
      <Switch
        label="Run on every site"
        help="Your browser asks for permission to read all sites. DealLens still sends nothing anywhere."
        checked={settings.allSites}
        onChange={async (on) => {
          const failed = await actions.setAllSites(on);
          if (failed) setMessage({ text: failed, kind: 'error' });
        }}
      />
      {settings.allSites && (
        <Radios
          legend="On sites that are not in the list"
          name="allSitesScope"
          value={settings.allSitesScope}
          options={[
            { value: 'articles', label: 'Only pages that look like news articles', help: 'Recommended.' },
            { value: 'every-page', label: 'Every page' },
          ]}
          onChange={(v) => update((s) => ({ ...s, allSitesScope: v }))}
        />
      )}
    </section>
  );
}
