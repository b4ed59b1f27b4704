/**
 * A Vite plugin: `import file from './entities.json?lexicon'` is entities.json without the
 * fields only a card or the popup shows (description, homepage, tickers). The content script runs on
 * every page and bundles the companies' names, aliases and cues (packed, see `lexicon-pack.ts`);
 * a card gets the rest with its deals from the background. Used by the extension build and the unit tests, so both see
 * the same trimmed file.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import { ALIAS_DEFAULTS, PROFILE_FIELDS } from './fields.ts';
import { packEntity } from './lexicon-pack.ts';

/**
 * `file` (an entities file's JSON text) without the fields a card gets from the background,
 * and without alias fields that say what their absence says.
 */
export function lexiconJson(file: string): string {
  const parsed = JSON.parse(file) as { entities: (Record<string, unknown> & { aliases: Record<string, unknown>[] })[] };
  const entities = parsed.entities.map((e) => {
    const kept: Record<string, unknown> = { ...e };
    for (const field of PROFILE_FIELDS) delete kept[field];
    kept.aliases = e.aliases.map((a) => {
      const alias = { ...a };
      for (const [field, value] of Object.entries(ALIAS_DEFAULTS)) if (alias[field] === value) delete alias[field];
      return alias;
    });
    return kept;
  });
  return JSON.stringify({ entities });
}

/** The module the content script imports: `lexiconJson(file)`'s entities, each packed (`lexicon-pack.ts`). */
export function lexiconModule(file: string): string {
  const { entities } = JSON.parse(lexiconJson(file)) as { entities: Record<string, unknown>[] };
  return `export default ${JSON.stringify({ entities: entities.map(packEntity) })};`;
}

export function lexiconJsonPlugin(): Plugin {
  return {
    name: 'deallens:lexicon-json',
    enforce: 'pre',
    async load(id) {
      const q = id.indexOf('?');
      if (q < 0 || !id.slice(0, q).endsWith('.json') || !new URLSearchParams(id.slice(q + 1)).has('lexicon'))
        return null;
      const path = id.slice(0, q);
      this.addWatchFile(path);
      // A module of its own (Vite's JSON handling does not see a file with a query).
      return { code: lexiconModule(await readFile(path, 'utf8')), moduleType: 'js' };
    },
  };
}
