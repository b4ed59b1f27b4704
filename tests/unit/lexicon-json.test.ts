import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import entitiesFile from '../../data/entities.json' with { type: 'json' };
import { bundledEntities } from '../../data/entities.ts';
import { ALIAS_DEFAULTS } from '../../data/fields.ts';
import { lexiconJson, lexiconJsonPlugin } from '../../data/lexicon-json.ts';
import { packEntity, unpackEntity } from '../../data/lexicon-pack.ts';

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

  it('are packed into text that reads back as the same objects', () => {
    const trimmed = JSON.parse(lexiconJson(JSON.stringify(entitiesFile))).entities as Record<string, unknown>[];
    expect(bundledEntities).toEqual(trimmed);
    for (const e of trimmed) expect(unpackEntity(packEntity(e))).toEqual(e);
    const amd = { id: 'amd', name: 'AMD', aliases: [{ text: 'AMD', vetoedBy: ['macular degeneration', 'AMD eye'] }] };
    expect(unpackEntity(packEntity(amd))).toEqual(amd);
    const all = {
      id: 'x',
      name: 'X',
      parent: 'y',
      aliases: [
        { text: 'X', case: 'caps', needsCue: true, kind: 'product', vetoedBy: ['not x'] },
        { text: '@x', case: 'any', kind: 'handle' },
        { text: 'XX', kind: 'ticker' },
        { text: 'X maker', kind: 'descriptor' },
      ],
      cues: ['a', 'b c'],
      antiCues: ['d'],
    };
    expect(unpackEntity(packEntity(all))).toEqual(all);
    // An id and a name that are not the first alias's are kept, one that is is read back from it.
    for (const e of [
      { id: 'acme', name: 'Acme Group', aliases: [{ text: 'Acme', case: 'any' }, { text: 'ACME' }] },
      { id: 'acme-co', name: 'Acme', aliases: [{ text: 'Acme' }] },
      { id: 'ACME', name: 'ACME', aliases: [{ text: 'ACME' }] },
    ])
      expect(unpackEntity(packEntity(e))).toEqual(e);
    expect(packEntity({ id: 'acme', name: 'Acme', aliases: [{ text: 'Acme', kind: 'ticker' }] })).toBe('|||Acme~t');
    expect(unpackEntity(packEntity({ id: 'x', name: 'X', aliases: [{ text: 'X' }], antiCues: ['d'] }))).toEqual({
      id: 'x',
      name: 'X',
      aliases: [{ text: 'X' }],
      antiCues: ['d'],
    });
  });

  it('are not packed when the packed text could not hold them', () => {
    const base = { id: 'x', name: 'X', aliases: [{ text: 'X' }] };
    expect(() => packEntity({ ...base, name: 'X|Y' })).toThrow(/x/);
    expect(() => packEntity({ ...base, aliases: [{ text: 'X;Y' }] })).toThrow();
    expect(() => packEntity({ ...base, cues: ['a~b'] })).toThrow();
    expect(() => packEntity({ ...base, cues: [] })).toThrow();
    expect(() => packEntity({ ...base, aliases: [] })).toThrow();
    expect(() => packEntity({ ...base, aliases: [{ text: 'X', kind: 'brand' }] })).toThrow();
    expect(() => packEntity({ ...base, aliases: [{ text: 'X', case: 'exact' }] })).toThrow();
    expect(() => packEntity({ ...base, founded: 1999 })).toThrow(/founded/);
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
