import { describe, expect, it } from 'vitest';
import entitiesFile from '../../data/entities.json' with { type: 'json' };
import { bundledEntities } from '../../data/entities.ts';
import { lexiconJson } from '../../data/lexicon-json.ts';

const full = entitiesFile.entities as Record<string, unknown>[];

describe('the entities the content script bundles', () => {
  it('are entities.json without description and homepage, every other field as it is', () => {
    const trimmed = JSON.parse(lexiconJson(JSON.stringify(entitiesFile))).entities;
    expect(trimmed).toHaveLength(full.length);
    trimmed.forEach((e: Record<string, unknown>, i: number) => {
      const { description, homepage, ...rest } = full[i] as Record<string, unknown>;
      expect(typeof description).toBe('string');
      expect(typeof homepage).toBe('string');
      expect(e).toEqual(rest);
    });
  });

  it('reach the content script trimmed (through the build plugin)', () => {
    expect(bundledEntities.map((e) => e.id)).toEqual(full.map((e) => e.id));
    for (const e of bundledEntities) {
      expect(e.description).toBeUndefined();
      expect(e.homepage).toBeUndefined();
      expect(e.aliases.length).toBeGreaterThan(0);
    }
  });
});
