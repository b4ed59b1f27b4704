import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import entitiesFile from '../../data/entities.json' with { type: 'json' };
import { bundledEntities } from '../../data/entities.ts';
import { ALIAS_DEFAULTS } from '../../data/fields.ts';
import { lexiconJson, lexiconJsonPlugin } from '../../data/lexicon-json.ts';

const full = entitiesFile.entities as Record<string, unknown>[];
const withDefaults = (a: object) => ({ ...ALIAS_DEFAULTS, ...a });

describe('the entities the content script bundles', () => {
  it('are entities.json without description, homepage and tickers, every other field as it is', () => {
    const trimmed = JSON.parse(lexiconJson(JSON.stringify(entitiesFile))).entities;
    expect(trimmed).toHaveLength(full.length);
    expect(JSON.stringify(trimmed)).not.toContain('"kind":"name"');
    trimmed.forEach((e: Record<string, unknown>, i: number) => {
      const { description, homepage, tickers, aliases, ...rest } = full[i] as Record<string, unknown>;
      expect(typeof description).toBe('string');
      expect(typeof homepage).toBe('string');
      expect(Array.isArray(tickers)).toBe(true);
      const { aliases: trimmedAliases, ...trimmedRest } = e;
      expect(trimmedRest).toEqual(rest);
      // An alias field left out is one that held its default.
      expect((trimmedAliases as object[]).map(withDefaults)).toEqual((aliases as object[]).map(withDefaults));
    });
  });

  it('reach the content script trimmed (through the build plugin)', () => {
    expect(bundledEntities.map((e) => e.id)).toEqual(full.map((e) => e.id));
    for (const e of bundledEntities) {
      expect(e.description).toBeUndefined();
      expect(e.homepage).toBeUndefined();
      expect(e.tickers).toBeUndefined();
      expect(e.aliases.length).toBeGreaterThan(0);
    }
  });

  it('are served for an entities file asked for with the lexicon query, with other queries beside it', async () => {
    const file = join(process.cwd(), 'data/entities.json').replaceAll('\\', '/');
    const plugin = lexiconJsonPlugin();
    const watched: string[] = [];
    const load = (id: string) =>
      (plugin.load as unknown as (this: object, id: string) => Promise<{ code: string } | null>).call(
        { addWatchFile: (f: string) => watched.push(f) },
        id,
      );
    for (const id of [`${file}?lexicon`, `${file}?lexicon&import`, `${file}?t=1&lexicon`]) {
      const loaded = await load(id);
      expect(loaded?.code.startsWith('export default {"entities":[')).toBe(true);
      expect(loaded?.code).not.toContain('"description":');
    }
    expect(watched).toEqual([file, file, file]);
    expect(await load(file)).toBeNull();
    expect(await load(`${file}?raw`)).toBeNull();
  });
});
