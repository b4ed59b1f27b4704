/**
 * The page's deal picture: the companies on the page as nodes on a circle, the dataset's deals
 * between them as edges labelled with amounts. Plain SVG, laid out the same way every time.
 * The picture is one image (role="img" with a title and a description); the nodes are HTML
 * buttons placed over it, so they can be focused and pressed without nesting controls in an
 * image, and a visually hidden list states the same facts for screen readers.
 */
import { useState } from 'preact/hooks';
import type { Dataset, Deal, Entity } from '../data/schema.ts';
import { dealPairs, pairAmount } from '../utils/facts.ts';
import { formatDealAmount, formatUsd, noAmount } from '../utils/format.ts';
import type { EntityCount } from '../utils/messaging.ts';
import { gigawattForms } from '../utils/search.ts';

export interface GraphNode {
  id: string;
  name: string;
  /** What the node shows (a short form of long names). */
  label: string;
  count: number;
}

export interface GraphEdge {
  a: string;
  b: string;
  /** The deals between the two, by the amount between them, largest first. */
  deals: Deal[];
  /** Each deal's amount that passes between the two (by deal id): null when the sources give them none of it. */
  amounts: Map<string, number | null>;
}

export interface PageGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Every deal that links two companies of the page, newest first. */
  deals: Deal[];
}

/**
 * A name short enough for a node: the name itself when short, else the alias it starts with
 * ("SoftBank" for SoftBank Group) or its short capital form ("AWS" for Amazon Web Services).
 */
export function shortName(entity: Entity): string {
  if (entity.name.length <= 12) return entity.name;
  const names = entity.aliases
    .filter((a) => (a.kind ?? 'name') === 'name' && !a.text.startsWith('@') && a.text.length < entity.name.length)
    .map((a) => a.text);
  return (
    names.find((n) => entity.name.startsWith(`${n} `)) ??
    names.filter((n) => /^[A-Z0-9]{2,6}$/.test(n)).sort((a, b) => a.length - b.length)[0] ??
    entity.name
  );
}

/** The companies of a page and the dataset's deals between them. */
export function pageGraph(data: Dataset, entities: readonly EntityCount[]): PageGraph {
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  const onPage = new Set(entities.map((e) => e.id));
  // A deal with AWS links Amazon when only Amazon is named on the page, and the other way round.
  const nodeFor = (id: string): string | undefined => {
    if (onPage.has(id)) return id;
    const parent = byId.get(id)?.parent;
    if (parent && onPage.has(parent)) return parent;
    return data.entities.find((e) => e.parent === id && onPage.has(e.id))?.id;
  };
  const edges = new Map<string, GraphEdge>();
  const deals: Deal[] = [];
  for (const deal of data.deals) {
    // The pairs the deal joins, as the page names them: co-investors in a round are no pair.
    // With the amount that passes between each pair, as the page's nodes draw them.
    const keys = new Map<string, number | null>();
    // Shares of a split add up (Amazon's and AWS's parts); an unsplit whole is counted once.
    const split = deal.parties.some((p) => p.amount_usd !== undefined);
    for (const [x, y] of dealPairs(deal)) {
      const nx = nodeFor(x);
      const ny = nodeFor(y);
      if (!nx || !ny || nx === ny) continue;
      const key = nx < ny ? `${nx} ${ny}` : `${ny} ${nx}`;
      const amount = pairAmount(deal, x, y);
      const before = keys.get(key) ?? null;
      keys.set(
        key,
        amount === null ? before : before === null ? amount : split ? before + amount : Math.max(before, amount),
      );
    }
    if (keys.size === 0) continue;
    deals.push(deal);
    for (const [key, amount] of keys) {
      const [a, b] = key.split(' ') as [string, string];
      const edge: GraphEdge = edges.get(key) ?? { a, b, deals: [], amounts: new Map() };
      edge.deals.push(deal);
      edge.amounts.set(deal.id, amount);
      edges.set(key, edge);
    }
  }
  // The label is the first deal's: one in force before a letter that never closed or a deal that ended.
  const over = (d: Deal) => (d.status === 'not-finalized' || d.status === 'ended' ? 1 : 0);
  for (const e of edges.values()) {
    e.deals.sort((x, y) => over(x) - over(y) || (e.amounts.get(y.id) ?? 0) - (e.amounts.get(x.id) ?? 0));
  }
  deals.sort((x, y) => y.announced.localeCompare(x.announced) || x.id.localeCompare(y.id));
  return {
    nodes: entities.map((e) => {
      const entity = byId.get(e.id);
      return { id: e.id, name: entity?.name ?? e.id, label: entity ? shortName(entity) : e.id, count: e.count };
    }),
    edges: [...edges.values()],
    deals,
  };
}

