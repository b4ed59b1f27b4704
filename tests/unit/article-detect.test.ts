import { describe, expect, it } from 'vitest';
import { articleSignal } from '../../utils/article-detect.ts';

function page(head: string, body: string): Document {
  const doc = document.implementation.createHTMLDocument('t');
  doc.head.innerHTML = head;
  doc.body.innerHTML = body;
  return doc;
}

describe('articleSignal', () => {
  it.each([
    ['og:type article', page('<meta property="og:type" content="article">', '<p>x</p>'), 'og:type'],
    [
      'JSON-LD NewsArticle in a @graph',
      page(
        '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"]}]}</script>',
        '<p>x</p>',
      ),
      'json-ld',
    ],
    [
      'an <article> holding most text',
      page('', `<nav>Menu</nav><article><p>${'Text. '.repeat(50)}</p></article>`),
      'article-element',
    ],
    ['a shop page', page('<meta property="og:type" content="product">', '<div>Buy now</div>'), undefined],
    ['broken JSON-LD', page('<script type="application/ld+json">{nope</script>', '<div>x</div>'), undefined],
    [
      'a small <article> teaser on a long page',
      page('', `<article>Teaser</article><div>${'Other. '.repeat(100)}</div>`),
      undefined,
    ],
  ])('%s', (_what, doc, expected) => expect(articleSignal(doc)).toBe(expected));
});
