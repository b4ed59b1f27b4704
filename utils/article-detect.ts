/**
 * Whether a page looks like a news article, for all-sites mode: DealLens then marks news
 * and leaves shops, dashboards and web apps alone unless the reader chose "every page".
 */

const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'blogposting',
  'opinionnewsarticle',
  'report',
]);

function jsonLdTypes(node: unknown, out: string[], depth = 0): void {
  if (depth > 6 || !node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node.slice(0, 50)) jsonLdTypes(n, out, depth + 1);
    return;
  }
  const o = node as Record<string, unknown>;
  const t = o['@type'];
  if (typeof t === 'string') out.push(t);
  else if (Array.isArray(t)) out.push(...t.filter((x): x is string => typeof x === 'string'));
  if (o['@graph']) jsonLdTypes(o['@graph'], out, depth + 1);
}

/** The reason `doc` counts as an article, or undefined when it does not. */
export function articleSignal(doc: Document): 'og:type' | 'json-ld' | 'article-element' | undefined {
  const og = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim().toLowerCase();
  if (og === 'article') return 'og:type';
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    if (text.length > 500_000) continue;
    try {
      const types: string[] = [];
      jsonLdTypes(JSON.parse(text), types);
      if (types.some((t) => ARTICLE_TYPES.has(t.toLowerCase()))) return 'json-ld';
    } catch {
      // A page's broken JSON-LD is its own business.
    }
  }
  // An <article> that holds most of the page's text.
  const body = doc.body?.textContent?.length ?? 0;
  if (body > 0) {
    for (const a of doc.querySelectorAll('article')) {
      if ((a.textContent?.length ?? 0) >= body * 0.5) return 'article-element';
    }
  }
  return undefined;
}
