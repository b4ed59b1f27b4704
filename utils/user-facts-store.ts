/**
 * Where the reader's own facts are kept: the local area (it holds more than sync). Kept apart
 * from their validation so the content script can read them without bundling the schema,
 * and read and written with the storage API alone (no storage library in the content script).
 */
import { browser } from 'wxt/browser';
import type { Deal, Entity } from '../data/schema.ts';
import { errorMessage } from './format.ts';
import { withLock } from './locks.ts';

export interface UserFacts {
  entities: Entity[];
  deals: Deal[];
}

export const EMPTY_USER_FACTS: UserFacts = { entities: [], deals: [] };

/** The key in the local area. */
const KEY = 'userFacts';

/** The stored own facts; a damaged value reads as none (and is replaced on the next import). */
export async function loadUserFacts(): Promise<UserFacts> {
  return validShape((await browser.storage.local.get(KEY))[KEY]);
}

/** Calls `cb` with the own facts whenever they change; returns the unwatch. */
export function watchUserFacts(cb: (facts: UserFacts) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => {
    const change = area === 'local' ? changes[KEY] : undefined;
    // Firefox reports a write of the same value as a change too: that is none.
    if (change && JSON.stringify(change.newValue) !== JSON.stringify(change.oldValue)) cb(validShape(change.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The own facts beside a dataset: a company or deal a later release bundles under the same id
 * gives way to the bundled one (own deals naming that company now name the bundled company).
 */
export function besideBundled(
  own: UserFacts,
  bundled: { entities: readonly { id: string }[]; deals?: readonly { id: string }[] },
): UserFacts {
  const entityIds = new Set(bundled.entities.map((e) => e.id));
  const dealIds = new Set((bundled.deals ?? []).map((d) => d.id));
  const entities = own.entities.filter((e) => !entityIds.has(e.id));
  const deals = own.deals.filter((d) => !dealIds.has(d.id));
  return entities.length === own.entities.length && deals.length === own.deals.length ? own : { entities, deals };
}

function validShape(v: unknown): UserFacts {
  const f = v as Partial<UserFacts> | null;
  return f && Array.isArray(f.entities) && Array.isArray(f.deals) ? (f as UserFacts) : EMPTY_USER_FACTS;
}

/**
 * Runs a read-change-write of the own facts while no other DealLens page does one (two options
 * pages open at once, an import while a removal is saved): one Web Lock orders them.
 */
export function exclusiveFacts<T>(task: () => Promise<T>): Promise<T> {
  return withLock('deallens-user-facts', task);
}

/** Stores own facts; a full local area becomes a message, and what was stored stays. */
export async function saveUserFacts(facts: UserFacts): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await browser.storage.local.set({ [KEY]: facts });
    return { ok: true };
  } catch (e) {
    const msg = errorMessage(e);
    return {
      ok: false,
      reason: /quota/i.test(msg)
        ? 'The browser’s storage for DealLens is full. Remove some of your facts and try again; nothing was changed.'
        : `Could not save your facts: ${msg}. Nothing was changed.`,
    };
  }
}
