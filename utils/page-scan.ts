/**
 * Finds the marks on a page and keeps them current as the page changes: reads the page
 * with the scanner, runs the matcher over each block, and rescans after mutations. It
 * only reads the DOM; painting is the caller's.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectBlocks } from './detect.ts';
import { amountsIn } from './facts.ts';
import type { Mark } from './marks.ts';
import type { Lexicon } from './matcher.ts';
import { collectBlocks, rangeFor, UI_TAG } from './scanner.ts';

/** Quiet time after the page changes before it is read again. */
const RESCAN_DEBOUNCE_MS = 150;

export interface ScanResult {
  /** Every mention found, in document order. */
  marks: readonly Mark[];
  /** Dollar amounts the page states and how often ("$38 billion" → 38e9 → 2). */
  amounts: ReadonlyMap<number, number>;
}

export interface PageScan {
  /** Reads the page and starts following its changes; `onResult` is called after every scan. */
  start(): void;
  /** Stops following changes; the last result stays. */
  stop(): void;
  /** The last result. */
  result(): ScanResult;
}

/** A scanner for `doc` bound to the content script's lifetime. */
export function createPageScan(
  ctx: ContentScriptContext,
  doc: Document,
  lexicon: Lexicon,
  onResult: (result: ScanResult) => void,
): PageScan {
  let current: ScanResult = { marks: [], amounts: new Map() };
  let observer: MutationObserver | undefined;
  let rescanTimer: number | undefined;

  const scan = () => {
    const blocks = collectBlocks(doc);
    const found = detectBlocks(
      lexicon,
      blocks.map((b) => b.text),
    );
    const marks: Mark[] = [];
    const amounts = new Map<number, number>();
    blocks.forEach((block, i) => {
      amountsIn(block.text, amounts);
      for (const m of found[i] ?? [])
        marks.push({ entity: m.entity, range: rangeFor(block, m.start, m.end), block: i });
    });
    current = { marks, amounts };
    onResult(current);
  };

  // Mutations inside our own card host are not the page's content.
  const isOurs = (r: MutationRecord) => {
    const t = r.target as Element;
    const el = t.nodeType === 1 ? t : t.parentElement;
    if (el?.closest?.(UI_TAG.toLowerCase())) return true;
    return [...r.addedNodes, ...r.removedNodes].every((n) => n.nodeName === UI_TAG);
  };

  const stop = () => {
    observer?.disconnect();
    observer = undefined;
    if (rescanTimer !== undefined) clearTimeout(rescanTimer);
    rescanTimer = undefined;
  };
  ctx.onInvalidated(stop);

  return {
    start() {
      if (observer) return;
      scan();
      observer = new MutationObserver((records) => {
        if (records.every(isOurs)) return;
        if (rescanTimer !== undefined) clearTimeout(rescanTimer);
        rescanTimer = ctx.setTimeout(() => {
          rescanTimer = undefined;
          scan();
        }, RESCAN_DEBOUNCE_MS);
      });
      observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
    },
    stop,
    result: () => current,
  };
}
