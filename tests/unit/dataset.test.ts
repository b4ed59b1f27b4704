import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawDataset } from '../../data/index.ts';
import { FILES, type Problem, type RawDataset, validateDataset } from '../../data/validate.ts';
import { amountsIn } from '../../utils/facts.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The verified facts the dataset was built from; it lives beside the repo, not in it. */
const REFERENCE = resolve(ROOT, '../shared/facts-reference.json');
const CHECK_SCRIPT = join(ROOT, 'scripts/data-check.ts');

describe('bundled dataset', () => {
  it('validates', () => {
    const result = validateDataset(rawDataset);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('lists deals newest first', () => {
    const dates = rawDataset.deals.map((d) => d.announced);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

interface ReferenceSource {
  url: string;
  publisher: string;
  published: string | null;
}
interface ReferenceDeal {
  id: string;
  amount_usd: number | null;
  announced: string;
  sources: ReferenceSource[];
}

describe('bundled deals against facts-reference.json', () => {
  const reference = existsSync(REFERENCE)
    ? (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { deals: ReferenceDeal[] })
    : undefined;
  const bundled = new Map(rawDataset.deals.map((d) => [d.id, d]));

  it.skipIf(!reference)('has every reference deal with the same amount_usd and announced date', () => {
    const mismatches = (reference?.deals ?? []).flatMap((r) => {
      const d = bundled.get(r.id);
      if (!d) return [`${r.id}: missing`];
      const want = { amount_usd: r.amount_usd, announced: r.announced };
      const got = { amount_usd: d.amount_usd, announced: d.announced };
      return JSON.stringify(want) === JSON.stringify(got)
        ? []
        : [`${r.id}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
    });
    expect(mismatches).toEqual([]);
  });

  it.skipIf(!reference)('cites only sources the reference gives for that deal, with its publisher and date', () => {
    const invented = (reference?.deals ?? []).flatMap((r) => {
      const known = new Set(
        r.sources.map((s) => JSON.stringify([s.url, s.publisher, s.published?.slice(0, 10) ?? null])),
      );
      return (bundled.get(r.id)?.sources ?? [])
        .filter((s) => !known.has(JSON.stringify([s.url, s.publisher, s.published])))
        .map((s) => `${r.id}: ${s.url}`);
    });
    expect(invented).toEqual([]);
  });
});

// Small, valid records that each malformed case below breaks in exactly one place.
const META = { version: '1.0.0', as_of: '2026-01-31' };

function entity(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `${id} Corp`,
    description: 'A company made up for this test.',
    homepage: 'https://example.com/',
    tickers: [],
    aliases: [{ text: `${id} Corp` }],
    ...extra,
  };
}

function deal(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    title: 'Alpha buys compute from Beta',
    parties: [
      { id: 'alpha', role: 'customer' },
      { id: 'beta', role: 'supplier' },
    ],
    kind: 'compute',
    amount_usd: 1_000_000,
    amount_text: '$1 million',
    announced: '2026-01-10',
    status: 'announced',
    summary: 'Alpha agreed to buy compute from Beta.',
    sources: [{ url: 'https://example.com/news/alpha-beta', publisher: 'Example News', published: '2026-01-11' }],
    ...extra,
  };
}

function dataset(parts: Partial<RawDataset> = {}): RawDataset {
  return { meta: META, entities: [entity('alpha'), entity('beta')], deals: [deal('alpha-beta')], ...parts };
}

const { sources: _dropped, ...dealWithoutSources } = deal('alpha-beta');

const malformed: { name: string; raw: RawDataset; problem: Problem }[] = [
  {
    name: 'a deal with no sources key',
    raw: dataset({ deals: [dealWithoutSources] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'sources', reason: 'Invalid key' },
  },
  {
    name: 'a deal with an empty source list',
    raw: dataset({ deals: [deal('alpha-beta', { sources: [] })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'sources', reason: 'needs at least one source' },
  },
  {
    name: 'an http:// source URL',
    raw: dataset({
      deals: [
        deal('alpha-beta', {
          sources: [{ url: 'http://example.com/news/alpha-beta', publisher: 'Example News', published: '2026-01-11' }],
        }),
      ],
    }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'sources.0.url', reason: 'must be an https:// URL' },
  },
  {
    name: 'a negative amount',
    raw: dataset({ deals: [deal('alpha-beta', { amount_usd: -5 })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'amount_usd', reason: 'must be positive' },
  },
  {
    name: 'an amount given as a string',
    raw: dataset({ deals: [deal('alpha-beta', { amount_usd: '1000000' })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'amount_usd', reason: 'Invalid type' },
  },
  {
    name: 'a non-ISO announced date',
    raw: dataset({ deals: [deal('alpha-beta', { announced: '10/01/2026' })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'announced', reason: 'must be an ISO date' },
  },
  {
    name: 'an ISO-shaped date that is not a calendar date',
    raw: dataset({ deals: [deal('alpha-beta', { announced: '2026-13-01' })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'announced', reason: 'is not a real calendar date' },
  },
  {
    name: 'an announced date after the as-of date',
    raw: dataset({ deals: [deal('alpha-beta', { announced: '2026-02-01' })] }),
    problem: {
      file: FILES.deals,
      id: 'alpha-beta',
      field: 'announced',
      reason: "after the dataset's as-of date 2026-01-31",
    },
  },
  {
    name: 'a source published after the as-of date',
    raw: dataset({
      deals: [
        deal('alpha-beta', {
          sources: [{ url: 'https://example.com/news/alpha-beta', publisher: 'Example News', published: '2026-02-02' }],
        }),
      ],
    }),
    problem: {
      file: FILES.deals,
      id: 'alpha-beta',
      field: 'sources.0.published',
      reason: "after the dataset's as-of date",
    },
  },
  {
    name: 'an unknown party',
    raw: dataset({ deals: [deal('alpha-beta', { parties: [{ id: 'alpha' }, { id: 'gamma' }] })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'parties.1.id', reason: 'unknown entity "gamma"' },
  },
  {
    name: 'a duplicate deal id',
    raw: dataset({ deals: [deal('alpha-beta'), deal('alpha-beta', { amount_usd: 2_000_000 })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'id', reason: 'duplicate id' },
  },
  {
    name: 'an unknown expands',
    raw: dataset({ deals: [deal('alpha-beta', { expands: 'alpha-beta-2024' })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'expands', reason: 'unknown deal "alpha-beta-2024"' },
  },
  {
    name: 'party shares larger than the deal',
    raw: dataset({
      deals: [
        deal('alpha-beta', {
          parties: [
            { id: 'alpha', amount_usd: 800_000 },
            { id: 'beta', amount_usd: 300_000 },
          ],
        }),
      ],
    }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'parties', reason: 'exceed the deal' },
  },
  {
    name: 'an unknown amount basis',
    raw: dataset({ deals: [deal('alpha-beta', { amount_basis: 'vibes' })] }),
    problem: { file: FILES.deals, id: 'alpha-beta', field: 'amount_basis', reason: 'Invalid' },
  },
  {
    name: 'a deal without an id',
    raw: dataset({ deals: [deal('alpha-beta'), { ...deal('x'), id: undefined }] }),
    problem: { file: FILES.deals, id: '#2', field: 'id', reason: 'Invalid type' },
  },
  {
    name: 'a duplicate entity id',
    raw: dataset({
      entities: [entity('alpha'), entity('beta'), entity('alpha', { aliases: [{ text: 'Alpha Two' }] })],
    }),
    problem: { file: FILES.entities, id: 'alpha', field: 'id', reason: 'duplicate id' },
  },
  {
    name: 'an alias claimed by two entities (case-insensitively)',
    raw: dataset({
      entities: [entity('alpha'), entity('beta', { aliases: [{ text: 'beta Corp' }, { text: 'ALPHA CORP' }] })],
    }),
    problem: {
      file: FILES.entities,
      id: 'beta',
      field: 'aliases.1.text',
      reason: 'alias "ALPHA CORP" is already claimed by alpha',
    },
  },
  {
    name: "a veto phrase that holds another company's name",
    raw: dataset({
      entities: [
        entity('alpha'),
        entity('beta', { aliases: [{ text: 'BET', vetoedBy: ['eye disease', 'Alpha Corp partners'] }] }),
      ],
    }),
    problem: {
      file: FILES.entities,
      id: 'beta',
      field: 'aliases.0.vetoedBy.1',
      reason: 'veto phrase "Alpha Corp partners" holds the name "alpha corp" of alpha, whose mentions it would hide',
    },
  },
  {
    name: 'a veto phrase listed twice',
    raw: dataset({
      entities: [
        entity('alpha', { aliases: [{ text: 'ALF', vetoedBy: ['eye disease'] }] }),
        entity('beta', { aliases: [{ text: 'BET', vetoedBy: ['Eye disease'] }] }),
      ],
    }),
    problem: {
      file: FILES.entities,
      id: 'beta',
      field: 'aliases.0.vetoedBy.0',
      reason: 'veto phrase "Eye disease" is listed twice',
    },
  },
  {
    name: 'an unknown parent',
    raw: dataset({ entities: [entity('alpha'), entity('beta', { parent: 'gamma' })] }),
    problem: { file: FILES.entities, id: 'beta', field: 'parent', reason: 'unknown entity "gamma"' },
  },
  {
    name: 'a deals file that is not an array',
    raw: dataset({ deals: { 'alpha-beta': deal('alpha-beta') } }),
    problem: { file: FILES.deals, id: '(file)', field: '(root)', reason: 'must be an array of records' },
  },
  {
    name: 'an entities file that is not an array',
    raw: dataset({ entities: 'alpha, beta', deals: [] }),
    problem: { file: FILES.entities, id: '(file)', field: '(root)', reason: 'must be an array of records' },
  },
  {
    name: 'a meta version that is not semantic',
    raw: dataset({ meta: { version: '1', as_of: '2026-01-31' } }),
    problem: { file: FILES.meta, id: '(meta)', field: 'version', reason: 'must be a semantic version' },
  },
];

describe('validateDataset failure messages', () => {
  it('accepts the well-formed base records the cases start from', () => {
    const result = validateDataset(dataset());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  // Every problem reported points at the broken spot (one value can fail two checks, e.g. a
  // non-ISO date is also not a calendar date), and one of them gives the expected reason.
  it.each(malformed)('reports $name', ({ raw, problem }) => {
    const result = validateDataset(raw);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const { file, id, field } = problem;
    expect(problems.map((p) => ({ file: p.file, id: p.id, field: p.field }))).toEqual(
      problems.map(() => ({ file, id, field })),
    );
    expect(problems).toContainEqual({ file, id, field, reason: expect.stringContaining(problem.reason) });
  });
});

describe('scripts/data-check.ts', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A folder holding the three dataset files, each given as a value (written as JSON) or raw text. */
  function datasetDir(files: { meta?: unknown; entities?: unknown; deals?: unknown }): string {
    const dir = mkdtempSync(join(tmpdir(), 'deallens-data-check-'));
    dirs.push(dir);
    const parts = {
      meta: META,
      entities: { entities: [entity('alpha'), entity('beta')] },
      deals: { deals: [] },
      ...files,
    };
    for (const [name, value] of Object.entries(parts)) {
      writeFileSync(join(dir, `${name}.json`), typeof value === 'string' ? value : JSON.stringify(value));
    }
    return dir;
  }

  function runCheck(args: string[]) {
    return spawnSync(process.execPath, [CHECK_SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  }

  it('exits 0 with a summary on the bundled data', () => {
    const run = runCheck([]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const sources = rawDataset.deals.reduce((n, d) => n + d.sources.length, 0);
    expect(run.stdout.trim()).toBe(
      `dataset ${rawDataset.meta.version} as of ${rawDataset.meta.as_of}: ${rawDataset.entities.length} entities, ` +
        `${rawDataset.deals.length} deals, ${sources} sources — OK`,
    );
  });

  it('exits 1 naming file, id and field for each problem', () => {
    const bad = deal('alpha-beta', {
      amount_usd: -1,
      sources: [{ url: 'http://example.com/news/alpha-beta', publisher: 'Example News', published: '2026-01-11' }],
    });
    const dir = datasetDir({ deals: { deals: [bad] } });
    const run = runCheck(['--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `${join(dir, 'deals.json')}: alpha-beta (amount_usd): must be positive`,
      `${join(dir, 'deals.json')}: alpha-beta (sources.0.url): must be an https:// URL`,
    ]);
  });

  it('exits 1 naming the file and the parse error for broken JSON', () => {
    const dir = datasetDir({ deals: '{ "deals": [' });
    const run = runCheck(['--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'deals.json')}: (file) ((root)): invalid JSON:`);
  });

  it('exits 1 when a file lacks its wrapper object', () => {
    const dir = datasetDir({ entities: [entity('alpha'), entity('beta')] });
    const run = runCheck(['--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${join(dir, 'entities.json')}: (file) ((root)): must be an object holding the "entities" array`,
    );
  });
});

describe('company descriptions', () => {
  it('state no dollar figure that no deal states', () => {
    const stated = new Set<number>();
    for (const d of rawDataset.deals) {
      if (d.amount_usd !== null) stated.add(d.amount_usd);
      for (const p of d.parties as { amount_usd?: number | null }[]) if (p.amount_usd != null) stated.add(p.amount_usd);
      for (const usd of amountsIn(`${d.amount_text ?? ''} ${d.summary}`).keys()) stated.add(usd);
    }
    const unbacked = rawDataset.entities.flatMap((e) =>
      [...amountsIn(e.description).keys()].filter((usd) => !stated.has(usd)).map((usd) => `${e.id}: ${usd}`),
    );
    expect(unbacked).toEqual([]);
  });

  it("do not call a stake taken while its deal awaits approval (Intel's)", () => {
    const deal = rawDataset.deals.find((d) => d.id === 'nvidia-intel-2025-09');
    expect(deal?.status).toBe('announced');
    expect(rawDataset.entities.find((e) => e.id === 'intel')?.description).not.toMatch(/took (a )?stakes?/);
  });
});
