/** Keyboard navigation between marks (document order, wrapping) and the background's "Search all deals". */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSearch, runCommand, searchPath } from '../../utils/background/commands.ts';
import { firstIndex, inDocumentOrder, MarkIndex, nextAfter } from '../../utils/hit-test.ts';

function marksIn(html: string) {
  document.body.innerHTML = html;
  const marks: { id: string; range: Range }[] = [];
  for (const b of document.querySelectorAll('b')) {
    const r = document.createRange();
    r.selectNodeContents(b.firstChild as Node);
    marks.push({ id: b.textContent ?? '', range: r });
  }
  return marks;
}

describe('navigation between marks', () => {
  it('sorts marks into document order (and leaves sorted ones as they are)', () => {
    const [a, b, c] = marksIn('<p><b>A</b> x <b>B</b></p><p><b>C</b></p>');
    if (!a || !b || !c) throw new Error('marks');
    const sorted = [a, b, c];
    expect(inDocumentOrder(sorted)).toBe(sorted);
    expect(inDocumentOrder([c, a, b]).map((m) => m.id)).toEqual(['A', 'B', 'C']);
  });

  it('finds the next and previous mark from any position, wrapping around the ends', () => {
    const list = marksIn('<p><b>A</b> x <b>B</b></p><p>y <i>here</i> <b>C</b></p>');
    const [a, b, c] = list;
    if (!a || !b || !c) throw new Error('marks');
    expect(nextAfter(list, a.range, 1)?.id).toBe('B');
    expect(nextAfter(list, c.range, 1)?.id).toBe('A');
    expect(nextAfter(list, a.range, -1)?.id).toBe('C');
    expect(nextAfter(list, c.range, -1)?.id).toBe('B');
    // From a point that is no mark (the reader's last position after a repaint).
    const here = document.createRange();
    here.selectNodeContents(document.querySelector('i') as Element);
    expect(nextAfter(list, here, 1)?.id).toBe('C');
    expect(nextAfter(list, here, -1)?.id).toBe('B');
    expect(nextAfter([], here, 1)).toBeUndefined();
  });

  it('binary-searches the first index where a test starts to hold', () => {
    expect(firstIndex([1, 3, 5, 7], (n) => n > 4)).toBe(2);
    expect(firstIndex([1, 3], (n) => n > 9)).toBe(2);
    expect(firstIndex([], () => true)).toBe(0);
  });

  it('recognises a repainted mark covering the same characters', () => {
    const [a] = marksIn('<p><b>OpenAI</b></p>');
    if (!a) throw new Error('marks');
    const index = new MarkIndex<string>();
    index.add(a.range, 'old');
    const again = document.createRange();
    again.setStart(a.range.startContainer, 0);
    again.setEnd(a.range.endContainer, 6);
    expect(index.same(again)).toBe('old');
    again.setEnd(a.range.endContainer, 4);
    expect(index.same(again)).toBeUndefined();
  });

  it('indexes a mark over several text nodes in each of them, and knows it only by its own characters', () => {
    document.body.innerHTML = '<p>Amazon <em>Web</em> Services</p>';
    const p = document.querySelector('p') as HTMLElement;
    const [first, em, last] = [...p.childNodes] as [Text, HTMLElement, Text];
    const middle = em.firstChild as Text;
    const whole = document.createRange();
    whole.setStart(first, 0);
    whole.setEnd(last, 9);
    const index = new MarkIndex<string>();
    index.add(whole, 'aws');
    // "Web Services" starts in the middle node, where the mark is indexed too: not the same characters.
    const part = document.createRange();
    part.setStart(middle, 0);
    part.setEnd(last, 9);
    expect(index.same(part)).toBeUndefined();
    const again = whole.cloneRange();
    expect(index.same(again)).toBe('aws');
  });
});

describe('background commands', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      action: { default_popup: 'popup.html' },
    } as ReturnType<typeof fakeBrowser.runtime.getManifest>);
  });

  it('puts the query and the tab in the popup address', () => {
    expect(searchPath('Nvidia', 12)).toBe('popup.html?q=Nvidia&tab=12');
    expect(searchPath('Amazon Web Services', undefined)).toBe('popup.html?q=Amazon+Web+Services');
    expect(searchPath('  ', undefined)).toBe('popup.html');
  });

  it('ignores commands it does not know', async () => {
    expect(await runCommand('something-else', 1)).toBe(false);
  });

  it('opens the toolbar popup for the tab with the query, then restores the plain popup', async () => {
    const setPopup = vi.spyOn(fakeBrowser.action, 'setPopup').mockResolvedValue();
    const openPopup = vi.spyOn(fakeBrowser.action, 'openPopup').mockResolvedValue();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await openSearch('Nvidia', { id: 7, windowId: 2, index: 0 } as never)).toBe(true);
    expect(setPopup).toHaveBeenNthCalledWith(1, { tabId: 7, popup: 'popup.html?q=Nvidia&tab=7' });
    expect(openPopup).toHaveBeenCalledWith({ windowId: 2 });
    expect(setPopup).toHaveBeenLastCalledWith({ tabId: 7, popup: expect.stringMatching(/popup\.html$/) });
    expect(create).not.toHaveBeenCalled();
  });

  it('opens the same search in a new tab where the popup cannot be opened', async () => {
    vi.spyOn(fakeBrowser.action, 'setPopup').mockResolvedValue();
    vi.spyOn(fakeBrowser.action, 'openPopup').mockRejectedValue(new Error('no user gesture'));
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    expect(await openSearch('Nvidia', { id: 7, windowId: 2, index: 3 } as never)).toBe(true);
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        url: expect.stringMatching(/\/popup\.html\?q=Nvidia&tab=7$/),
        windowId: 2,
        index: 4,
        openerTabId: 7,
      }),
    );
  });
});