/** A deal's size in a few characters: "$38B", or "10 GW" when only the capacity is public. */
export function shortAmount(deal: Deal): string {
  if (deal.amount_usd !== null) return formatUsd(deal.amount_usd);
  const gw = gigawattForms(`${deal.title} ${deal.amount_text ?? ''}`)[0];
  return gw ?? noAmount(deal);
}

const WIDTH = 352;

/** Node centres on an ellipse (a circle stretched to the popup's width), most-mentioned at the top. */
export function layout(n: number, width = WIDTH): { height: number; points: { x: number; y: number }[] } {
  const height = n <= 2 ? 110 : n === 3 ? 176 : n === 4 ? 230 : 260;
  const cx = width / 2;
  const cy = height / 2;
  // Room at the sides for a node's label (at most 120 px wide, centred on its point).
  const rx = width / 2 - 64;
  const ry = height / 2 - 20;
  // Two nodes sit side by side; more start at the top and go clockwise.
  const start = n === 2 ? Math.PI : -Math.PI / 2;
  const raw = Array.from({ length: n }, (_, i) => {
    const t = start + (2 * Math.PI * i) / n;
    return { x: cx + rx * Math.cos(t), y: cy + ry * Math.sin(t) };
  });
  // An odd polygon is not symmetric top to bottom (a triangle points up): centre its extent.
  const ys = raw.map((p) => p.y);
  const shift = n > 0 ? height / 2 - (Math.min(...ys) + Math.max(...ys)) / 2 : 0;
  return { height, points: raw.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y + shift) })) };
}

/**
 * What an edge shows of a deal: the amount between its two companies; the capacity when no
 * amount was disclosed ("10 GW"); nothing when the amount went to other parties.
 */
export function edgeAmount(e: GraphEdge, deal: Deal): string {
  if (deal.amount_usd === null) return shortAmount(deal);
  const between = e.amounts.get(deal.id) ?? null;
  // As the deal words it: "up to $10B" (Nvidia's part of "up to $15B"), "+$100B".
  return between === null ? '' : formatDealAmount({ amount_usd: between, amount_text: deal.amount_text });
}

const pairText = (names: Map<string, string>, e: GraphEdge) =>
  `${names.get(e.a) ?? e.a} and ${names.get(e.b) ?? e.b}: ${e.deals
    .map((d) => `${d.title} (${[edgeAmount(e, d), d.announced.slice(0, 7)].filter(Boolean).join(', ')})`)
    .join('; ')}`;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** About how wide a text of the graph's small type is (no layout is asked for). */
const textWidth = (text: string, px: number) => text.length * px * 0.6;

