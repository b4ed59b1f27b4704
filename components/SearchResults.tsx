/** The popup's search results: one listbox option per deal or company, matched words emphasised. */
import type { FuseResultMatch } from 'fuse.js';
import { type FactIndex, namedVia } from '../utils/facts.ts';
import { formatDealAmount, KIND_LABEL, monthYear } from '../utils/format.ts';
import { rangesFor, type SearchHit, segments } from '../utils/search.ts';
import { StatusChip } from './DealItem.tsx';

type Ranges = ReadonlyArray<readonly [number, number]>;

/** Text with its matched words in <mark>: built from text nodes only, never from HTML. */
export function Highlight({ text, ranges }: { text: string; ranges: Ranges }) {
  return (
    <>
      {segments(text, ranges).map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of one string never reorder.
          <mark key={i}>{s.text}</mark>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/**
 * A window of at most `max` characters of `text` around its first match, with the ranges
 * moved to match, so a hit deep in a long summary is still in view.
 */
export function excerpt(text: string, ranges: Ranges, max = 150): { text: string; ranges: Ranges } {
  if (text.length <= max) return { text, ranges };
  const first = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) : 0;
  let start = first < max - 40 ? 0 : Math.max(0, first - 40);
  // Start at a word so the excerpt does not open mid-word.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  const end = Math.min(text.length, start + max);
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const shift = lead.length - start;
  return {
    text: `${lead}${text.slice(start, end).trimEnd()}${tail}`,
    ranges: ranges.filter(([s, e]) => s >= start && e < end).map(([s, e]) => [s + shift, e + shift] as const),
  };
}

/** The first match in a field the row does not show (an alias, an amount form), to say why it matched. */
function hiddenMatch(matches: readonly FuseResultMatch[], keys: readonly string[]): FuseResultMatch | undefined {
  return matches.find((m) => m.key !== undefined && keys.includes(m.key) && m.value && m.indices.length > 0);
}

/** Whether `text` shows every matched part of `m` (so saying what matched would repeat it). */
function shows(text: string, m: FuseResultMatch): boolean {
  const lower = text.toLowerCase();
  const value = m.value ?? '';
  return m.indices.every(([s, e]) =>
    lower.includes(
      value
        .slice(s, e + 1)
        .trim()
        .toLowerCase(),
    ),
  );
}

/** The id of a hit's option element (for aria-activedescendant). */
export function optionId(hit: SearchHit): string {
  return `opt-${hit.item.type}-${hit.item.id}`;
}

export function ResultOption({
  hit,
  index,
  active,
  onPage,
  own,
  onOpen,
  onHover,
}: {
  hit: SearchHit;
  index: FactIndex;
  active: boolean;
  /** Companies on the current page. */
  onPage: ReadonlySet<string>;
  /** Ids of the reader's own facts. */
  own?: ReadonlySet<string>;
  onOpen: () => void;
  onHover: () => void;
}) {
  const { item, matches } = hit;
  const common = {
    id: optionId(hit),
    role: 'option',
    'aria-selected': active,
    class: `opt${active ? ' active' : ''}`,
    onClick: onOpen,
    onMouseMove: onHover,
  } as const;
  const mine = own?.has(item.id) ? <span class="chip own">Your fact</span> : null;
  if (item.type === 'deal') {
    const { deal } = item;
    // The summary shows only when it says what the title does not, so a name query stays one line a deal.
    const titleMatched = rangesFor(matches, 'title').length > 0;
    const summaryRanges = titleMatched ? [] : rangesFor(matches, 'summary');
    const summary = summaryRanges.length > 0 ? excerpt(item.summary, summaryRanges) : undefined;
    // Said only when nothing shown holds the match: not when the snippet already shows its words.
    const hidden = titleMatched ? undefined : hiddenMatch(matches, ['facts', 'aliases', 'more']);
    const why = hidden && summary && shows(summary.text, hidden) ? undefined : hidden;
    // Two parties or more named on the page, by their own names or their parents' (AWS by
    // "Amazon"). The deal itself may not be what the page reports.
    const named = deal.parties.filter((p) => namedVia(index.entity(p.id) ?? p, onPage) !== undefined).length;
    const all = deal.parties.length;
    const here =
      named < 2
        ? ''
        : named === all
          ? all === 2
            ? 'Both on this page'
            : `All ${all} on this page`
          : `${named} of ${all} on this page`;
    return (
      <li {...common} data-deal={item.id}>
        <div class="opt-top">
          <span class="opt-amount">{formatDealAmount(deal)}</span>
          <span class="chip">{KIND_LABEL[deal.kind] ?? deal.kind}</span>
          <StatusChip deal={deal} />
          {here && <span class="chip onpage">{here}</span>}
          {mine}
          <span class="opt-date">{monthYear(deal.announced)}</span>
        </div>
        <div class="opt-title">
          <Highlight text={item.title} ranges={rangesFor(matches, 'title')} />
        </div>
        <div class="opt-sub">
          {item.parties.map((name, i) => (
            <span key={name}>
              {i > 0 && ' · '}
              <Highlight text={name} ranges={rangesFor(matches, 'parties', i)} />
            </span>
          ))}
        </div>
        {summary && (
          <div class="opt-snippet">
            <Highlight text={summary.text} ranges={summary.ranges} />
          </div>
        )}
        {why?.value && (
          <div class="opt-why">
            Matches “<Highlight text={why.value} ranges={why.indices} />”
          </div>
        )}
      </li>
    );
  }
  const { entity } = item;
  const nameRanges = rangesFor(matches, 'name');
  const alias = nameRanges.length === 0 ? hiddenMatch(matches, ['aliases']) : undefined;
  const deals = index.dealsFor(entity.id).length;
  const ticker = entity.tickers[0]?.replace(':', ' ');
  const description = excerpt(item.description, rangesFor(matches, 'description'), 120);
  return (
    <li {...common} data-entity={item.id}>
      <div class="opt-top">
        <span class="opt-name">
          <Highlight text={item.name} ranges={nameRanges} />
        </span>
        <span class="chip kind-company">Company</span>
        {onPage.has(entity.id) && <span class="chip onpage">On this page</span>}
        {mine}
        <span class="opt-date">
          {ticker ? `${ticker} · ` : ''}
          {deals} {deals === 1 ? 'deal' : 'deals'}
        </span>
      </div>
      {alias?.value && (
        <div class="opt-why">
          Also known as “<Highlight text={alias.value} ranges={alias.indices} />”
        </div>
      )}
      <div class="opt-snippet">
        <Highlight text={description.text} ranges={description.ranges} />
      </div>
    </li>
  );
}
