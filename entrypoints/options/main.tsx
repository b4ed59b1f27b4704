import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import '../../components/options.css';
import { Options } from '../../components/Options.tsx';
import { dataset } from '../../data/index.ts';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  type Settings,
  settingsItem,
  updateSettings,
  watchSettings,
} from '../../utils/settings.ts';
import { exportSettings, importSettings } from '../../utils/settings-file.ts';
import { sitePatterns } from '../../utils/sites.ts';
import { parseUserFacts, removeUserFact } from '../../utils/user-facts.ts';
import { loadUserFacts, saveUserFacts, watchUserFacts } from '../../utils/user-facts-store.ts';

let current: Settings = DEFAULT_SETTINGS;
const load = async () => (current = await loadSettings());
const save = async (change: (s: Settings) => Settings) => (current = await updateSettings(change));
const watch = (cb: (s: Settings) => void) =>
  watchSettings((s) => {
    current = s;
    cb(s);
  });

const ALL_SITES = ['*://*/*'];

render(
  <Options
    data={dataset}
    load={load}
    save={save}
    watch={watch}
    loadFacts={loadUserFacts}
    watchFacts={watchUserFacts}
    sites={{
      // The permission request must be the first thing the click does: browsers only honour it in a user gesture.
      async addSite(site) {
        const granted = await browser.permissions.request({ origins: sitePatterns(site) }).catch(() => false);
        if (!granted) return `DealLens was not allowed to read ${site}.`;
        await save((s) => ({
          ...s,
          addedSites: [...new Set([...s.addedSites, site])],
          removedSites: s.removedSites.filter((x) => x !== site),
        }));
        return undefined;
      },
      async removeSite(site) {
        await save((s) => ({ ...s, addedSites: s.addedSites.filter((x) => x !== site) }));
        await browser.permissions.remove({ origins: sitePatterns(site) }).catch(() => false);
      },
      async setAllSites(on) {
        if (on) {
          const granted = await browser.permissions.request({ origins: ALL_SITES }).catch(() => false);
          if (!granted) return 'DealLens was not allowed to read all sites.';
        }
        await save((s) => ({ ...s, allSites: on }));
        if (!on) await browser.permissions.remove({ origins: ALL_SITES }).catch(() => false);
        return undefined;
      },
    }}
    facts={{
      async importFile(text, name) {
        const r = parseUserFacts(text, name, dataset, await loadUserFacts());
        if (!r.ok) return { problems: r.problems };
        const saved = await saveUserFacts(r.facts);
        if (!saved.ok) return { error: saved.reason };
        const parts = [
          r.added.entities && `${r.added.entities} ${r.added.entities === 1 ? 'company' : 'companies'}`,
          r.added.deals && `${r.added.deals} ${r.added.deals === 1 ? 'deal' : 'deals'}`,
        ].filter(Boolean);
        return { added: parts.join(' and ') };
      },
      async remove(id) {
        const saved = await saveUserFacts(removeUserFact(await loadUserFacts(), id));
        return saved.ok ? undefined : saved.reason;
      },
      async removeAll() {
        const saved = await saveUserFacts({ entities: [], deals: [] });
        return saved.ok ? undefined : saved.reason;
      },
    }}
    backup={{
      exportText: () => exportSettings(current),
      async importText(text) {
        const r = importSettings(text);
        if (!r.ok) return r.reason;
        await settingsItem.setValue(r.settings);
        current = r.settings;
        return undefined;
      },
      async reset() {
        await settingsItem.setValue(DEFAULT_SETTINGS);
        current = DEFAULT_SETTINGS;
      },
    }}
  />,
  document.getElementById('app') as HTMLElement,
);
