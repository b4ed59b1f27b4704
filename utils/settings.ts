/**
 * The reader's settings: one typed item in the sync area. The defaults are the type; a
 * stored value is always read through the migrations and `normalizeSettings`, so a damaged,
 * foreign or older object falls back field by field instead of breaking the extension, and
 * a field the reader set is never dropped because another one is broken.
 *
 * Reading needs only the storage API, so the content script bundles no storage library;
 * writing goes through the versioned item in settings-store.ts, which also migrates what is
 * stored.
 */
import { browser } from 'wxt/browser';
import { DEFAULT_SITES, isDefaultSite, siteOf } from './sites.ts';

export const CARD_MODES = ['hover', 'click', 'alt'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const MARK_STYLES = ['underline', 'dotted', 'background'] as const;
export const MARK_COLORS = ['single', 'per-company'] as const;
export const DENSITIES = ['all', 'first-per-paragraph'] as const;
export const ALL_SITES_SCOPES = ['articles', 'every-page'] as const;

export const DEFAULT_SETTINGS = {
  /** DealLens marks pages at all. */
  enabled: true,
  /** Sites the reader added to the default news list (hostnames, "example.com"). */
  addedSites: [] as string[],
  /** Default news sites the reader removed. */
  removedSites: [] as string[],
  /** Sites where DealLens is paused for now. */
  pausedSites: [] as string[],
  /** Opt-in: run on every site (the browser asks for the permission). */
  allSites: false,
  /** In all-sites mode: only pages that look like news articles, or every page. */
  allSitesScope: 'articles' as (typeof ALL_SITES_SCOPES)[number],
  /** Companies the reader switched off (entity ids). */
  disabledEntities: [] as string[],
  /** Companies the reader follows (entity ids). */
  followedEntities: [] as string[],
  /** Mark only the followed companies. */
  onlyFollowed: false,
  /** How a card opens: resting the pointer, a click, or hovering with Alt held. */
  cardMode: 'hover' as (typeof CARD_MODES)[number],
  /** Milliseconds the pointer rests on a mark before its card opens. */
  hoverDelayMs: 350,
  theme: 'system' as (typeof THEMES)[number],
  markStyle: 'underline' as (typeof MARK_STYLES)[number],
  markColors: 'single' as (typeof MARK_COLORS)[number],
  /** Every mention, or only the first of each company in a paragraph. */
  density: 'all' as (typeof DENSITIES)[number],
  /** The toolbar badge counts the companies on the page. */
  badge: true,
};

export type Settings = typeof DEFAULT_SETTINGS;

/** The stored shape of each version, oldest first (examples live in tests/unit/settings-versions). */
export const SETTINGS_VERSION = 2;

/** Each step turns the value stored at version N-1 into version N. */
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  // v1 (the first release) held { enabled, disabledEntities, hoverDelayMs }; v2 adds the
  // sites, follow, card, mark and badge settings with their defaults.
  2: (old) => ({ ...DEFAULT_SETTINGS, ...(old && typeof old === 'object' ? old : {}) }),
};

/** The key in the sync area, and the key of its version ({ v }), as the versioned item keeps them. */
export const SETTINGS_KEY = 'settings';
const META_KEY = `${SETTINGS_KEY}$`;

/**
 * The settings from a stored value and its version metadata: the migrations from that
 * version on, run in memory (a value without metadata is the first release's), then
 * `normalizeSettings`. A migration that throws leaves the value as it was for the next one.
 */
export function fromStored(value: unknown, meta: unknown): Settings {
  if (value == null) return normalizeSettings(value);
  const v = isRecord(meta) && typeof meta.v === 'number' ? meta.v : 1;
  let migrated = value;
  for (let n = v + 1; n <= SETTINGS_VERSION; n++) {
    try {
      migrated = SETTINGS_MIGRATIONS[n]?.(migrated) ?? migrated;
    } catch {
      // Field-by-field repair below still keeps what can be read.
    }
  }
  return normalizeSettings(migrated);
}

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * The fields of a stored value that this version does not know: a newer version on another
 * device the settings sync to may have written them. A write keeps them, so going back to
 * that device finds them as they were.
 */
export function unknownFields(stored: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(stored)) return out;
  for (const [key, value] of Object.entries(stored)) if (!Object.hasOwn(DEFAULT_SETTINGS, key)) out[key] = value;
  return out;
}

