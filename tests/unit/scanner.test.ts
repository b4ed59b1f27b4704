import { describe, expect, it } from 'vitest';
import { collectBlocks, rangeFor } from '../../utils/scanner.ts';

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

  it('maps whitespace one to one so offsets stay exact', () => {
    const [block] = collectBlocks(doc('<p>OpenAI\nand\u00a0AWS</p>'));
    expect(block?.text).toBe('OpenAI and AWS');
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
