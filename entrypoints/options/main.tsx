import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import '../../components/options.css';
import { Options } from '../../components/Options.tsx';
import { dataset } from '../../data/index.ts';
import { WELCOME_HASH } from '../../utils/background/welcome.ts';
import { errorMessage } from '../../utils/format.ts';
import { DEFAULT_SETTINGS, loadSettings, type Settings, watchSettings } from '../../utils/settings.ts';
import { exportSettings, importSettings, restore } from '../../utils/settings-file.ts';
import { updateSettings } from '../../utils/settings-store.ts';
import {
  addSiteSaying,
  allSitesGranted,
  grantAllSites,
  revoke,
  revokeAllSites,
  siteGranted,
} from '../../utils/site-access.ts';
import { parseUserFacts, removeUserFact } from '../../utils/user-facts.ts';
import { exclusiveFacts, loadUserFacts, saveUserFacts, watchUserFacts } from '../../utils/user-facts-store.ts';

let current: Settings = DEFAULT_SETTINGS;

/** The browser's page for extension keys: Firefox opens it itself; Chrome's is a page of its own. */
function openShortcutSettings() {
  const commands = browser.commands as { openShortcutSettings?: () => Promise<void> } | undefined;
  if (commands?.openShortcutSettings) void commands.openShortcutSettings();
  else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}

/** The manifest's commands with the keys bound now ("_execute_action", the toolbar button, left out). */
async function loadShortcuts() {
  const all = (await browser.commands?.getAll()) ?? [];
  return all
    .filter((c) => c.name && c.name !== '_execute_action' && c.name !== '_execute_browser_action')
    .map((c) => ({ name: c.name ?? '', shortcut: c.shortcut ?? '', description: c.description ?? '' }));
}
const load = async () => (current = await loadSettings());
const save = async (change: (s: Settings) => Settings) => (current = await updateSettings(change));
const watch = (cb: (s: Settings) => void) =>
  watchSettings((s) => {
    current = s;
    cb(s);
  });

render(
  <Options
    data={dataset}
    load={load}
    save={save}
    watch={watch}
    loadFacts={loadUserFacts}
    loadShortcuts={loadShortcuts}
    openShortcutSettings={openShortcutSettings}
    mac={/\bMac/.test(navigator.platform)}
    welcome={location.hash === WELCOME_HASH}
    // Read: a reload or a bookmark of this tab shows the settings alone.
    onWelcomeRead={() => history.replaceState(null, '', location.pathname + location.search)}
    watchFacts={watchUserFacts}
    sites={{
      // The permission request must be the first thing the click does: browsers only honour it in a user gesture.
      addSite: addSiteSaying,
      removeSite: revoke,
      async setAllSites(on) {
        if (!on) {
          try {
            await revokeAllSites();
            return undefined;
          } catch (e) {
            return `Could not turn off all sites: ${errorMessage(e)}.`;
          }
        }
        try {
          return (await grantAllSites()) ? undefined : 'DealLens was not allowed to read all sites.';
        } catch (e) {
          return `Could not turn on all sites: ${errorMessage(e)}.`;
        }
      },
    }}
    facts={{
      importFile: (text, name) =>
        exclusiveFacts(async () => {
          const r = parseUserFacts(text, name, dataset, await loadUserFacts());
          if (!r.ok) return { problems: r.problems };
          const saved = await saveUserFacts(r.facts);
          if (!saved.ok) return { error: saved.reason };
          const parts = [
            r.added.entities && `${r.added.entities} ${r.added.entities === 1 ? 'company' : 'companies'}`,
            r.added.deals && `${r.added.deals} ${r.added.deals === 1 ? 'deal' : 'deals'}`,
          ].filter(Boolean);
          return { added: parts.join(' and ') };
        }),
      remove: (id) =>
        exclusiveFacts(async () => {
          const saved = await saveUserFacts(removeUserFact(await loadUserFacts(), id));
          return saved.ok ? undefined : saved.reason;
        }),
      async removeAll() {
        const saved = await saveUserFacts({ entities: [], deals: [] });
        return saved.ok ? undefined : saved.reason;
      },
    }}
    backup={{
      exportText: () => exportSettings(current),
      async importText(text) {
        const r = importSettings(text);
        if (!r.ok) return { error: r.reason };
        // Written as any change is: what a newer version synced from another device wrote
        // stays, and so does every setting the file does not hold.
        try {
          current = await updateSettings((now) => restore(now, r));
        } catch (e) {
          return { error: `could not save: ${errorMessage(e)}` };
        }
        // Sites from the file run only where this browser has allowed DealLens.
        const sites = r.held.includes('addedSites') ? current.addedSites : [];
        const granted = await Promise.all(sites.map((site) => siteGranted(site)));
        const needPermission = sites.filter((_, i) => !granted[i]);
        if (r.held.includes('allSites') && current.allSites && !(await allSitesGranted()))
          needPermission.push('all sites');
        return { ignored: r.ignored, kept: Object.keys(DEFAULT_SETTINGS).length - r.held.length, needPermission };
      },
      async reset() {
        current = await updateSettings(() => DEFAULT_SETTINGS);
      },
    }}
  />,
  document.getElementById('app') as HTMLElement,
);
