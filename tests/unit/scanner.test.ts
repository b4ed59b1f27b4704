import { describe, expect, it } from 'vitest';
import { type Block, collectBlocks, createBlockWalker, isSkipped, rangeFor } from '../../utils/scanner.ts';

function doc(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

describe('collectBlocks', () => {
  it('joins inline markup so a split name reads as one word', () => {
    const blocks = collectBlocks(doc('<p>Open<b>AI</b> and <a href="#">Amazon <i>Web</i> Services</a>.</p>'));
    expect(blocks.map((b) => b.text)).toEqual(['OpenAI and Amazon Web Services.']);
  });

  it('splits blocks at block elements and line breaks', () => {
    const blocks = collectBlocks(
      doc('<div>Nvidia<div>chips</div>shares</div><p>one<br>two</p><ul><li>A</li><li>B</li></ul>'),
    );
    expect(blocks.map((b) => b.text)).toEqual(['Nvidia', 'chips', 'shares', 'one', 'two', 'A', 'B']);
  });

  it('skips scripts, styles, code, form fields, editors and hidden text', () => {
    const blocks = collectBlocks(
      doc(`<p>kept</p><script>var OpenAI</script><style>.x{}</style><pre>pre</pre><p>a <code>openai</code> b</p>
      <textarea>typed</textarea><select><option>opt</option></select><div contenteditable="true">draft</div>
      <div contenteditable="false">not editable</div><p hidden>hidden</p><p aria-hidden="true">aria</p>
      <deallens-card><p>card</p></deallens-card><noscript>ns</noscript>`),
    );
    expect(blocks.map((b) => b.text.trim())).toEqual(['kept', 'a', 'b', 'not editable']);
  });

  it('reads the skip attributes as the browser would: only aria-hidden="true", any editor but contenteditable="false"', () => {
    const root = doc(`<p aria-hidden="false">a</p><p aria-hidden="TRUE">b</p><p contenteditable="">c</p>
      <p contenteditable="plaintext-only">d</p><p contenteditable="false">e</p><p hidden="">f</p><p class="x">g</p>`);
    const skipped = [...root.querySelectorAll('p')].map((p) => isSkipped(p));
    expect(skipped).toEqual([false, false, true, true, false, true, false]);
  });

  it('maps whitespace one to one so offsets stay exact', () => {
    const [block] = collectBlocks(doc('<p>OpenAI\nand\u00a0AWS</p>'));
    expect(block?.text).toBe('OpenAI and AWS');
  });
});

describe('the text-only walk', () => {
  it('joins across comments and empty inline elements, and splits at images and skipped elements', () => {
    const blocks = collectBlocks(
      doc(`<p>Open<!-- c --><b>AI</b> and Open<span></span>AI</p><p>a<img alt="">b</p>
      <p>one<span hidden>two</span>three</p><p>x<input>y</p>`),
    );
    expect(blocks.map((b) => b.text)).toEqual(['OpenAI and OpenAI', 'a', 'b', 'one', 'three', 'x', 'y']);
  });

  it('skips SVG text, hidden sections and blocks inside skipped inline elements', () => {
    const blocks = collectBlocks(
      doc(`<p>kept</p><svg><text>OpenAI</text></svg><section hidden><p>Nvidia</p></section>
      <kbd><div>AWS</div></kbd><div aria-hidden="true"><p>Oracle</p></div><p>end</p>`),
    );
    expect(blocks.map((b) => b.text.trim())).toEqual(['kept', 'end']);
  });

  it('gives the block element each block lives in', () => {
    const blocks = collectBlocks(doc('<div>Nvidia<p>chips <a href="#">AWS</a></p>shares</div>'));
    expect(blocks.map((b) => (b.el as Element).tagName)).toEqual(['DIV', 'P', 'DIV']);
  });

  it('reads the same blocks when stopped at every deadline and resumed', () => {
    const html = `<h1>OpenAI and <i>AWS</i></h1>${'<p>Open<b>AI</b> rents <a href="#">Nvidia</a> chips<br>from AWS.</p>'.repeat(
      2000,
    )}<pre>code</pre><p>last</p>`;
    const whole = collectBlocks(doc(html)).map((b) => b.text);
    const walker = createBlockWalker(doc(html));
    const sliced: Block[] = [];
    let reads = 0;
    while (!walker.read(sliced, performance.now() - 1)) reads++;
    expect(reads).toBeGreaterThan(1);
    expect(sliced.map((b) => b.text)).toEqual(whole);
  });
});

describe('rangeFor', () => {
  it('covers the right characters across text nodes', () => {
    const [block] = collectBlocks(doc('<p>Deal: Open<b>AI</b> signs</p>'));
    if (!block) throw new Error('no block');
    const start = block.text.indexOf('OpenAI');
    const range = rangeFor(block, start, start + 6);
    expect(range.toString()).toBe('OpenAI');
    expect(range.startContainer.textContent).toBe('Deal: Open');
    expect(range.endContainer.textContent).toBe('AI');
  });

  it('keeps a range that ends at a node boundary in the earlier node', () => {
    const [block] = collectBlocks(doc('<p><b>AWS</b> cloud</p>'));
    if (!block) throw new Error('no block');
    const range = rangeFor(block, 0, 3);
    expect(range.toString()).toBe('AWS');
    expect(range.endContainer.textContent).toBe('AWS');
  });

  it('never changes the DOM', () => {
    const html = '<p>Open<b>AI</b> and <a href="#">AWS</a></p>';
    const d = doc(html);
    const before = d.body.innerHTML;
    const [block] = collectBlocks(d);
    if (block) rangeFor(block, 0, 6);
    expect(d.body.innerHTML).toBe(before);
  });
});
