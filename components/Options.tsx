/** The options page: every setting, applied to open tabs at once, and the reader's own facts. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Dataset } from '../data/schema.ts';
import { errorMessage, formatDate } from '../utils/format.ts';
import type { Settings } from '../utils/settings.ts';
import type { UserFacts } from '../utils/user-facts-store.ts';
import type { Shortcut } from './options/Appearance.tsx';
import { Appearance } from './options/Appearance.tsx';
import { Backup, type BackupActions } from './options/Backup.tsx';
import { Companies } from './options/Companies.tsx';
import { Status, Switch, useRefocus } from './options/controls.tsx';
import { OwnFacts, type OwnFactsActions } from './options/OwnFacts.tsx';
import { type SiteActions, Sites } from './options/Sites.tsx';
import { Welcome } from './options/Welcome.tsx';

export interface OptionsProps {
  data: Dataset;
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  watch: (cb: (s: Settings) => void) => () => void;
  loadFacts: () => Promise<UserFacts>;
  watchFacts: (cb: (f: UserFacts) => void) => () => void;
  sites: SiteActions;
  facts: OwnFactsActions;
  backup: BackupActions;
  /** The keyboard commands and the keys the browser has bound to them (its shortcut settings may change them). */
  loadShortcuts?: () => Promise<readonly Shortcut[]>;
  /** The reader is on a Mac (the Alt key is called Option there). */
  mac?: boolean;
  /** Opens the browser's page for changing extension keys. */
  openShortcutSettings?: () => void;
  /** Shown right after a first install: how DealLens is used, above the settings. */
  welcome?: boolean;
  /** The reader has read the welcome ("Got it"). */
  onWelcomeRead?: () => void;
}

export function Options(props: OptionsProps) {
  const { data, load, save, watch, loadFacts, watchFacts } = props;
  const [settings, setSettings] = useState<Settings | undefined>();
  const [facts, setFacts] = useState<UserFacts>({ entities: [], deals: [] });
  const [error, setError] = useState<string | undefined>();
  const [shortcuts, setShortcuts] = useState<readonly Shortcut[]>([]);
  const [welcome, setWelcome] = useState(props.welcome ?? false);
  const [generalRef, focusGeneral] = useRefocus<HTMLHeadingElement>();
  useEffect(() => {
    const load = props.loadShortcuts;
    if (!load) return;
    const read = () => load().then(setShortcuts, () => {});
    read();
    // The keys may have been changed in the browser's settings while this tab was hidden.
    const onVisible = () => document.visibilityState === 'visible' && read();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [props.loadShortcuts]);
  useEffect(() => {
    load().then(setSettings, (e) => setError(`Could not read the settings: ${String(e)}`));
    loadFacts().then(setFacts, () => {});
    const a = watch(setSettings);
    const b = watchFacts(setFacts);
    return () => {
      a();
      b();
    };
  }, [load, watch, loadFacts, watchFacts]);

  // The page itself follows the theme setting too, as the card and the popup do.
  const theme = settings?.theme;
  useEffect(() => {
    const { classList } = document.body;
    classList.toggle('dl-light', theme === 'light');
    classList.toggle('dl-dark', theme === 'dark');
  }, [theme]);

  const entities = useMemo(() => [...data.entities, ...facts.entities], [data, facts]);
  const own = useMemo(() => new Set(facts.entities.map((e) => e.id)), [facts]);

  const update = (change: (s: Settings) => Settings) => {
    save(change).then(
      (s) => {
        setSettings(s);
        setError(undefined);
      },
      (e) => setError(`Could not save: ${errorMessage(e)}. Your previous settings are kept.`),
    );
  };

  if (!settings) {
    return (
      <main class="options">
        <h1>DealLens</h1>
        <Status message={error} kind="error" />
        {!error && <p>Loading…</p>}
      </main>
    );
  }
  return (
    <main class="options">
      <header>
        <h1>DealLens</h1>
        <p class="help">
          Data v{data.meta.version} · as of {formatDate(data.meta.as_of)} · {data.deals.length} deals ·{' '}
          {data.entities.length} companies. Settings apply to open tabs at once.
        </p>
      </header>
      <Status message={error} kind="error" />
      {welcome && (
        <Welcome
          settings={settings}
          nextKey={shortcuts.find((s) => s.name === 'next-mention')?.shortcut}
          mac={props.mac}
          onRead={() => {
            setWelcome(false);
            props.onWelcomeRead?.();
            // The welcome goes with its button: focus goes on to the settings it introduced.
            focusGeneral();
          }}
        />
      )}
      <section aria-labelledby="general-h">
        <h2 id="general-h" ref={generalRef} tabIndex={-1}>
          General
        </h2>
        <Switch
          label="Mark companies on news pages"
          help="When off, DealLens leaves every page alone."
          checked={settings.enabled}
          onChange={(on) => update((s) => ({ ...s, enabled: on }))}
        />
        <Switch
          label="Show the number of companies on the toolbar button"
          checked={settings.badge}
          onChange={(on) => update((s) => ({ ...s, badge: on }))}
        />
      </section>
      <Sites settings={settings} update={update} actions={props.sites} />
      <Companies entities={entities} own={own} settings={settings} update={update} />
      <Appearance
        settings={settings}
        update={update}
        shortcuts={shortcuts}
        mac={props.mac}
        openShortcutSettings={props.openShortcutSettings}
      />
      <OwnFacts facts={facts} actions={props.facts} />
      <Backup actions={props.backup} />
      <footer class="help">
        DealLens makes no network requests: nothing you read, search or set leaves your browser.
      </footer>
    </main>
  );
}
