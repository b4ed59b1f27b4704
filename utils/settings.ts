/**
 * The reader's settings: one typed item in the sync area. The defaults are the type; a
 * stored value is always read through `normalizeSettings`, so a damaged or older object
 * falls back field by field instead of breaking the extension.
 */
import { storage } from '@wxt-dev/storage';

export const DEFAULT_SETTINGS = {
  /** DealLens marks pages at all. */
  enabled: true,
  /** Companies the reader switched off (entity ids); everything else is marked. */
  disabledEntities: [] as string[],
  /** Milliseconds the pointer rests on a mark before its card opens. */
  hoverDelayMs: 350,
};

export type Settings = typeof DEFAULT_SETTINGS;

export const settingsItem = storage.defineItem<Settings>('sync:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** A complete, well-typed settings object from whatever was stored. */
export function normalizeSettings(raw: unknown): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const delay = s.hoverDelayMs;
  return {
    enabled: typeof s.enabled === 'boolean' ? s.enabled : DEFAULT_SETTINGS.enabled,
    disabledEntities: Array.isArray(s.disabledEntities)
      ? s.disabledEntities.filter((x): x is string => typeof x === 'string')
      : [...DEFAULT_SETTINGS.disabledEntities],
    hoverDelayMs:
      typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= 5000
        ? delay
        : DEFAULT_SETTINGS.hoverDelayMs,
  };
}

/** The current settings. */
export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Applies a change to the stored settings and returns the new value. */
export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const next = normalizeSettings(change(await loadSettings()));
  await settingsItem.setValue(next);
  return next;
}

/** Calls `cb` with normalized settings whenever they change in any context; returns the unwatch. */
export function watchSettings(cb: (s: Settings) => void): () => void {
  return settingsItem.watch((value) => cb(normalizeSettings(value)));
}