/** Whether the segment from `p` to `q` passes through `box`. */
function crosses(p: { x: number; y: number }, q: { x: number; y: number }, box: Box): boolean {
  // Clipped against each side in turn (Liang–Barsky): some part of it left inside is a crossing.
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [d, gap] of [
    [-dx, p.x - box.left],
    [dx, box.right - p.x],
    [-dy, p.y - box.top],
    [dy, box.bottom - p.y],
  ] as const) {
    if (d === 0) {
      if (gap < 0) return false;
      continue;
    }
    const t = gap / d;
    if (d < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/** Places along a line, as parts of its length, a label may sit: sides of the polygon at their middle first, diagonals off-centre. */
const SIDE_SPOTS = [0.5, 0.36, 0.64, 0.28, 0.72];
const DIAGONAL_SPOTS = [0.36, 0.64, 0.5, 0.28, 0.72];

/**
 * Where each edge's label goes: the first spot along its line where it covers no node and no
 * label placed before it, and no other line passes through it (a label on a crossing could
 * be either line's); failing that, one where only a line passes; failing that, none (the
 * lines stay, and the list for screen readers and the deal list below say everything).
 * Edges with more deals are labelled first.
 */
function placeLabels(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  at: Map<string, { x: number; y: number }>,
  index: Map<string, number>,
  points: readonly { x: number; y: number }[],
): Map<GraphEdge, { x: number; y: number; text: string; more: string }> {
  const taken: Box[] = nodes.map((node, i) => {
    const p = points[i] ?? { x: 0, y: 0 };
    const half = Math.min(120, textWidth(node.label, 12) + 24) / 2;
    return { left: p.x - half, right: p.x + half, top: p.y - 14, bottom: p.y + 14 };
  });
  const out = new Map<GraphEdge, { x: number; y: number; text: string; more: string }>();
  const n = nodes.length;
  const ends = (e: GraphEdge) => [at.get(e.a), at.get(e.b)] as const;
  for (const e of [...edges].sort((x, y) => y.deals.length - x.deals.length)) {
    const [p, q] = ends(e);
    const top = e.deals[0];
    if (!p || !q || !top) continue;
    const i = index.get(e.a) ?? 0;
    const j = index.get(e.b) ?? 0;
    const side = Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
    const [from, to] = i < j ? [p, q] : [q, p];
    // The amount between the two; where the sources give them none of it, how many deals.
    const amount = edgeAmount(e, top);
    const others = e.deals.length - 1;
    const text = amount || `${e.deals.length} ${e.deals.length === 1 ? 'deal' : 'deals'}`;
    const more = amount && others > 0 ? `+${others} ${others === 1 ? 'deal' : 'deals'}` : '';
    const half = Math.max(textWidth(text, 11), textWidth(more, 10)) / 2 + 2;
    const spots = (side ? SIDE_SPOTS : DIAGONAL_SPOTS).map((t) => {
      const x = from.x + (to.x - from.x) * t;
      const y = from.y + (to.y - from.y) * t;
      return { x, y, box: { left: x - half, right: x + half, top: y - (more ? 11 : 7), bottom: y + (more ? 15 : 7) } };
    });
    const free = spots.filter((s) => !taken.some((b) => overlaps(b, s.box)));
    const clear = free.find((s) =>
      edges.every((o) => {
        if (o === e) return true;
        const [a, b] = ends(o);
        return !a || !b || !crosses(a, b, s.box);
      }),
    );
    const spot = clear ?? free[0];
    if (!spot) continue;
    taken.push(spot.box);
    out.set(e, { x: spot.x, y: spot.y, text, more });
  }
  return out;
}

export function DealGraph({
  graph,
  onNode,
}: {
  graph: PageGraph;
  /** Jump to the company's next mention on the page. */
  onNode: (id: string) => void;
}) {
  const { nodes, edges } = graph;
  const [chosen, setFocus] = useState(0);
  // The page can name fewer companies since a node was chosen: the last one keeps the tab stop.
  const focus = Math.min(chosen, nodes.length - 1);
  const { height, points } = layout(nodes.length);
  const at = new Map(nodes.map((n, i) => [n.id, points[i] ?? { x: 0, y: 0 }]));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const strongest = Math.max(1, ...edges.map((e) => e.deals.length));
  const summary =
    edges.length === 0
      ? `No deal in the dataset links ${nodes.map((n) => n.name).join(', ')}.`
      : `${edges.length} ${edges.length === 1 ? 'link' : 'links'}: ${edges.map((e) => pairText(names, e)).join('. ')}.`;

  // One tab stop for the nodes; arrow keys move between them (a roving tabindex).
  const onKeyDown = (e: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step === undefined && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const n = nodes.length;
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : (focus + (step ?? 0) + n) % n;
    setFocus(next);
    (e.currentTarget as HTMLElement).parentElement?.querySelectorAll<HTMLButtonElement>('.node')[next]?.focus();
  };

  const labels = placeLabels(nodes, edges, at, index, points);

  return (
    <figure class="graph" data-testid="deal-graph">
      <div class="graph-canvas" style={{ height: `${height}px` }}>
        <svg
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-labelledby="graph-title"
          aria-describedby="graph-desc"
        >
          <title id="graph-title">Deals between the companies on this page</title>
          <desc id="graph-desc">{summary}</desc>
          {edges.map((e) => {
            const p = at.get(e.a);
            const q = at.get(e.b);
            if (!p || !q) return null;
            const label = labels.get(e);
            return (
              <g key={`${e.a}-${e.b}`} class="edge" data-edge={`${e.a} ${e.b}`}>
                <line
                  x1={p.x}
                  y1={p.y}
                  x2={q.x}
                  y2={q.y}
                  stroke-width={1.5 + (2.5 * (e.deals.length - 1)) / strongest}
                />
                {label && (
                  <text
                    x={label.x}
                    y={label.y - (label.more ? 4 : 0)}
                    class="edge-label"
                    text-anchor="middle"
                    dominant-baseline="middle"
                  >
                    {label.text}
                  </text>
                )}
                {label?.more && (
                  <text x={label.x} y={label.y + 9} class="edge-more" text-anchor="middle" dominant-baseline="middle">
                    {label.more}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {nodes.map((node, i) => {
          const p = points[i] ?? { x: 0, y: 0 };
          return (
            <button
              key={node.id}
              type="button"
              class="node"
              data-entity={node.id}
              tabIndex={i === focus ? 0 : -1}
              style={{ left: `${p.x}px`, top: `${p.y}px` }}
              aria-describedby="jump-hint"
              onClick={() => {
                setFocus(i);
                onNode(node.id);
              }}
              onKeyDown={onKeyDown}
            >
              <span class="node-name">{node.label}</span>
              {node.label !== node.name && <span class="sr-only"> ({node.name})</span>}
              {/* How often the page names it is in the list above; on a line's end it read as a count of deals. */}
              <span class="sr-only">
                , {node.count} {node.count === 1 ? 'mention' : 'mentions'}
              </span>
            </button>
          );
        })}
      </div>
      <ul class="sr-only" aria-label="Deal links">
        {edges.map((e) => (
          <li key={`${e.a}-${e.b}`}>{pairText(names, e)}</li>
        ))}
      </ul>
    </figure>
  );
}
