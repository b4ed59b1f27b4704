import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dataset } from '../../data/index.ts';
import { mergeFacts, parseUserFacts, removeUserFact, SAVED_FACTS } from '../../utils/user-facts.ts';
import {
  EMPTY_USER_FACTS,
  loadUserFacts,
  saveUserFacts,
  type UserFacts,
  watchUserFacts,
} from '../../utils/user-facts-store.ts';

/** A company and a deal of the reader's own, in the dataset's schema. */
const lab = {
  id: 'example-lab',
  name: 'Example Lab',
  description: 'A research lab the reader follows.',
  homepage: 'https://example.com/',
  tickers: [],
  aliases: [{ text: 'Example Lab' }],
};
const labDeal = {
  id: 'example-lab-nvidia-2026-12',
  title: 'Example Lab buys Nvidia systems',
  parties: [
    { id: 'example-lab', role: 'customer' },
    { id: 'nvidia', role: 'supplier' },
  ],
  kind: 'chips',
  amount_usd: 2_000_000_000,
  amount_text: '$2 billion',
  announced: '2026-01-15',
  status: 'announced',
  summary: 'Example Lab agreed to buy Nvidia systems.',
  sources: [{ url: 'https://example.com/news/lab', publisher: 'Example News', published: '2026-01-15' }],
};
const file = (x: unknown) => JSON.stringify(x);

