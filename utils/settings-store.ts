/**
 * Writing the settings: the versioned storage item (its migrations rewrite an older stored
 * value when it is first defined in a context). Kept apart from settings.ts, whose reads the
 * content script uses, so the content script bundles no storage library.
 */
import { storage } from '@wxt-dev/storage';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  normalizeSettings,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
  type Settings,
} from './settings.ts';

export const settingsItem = storage.defineItem<Settings>('sync:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

/** Applies a change to the stored settings and returns the new value. */
export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const next = normalizeSettings(change(await loadSettings()));
  await settingsItem.setValue(next);
  return next;
}
