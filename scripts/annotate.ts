/**
 * `npm run annotate -- FILE [--json]`: the content script's matcher and dataset, in Node,
 * on a saved page (.html) or a text (.txt). Prints each mention and the deals a reader would see.
 */
import { existsSync, statSync } from 'node:fs';
import { dataset } from '../data/index.ts';
import type { Deal } from '../data/schema.ts';
import { detectBlocks, detectText } from '../utils/detect.ts';
import { createFactIndex } from '../utils/facts.ts';
import { formatDate, formatDealAmount } from '../utils/format.ts';
import { buildLexicon } from '../utils/matcher.ts';
import { readDocument } from './lib/text.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('Usage: npm run annotate -- <file.html|file.txt> [--json]');
  process.exit(2);
}
if (!existsSync(file) || !statSync(file).isFile()) {
  console.error(`annotate: cannot read "${file}": no such file`);
  process.exit(1);
}

let doc: ReturnType<typeof readDocument>;
try {
  doc = readDocument(file);
} catch (e) {
  console.error(`annotate: cannot read "${file}": ${(e as Error).message}`);
  process.exit(1);
}

const lexicon = buildLexicon(dataset.entities);
const mentions =
  doc.blocks.length > 0
    ? detectBlocks(
        lexicon,
        doc.blocks.map((b) => b.text),
      ).flatMap((list, i) => {
        const offset = doc.blocks[i]?.start ?? 0;
        return list.map((m) => ({ ...m, start: m.start + offset, end: m.end + offset }));
      })
    : detectText(lexicon, doc.text);

const mentioned = new Set(mentions.map((m) => m.entity));
const facts = createFactIndex(dataset);
const withParents = (id: string) => {
  const parent = facts.entity(id)?.parent;
  return parent ? [id, parent] : [id];
};
const involved = new Set([...mentioned].flatMap(withParents));
// Deals naming most of the page's companies first, then newest.
const deals: Deal[] = facts.deals
  .filter((d) => d.parties.some((p) => involved.has(p.id)))
  .map((d) => ({ d, n: d.parties.filter((p) => involved.has(p.id)).length }))
  .sort((a, b) => b.n - a.n || b.d.announced.localeCompare(a.d.announced))
  .map(({ d }) => d);

if (json) {
  console.log(
    JSON.stringify({
      mentions: mentions.map((m) => ({ entity: m.entity, text: m.text, start: m.start, end: m.end })),
      deals: deals.map((d) => ({
        id: d.id,
        parties: d.parties.map((p) => p.id),
        amount_usd: d.amount_usd,
        announced: d.announced,
      })),
    }),
  );
} else {
  console.log(`${mentions.length} mentions of ${mentioned.size} companies in ${file}\n`);
  for (const m of mentions) console.log(`  ${String(m.start).padStart(6)}  ${m.entity.padEnd(10)} ${m.text}`);
  console.log(`\n${deals.length} deals a reader would see:\n`);
  for (const d of deals) {
    console.log(`  ${formatDealAmount(d).padEnd(14)} ${formatDate(d.announced).padEnd(13)} ${d.title}`);
  }
}