describe('parseUserFacts', () => {
  it('accepts a valid file and returns the own facts to store', () => {
    const r = parseUserFacts(file({ entities: [lab], deals: [labDeal] }), 'mine.json', dataset, EMPTY_USER_FACTS);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.facts.entities.map((e) => e.id)).toEqual(['example-lab']);
      expect(r.facts.deals.map((d) => d.id)).toEqual(['example-lab-nvidia-2026-12']);
      expect(r.added).toEqual({ entities: 1, deals: 1 });
    }
  });

  it('adds to what was imported before', () => {
    const first = parseUserFacts(file({ entities: [lab] }), 'a.json', dataset, EMPTY_USER_FACTS);
    if (!first.ok) throw new Error('first import failed');
    const second = parseUserFacts(file({ deals: [labDeal] }), 'b.json', dataset, first.facts);
    expect(second.ok && second.facts.deals.length === 1 && second.facts.entities.length === 1).toBe(true);
  });

  it.each([
    ['not JSON', '{"entities": [', 'not valid JSON'],
    ['an array', '[]', 'expected an object'],
    ['entities not an array', file({ entities: {} }), 'must be arrays'],
    ['nothing in it', file({ entities: [], deals: [] }), 'no entities and no deals'],
    ['a huge file', `{"deals": [], "pad": "${'x'.repeat(1_100_000)}"}`, 'the limit is'],
  ])('refuses %s with a reason', (_what, text, reason) => {
    const r = parseUserFacts(text, 'bad.json', dataset, EMPTY_USER_FACTS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.reason).toContain(reason);
  });

  it.each([
    [
      'an id the bundled data uses',
      { entities: [{ ...lab, id: 'openai', aliases: [{ text: 'Lab X' }] }] },
      'openai',
      'id',
      'duplicate id: it is the id of the bundled company OpenAI',
    ],
    [
      'an alias a bundled company owns',
      { entities: [{ ...lab, aliases: [{ text: 'Nvidia' }] }] },
      'example-lab',
      'aliases.0.text',
      'already claimed by nvidia',
    ],
    [
      'an unknown party',
      { deals: [{ ...labDeal, parties: [{ id: 'nobody' }] }] },
      labDeal.id,
      'parties.0.id',
      'unknown entity',
    ],
    [
      'a javascript: source',
      {
        entities: [lab],
        deals: [{ ...labDeal, sources: [{ url: 'javascript:alert(1)', publisher: 'x', published: null }] }],
      },
      labDeal.id,
      'sources.0.url',
      'URL',
    ],
    [
      'a data: source',
      {
        entities: [lab],
        deals: [{ ...labDeal, sources: [{ url: 'data:text/html,<b>x</b>', publisher: 'x', published: null }] }],
      },
      labDeal.id,
      'sources.0.url',
      'https',
    ],
    [
      'a wrong type',
      { entities: [lab], deals: [{ ...labDeal, amount_usd: '2 billion' }] },
      labDeal.id,
      'amount_usd',
      'Invalid type',
    ],
  ])('refuses %s, naming the record, field and reason', (_what, content, id, field, reason) => {
    const r = parseUserFacts(file(content), 'bad.json', dataset, EMPTY_USER_FACTS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toContainEqual(expect.objectContaining({ file: 'bad.json', id, field }));
      expect(r.problems.find((p) => p.field === field)?.reason).toContain(reason);
    }
  });

  it('keeps markup as plain text (rendering escapes it)', () => {
    const r = parseUserFacts(
      file({ entities: [{ ...lab, name: '<img src=x onerror=alert(1)>' }] }),
      'x.json',
      dataset,
      EMPTY_USER_FACTS,
    );
    expect(r.ok && r.facts.entities[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('own facts after a newer release of the data', () => {
  /** The data of an older release, without the lab, and the lab bundled by the newer one. */
  const older = dataset;
  const newer = { ...dataset, entities: [...dataset.entities, lab] } as typeof dataset;
  const stored = () => {
    const r = parseUserFacts(file({ entities: [lab], deals: [labDeal] }), 'lab.json', older, EMPTY_USER_FACTS);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.facts;
  };

  it('lets an own company the release now bundles give way to it: the next import passes and the own deal stays', () => {
    const other = { ...lab, id: 'other-lab', name: 'Other Lab', aliases: [{ text: 'Other Lab' }] };
    const r = parseUserFacts(file({ entities: [other] }), 'other.json', newer, stored());
    expect(r.ok ? r.facts : r.problems).toEqual({ entities: [other], deals: [labDeal] });
    const merged = mergeFacts(newer, stored());
    expect(merged.entities.filter((e) => e.id === 'example-lab')).toHaveLength(1);
    expect(merged.deals.map((d) => d.id)).toContain(labDeal.id);
  });

  it('says a problem of the saved facts is theirs, not the new file’s', () => {
    // A release without the company the saved deal names.
    const without = { ...dataset, entities: dataset.entities.filter((e) => e.id !== 'nvidia') } as typeof dataset;
    const other = { ...lab, id: 'other-lab', name: 'Other Lab', aliases: [{ text: 'Other Lab' }] };
    const r = parseUserFacts(file({ entities: [other] }), 'other.json', without, stored());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.problems.map((p) => p.file))).toEqual(new Set([SAVED_FACTS]));
  });

  it('takes a file that supplies the company a saved deal names and the release dropped', () => {
    const without = { ...dataset, entities: dataset.entities.filter((e) => e.id !== 'nvidia') } as typeof dataset;
    const nvidia = { ...lab, id: 'nvidia', name: 'Nvidia', aliases: [{ text: 'Nvidia' }] };
    const r = parseUserFacts(file({ entities: [nvidia] }), 'nvidia.json', without, stored());
    expect(r.ok ? r.facts.entities.map((e) => e.id) : r.problems).toEqual(['example-lab', 'nvidia']);
  });

  it("dates today by the reader's own clock", () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    vi.useFakeTimers();
    try {
      // 08:30 on 1 December in Tokyo is still 30 November in UTC.
      vi.setSystemTime(new Date('2026-12-01T08:30:00+09:00'));
      const deal = {
        ...labDeal,
        announced: '2026-12-01',
        sources: [{ ...labDeal.sources[0], published: '2026-12-01' }],
      };
      const r = parseUserFacts(file({ entities: [lab], deals: [deal] }), 'today.json', dataset, EMPTY_USER_FACTS);
      expect(r.ok ? 'ok' : r.problems).toBe('ok');
      const tomorrow = { ...deal, announced: '2026-12-02' };
      expect(parseUserFacts(file({ entities: [lab], deals: [tomorrow] }), 't.json', dataset, EMPTY_USER_FACTS).ok).toBe(
        false,
      );
    } finally {
      vi.useRealTimers();
      process.env.TZ = tz;
    }
  });
});

describe('merge and remove', () => {
  const facts: UserFacts = { entities: [lab], deals: [labDeal] } as unknown as UserFacts;

  it('merges own facts after the bundled ones and marks them', () => {
    const merged = mergeFacts(dataset, facts);
    expect(merged.entities.length).toBe(dataset.entities.length + 1);
    expect(merged.deals.length).toBe(dataset.deals.length + 1);
    expect(merged.own.has('example-lab')).toBe(true);
    expect(merged.own.has('openai')).toBe(false);
  });

  it('removing an own company also removes its own subsidiaries and unlinks expansions, so the next import passes', () => {
    const child = {
      ...lab,
      id: 'example-lab-cloud',
      name: 'Example Lab Cloud',
      parent: 'example-lab',
      aliases: [{ text: 'Lab Cloud' }],
    };
    const later = {
      ...labDeal,
      id: 'example-lab-nvidia-2027',
      expands: labDeal.id,
      parties: [{ id: 'nvidia' }, { id: 'openai' }],
    };
    const facts = { entities: [lab, child], deals: [labDeal, later] } as unknown as UserFacts;
    const left = removeUserFact(facts, 'example-lab');
    expect(left.entities).toEqual([]);
    expect(left.deals.map((d) => d.id)).toEqual(['example-lab-nvidia-2027']);
    expect(left.deals[0]?.expands).toBeUndefined();
    const next = parseUserFacts(
      JSON.stringify({ entities: [{ ...lab, id: 'other-lab', aliases: [{ text: 'Other Lab' }] }] }),
      'n.json',
      dataset,
      left,
    );
    expect(next.ok).toBe(true);
  });

  it('removing an own company removes the deals that name it; bundled records are untouched', () => {
    expect(removeUserFact(facts, 'example-lab')).toEqual({ entities: [], deals: [] });
    expect(removeUserFact(facts, labDeal.id).entities).toHaveLength(1);
    expect(removeUserFact(facts, 'openai')).toEqual(facts);
  });
});

describe('storage of own facts', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stores in the local area and reads back; a damaged value reads as none', async () => {
    const facts = { entities: [lab], deals: [] } as unknown as UserFacts;
    expect(await saveUserFacts(facts)).toEqual({ ok: true });
    expect(await loadUserFacts()).toEqual(facts);
    await fakeBrowser.storage.local.set({ userFacts: 'garbage' });
    expect(await loadUserFacts()).toEqual(EMPTY_USER_FACTS);
  });

  it('tells watchers of each change (a removal or damage reads as none), and nothing after the unwatch', async () => {
    const seen: UserFacts[] = [];
    const unwatch = watchUserFacts((f) => seen.push(f));
    const facts = { entities: [lab], deals: [] } as unknown as UserFacts;
    await saveUserFacts(facts);
    await saveUserFacts(facts); // the same value again: no change
    await fakeBrowser.storage.sync.set({ userFacts: facts }); // another area: not the own facts
    await fakeBrowser.storage.local.set({ userFacts: 'garbage' });
    await fakeBrowser.storage.local.remove('userFacts');
    unwatch();
    await saveUserFacts(facts);
    expect(seen).toEqual([facts, EMPTY_USER_FACTS, EMPTY_USER_FACTS]);
  });

  it('turns a full storage area into a clear message', async () => {
    const orig = fakeBrowser.storage.local.set;
    fakeBrowser.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    const r = await saveUserFacts({ entities: [lab], deals: [] } as unknown as UserFacts);
    fakeBrowser.storage.local.set = orig;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/storage for DealLens is full/);
  });
});

