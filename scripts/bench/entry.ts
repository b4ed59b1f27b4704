/**
 * The benchmark bundle: DealLens's own scan, detection and painting modules (the code the
 * content script runs), built for a plain page so the benchmark can drive them with any
 * lexicon and time every slice. Exposes `window.DealLensBench`.
 */
import entitiesJson from '../../data/entities.json' with { type: 'json' };
import type { Entity } from '../../data/schema.ts';
import { detectBlocks } from '../../utils/detect.ts';
import { createHighlighter, isLargePage } from '../../utils/highlighter.ts';
import { createMarkPainter } from '../../utils/marks.ts';
import { buildLexicon, type Lexicon } from '../../utils/matcher.ts';
import { createPageScan, type PageScan, type ScanTrace } from '../../utils/page-scan.ts';
import { createPlainContext } from '../../utils/plain-context.ts';
import { collectBlocks } from '../../utils/scanner.ts';

const realEntities = entitiesJson.entities as unknown as Entity[];

interface Slice {
  kind: string;
  start: number;
  end: number;
}

interface Run {
  slices: Slice[];
  start: number;
  scannedAt?: number;
  scan: PageScan;
  invalidate: () => void;
  painted: () => number;
}

let current: Run | undefined;

const fakeContext = () => createPlainContext(window);

/** The real lexicon, or one padded with made-up companies to `aliases` aliases in all. */
function lexiconFor(synthetic: string[] = []): { lexicon: Lexicon; aliases: { text: string; case: string }[] } {
  const entities = [...realEntities];
  synthetic.forEach((text, i) => {
    entities.push({ id: `synthetic-${i}`, name: text, aliases: [{ text, case: 'exact' }] } as unknown as Entity);
  });
  const lexicon = buildLexicon(entities);
  // mark.js gets the names; a veto phrase is none (it only keeps a name off a page).
  const names = lexicon.aliases.filter((a) => a.veto < 0);
  return { lexicon, aliases: names.map((a) => ({ text: a.text, case: a.case })) };
}

let lexicon: Lexicon | undefined;

const api = {
  /** Builds the lexicon (not timed): the real aliases plus `synthetic` made-up ones. */
  prepare(synthetic: string[] = []) {
    const built = lexiconFor(synthetic);
    lexicon = built.lexicon;
    return built.aliases;
  },
  /** Starts DealLens on this page; resolves when every mention is matched and the marks around the viewport are painted. */
  start(): Promise<{ scannedAt: number; start: number }> {
    if (!lexicon) api.prepare();
    const ctx = fakeContext();
    const slices: Slice[] = [];
    const trace: ScanTrace = (kind, start, end) => slices.push({ kind, start, end });
    const highlighter = createHighlighter(window);
    // As the content script does (lens.ts): the look chosen for the page's size is part of the cost.
    highlighter.setLarge(isLargePage(document));
    let scanRef: PageScan | undefined;
    const painter = createMarkPainter(ctx, document, highlighter, () => undefined, {
      trace,
      blocks: () => scanRef?.blocks() ?? [],
    });
    return new Promise((resolve) => {
      const scan = createPageScan(
        ctx,
        document,
        lexicon as Lexicon,
        {
          onChange: (added, removed, fromScan) => painter.update(added, removed, fromScan),
          onReset: () => painter.clear(),
          onScanned: () => {
            const t0 = performance.now();
            highlighter.setLarge(isLargePage(document));
            painter.refresh();
            slices.push({ kind: 'paint', start: t0, end: performance.now() });
            run.scannedAt = performance.now();
            resolve({ scannedAt: run.scannedAt, start: run.start });
          },
        },
        { trace },
      );
      const run: Run = {
        slices,
        start: performance.now(),
        scan,
        invalidate: () => ctx.invalidate(),
        painted: () => highlighter.size,
      };
      current = run;
      scanRef = scan;
      scan.start();
    });
  },
  /** Our slices so far (main-thread work), and what is painted. */
  report() {
    const run = current as Run;
    let mentions = 0;
    for (const n of run.scan.counts().values()) mentions += n;
    return { slices: run.slices, start: run.start, scannedAt: run.scannedAt, mentions, painted: run.painted() };
  },
  /** Mentions per company as one whole-page `detectBlocks` sees them, to check the live scan against. */
  expected(): Record<string, number> {
    const blocks = collectBlocks(document);
    const out: Record<string, number> = {};
    for (const ms of detectBlocks(
      lexicon as Lexicon,
      blocks.map((b) => b.text),
    ))
      for (const m of ms) out[m.entity] = (out[m.entity] ?? 0) + 1;
    return out;
  },
  /** Mentions per company as the live scan counts them now. */
  actual(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of (current as Run).scan.counts()) if (v > 0) out[k] = v;
    return out;
  },
  /** Forgets the slices recorded so far (before a phase is timed on its own). */
  resetSlices() {
    (current as Run).slices.length = 0;
  },
  /** Stops DealLens (the content script's context ends): every mark comes down. Returns the ms it took. */
  stop(): number {
    const t0 = performance.now();
    (current as Run).scan.stop();
    (current as Run).invalidate();
    return performance.now() - t0;
  },
};

(window as unknown as { DealLensBench: typeof api }).DealLensBench = api;
