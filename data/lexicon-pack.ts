/**
 * The compact text form in which the content script bundles each entity (see `lexicon-json.ts`):
 * far fewer bytes than the JSON objects, read back into the same objects on load.
 *
 * An entity is `id|name|parent|aliases|cues|antiCues` (an absent field empty, trailing ones
 * left off; an id that is its first alias in lower case, and a name that is that alias, empty too); a list's items
 * are separated by `;`; an alias is its text, then `~` and one letter per field that is not
 * its default (`ALIAS_FLAGS`), then `~` before each of its veto phrases.
 */
import type { Alias, PageEntity } from './schema.ts';

/** One letter per alias field value that is not the default. */
const ALIAS_FLAGS: Record<string, readonly [string, unknown]> = {
  a: ['case', 'any'],
  c: ['case', 'caps'],
  n: ['needsCue', true],
  t: ['kind', 'ticker'],
  h: ['kind', 'handle'],
  d: ['kind', 'descriptor'],
  p: ['kind', 'product'],
};

/** An entity packed by `packEntity`, as the same object (fields left out stay left out). */
export function unpackEntity(packed: string): PageEntity {
  const [id, name, parent, aliases = '', cues, antiCues] = packed.split('|');
  const first = aliases.split(/[~;]/)[0] as string;
  const e = { id: id || first.toLowerCase(), name: name || first } as PageEntity;
  if (parent) e.parent = parent;
  e.aliases = aliases.split(';').map((s) => {
    const [text, flags, ...vetoedBy] = s.split('~') as string[];
    const a = { text } as Record<string, unknown>;
    for (const f of flags ?? '') {
      const [field, value] = ALIAS_FLAGS[f] as readonly [string, unknown];
      a[field] = value;
    }
    if (vetoedBy.length) a.vetoedBy = vetoedBy;
    return a as Alias;
  });
  if (cues) e.cues = cues.split(';');
  if (antiCues) e.antiCues = antiCues.split(';');
  return e;
}

/**
 * `e` (an entity as `lexiconJson` trims it: alias fields at their default left out) in the
 * form `unpackEntity` reads back. Throws for what that form cannot hold (an unknown field, a
 * separator inside a text, an empty list), so the build fails rather than ship other data.
 */
export function packEntity(e: Record<string, unknown>): string {
  const fail = (what: string): never => {
    throw new Error(`Cannot pack entity ${String(e.id)} for the content script: ${what}`);
  };
  const text = (s: unknown): string => {
    if (typeof s !== 'string' || s === '' || /[|;~]/.test(s)) fail(`text ${JSON.stringify(s)}`);
    return s as string;
  };
  const list = (items: unknown, field: string): string => {
    if (items === undefined) return '';
    if (!Array.isArray(items) || items.length === 0) fail(`field ${field}`);
    return (items as unknown[]).map(text).join(';');
  };
  for (const key of Object.keys(e))
    if (!['id', 'name', 'parent', 'aliases', 'cues', 'antiCues'].includes(key)) fail(`field ${key}`);
  const aliases = (Array.isArray(e.aliases) && e.aliases.length ? e.aliases : fail('field aliases')) as Record<
    string,
    unknown
  >[];
  const packedAliases = aliases.map((a) => {
    let flags = '';
    for (const [field, value] of Object.entries(a)) {
      if (field === 'text' || field === 'vetoedBy') continue;
      const flag = Object.keys(ALIAS_FLAGS).find((f) => {
        const [k, v] = ALIAS_FLAGS[f] as readonly [string, unknown];
        return k === field && v === value;
      });
      flags += flag ?? fail(`alias field ${field}: ${JSON.stringify(value)}`);
    }
    const vetoes = a.vetoedBy === undefined ? '' : `~${list(a.vetoedBy, 'vetoedBy').replaceAll(';', '~')}`;
    return text(a.text) + (flags || vetoes ? `~${flags}` : '') + vetoes;
  });
  const first = (aliases[0] as Record<string, unknown>).text;
  return [
    e.id === (typeof first === 'string' ? first.toLowerCase() : first) ? '' : text(e.id),
    e.name === first ? '' : text(e.name),
    e.parent === undefined ? '' : text(e.parent),
    packedAliases.join(';'),
    list(e.cues, 'cues'),
    list(e.antiCues, 'antiCues'),
  ]
    .join('|')
    .replace(/\|+$/, '');
}
