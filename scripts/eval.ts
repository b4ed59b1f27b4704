/**
 * `npm run eval -- [DIR] [--json]`: measures detection against a labelled folder of news texts
 * (default ../shared/articles). Per file and entity: expected = the labels' counts, found = the
 * detector's mentions, TP = min, FP and FN the rest. Prints precision and recall per entity and
 * overall, every false positive and miss with context, and the marks on look-alike pages.
 * A measurement, so it exits 0 whatever the figures; 2 when DIR or its labels are missing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import entitiesFile from '../data/entities.json' with { type: 'json' };
import type { Entity } from '../data/schema.ts';
import { detectText } from '../utils/detect.ts';
import { buildLexicon, type Mention } from '../utils/matcher.ts';

interface LabelMention {
  entity: string;
  surface: string;
  count: number;
}
interface LabelFile {
  file: string;
  kind?: string;
  mentions: LabelMention[];
  non_mentions?: { surface: string; count: number }[];
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

const CONTEXT = 40;

function usage(message: string): never {
  console.error(`eval: ${message}\nusage: npm run eval -- [DIR] [--json]   (DIR holds labels.json and the .txt files)`);
  process.exit(2);
}

/** The article body: everything after the first blank line (line 1 source:, line 2 title:). */
export function articleBody(raw: string): string {
  const m = /\r?\n[ \t]*\r?\n/.exec(raw);
  return m ? raw.slice(m.index + m[0].length) : raw;
}

function context(text: string, start: number, end: number): string {
  const a = Math.max(0, start - CONTEXT);
  const b = Math.min(text.length, end + CONTEXT);
  const oneLine = (s: string) => s.replace(/\s+/g, ' ');
  return `…${oneLine(text.slice(a, start))}[${text.slice(start, end)}]${oneLine(text.slice(end, b))}…`;
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

function fmt(x: number): string {
  return x.toFixed(3);
}

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dirArg = args.find((a) => !a.startsWith('--'));
  // The default is beside the project (../shared/articles), wherever the script is run from.
  const dir = dirArg ? resolve(dirArg) : resolve(import.meta.dirname, '..', '..', 'shared', 'articles');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`no such directory: ${dir}`);
  const labelsPath = join(dir, 'labels.json');
  if (!existsSync(labelsPath)) usage(`no labels.json in ${dir}`);
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as LabelFile[];

  const entities = entitiesFile.entities as unknown as Entity[];
  const known = new Set(entities.map((e) => e.id));
  const lex = buildLexicon(entities);

  const perEntity = new Map<string, Tally>();
  const total: Tally = { tp: 0, fp: 0, fn: 0 };
  const falsePositives: string[] = [];
  const misses: string[] = [];
  const lookalikes: { file: string; marks: number; lines: string[] }[] = [];
  const files: { file: string; tp: number; fp: number; fn: number }[] = [];

  for (const label of labels) {
    const file = basename(label.file);
    const path = join(dir, file);
    if (!existsSync(path)) {
      console.error(`eval: ${file} is labelled but missing; skipped`);
      continue;
    }
    const text = articleBody(readFileSync(path, 'utf8'));
    const mentions = detectText(lex, text);
    const labelled = label.mentions.filter((m) => known.has(m.entity));
    const ids = new Set([...labelled.map((m) => m.entity), ...mentions.map((m) => m.entity)]);
    const fileTally: Tally = { tp: 0, fp: 0, fn: 0 };

    for (const id of ids) {
      const surfaces = labelled.filter((m) => m.entity === id).sort((a, b) => b.surface.length - a.surface.length);
      const found = mentions.filter((m) => m.entity === id);
      const expected = surfaces.reduce((s, m) => s + m.count, 0);
      const tp = Math.min(found.length, expected);
      const t = perEntity.get(id) ?? { tp: 0, fp: 0, fn: 0 };
      t.tp += tp;
      t.fp += found.length - tp;
      t.fn += expected - tp;
      perEntity.set(id, t);
      fileTally.tp += tp;
      fileTally.fp += found.length - tp;
      fileTally.fn += expected - tp;

      // Pair found mentions with labelled surfaces to say which ones are extra or missing.
      const left = new Map(surfaces.map((s) => [s.surface, s.count]));
      const unpaired: Mention[] = [];
      for (const m of found) {
        const s = surfaces.find((x) => (left.get(x.surface) ?? 0) > 0 && text.startsWith(x.surface, m.start));
        if (s) left.set(s.surface, (left.get(s.surface) ?? 0) - 1);
        else unpaired.push(m);
      }
      if (found.length > expected) {
        const extra = unpaired.length > 0 ? unpaired : found;
        for (const m of extra.slice(0, found.length - expected)) {
          falsePositives.push(`${file}  ${id}  ${context(text, m.start, m.end)}`);
        }
      }
      if (expected > found.length) {
        let reported = 0;
        for (const [surface, n] of left) {
          if (n <= 0) continue;
          for (let i = text.indexOf(surface); i >= 0; i = text.indexOf(surface, i + 1)) {
            const end = i + surface.length;
            if (isWord(text[i - 1]) || isWord(text[end])) continue;
            if (found.some((m) => m.start < end && m.end > i)) continue;
            misses.push(`${file}  ${id}  ${context(text, i, end)}`);
            reported++;
          }
        }
        if (reported === 0) misses.push(`${file}  ${id}  ${expected - found.length} missing (surface not located)`);
      }
    }
    files.push({ file, ...fileTally });

    if (label.mentions.length === 0 && (label.non_mentions?.length ?? 0) > 0) {
      lookalikes.push({
        file,
        marks: mentions.length,
        lines: mentions.map((m) => `${m.entity}  ${context(text, m.start, m.end)}`),
      });
    }
    total.tp += fileTally.tp;
    total.fp += fileTally.fp;
    total.fn += fileTally.fn;
  }

  const figures = {
    dir,
    overall: {
      precision: ratio(total.tp, total.tp + total.fp),
      recall: ratio(total.tp, total.tp + total.fn),
      ...total,
    },
    entities: Object.fromEntries(
      [...perEntity]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([id, t]) => [id, { precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn), ...t }]),
    ),
    files,
    lookalikes: lookalikes.map(({ file, marks }) => ({ file, marks })),
    falsePositives,
    misses,
  };

  if (json) {
    console.log(JSON.stringify(figures, null, 2));
    return;
  }

  console.log(`DealLens detection on ${dir}\n`);
  console.log('entity        precision  recall    TP   FP   FN');
  for (const [id, t] of Object.entries(figures.entities)) {
    console.log(
      `${id.padEnd(13)} ${fmt(t.precision).padStart(9)}  ${fmt(t.recall).padStart(6)}  ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)}`,
    );
  }
  const o = figures.overall;
  console.log(
    `${'OVERALL'.padEnd(13)} ${fmt(o.precision).padStart(9)}  ${fmt(o.recall).padStart(6)}  ${String(o.tp).padStart(4)} ${String(o.fp).padStart(4)} ${String(o.fn).padStart(4)}`,
  );
  console.log(`\nFalse positives (${falsePositives.length}):`);
  for (const l of falsePositives) console.log(`  ${l}`);
  console.log(`\nMisses (${total.fn}):`);
  for (const l of misses) console.log(`  ${l}`);
  console.log('\nLook-alike pages (should be 0 marks):');
  for (const l of lookalikes) {
    console.log(`  ${l.file}: ${l.marks} mark${l.marks === 1 ? '' : 's'}`);
    for (const line of l.lines) console.log(`    ${line}`);
  }
}

main();
