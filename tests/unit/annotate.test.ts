/** The annotate CLI, run as a user runs it: a child process on a saved page or text. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/annotate.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

interface Output {
  mentions: { entity: string; text: string; start: number; end: number }[];
  deals: { id: string; parties: string[]; amount_usd: number | null; announced: string }[];
}

describe('npm run annotate', () => {
  it('prints mentions with offsets into the text after the header, and the $38 billion deal', () => {
    const file = join(ROOT, 'tests/fixtures/openai-aws-deal.txt');
    const res = run(file, '--json');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as Output;
    const body = readFileSync(file, 'utf8').split('\n\n').slice(1).join('\n\n');
    for (const m of out.mentions) expect(body.slice(m.start, m.end)).toBe(m.text);
    expect(new Set(out.mentions.map((m) => m.entity))).toEqual(
      new Set(['openai', 'aws', 'amazon', 'nvidia', 'microsoft']),
    );
    expect(out.mentions[0]).toEqual({ entity: 'openai', text: 'OpenAI', start: 0, end: 6 });
    expect(out.deals).toContainEqual({
      id: 'openai-aws-compute-2025-11',
      parties: ['openai', 'aws'],
      amount_usd: 38_000_000_000,
      announced: '2025-11-03',
    });
  });

  it('reads a saved HTML page as the reader sees it, skipping code and form fields', () => {
    const res = run(join(ROOT, 'tests/fixtures/openai-aws-deal.html'), '--json');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as Output;
    const texts = out.mentions.map((m) => m.text);
    expect(texts).toContain('Amazon Web Services');
    expect(texts).toContain('Microsoft Azure');
    // "Open<b>AI</b>" reads as one name; `import openai` in <code> and the textarea are not read.
    expect(texts.filter((t) => t === 'OpenAI')).toHaveLength(4);
    expect(texts).not.toContain('openai');
  });

  it('prints a readable report without --json', () => {
    const res = run(join(ROOT, 'tests/fixtures/openai-aws-deal.txt'));
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/mentions of 5 companies/);
    expect(res.stdout).toMatch(/\$38B\s+Nov 3, 2025\s+OpenAI–AWS compute agreement/);
  });

  it('fails with a clear message on a missing file or no file', () => {
    const missing = run(join(ROOT, 'no-such-file.txt'), '--json');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read .*no-such-file\.txt/);
    expect(missing.stdout).toBe('');
    const none = run();
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/Usage: npm run annotate/);
  });
});

describe('annotate on a text naming every company', () => {
  const reference = join(ROOT, '../shared/facts-reference.json');
  it.skipIf(!existsSync(reference))('returns the reference deals with their amounts and dates', () => {
    const res = run(join(ROOT, 'tests/fixtures/every-company.txt'), '--json');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as Output;
    expect(new Set(out.mentions.map((m) => m.entity)).size).toBeGreaterThanOrEqual(16);
    const ref = JSON.parse(readFileSync(reference, 'utf8')) as {
      deals: { id: string; amount_usd: number | null; announced: string }[];
    };
    const byId = new Map(out.deals.map((d) => [d.id, d]));
    for (const r of ref.deals) {
      const d = byId.get(r.id);
      expect(d, r.id).toBeDefined();
      expect(d?.amount_usd, r.id).toBe(r.amount_usd);
      expect(d?.announced, r.id).toBe(r.announced);
    }
  });
});
