/** The deal graph's keyboard: its single tab stop survives the page's companies changing. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { DealGraph, pageGraph } from '../../components/DealGraph.tsx';
import { dataset } from '../../data/index.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();
const page = (...ids: string[]) => ids.map((id, i) => ({ id, count: 10 - i }));

describe('deal graph roving tabindex', () => {
  it('keeps one node in the Tab order after the page names fewer companies', () => {
    const show = (ids: string[]) =>
      act(() => render(<DealGraph graph={pageGraph(dataset, page(...ids))} onNode={() => {}} />, root()));
    show(['openai', 'amazon', 'nvidia', 'microsoft', 'oracle']);
    const nodes = () => [...root().querySelectorAll<HTMLButtonElement>('.node')];
    nodes()[0]?.focus();
    // The reader moves to the last node with End.
    act(() => {
      nodes()[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(nodes().findIndex((n) => n.tabIndex === 0)).toBe(4);
    // The popup's digest updates (a live page, an SPA navigation): three companies now.
    show(['openai', 'amazon', 'nvidia']);
    expect(nodes()).toHaveLength(3);
    expect(
      nodes().filter((n) => n.tabIndex === 0),
      'no node of the graph can be reached with Tab',
    ).toHaveLength(1);
  });
});