describe('untrusted text in own facts', () => {
  it.each([
    ['a bidi override in a name', { entities: [{ ...lab, name: 'Example \u202eLab' }] }, 'name', 'bidirectional'],
    ['a 1 MB string', { entities: [{ ...lab, description: 'x'.repeat(990_000) }] }, 'description', 'at most 160'],
    ['deep nesting', { entities: [{ ...lab, aliases: [[[[[[{ text: 'Lab' }]]]]]] }] }, 'aliases.0.text', 'Invalid'],
    ['a wrong type for a list', { entities: [{ ...lab, tickers: 'LAB' }] }, 'tickers', 'Invalid type'],
  ])('refuses %s', (_what, content, field, reason) => {
    const r = parseUserFacts(JSON.stringify(content), 'x.json', dataset, EMPTY_USER_FACTS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const p = r.problems.find((x) => x.field === field);
      expect(p?.reason, JSON.stringify(r.problems)).toContain(reason);
    }
  });
});

describe('a duplicate id says what it clashes with', () => {
  it('a record saved before, imported again: already among the saved facts', () => {
    const text = JSON.stringify({ entities: [lab], deals: [labDeal] });
    const first = parseUserFacts(text, 'own.json', dataset, EMPTY_USER_FACTS);
    if (!first.ok) throw new Error('the fixture is valid');
    const again = parseUserFacts(text, 'own.json', dataset, first.facts);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.problems.length).toBeGreaterThan(0);
      for (const p of again.problems) expect(p.reason).toMatch(/already among your saved facts/);
    }
  });

  it('an id the file holds twice', () => {
    const r = parseUserFacts(
      JSON.stringify({ entities: [lab, { ...lab, aliases: [{ text: 'Another Name' }] }] }),
      'twice.json',
      dataset,
      EMPTY_USER_FACTS,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.reason)).toContain('duplicate id: the file holds it twice');
  });
});

describe('duplicate id wording across kinds', () => {
  it('a deal the file holds twice, whose id is also a bundled company id', () => {
    const d = { ...labDeal, id: 'openai' };
    const r = parseUserFacts(JSON.stringify({ entities: [lab], deals: [d, d] }), 'x.json', dataset, EMPTY_USER_FACTS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.reason)).toContain('duplicate id: the file holds it twice');
  });
  it('a deal the file holds twice, whose id is a saved company id', () => {
    const first = parseUserFacts(JSON.stringify({ entities: [lab] }), 'a.json', dataset, EMPTY_USER_FACTS);
    if (!first.ok) throw new Error('fixture');
    const d = { ...labDeal, id: 'example-lab' };
    const r = parseUserFacts(JSON.stringify({ deals: [d, d] }), 'b.json', dataset, first.facts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.reason)).toContain('duplicate id: the file holds it twice');
  });
});
