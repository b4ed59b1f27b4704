/**
 * `npm run bench [-- --json] [--page FILE.html …] [--million] [--runs N] [--markjs-runs N]`
 *
 * DealLens's scan + paint against mark.js 8.11 and against a floor (one bare TreeWalker pass
 * reading every text node), in headless Chromium — the one the tests use. DealLens runs as
 * the content script does: the same page-scan, detection, painter and highlighter modules,
 * bundled for a plain page so every slice of main-thread work can be timed and the lexicon
 * can be swapped for 10,000 aliases. Each figure is the median of several fresh page loads;
 * the floor is measured on the load just before each of DealLens's, and DealLens / floor is
 * the median of those pairs' ratios (this machine's speed drifts within minutes).
 * Also reports the built content script's size (gzip, in bytes), which includes the dataset and its CSS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { appendedParagraph, articlePage, bigPage, millionPage, syntheticAliases } from './bench/pages.ts';
import { findChromium, OUT_DIR, ROOT, type Served, serve } from './lib/chromium.ts';

// ------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const extraPages = args.flatMap((a, i) => (args[i - 1] === '--page' ? [a] : []));
const RUNS = Math.max(1, Number(option('--runs') ?? 5));
const MARKJS_RUNS = Math.max(0, Number(option('--markjs-runs') ?? RUNS));
const APPENDS = 100;
const log = (msg: string) => {
  if (!json) console.log(msg);
  else process.stderr.write(`${msg}\n`);
};

// ------------------------------------------------------------------------------------------
// Build: the extension (for its size) and the bench bundle (for the timings)

const BENCH_DIR = join(OUT_DIR, 'bench');
mkdirSync(BENCH_DIR, { recursive: true });

function contentScriptSize(): { bytes: number; gzip: number; jsGzip: number; cssGzip: number } {
  if (!args.includes('--no-build')) {
    log('building the extension…');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: json ? 'ignore' : ['ignore', 'ignore', 'inherit'] });
  }
  // The script and the stylesheet the manifest injects into every page, each compressed on its own.
  const read = (file: string) => readFileSync(join(OUT_DIR, 'chrome-mv3/content-scripts', file));
  const js = read('content.js');
  const css = read('content.css');
  const jsGzip = gzipSync(js, { level: 9 }).length;
  const cssGzip = gzipSync(css, { level: 9 }).length;
  return { bytes: js.length + css.length, gzip: jsGzip + cssGzip, jsGzip, cssGzip };
}

async function buildBenchBundle(): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      target: 'es2022',
      outDir: BENCH_DIR,
      emptyOutDir: false,
      minify: !process.env.BENCH_NO_MINIFY,
      lib: {
        entry: join(ROOT, 'scripts/bench/entry.ts'),
        formats: ['iife'],
        name: 'DealLensBenchBundle',
        fileName: () => 'deallens-bench.js',
      },
    },
  });
}

// ------------------------------------------------------------------------------------------
// In-page measurements

const MARK_CSS = readFileSync(join(ROOT, 'entrypoints/content/marks.css'), 'utf8');
const MARKJS = readFileSync(join(ROOT, 'node_modules/mark.js/dist/mark.min.js'), 'utf8');

interface PageSpec {
  name: string;
  path: string;
  body: string;
  big?: boolean;
  /** mark.js is not run on it (a million text nodes would take it hours). */
  noMarkjs?: boolean;
}

let browser: Browser;
let server: Served;

async function open(spec: PageSpec): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url('127.0.0.1', spec.path), { waitUntil: 'load', timeout: 120_000 });
  await page.addStyleTag({ content: MARK_CSS });
  // Long tasks of the whole page (ours and the rendering our highlights cause), from here on.
  await page.evaluate(() => {
    const w = window as unknown as { __long: { start: number; duration: number }[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
  // Two frames so the page's own load work is done before anything is timed.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

/**
 * Where code is timed. A content script runs in an isolated world, where every DOM node it
 * touches gets a wrapper of that world's own (kept in a table, not on the node as the page's
 * are): touching a node costs about twice what it costs the page. DealLens and the floor are
 * timed there; the page's main world is reported beside it. mark.js, a page library, runs in
 * the main world.
 */
type WorldName = 'isolated' | 'main';
type InWorld = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => Promise<R>;

async function inWorld(page: Page, world: WorldName): Promise<InWorld> {
  if (world === 'main') return (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg) as never;
  const cdp = await page.context().newCDPSession(page);
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'DealLens bench',
  })) as { executionContextId: number };
  return async (fn, arg) => {
    const r = (await cdp.send('Runtime.evaluate', {
      expression: `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`,
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
    })) as unknown as {
      result: { value: never };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) {
      throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    }
    return r.result.value;
  };
}

/**
 * The floor: one TreeWalker pass over the body reading every text node. It waits for an idle
 * period first, as DealLens's first read of a large page does (page-scan.ts), so neither
 * pays for what the browser still owes the page after its load (a collection's sweep).
 */
async function floor(run: InWorld): Promise<{ ms: number; textNodes: number; chars: number }> {
  return run(async () => {
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }));
    const t0 = performance.now();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let textNodes = 0;
    let chars = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      chars += (n as Text).data.length;
      textNodes++;
    }
    return { ms: performance.now() - t0, textNodes, chars };
  });
}

