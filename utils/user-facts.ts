/**
 * The reader's own facts: extra companies and deals imported from a JSON file in the
 * dataset's schema. A file is validated whole against the same schema and checks as the
 * bundled data; nothing is stored unless all of it is valid. They live in the local area,
 * beside the bundled facts, which they never change.
 */
import type { Dataset } from '../data/schema.ts';
import { type Problem, validateDataset } from '../data/validate.ts';
import { besideBundled, type UserFacts } from './user-facts-store.ts';

/** Larger files are refused before parsing: the local area holds about 10 MB in all. */
export const MAX_IMPORT_BYTES = 1_000_000;
const MAX_RECORDS = 2_000;

export type ImportResult =
  | { ok: true; facts: UserFacts; added: { entities: number; deals: number } }
  | { ok: false; problems: Problem[] };

const fail = (file: string, reason: string): ImportResult => ({
  ok: false,
  problems: [{ file, id: '(file)', field: '(root)', reason }],
});

/** The reader's own date (a deal of this morning in Tokyo is not dated tomorrow), never before the data's. */
function today(asOf: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return local > asOf ? local : asOf;
}

/** Where a problem of the facts stored before an import is said to be (not in the new file). */
export const SAVED_FACTS = 'your saved facts';

/**
 * Checks an imported file against the bundled dataset and the facts already imported, and
 * returns the combined own facts it would store. Ids may not collide with bundled or
 * earlier own records; parties may be bundled or own companies.
 */
export function parseUserFacts(text: string, fileName: string, bundled: Dataset, existing: UserFacts): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) {
    return fail(
      fileName,
      `the file is ${Math.ceil(text.length / 1000)} KB; the limit is ${MAX_IMPORT_BYTES / 1000} KB`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(fileName, `not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(fileName, 'expected an object with "entities" and/or "deals" arrays');
  }
  const r = raw as Record<string, unknown>;
  const entities = r.entities ?? [];
  const deals = r.deals ?? [];
  if (!Array.isArray(entities) || !Array.isArray(deals)) {
    return fail(fileName, '"entities" and "deals" must be arrays');
  }
  if (entities.length === 0 && deals.length === 0) {
    return fail(fileName, 'the file holds no entities and no deals');
  }
  if (entities.length + deals.length + existing.entities.length + existing.deals.length > MAX_RECORDS) {
    return fail(fileName, `at most ${MAX_RECORDS} own records can be stored`);
  }
  const meta = { ...bundled.meta, as_of: today(bundled.meta.as_of) };
  // Records a newer release bundles give way to the bundled ones.
  const saved = besideBundled(existing, bundled);
  const files = { meta: fileName, entities: fileName, deals: fileName };
  // The bundled and earlier own records come first, so a clash is reported on the new record.
  const result = validateDataset(
    {
      meta,
      entities: [...bundled.entities, ...saved.entities, ...entities],
      deals: [...bundled.deals, ...saved.deals, ...deals],
    },
    files,
  );
  if (!result.ok) {
    // What of the saved facts no longer fits this release (a company it dropped) is theirs to
    // fix, not the new file's; a file that supplies what they miss is taken, problems and all.
    const alone = validateDataset(
      { meta, entities: [...bundled.entities, ...saved.entities], deals: [...bundled.deals, ...saved.deals] },
      files,
    );
    const theirs = new Set(alone.ok ? [] : alone.problems.map((p) => `${p.id} ${p.field} ${p.reason}`));
    // A duplicate id says what it clashes with: a bundled record, one saved before, or one earlier in the file.
    // Companies and deals have ids of their own: a clash is with a record of the same kind.
    const ofFile = (id: string) => (entities as { id?: unknown }[]).some((e) => e?.id === id);
    const clash = (id: string | undefined) => {
      if (id === undefined) return 'duplicate id';
      const company = ofFile(id);
      const bundledCompany = company ? bundled.entities.find((e) => e.id === id) : undefined;
      if (bundledCompany) return `duplicate id: it is the id of the bundled company ${bundledCompany.name}`;
      if (!company && bundled.deals.some((d) => d.id === id)) return 'duplicate id: it is the id of a bundled deal';
      if ((company ? saved.entities : saved.deals).some((x) => x.id === id))
        return 'duplicate id: already among your saved facts (remove it there first to replace it)';
      return 'duplicate id: the file holds it twice';
    };
    return {
      ok: false,
      problems: result.problems.map((p) =>
        theirs.has(`${p.id} ${p.field} ${p.reason}`)
          ? { ...p, file: SAVED_FACTS }
          : p.reason === 'duplicate id'
            ? { ...p, reason: clash(p.id) }
            : p,
      ),
    };
  }
  const nBundledE = bundled.entities.length;
  const nBundledD = bundled.deals.length;
  return {
    ok: true,
    facts: { entities: result.dataset.entities.slice(nBundledE), deals: result.dataset.deals.slice(nBundledD) },
    added: { entities: entities.length, deals: deals.length },
  };
}

/** Bundled and own facts together; `own` holds the ids of the reader's records. */
export function mergeFacts(bundled: Dataset, stored: UserFacts): Dataset & { own: ReadonlySet<string> } {
  const user = besideBundled(stored, bundled);
  return {
    meta: bundled.meta,
    entities: [...bundled.entities, ...user.entities],
    deals: [...bundled.deals, ...user.deals],
    own: new Set([...user.entities.map((e) => e.id), ...user.deals.map((d) => d.id)]),
  };
}

/**
 * Own facts without one record and without what depended on it: companies whose parent it
 * was (down the chain), deals naming a removed company, and `expands` links to a removed deal.
 * Nothing left behind can make the next import fail.
 */
export function removeUserFact(user: UserFacts, id: string): UserFacts {
  const gone = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of user.entities) {
      if (!gone.has(e.id) && e.parent !== undefined && gone.has(e.parent)) {
        gone.add(e.id);
        grew = true;
      }
    }
  }
  const entities = user.entities.filter((e) => !gone.has(e.id));
  const kept = user.deals.filter((d) => !gone.has(d.id) && !d.parties.some((p) => gone.has(p.id)));
  const keptIds = new Set(kept.map((d) => d.id));
  const removedDeals = new Set(user.deals.map((d) => d.id).filter((x) => !keptIds.has(x)));
  const deals = kept.map((d) => {
    if (d.expands === undefined || !removedDeals.has(d.expands)) return d;
    const { expands: _removed, ...rest } = d;
    return rest;
  });
  return { entities, deals };
}
