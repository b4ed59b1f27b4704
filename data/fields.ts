/**
 * Facts about the dataset's fields that code in the content script needs as values. Kept
 * apart from schema.ts, whose validation code the content script must not bundle.
 */
import type { Entity } from './schema.ts';

/** What an alias field left out means (the matcher fills these in). */
export const ALIAS_DEFAULTS = { case: 'exact', needsCue: false, kind: 'name' } as const;

/** Fields of an entity that only a card or the popup shows, left out of the content script's bundle. */
export const PROFILE_FIELDS = ['description', 'homepage', 'tickers'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type Profile = Pick<Entity, 'id' | ProfileField>;

/** An entity's fields that the content script gets from the background. */
export function profileOf(e: Entity): Profile {
  const profile = { id: e.id } as Record<string, unknown>;
  for (const field of PROFILE_FIELDS) profile[field] = e[field];
  return profile as Profile;
}
