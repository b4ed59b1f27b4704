/**
 * Pages for `npm run bench`, generated from a seed so every run reads the same bytes: a
 * ~5 MB news front page (thousands of stories with the inline markup real pages have: links,
 * bold, emphasis, bylines, captions, code, scripts) and a ~1,500-word article. Company
 * names are spread throughout, in the forms the detector meets in the wild.
 */

/** A small deterministic PRNG (mulberry32): the same page on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = [
  'OpenAI',
  'Nvidia',
  'Microsoft',
  'Amazon Web Services',
  'AWS',
  'Oracle',
  'SoftBank',
  'AMD',
  'Broadcom',
  'CoreWeave',
  'Anthropic',
  'Google',
  'Alphabet',
  'Meta',
  'Intel',
  'Nvidia Corp.',
  'Microsoft Azure',
  'xAI',
  'TSMC',
  'Amazon',
];

const WORDS =
  'the a market investors said on Monday that its new data center plans would need more power than expected while analysts noted quarterly revenue growth slowed as spending rose across the sector and executives declined to comment on the timing of the deal which people familiar with the matter described as one of the largest of the year for the industry'.split(
    ' ',
  );

const NAMES = ['Jane Doe', 'Ravi Patel', 'Maria Lopez', 'Chen Wei', 'Tom Becker', 'Aisha Khan'];

function words(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)] as string);
  return out.join(' ');
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** One sentence with inline markup around some words and, often, a company name. */
function sentence(r: () => number): string {
  const parts = [words(r, 4 + Math.floor(r() * 6))];
  if (r() < 0.55) {
    const name = pick(r, COMPANIES);
    const form = r();
    if (form < 0.5) parts.push(`${name} shares`);
    else if (form < 0.7) parts.push(`<a href="/company/${encodeURIComponent(name)}">${name}</a>`);
    else if (form < 0.8) parts.push(`<b>${name}</b>’s cloud`);
    else parts.push(`${name} said`);
  }
  parts.push(words(r, 3 + Math.floor(r() * 6)));
  if (r() < 0.3) parts.push(`<em>${words(r, 2)}</em>`);
  if (r() < 0.2) parts.push(`<a href="/story/${Math.floor(r() * 1e6)}">${words(r, 3)}</a>`);
  if (r() < 0.1) parts.push(`$${Math.floor(r() * 90) + 10} billion`);
  return `${parts.join(' ')}.`;
}

function story(r: () => number, i: number): string {
  const paras: string[] = [];
  const n = 2 + Math.floor(r() * 2);
  for (let p = 0; p < n; p++) {
    const s = 1 + Math.floor(r() * 2);
    paras.push(`<p>${Array.from({ length: s }, () => sentence(r)).join(' ')}</p>`);
  }
  const extra =
    i % 40 === 0
      ? `<pre><code>import openai\nclient = openai.OpenAI()</code></pre>`
      : i % 25 === 0
        ? `<figure><img src="data:," alt=""><figcaption>${sentence(r)}</figcaption></figure>`
        : '';
  return `<article class="story" id="s${i}"><h2><a href="/story/${i}">${pick(r, COMPANIES)} ${words(r, 5)}</a></h2>
<p class="meta"><time datetime="2026-11-${String((i % 27) + 1).padStart(2, '0')}">Nov ${(i % 27) + 1}</time> · <span class="byline">By <a href="/author/${i % 6}">${pick(r, NAMES)}</a></span></p>
${paras.join('\n')}${extra}
<ul class="tags"><li><a href="/tag/ai">AI</a></li><li><a href="/tag/cloud">Cloud</a></li></ul></article>`;
}

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Markets — DealLens bench</title>
<style>body{font:16px/1.5 Georgia,serif;margin:0 auto;max-width:760px;padding:0 16px}nav a{margin-right:8px}.meta{color:#666;font-size:13px}.tags{display:flex;gap:8px;list-style:none;padding:0;font-size:12px}</style>
<script>window.__pageStart = performance.now();</script></head>`;

/** The big page: stories until it reaches `bytes` (default ~5 MB). */
export function bigPage(bytes = 5_000_000, seed = 7): string {
  const r = rng(seed);
  const nav = `<header><nav>${['World', 'Business', 'Markets', 'Technology', 'AI', 'Cloud'].map((s) => `<a href="/${s}">${s}</a>`).join('')}</nav></header>`;
  const out: string[] = [HEAD, `<body>${nav}<main>`];
  let size = out.join('').length;
  for (let i = 0; size < bytes - 200; i++) {
    const s = story(r, i);
    out.push(s);
    size += s.length + 1;
  }
  out.push('</main><footer><p>© 2026 Bench News</p></footer></body></html>');
  return out.join('\n');
}

/** A typical article: a headline and ~1,500 words in ~20 paragraphs. */
export function articlePage(seed = 11): string {
  const r = rng(seed);
  const paras: string[] = [];
  let wordCount = 0;
  while (wordCount < 1500) {
    const p = Array.from({ length: 3 + Math.floor(r() * 3) }, () => sentence(r)).join(' ');
    wordCount += p.replace(/<[^>]+>/g, '').split(/\s+/).length;
    paras.push(`<p>${p}</p>`);
  }
  return `${HEAD}<body><header><nav><a href="/">Home</a><a href="/tech">Tech</a></nav></header><main><article>
<h1>OpenAI signs a $38 billion cloud deal with Amazon Web Services</h1>
<p class="meta">By <a href="/author/1">Jane Doe</a> · <time>Nov 3, 2026</time></p>
${paras.join('\n')}
</article></main></body></html>`;
}

/** The paragraph appended `i`-th in the append benchmark: every one names a company. */
export function appendedParagraph(i: number): string {
  const r = rng(1000 + i);
  return `Update ${i}: ${words(r, 6)} <b>OpenAI</b> ${words(r, 5)} Nvidia shares ${words(r, 4)}.`;
}

/** `n` made-up company names for the many-aliases benchmark, distinct from real names. */
export function syntheticAliases(n: number, seed = 3): string[] {
  const r = rng(seed);
  const syl = [
    'zor',
    'blax',
    'quen',
    'trav',
    'mig',
    'dol',
    'pex',
    'vur',
    'nak',
    'sil',
    'tor',
    'wen',
    'gri',
    'fla',
    'bov',
  ];
  const out = new Set<string>();
  while (out.size < n) {
    const a = Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(r, syl)).join('');
    const b = r() < 0.5 ? ` ${pick(r, ['Labs', 'Systems', 'Dynamics', 'Compute', 'Cloud'])}` : '';
    out.add(`${a[0]?.toUpperCase()}${a.slice(1)}${b}`);
  }
  return [...out];
}

/**
 * One million text nodes, built by the page's own script before DealLens starts: 50,000
 * paragraphs of 20 text nodes (split by inline tags), 10,000 of them naming a company. The
 * reliability e2e test loads the same page.
 */
export function millionPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A million text nodes</title></head><body><script>
const names = ['OpenAI', 'Nvidia', 'Microsoft', 'Broadcom', 'CoreWeave'];
const frag = document.createDocumentFragment();
for (let p = 0; p < 50000; p++) {
  const el = document.createElement('p');
  for (let t = 0; t < 10; t++) {
    el.appendChild(document.createTextNode(p % 5 === 0 && t === 0 ? names[p % 25 / 5] + ' said ' : 'word '));
    el.appendChild(document.createElement('b')).appendChild(document.createTextNode('x '));
  }
  frag.appendChild(el);
}
document.body.appendChild(frag);
</script></body></html>`;
}