interface OursRun {
  busy: number;
  wall: number;
  /** The longest task our code ran in (a long task holding one of our slices, or the longest slice). */
  longest: number;
  /** The longest task of any kind on the page while we scanned (the browser's rendering and collections too). */
  pageLongest: number;
  mentions: number;
  painted: number;
  /** Frames presented between the start and the first painted marks (0: the first frame shows them). */
  framesToPaint: number;
}

/** Loads the bench bundle into the world and builds its lexicon; returns the aliases it has. */
async function injectOurs(run: InWorld, synthetic: string[]): Promise<{ text: string; case: string }[]> {
  await run(new Function(readFileSync(join(BENCH_DIR, 'deallens-bench.js'), 'utf8')) as () => void);
  return run((s) => {
    type Prepare = { prepare(s: string[]): { text: string; case: string }[] };
    return (window as unknown as { DealLensBench: Prepare }).DealLensBench.prepare(s);
  }, synthetic);
}

/** DealLens on the page: main-thread ms over our slices, wall ms until all matched and the viewport painted, longest task. */
async function ours(page: Page, run: InWorld): Promise<OursRun> {
  const r = await run(async () => {
    type Bench = {
      start(): Promise<{ scannedAt: number; start: number }>;
      report(): { slices: { start: number; end: number }[]; mentions: number; painted: number };
    };
    const bench = (window as unknown as { DealLensBench: Bench }).DealLensBench;
    let frames = 0;
    let firstPaintFrame = -1;
    let counting = true;
    const count = () => {
      if (!counting) return;
      if (firstPaintFrame < 0 && (CSS.highlights.get('deallens-mark')?.size ?? 0) > 0) firstPaintFrame = frames;
      frames++;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    const { scannedAt, start } = await bench.start();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    counting = false;
    return { ...bench.report(), scannedAt, start, framesToPaint: firstPaintFrame };
  });
  // Long tasks are seen by the page's own observer (installed by open()).
  const long = (
    await page.evaluate(() => (window as unknown as { __long: { start: number; duration: number }[] }).__long)
  ).filter((t) => t.start + t.duration >= r.start && t.start <= r.scannedAt + 16);
  const busy = r.slices.reduce((s, x) => s + (x.end - x.start), 0);
  const longestSlice = r.slices.reduce((m, x) => Math.max(m, x.end - x.start), 0);
  // A long task is ours when one of our slices ran inside it: the same task may hold work the
  // browser did before or after our code (a collection our allocation set off counts as ours).
  const holdsSlice = (t: { start: number; duration: number }) =>
    r.slices.some((x) => x.start < t.start + t.duration && x.end > t.start);
  const longest = long.filter(holdsSlice).reduce((m, t) => Math.max(m, t.duration), longestSlice);
  const pageLongest = long.reduce((m, t) => Math.max(m, t.duration), longest);
  return {
    busy,
    wall: r.scannedAt - r.start,
    longest,
    pageLongest,
    mentions: r.mentions,
    painted: r.painted,
    framesToPaint: r.framesToPaint,
  };
}

/** Appends paragraphs one at a time near the top of the page; our main-thread ms per paragraph and whether each was painted in the frame its mutation was read. */
async function append(run: InWorld, n: number): Promise<{ perParagraph: number; sameFrame: number }> {
  const texts = Array.from({ length: n }, (_, i) => appendedParagraph(i));
  return run(async (list) => {
    type Bench = { resetSlices(): void; report(): { slices: { kind: string; start: number; end: number }[] } };
    const bench = (window as unknown as { DealLensBench: Bench }).DealLensBench;
    const main = document.querySelector('main') ?? document.body;
    const costs: number[] = [];
    let sameFrame = 0;
    for (const html of list) {
      bench.resetSlices();
      const p = document.createElement('p');
      p.innerHTML = html;
      main.prepend(p);
      await Promise.resolve(); // the MutationObserver's microtask runs first and asks for the frame
      const marked = await new Promise<boolean>((resolve) =>
        requestAnimationFrame(() =>
          resolve(
            ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some((r) => p.contains(r.startContainer)),
          ),
        ),
      );
      if (marked) sameFrame++;
      costs.push(bench.report().slices.reduce((s, x) => s + (x.end - x.start), 0));
      await new Promise((r) => setTimeout(r, 0));
    }
    costs.sort((a, b) => a - b);
    return { perParagraph: costs[Math.floor(costs.length / 2)] as number, sameFrame };
  }, texts);
}

async function stopOurs(run: InWorld): Promise<number> {
  return run(() => (window as unknown as { DealLensBench: { stop(): number } }).DealLensBench.stop());
}

/** mark.js 8.11 given the same aliases: case-insensitive ones in one call, case-sensitive ones in another. */
async function markjs(
  page: Page,
  aliases: { text: string; case: string }[],
): Promise<{ ms: number; marks: number; unmarkMs: number }> {
  await page.addScriptTag({ content: MARKJS });
  return page.evaluate(async (list) => {
    const loose = list.filter((a) => a.case === 'any').map((a) => a.text);
    const strict = [
      ...new Set(
        list
          .filter((a) => a.case !== 'any')
          .flatMap((a) => (a.case === 'caps' ? [a.text, a.text.toUpperCase()] : [a.text])),
      ),
    ];
    const exclude = [
      'noscript',
      'template',
      'textarea',
      'input',
      'select',
      'svg',
      'canvas',
      'iframe',
      'object',
      'code',
      'pre',
      'kbd',
      'samp',
      '[hidden]',
      '[aria-hidden="true"]',
      '[contenteditable]:not([contenteditable="false"])',
    ];
    type MarkCtx = { mark(k: string[], o: object): void; unmark(o: object): void };
    const M = (window as unknown as { Mark: new (el: Element) => MarkCtx }).Mark;
    const ctx = new M(document.body);
    const base = { accuracy: 'exactly', separateWordSearch: false, diacritics: false, exclude };
    const t0 = performance.now();
    const marks = await new Promise<number>((resolve) =>
      ctx.mark(loose, {
        ...base,
        caseSensitive: false,
        done: (a: number) => ctx.mark(strict, { ...base, caseSensitive: true, done: (b: number) => resolve(a + b) }),
      }),
    );
    const ms = performance.now() - t0;
    const t1 = performance.now();
    await new Promise<void>((resolve) => ctx.unmark({ done: () => resolve() }));
    return { ms, marks, unmarkMs: performance.now() - t1 };
  }, aliases);
}

// ------------------------------------------------------------------------------------------
// Driver

const median = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const size = contentScriptSize();
  log('building the bench bundle…');
  await buildBenchBundle();

  const pages: PageSpec[] = [
    { name: 'generated news page (~5 MB)', path: '/big.html', body: bigPage(), big: true },
    { name: 'article (~1,500 words)', path: '/article.html', body: articlePage() },
    ...(args.includes('--million')
      ? [{ name: 'million text nodes', path: '/million.html', body: millionPage(), noMarkjs: true }]
      : []),
    ...extraPages.map((file, i) => ({
      name: basename(file),
      path: `/page-${i}.html`,
      body: readFileSync(file, 'utf8'),
    })),
  ];
  for (const p of pages) writeFileSync(join(BENCH_DIR, p.path.slice(1)), p.body);
  server = await serve(BENCH_DIR);
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--disable-gpu', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });

  const realAliases = await (async () => {
    const page = await open(pages[1] as PageSpec);
    const list = await injectOurs(await inWorld(page, 'main'), []);
    await page.close();
    return list;
  })();

  const results = [];
  let aliases = { n100_ms: 0, n10000_ms: 0, n100_aliases: realAliases.length, n10000_aliases: 10_000 };
  let appendResult = { per_paragraph_ms: 0, painted_same_frame: 0, paragraphs: APPENDS };
  let clear = { ours_ms: 0, markjs_ms: 0 };

  for (const spec of pages) {
    log(`\n${spec.name}`);
    // The floor is measured in the same run as DealLens, on the page load just before it, so
    // a drift of the machine's speed (a factor of two within an hour here) hits both alike;
    // the ratio is the median of the runs' own ratios.
    const floors: Record<WorldName, number[]> = { isolated: [], main: [] };
    const ratios: Record<WorldName, number[]> = { isolated: [], main: [] };
    let textNodes = 0;
    let chars = 0;

    const runs: OursRun[] = [];
    const mainRuns: OursRun[] = [];
    const appends: { perParagraph: number; sameFrame: number }[] = [];
    const clears: number[] = [];
    /** The 5 MB page with 10,000 aliases, loaded between the others so a drift of the machine's speed hits both alike. */
    const many: number[] = [];
    const synthetic = syntheticAliases(10_000 - realAliases.length);
    for (let i = 0; i < RUNS; i++) {
      if (spec.big) {
        const page = await open(spec);
        const run = await inWorld(page, 'isolated');
        await injectOurs(run, synthetic);
        many.push((await ours(page, run)).busy);
        await stopOurs(run);
        await page.close();
      }
      for (const world of ['isolated', 'main'] as const) {
        const bare = await open(spec);
        const f = await floor(await inWorld(bare, world));
        await bare.close();
        floors[world].push(f.ms);
        textNodes = f.textNodes;
        chars = f.chars;
        const page = await open(spec);
        const run = await inWorld(page, world);
        await injectOurs(run, []);
        const result = await ours(page, run);
        (world === 'main' ? mainRuns : runs).push(result);
        ratios[world].push(result.busy / f.ms);
        if (world === 'isolated' && spec.big) appends.push(await append(run, APPENDS));
        if (world === 'isolated') clears.push(await stopOurs(run));
        else await stopOurs(run);
        const left = await page.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0);
        if (left !== 0) throw new Error(`stop() left ${left} marks painted`);
        await page.close();
      }
    }
    const o = (k: keyof OursRun) => median(runs.map((r) => r[k]));
    const m = (k: keyof OursRun) => median(mainRuns.map((r) => r[k]));
    log(
      `  floor ${round(median(floors.isolated))} ms in an isolated world, ${round(median(floors.main))} ms in the page's (${textNodes} text nodes)`,
    );
    log(
      `  in the page's main world: DealLens ${round(m('busy'))} ms main thread, ${round(m('wall'))} ms wall (${round(median(ratios.main), 2)}× its floor)`,
    );
    log(
      `  DealLens ${round(o('busy'))} ms main thread, ${round(o('wall'))} ms wall, longest task of ours ${round(o('longest'))} ms (of any kind ${round(o('pageLongest'))} ms; worst run ${round(Math.max(...runs.map((r) => r.longest)))} / ${round(Math.max(...runs.map((r) => r.pageLongest)))} ms), ${o('mentions')} mentions, ${o('painted')} painted, first marks in frame ${o('framesToPaint')}`,
    );

    const mj: { ms: number; marks: number; unmarkMs: number }[] = [];
    for (let i = 0; i < (spec.noMarkjs ? 0 : MARKJS_RUNS); i++) {
      const page = await open(spec);
      mj.push(await markjs(page, realAliases));
      await page.close();
      log(`  mark.js run ${i + 1}: ${round(mj[i]?.ms ?? 0)} ms`);
    }
    const markjsMs = median(mj.map((m) => m.ms));

    results.push({
      name: spec.name.startsWith('generated')
        ? 'news-5mb'
        : spec.name.startsWith('article')
          ? 'article'
          : spec.name.startsWith('million')
            ? 'million'
            : spec.name,
      bytes: Buffer.byteLength(spec.body),
      textNodes,
      chars,
      ours_ms: round(o('busy')),
      ours_wall_ms: round(o('wall')),
      ours_longest_task_ms: round(o('longest')),
      page_longest_task_ms: round(o('pageLongest')),
      worst_run_longest_task_ms: round(Math.max(...runs.map((r) => r.longest))),
      worst_run_page_longest_task_ms: round(Math.max(...runs.map((r) => r.pageLongest))),
      ours_frames_to_paint: o('framesToPaint'),
      ours_painted: o('painted'),
      markjs_ms: round(markjsMs),
      floor_ms: round(median(floors.isolated)),
      mentions_ours: o('mentions'),
      mentions_markjs: median(mj.map((m) => m.marks)),
      markjs_over_ours: round(markjsMs / o('busy')),
      ours_over_floor: round(median(ratios.isolated), 2),
      main_world: {
        ours_ms: round(m('busy')),
        ours_wall_ms: round(m('wall')),
        floor_ms: round(median(floors.main)),
        ours_over_floor: round(median(ratios.main), 2),
      },
    });

    if (spec.big) {
      appendResult = {
        per_paragraph_ms: round(median(appends.map((a) => a.perParagraph)), 2),
        painted_same_frame: median(appends.map((a) => a.sameFrame)),
        paragraphs: APPENDS,
      };
      clear = { ours_ms: round(median(clears), 2), markjs_ms: round(median(mj.map((m) => m.unmarkMs))) };

      aliases = { ...aliases, n100_ms: round(o('busy')), n10000_ms: round(median(many)) };
      log(`  10,000 aliases: ${aliases.n10000_ms} ms vs ${aliases.n100_ms} ms`);
    }
  }
  await browser.close();
  await server.close();

  const report = {
    pages: results,
    aliases,
    append: appendResult,
    clear,
    content_script: {
      bytes: size.bytes,
      gzip_bytes: size.gzip,
      js_gzip_bytes: size.jsGzip,
      css_gzip_bytes: size.cssGzip,
    },
    runs: RUNS,
    markjs_runs: MARKJS_RUNS,
    chromium: execFileSync(findChromium(), ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim(),
  };
  if (json) {
    console.log(JSON.stringify(report));
    return;
  }
  const ran = (x: number) => !Number.isNaN(x);
  console.log(
    `\nmedian of ${RUNS} runs (mark.js: ${MARKJS_RUNS}), ${report.chromium}; DealLens and the floor in an isolated world, as a content script runs, mark.js in the page's\n`,
  );
  console.log(
    '| page | bytes | text nodes | DealLens ms | wall ms | longest task of ours ms | longest task of any kind ms | mark.js ms | floor ms | mark.js / DealLens | DealLens / floor | mentions (DealLens / mark.js) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.bytes.toLocaleString('en')} | ${r.textNodes.toLocaleString('en')} | ${r.ours_ms} | ${r.ours_wall_ms} | ${r.ours_longest_task_ms} | ${r.page_longest_task_ms} | ${ran(r.markjs_ms) ? r.markjs_ms.toLocaleString('en') : 'not run'} | ${r.floor_ms} | ${ran(r.markjs_over_ours) ? `${r.markjs_over_ours}×` : ''} | ${r.ours_over_floor}× | ${r.mentions_ours.toLocaleString('en')} / ${ran(r.mentions_markjs) ? r.mentions_markjs.toLocaleString('en') : ''} |`,
    );
  }
  console.log(`\nThe same, DealLens and the floor in the page's main world:\n`);
  console.log('| page | DealLens ms | wall ms | floor ms | DealLens / floor |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    const w = r.main_world;
    console.log(`| ${r.name} | ${w.ours_ms} | ${w.ours_wall_ms} | ${w.floor_ms} | ${w.ours_over_floor}× |`);
  }
  console.log(`\n| | DealLens | mark.js |`);
  console.log('| --- | --- | --- |');
  console.log(`| ${aliases.n100_aliases} aliases (5 MB page) | ${aliases.n100_ms} ms | |`);
  console.log(
    `| 10,000 aliases (5 MB page) | ${aliases.n10000_ms} ms (${round(aliases.n10000_ms / aliases.n100_ms, 2)}×) | |`,
  );
  console.log(
    `| append a paragraph (median of ${APPENDS}) | ${appendResult.per_paragraph_ms} ms, ${appendResult.painted_same_frame}/${APPENDS} painted in the frame of their mutation | |`,
  );
  console.log(
    `| clear all marks | ${clear.ours_ms} ms | ${ran(clear.markjs_ms) ? `${clear.markjs_ms} ms (unmark)` : 'not run'} |`,
  );
  console.log(
    `| content script (with the dataset and its CSS) | ${size.bytes.toLocaleString('en')} bytes, ${size.gzip.toLocaleString('en')} bytes gzip (script ${size.jsGzip.toLocaleString('en')}, CSS ${size.cssGzip.toLocaleString('en')}) | |`,
  );
}

await main();