const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** "https://www.Example.com/path" or "example.com." → "example.com"; undefined when it is no hostname. */
export function normalizeSite(input: string): string | undefined {
  let s = input.trim().toLowerCase();
  if (!s) return undefined;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = new URL(s).hostname;
  } catch {
    return undefined;
  }
  s =
    s
      .replace(/^\*\./, '')
      .replace(/^www\./, '')
      .replace(/\.$/, '')
      .split('/')[0] ?? '';
  return HOST.test(s) ? s : undefined;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function strings(value: unknown, max = 500): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100))].slice(
    0,
    max,
  );
}

function sites(value: unknown): string[] {
  return [...new Set(strings(value).flatMap((s) => normalizeSite(s) ?? []))];
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** A complete, well-typed settings object from whatever was stored. */
export function normalizeSettings(raw: unknown): Settings {
  const s = isRecord(raw) ? raw : {};
  const d = DEFAULT_SETTINGS;
  const delay = s.hoverDelayMs;
  return {
    enabled: bool(s.enabled, d.enabled),
    // A default news site is on unless removed: listed as added too, unchecking it would not stop it.
    addedSites: sites(s.addedSites).filter((x) => !isDefaultSite(x)),
    removedSites: sites(s.removedSites),
    pausedSites: sites(s.pausedSites),
    allSites: bool(s.allSites, d.allSites),
    allSitesScope: pick(s.allSitesScope, ALL_SITES_SCOPES, d.allSitesScope),
    disabledEntities: strings(s.disabledEntities),
    followedEntities: strings(s.followedEntities),
    onlyFollowed: bool(s.onlyFollowed, d.onlyFollowed),
    cardMode: pick(s.cardMode, CARD_MODES, d.cardMode),
    hoverDelayMs:
      typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= 5000
        ? Math.round(delay)
        : d.hoverDelayMs,
    theme: pick(s.theme, THEMES, d.theme),
    markStyle: pick(s.markStyle, MARK_STYLES, d.markStyle),
    markColors: pick(s.markColors, MARK_COLORS, d.markColors),
    density: pick(s.density, DENSITIES, d.density),
    badge: bool(s.badge, d.badge),
  };
}

/** Whether the settings let DealLens mark `entityId`. */
export function entityShown(settings: Settings, entityId: string): boolean {
  if (!settings.enabled || settings.disabledEntities.includes(entityId)) return false;
  return !settings.onlyFollowed || settings.followedEntities.includes(entityId);
}

/** The news sites DealLens runs on by default, after the reader's additions and removals. */
export function newsSites(settings: Settings): string[] {
  const removed = new Set(settings.removedSites);
  return [...new Set([...DEFAULT_SITES.filter((s) => !removed.has(s)), ...settings.addedSites])];
}

export type SiteState = 'on' | 'paused' | 'off' | 'disabled';

/** What the settings say about a hostname: marking, paused by the reader, not a listed site, or all off. */
export function siteState(settings: Settings, hostname: string): SiteState {
  if (!settings.enabled) return 'disabled';
  const listed = siteOf(hostname, newsSites(settings));
  const paused = siteOf(hostname, settings.pausedSites);
  if (paused) return 'paused';
  if (listed || settings.allSites) return 'on';
  return 'off';
}

/** The stored value as it is (a write keeps what this version does not know of it), and the settings read from it. */
export async function readStoredSettings(): Promise<{ stored: unknown; settings: Settings }> {
  const got = await browser.storage.sync.get([SETTINGS_KEY, META_KEY]);
  return { stored: got[SETTINGS_KEY], settings: fromStored(got[SETTINGS_KEY], got[META_KEY]) };
}

/** The current settings. */
export async function loadSettings(): Promise<Settings> {
  return (await readStoredSettings()).settings;
}

/**
 * Calls `cb` with the settings whenever they (or their version) change in any context;
 * returns the unwatch. Each change is read back whole, value and version together.
 */
export function watchSettings(cb: (s: Settings) => void): () => void {
  let on = true;
  // Firefox reports a write of the same value as a change, and a version written apart from
  // its value changes nothing a reader sees: only settings unlike the last ones are told.
  let last = '';
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'sync' || !(SETTINGS_KEY in changes || META_KEY in changes)) return;
    loadSettings().then(
      (s) => {
        const key = JSON.stringify(s);
        if (!on || key === last) return;
        last = key;
        cb(s);
      },
      () => {},
    );
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    on = false;
    browser.storage.onChanged.removeListener(listener);
  };
}
