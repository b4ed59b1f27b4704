/**
 * Writing the settings: the versioned storage item (its migrations rewrite an older stored
 * value when it is first defined in a context). Kept apart from settings.ts, whose reads the
 * content script uses, so the content script bundles no storage library.
 */
import { storage } from '@wxt-dev/storage';
import { errorMessage } from './format.ts';
import { withLock } from './locks.ts';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  readStoredSettings,
  SETTINGS_KEY,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
  type Settings,
  unknownFields,
} from './settings.ts';

export const settingsItem = storage.defineItem<Settings>('sync:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

/**
 * Applies a change to the stored settings and returns the new value. Fields this version does
 * not know (a newer version's, synced from another device) are written back as they were,
 * and so is the version a newer one recorded (the item never downgrades it).
 */
export function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  // Read, change, write: two at once (a switch flipped while a file is restored, the popup and
  // the options page) would each write over the other's change. One at a time, in every
  // DealLens page.
  return withLock('deallens-settings', () => write(change));
}

async function write(change: (s: Settings) => Settings): Promise<Settings> {
  const { stored, settings } = await readStoredSettings();
  const next = normalizeSettings(change(settings));
  const value = { ...unknownFields(stored), ...next };
  // The sync area holds at most 8 KB per item, counted as the key and its value's JSON (Chrome
  // and Firefox alike); hundreds of long site names can pass it. Checked here, because each
  // browser words its own refusal differently.
  if (new TextEncoder().encode(SETTINGS_KEY + JSON.stringify(value)).length > SYNC_ITEM_BYTES) {
    throw new Error('the settings are larger than the browser syncs (8 KB); remove some sites and try again');
  }
  try {
    await settingsItem.setValue(value);
  } catch (e) {
    // Chrome also refuses more than 120 writes a minute (MAX_WRITE_OPERATIONS_PER_MINUTE, a
    // "quota" too): that is no full storage, and waiting is all it takes.
    const msg = errorMessage(e);
    if (/MAX_WRITE_OPERATIONS/i.test(msg)) {
      throw new Error('too many changes in a minute for the browser to sync; wait a minute and try again', {
        cause: e,
      });
    }
    // The whole sync area (100 KB) full, or a refusal not foreseen: said as such.
    if (/quota/i.test(msg)) {
      throw new Error("the browser's storage for synced settings is full", { cause: e });
    }
    throw e;
  }
  return next;
}

/** The most a browser's sync area holds in one item (`QUOTA_BYTES_PER_ITEM` in Chrome and Firefox). */
const SYNC_ITEM_BYTES = 8192;
