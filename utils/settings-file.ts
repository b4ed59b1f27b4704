/**
 * Settings as a file: export to JSON, import back. A file is accepted only when it is a
 * DealLens settings file whose every field is valid; otherwise nothing changes and the
 * reader is told why.
 */
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
  type Settings,
} from './settings.ts';
import { isDefaultSite } from './sites.ts';

export const SETTINGS_FORMAT = 'deallens-settings';

/** Larger files are refused before they are read: a settings file is a few KB. */
export const MAX_SETTINGS_FILE_BYTES = 200_000;
export const TOO_LARGE = 'The file is too large to be a DealLens settings file.';

/** The JSON a reader downloads. */
export function exportSettings(settings: Settings): string {
  return `${JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_VERSION, settings }, null, 2)}\n`;
}

export type SettingsImport =
  | {
      ok: true;
      /** The file's settings, with defaults for the fields it does not hold. */
      settings: Settings;
      /**
       * The settings the file holds. An older version's file (or a hand-made one) holds fewer
       * than there are: the others are left as the reader has them (`restore`).
       */
      held: (keyof Settings)[];
      /** Fields of the file this DealLens does not know (a hand edit's typo, a removed setting): left out. */
      ignored: string[];
    }
  | { ok: false; reason: string };

/** Parses an exported settings file, migrating an older version. */
export function importSettings(text: string): SettingsImport {
  if (text.length > MAX_SETTINGS_FILE_BYTES) return { ok: false, reason: TOO_LARGE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `The file is not valid JSON (${(e as Error).message}).` };
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== SETTINGS_FORMAT) {
    return { ok: false, reason: 'This is not a DealLens settings file (it has no "format": "deallens-settings").' };
  }
  const { version, settings } = raw as { version?: unknown; settings?: unknown };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: 'The file has no valid settings version.' };
  }
  if (version > SETTINGS_VERSION) {
    return {
      ok: false,
      reason: `The file comes from a newer DealLens (settings version ${version}); update DealLens first.`,
    };
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    return { ok: false, reason: 'The file holds no settings object.' };
  }
  let value: unknown = settings;
  for (let v = version + 1; v <= SETTINGS_VERSION; v++) value = SETTINGS_MIGRATIONS[v]?.(value) ?? value;
  // A field that normalization would have to repair is a broken file, not a choice: refuse it.
  // (A default news site listed as added, as earlier versions wrote one switched back on, is
  // no damage: it is a default site again.)
  const normalized = normalizeSettings(value);
  const given = { ...(value as Record<string, unknown>) };
  if (Array.isArray(given.addedSites)) given.addedSites = given.addedSites.filter((x) => !isDefaultSite(String(x)));
  const bad = Object.keys(DEFAULT_SETTINGS).filter(
    (k) => k in given && JSON.stringify(given[k]) !== JSON.stringify(normalized[k as keyof Settings]),
  );
  if (bad.length > 0)
    return { ok: false, reason: `These settings are not valid: ${bad.join(', ')}. Nothing was changed.` };
  const ignored = Object.keys(given).filter((k) => !(k in DEFAULT_SETTINGS));
  // What the file itself holds: the fields a migration adds with their defaults are not the file's.
  const held = (Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]).filter((k) => Object.hasOwn(settings, k));
  return { ok: true, settings: normalized, held, ignored };
}

/** `current` with the settings an imported file holds put in. */
export function restore(current: Settings, file: { settings: Settings; held: readonly (keyof Settings)[] }): Settings {
  const next: Record<string, unknown> = { ...current };
  for (const k of file.held) next[k] = file.settings[k];
  return next as unknown as Settings;
}
