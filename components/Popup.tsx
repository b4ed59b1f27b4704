/**
 * The toolbar popup: where DealLens runs on this site, a search over every fact, and what
 * the current page mentions with the deals between those companies. Everything it needs
 * from the browser comes in through props, so the wiring stays in entrypoints/popup.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Dataset, Deal, Entity } from '../data/schema.ts';
import { createFactIndex, type FactIndex, otherParties, TOTAL_TITLE } from '../utils/facts.ts';
import { formatDate, formatDealAmount, formatUsd, monthYear, safeHref } from '../utils/format.ts';
import type { PageDigest } from '../utils/messaging.ts';
import { createFactSearch, type SearchHit } from '../utils/search.ts';
import type { SiteView } from '../utils/site-access.ts';
import { DealGraph, pageGraph } from './DealGraph.tsx';
import { DealItem, StatusChip } from './DealItem.tsx';
import { optionId, ResultOption } from './SearchResults.tsx';

/** The tab the popup summarises. */
export interface PageInfo {
  url?: string;
  /** Undefined where no DealLens content script answers. */
  digest?: PageDigest;
}

export interface PopupProps {
  data: Dataset & { own?: ReadonlySet<string> };
  /** A search to start with (the card's "Search all deals" opens the popup with ?q=). */
  initialQuery?: string;
  loadPage: () => Promise<PageInfo>;
  /** Calls back with each new digest of the tab; returns the unsubscribe. */
  watchDigest?: (cb: (digest: PageDigest) => void) => () => void;
  /** Scrolls the page to the company's next mention and opens its card; false when it could not. */
  focusEntity: (entity: string) => Promise<boolean>;
  /** The "On this site" switch for a page address. */
  siteView: (url: string | undefined) => Promise<SiteView>;
  /** Flips the switch; must start its permission request synchronously (it is called from the click). */
  toggleSite: (view: SiteView) => Promise<unknown>;
  /** Switches DealLens back on everywhere. */
  enableAll: () => Promise<unknown>;
  /** Calls back when settings or permissions change; returns the unsubscribe. */
  watchAccess?: (cb: () => void) => () => void;
  openOptions: () => void;
  /** The theme setting: follow the system, or force light or dark. */
  theme?: 'system' | 'light' | 'dark';
}

type Detail = { type: 'deal'; id: string } | { type: 'entity'; id: string };

const EXAMPLES = ['38 billion', 'Stargate', 'NVDA', 'Anthropic Azure'];

function Examples({ onPick }: { onPick: (q: string) => void }) {
  return (
    <p class="examples">
      <span class="muted">Try </span>
      {EXAMPLES.map((q, i) => (
        <span key={q}>
          {i > 0 && ' '}
          <button type="button" class="example" onClick={() => onPick(q)}>
            {q}
          </button>
        </span>
      ))}
    </p>
  );
}

function SiteSwitch({
  view,
  busy,
  hasDigest,
  onToggle,
  onEnableAll,
}: {
  view: SiteView | null;
  busy: boolean;
  /** DealLens answers on this tab. */
  hasDigest: boolean;
  onToggle: () => void;
  onEnableAll: () => void;
}) {
  if (!view) return <div class="site" aria-hidden="true" />;
  if (view.kind === 'blocked') {
    return (
      <p class="site site-note" data-testid="site-blocked">
        {view.reason}
      </p>
    );
  }
  if (view.kind === 'file') {
    return (
      <p class="site site-note" data-testid="site-blocked">
        {view.allowed
          ? 'DealLens does not read files on this computer.'
          : view.setting === false
            ? 'DealLens cannot read files on this computer in this browser.'
            : 'DealLens cannot read files on this computer. Browsers allow it only with “Allow access to file URLs” in the extension’s details.'}
      </p>
    );
  }
  if (view.kind === 'unknown') {
    // Opened from a card rather than the toolbar, the browser hides the tab's address.
    return hasDigest ? null : (
      <p class="site site-note">Open DealLens from its toolbar button to choose whether it runs on this site.</p>
    );
  }
  if (view.kind === 'disabled') {
    return (
      <div class="site">
        <p class="site-note">DealLens is switched off everywhere.</p>
        <button type="button" class="btn" onClick={onEnableAll}>
          Turn on
        </button>
      </div>
    );
  }
  const hint =
    view.source === 'listed'
      ? view.on
        ? 'A news site DealLens reads'
        : 'Paused on this site'
      : view.source === 'added'
        ? view.granted
          ? view.on
            ? 'You added this site'
            : 'Paused on this site'
          : 'Added on another device: allow it here'
        : 'Not a DealLens site yet';
  return (
    <div class="site">
      <div class="site-text">
        <span class="site-host" id="site-host">
          {view.site}
        </span>
        <span class="site-hint muted" id="site-hint">
          {busy && view.source !== 'listed' && !view.on ? 'Answer the browser’s prompt to allow this site…' : hint}
        </span>
      </div>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={view.on}
        aria-busy={busy}
        aria-describedby="site-host site-hint"
        data-testid="site-switch"
        onClick={onToggle}
      >
        <span class="switch-label">On this site</span>
        <span class="switch-track" aria-hidden="true">
          <span class="switch-thumb" />
        </span>
      </button>
    </div>
  );
}

const PDF_NOTE =
  'This is a PDF file: the browser shows it in a viewer DealLens cannot read. Open the article’s web page instead.';

function isPdfAddress(url: string | undefined): boolean {
  try {
    return !!url && new URL(url).pathname.toLowerCase().endsWith('.pdf');
  } catch {
    return false;
  }
}

function PageStatus({ page, view }: { page: PageInfo | null; view: SiteView | null }) {
  if (page === null) return <p class="muted">Reading this page…</p>;
  const d = page.digest;
  if (!d) {
    if (view?.kind === 'blocked' || view?.kind === 'file') return null;
    // A PDF viewer runs no content script at all in some browsers (Firefox): said as for one that does.
    if (isPdfAddress(page.url)) return <p class="muted">{PDF_NOTE}</p>;
    if (view?.kind === 'site' && view.on) return <p class="muted">Reload the page to read it.</p>;
    return <p class="muted">DealLens is not reading this page. Switch it on for this site above.</p>;
  }
  if (d.status === 'disabled') return <p class="muted">DealLens is switched off.</p>;
  if (d.status === 'paused') return <p class="muted">Paused on this site: no companies are marked.</p>;
  if (d.status === 'off') return <p class="muted">DealLens is off on this site.</p>;
  if (d.status === 'not-article') {
    return (
      <p class="muted">
        This page does not look like a news article, so DealLens left it alone. To read every page, choose “Every page”
        under All sites in the options.
      </p>
    );
  }
  if (d.status === 'pdf') return <p class="muted">{PDF_NOTE}</p>;
  if (d.entities.length === 0) return <p class="muted">No companies from the dataset on this page.</p>;
  return null;
}

/** "9" on screen, "9 mentions" to a screen reader. */
export function MentionCount({ n }: { n: number }) {
  return (
    <span class="count">
      <span class="sr-only">, </span>
      {n}
      <span class="sr-only"> {n === 1 ? 'mention' : 'mentions'}</span>
    </span>
  );
}

const NO_OWN: ReadonlySet<string> = new Set();

/** Ids of the reader's own facts: every view of one says "Your fact", as the card and the results do. */
const Own = createContext<ReadonlySet<string>>(new Set());

const OwnChip = ({ id }: { id: string }) => (useContext(Own).has(id) ? <span class="chip own">Your fact</span> : null);

/** A compact deal row that opens the deal's detail. */
function DealRow({ deal, index, onOpen }: { deal: Deal; index: FactIndex; onOpen: () => void }) {
  const parties = deal.parties.flatMap((p) => index.entity(p.id)?.name ?? []);
  return (
    <li>
      <button type="button" class="row" data-deal={deal.id} data-opens={`deal:${deal.id}`} onClick={onOpen}>
        <span class="row-amount">{formatDealAmount(deal)}</span>
        <span class="row-title">
          {deal.title} <StatusChip deal={deal} /> <OwnChip id={deal.id} />
        </span>
        <span class="row-meta">
          {parties.join(' · ')} · {monthYear(deal.announced)}
        </span>
      </button>
    </li>
  );
}

/** Companies the page's picture draws at most: more would overlap in the popup's width. */
const GRAPH_NODES = 7;
/** Deals between the page's companies listed before "Show all". */
const NEWEST = 4;

function OnThisPage({
  digest,
  data,
  index,
  onJump,
  onOpen,
  all,
  onAll,
}: {
  digest: PageDigest;
  data: Dataset;
  index: FactIndex;
  onJump: (id: string) => void;
  onOpen: (d: Detail) => void;
  /** Every deal between them listed, not the newest few (kept by the popup, so Back from a deal finds it). */
  all: boolean;
  onAll: () => void;
}) {
  const graph = useMemo(() => pageGraph(data, digest.entities), [data, digest.entities]);
  // The picture holds the most-named few (more would not fit the popup's width); the list above
  // has them all, and the deals below are those between any of them.
  // Among companies named as often, those with more deals with the others come first.
  const picture = useMemo(() => {
    if (digest.entities.length <= GRAPH_NODES) return graph;
    const links = new Map<string, number>();
    for (const e of graph.edges) for (const id of [e.a, e.b]) links.set(id, (links.get(id) ?? 0) + 1);
    const chosen = new Set(
      [...digest.entities]
        .sort((x, y) => y.count - x.count || (links.get(y.id) ?? 0) - (links.get(x.id) ?? 0))
        .slice(0, GRAPH_NODES)
        .map((e) => e.id),
    );
    return pageGraph(
      data,
      digest.entities.filter((e) => chosen.has(e.id)),
    );
  }, [data, digest.entities, graph]);
  const n = digest.entities.length;
  // The newest few; the rest on request, so the graph stays the picture and the list its key.
  const shown = all ? graph.deals : graph.deals.slice(0, NEWEST);
  const rows = useRef<HTMLUListElement>(null);
  // "Show all" goes away as it is pressed: focus moves on to the first deal it brought.
  const pressed = useRef(false);
  useEffect(() => {
    if (!all || !pressed.current) return;
    pressed.current = false;
    rows.current?.querySelectorAll<HTMLElement>('.row')[NEWEST]?.focus();
  }, [all]);
  const showAll = () => {
    pressed.current = true;
    onAll();
  };
  return (
    <div class="page" data-testid="page-digest">
      <p class="page-count" data-testid="page-count">
        <strong>{n}</strong> {n === 1 ? 'company' : 'companies'} on this page
        <span class="muted">
          {' '}
          · {digest.mentions} {digest.mentions === 1 ? 'mention' : 'mentions'}
        </span>
      </p>
      <p id="jump-hint" class="sr-only">
        Shows the company’s next mention on the page and opens its card.
      </p>
      <ul class="page-list" aria-label="Companies on this page">
        {graph.nodes.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              class="company"
              data-entity={e.id}
              aria-describedby="jump-hint"
              onClick={() => onJump(e.id)}
            >
              {e.name}
              <MentionCount n={e.count} />
            </button>
          </li>
        ))}
      </ul>
      {n >= 2 && <DealGraph graph={picture} onNode={onJump} />}
      {n > GRAPH_NODES && (
        <p class="muted graph-more" data-testid="graph-more">
          The picture shows {GRAPH_NODES} of the companies, those named most and with the most deals between them; all{' '}
          {n} are listed above.
        </p>
      )}
      {graph.deals.length > 0 && (
        <>
          <h3 class="sub-h" id="links-h">
            {graph.deals.length === 1 ? 'The deal between them' : `${graph.deals.length} deals between them`}
          </h3>
          <ul class="rows" aria-labelledby="links-h" ref={rows}>
            {shown.map((d) => (
              <DealRow key={d.id} deal={d} index={index} onOpen={() => onOpen({ type: 'deal', id: d.id })} />
            ))}
          </ul>
          {shown.length < graph.deals.length && (
            <button type="button" class="link more" onClick={showAll}>
              Show all {graph.deals.length} deals
            </button>
          )}
        </>
      )}
    </div>
  );
}

function DealDetail({
  deal,
  index,
  onPage,
  onOpen,
  onJump,
}: {
  deal: Deal;
  index: FactIndex;
  onPage: ReadonlySet<string>;
  onOpen: (d: Detail) => void;
  onJump: (id: string) => void;
}) {
  const parties = deal.parties.flatMap((p) => index.entity(p.id) ?? []);
  const earlier = deal.expands ? index.deals.find((d) => d.id === deal.expands) : undefined;
  const later = index.deals.filter((d) => d.expands === deal.id);
  const own = useContext(Own).has(deal.id);
  return (
    <div data-testid="detail" data-deal={deal.id}>
      <DealItem deal={deal} others={otherParties(deal, '', index)} own={own} />
      {(earlier || later.length > 0) && (
        <ul class="rows">
          {earlier && <DealRow deal={earlier} index={index} onOpen={() => onOpen({ type: 'deal', id: earlier.id })} />}
          {later.map((d) => (
            <DealRow key={d.id} deal={d} index={index} onOpen={() => onOpen({ type: 'deal', id: d.id })} />
          ))}
        </ul>
      )}
      <h3 class="sub-h">Parties</h3>
      <ul class="parties">
        {parties.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              class="link"
              data-opens={`entity:${e.id}`}
              onClick={() => onOpen({ type: 'entity', id: e.id })}
            >
              {e.name}
            </button>
            {onPage.has(e.id) && (
              <button type="button" class="btn small" onClick={() => onJump(e.id)}>
                Show on page<span class="sr-only">: {e.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EntityDetail({
  entity,
  index,
  onPage,
  onOpen,
  onJump,
}: {
  entity: Entity;
  index: FactIndex;
  onPage: ReadonlySet<string>;
  onOpen: (d: Detail) => void;
  onJump: (id: string) => void;
}) {
  const deals = index.dealsFor(entity.id);
  const totals = index.totals(entity.id);
  const homepage = safeHref(entity.homepage);
  const aliases = entity.aliases
    .filter((a) => a.text !== entity.name && (a.kind ?? 'name') === 'name' && !a.text.startsWith('@'))
    .map((a) => a.text)
    .slice(0, 4);
  return (
    <div data-testid="detail" data-entity={entity.id}>
      <p class="entity-meta muted">
        {[...entity.tickers.map((t) => t.replace(':', ' ')), ...aliases].join(' · ')} <OwnChip id={entity.id} />
      </p>
      <p class="entity-desc">{entity.description}</p>
      <p class="entity-meta">
        {totals.deals} {totals.deals === 1 ? 'deal' : 'deals'}
        {totals.valueUsd > 0 && <span title={TOTAL_TITLE}> · {formatUsd(totals.valueUsd)} in final deals</span>}
      </p>
      <p class="entity-actions">
        {onPage.has(entity.id) && (
          <button type="button" class="btn" onClick={() => onJump(entity.id)}>
            Show on page
          </button>
        )}
        {homepage && (
          <a class="link" href={homepage} target="_blank" rel="noopener noreferrer">
            {new URL(homepage).hostname.replace(/^www\./, '')}
          </a>
        )}
      </p>
      {deals.length > 0 && (
        <>
          <h3 class="sub-h">Deals, newest first</h3>
          <ul class="rows">
            {deals.map((d) => (
              <DealRow key={d.id} deal={d} index={index} onOpen={() => onOpen({ type: 'deal', id: d.id })} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function Popup(props: PopupProps) {
  const { data, loadPage, watchDigest, focusEntity, siteView, toggleSite, enableAll, watchAccess, openOptions } = props;
  // Built once per popup opening; a keystroke only queries them.
  const index = useMemo(() => createFactIndex(data), [data]);
  const search = useMemo(() => createFactSearch(data), [data]);
  const [query, setQuery] = useState(props.initialQuery ?? '');
  const [active, setActive] = useState(-1);
  const [stack, setStack] = useState<Detail[]>([]);
  const [page, setPage] = useState<PageInfo | null>(null);
  const [view, setView] = useState<SiteView | null>(null);
  const [busy, setBusy] = useState(false);
  // Numbered, so the same words said again (a second jump to one company) still change the live region.
  const [status, setStatusState] = useState({ text: '', n: 0 });
  const setStatus = (text: string) => setStatusState((s) => ({ text, n: s.n + 1 }));
  const [allDeals, setAllDeals] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLElement>(null);
  /** An example query chosen: searched, with focus back in the box (the button goes away with the results). */
  const pick = (q: string) => {
    setQuery(q);
    input.current?.focus();
  };
  const back = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const refresh = useCallback(async () => {
    const info = await loadPage().catch(() => ({}) as PageInfo);
    setPage(info);
    setView(await siteView(info.url).catch(() => ({ kind: 'unknown' }) as SiteView));
  }, [loadPage, siteView]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => watchAccess?.(() => void refresh()), [watchAccess, refresh]);
  useEffect(() => watchDigest?.((digest) => setPage((p) => ({ ...(p ?? {}), digest }))), [watchDigest]);

  const results: SearchHit[] = useMemo(() => search.search(query), [search, query]);
  // A new query starts at its best result, so Enter opens what the reader sees first.
  useEffect(() => setActive(results.length > 0 ? 0 : -1), [results]);
  useEffect(() => {
    if (active < 0 || !list.current) return;
    list.current.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const detail = stack[stack.length - 1];
  const onPage = useMemo(
    () => new Set(page?.digest?.status === 'active' ? page.digest.entities.map((e) => e.id) : []),
    [page],
  );

  /** What opened each view of the stack (a row's or a link's `data-opens`), for focus to go back to. */
  const openers = useRef<(string | undefined)[]>([]);
  const returnTo = useRef<string | undefined>(undefined);
  const open = (d: Detail) => {
    const from = (document.activeElement as HTMLElement | null)?.closest?.('[data-opens]');
    openers.current = [...openers.current.slice(0, stack.length), from?.getAttribute('data-opens') ?? undefined];
    setStack((s) => [...s, d]);
  };
  const goBack = () => {
    returnTo.current = openers.current[stack.length - 1];
    openers.current = openers.current.slice(0, stack.length - 1);
    setStack((s) => s.slice(0, -1));
  };
  // Focus follows the view: the Back control in a detail; on return, what opened the view left
  // (a deal row, a party), or the search box.
  useEffect(() => {
    const to = returnTo.current;
    returnTo.current = undefined;
    const opener =
      to === undefined
        ? undefined
        : [...(root.current?.querySelectorAll<HTMLElement>('[data-opens]') ?? [])].find((e) => e.dataset.opens === to);
    if (opener) opener.focus();
    else if (detail) back.current?.focus();
    else input.current?.focus();
  }, [detail]);

  const jump = async (id: string) => {
    const name = index.entity(id)?.name ?? id;
    const ok = await focusEntity(id);
    setStatus(ok ? `Showing ${name} on the page.` : `No mention of ${name} to show on the page right now.`);
  };

  const onToggle = () => {
    if (view?.kind !== 'site') return;
    setBusy(true);
    // No await before this call: a permission request must start inside the click.
    toggleSite(view)
      .catch(() => setStatus('The browser did not allow that change.'))
      .finally(() => {
        setBusy(false);
        void refresh();
      });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (results.length === 0) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a < 0 ? 0 : (a + step + results.length) % results.length));
    } else if (e.key === 'Enter') {
      const hit = results[active];
      if (hit) {
        e.preventDefault();
        open({ type: hit.item.type, id: hit.item.id });
      }
    } else if (e.key === 'Escape' && query) {
      // Esc clears a search first; with nothing typed it closes the popup as usual.
      e.preventDefault();
      setQuery('');
    }
  };

  const onDetailKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      goBack();
    }
  };

  const searching = query.trim().length > 0;
  const activeHit = active >= 0 ? results[active] : undefined;
  const detailTitle =
    detail?.type === 'deal'
      ? index.deals.find((d) => d.id === detail.id)?.title
      : detail
        ? index.entity(detail.id)?.name
        : undefined;

  return (
    <Own.Provider value={data.own ?? NO_OWN}>
      <main
        ref={root}
        class={`popup dl-theme${props.theme === 'light' ? ' dl-light' : props.theme === 'dark' ? ' dl-dark' : ''}`}
        data-testid="popup"
      >
        <header class="bar">
          <h1>
            <img class="logo" src="/icon/32.png" alt="" width={16} height={16} />
            DealLens
          </h1>
          <button type="button" class="link" onClick={openOptions}>
            Options
          </button>
        </header>
        <SiteSwitch
          view={view}
          busy={busy}
          hasDigest={!!page?.digest}
          onToggle={onToggle}
          onEnableAll={() => void enableAll().then(refresh)}
        />
        <p class="sr-only" role="status" aria-live="polite">
          {status.text && <span key={status.n}>{status.text}</span>}
        </p>

        {detail ? (
          <section class="detail" aria-labelledby="detail-h" onKeyDown={onDetailKey}>
            <div class="detail-bar">
              <button type="button" class="back" ref={back} onClick={goBack} data-testid="back">
                <span aria-hidden="true">←</span> Back
              </button>
              <span class="muted">{detail.type === 'deal' ? 'Deal' : 'Company'}</span>
            </div>
            <h2 id="detail-h" class="detail-h">
              {detailTitle}
            </h2>
            {detail.type === 'deal'
              ? (() => {
                  const deal = index.deals.find((d) => d.id === detail.id);
                  return deal ? (
                    <DealDetail deal={deal} index={index} onPage={onPage} onOpen={open} onJump={jump} />
                  ) : null;
                })()
              : (() => {
                  const entity = index.entity(detail.id);
                  return entity ? (
                    <EntityDetail entity={entity} index={index} onPage={onPage} onOpen={open} onJump={jump} />
                  ) : null;
                })()}
          </section>
        ) : (
          <>
            <section class="search-section" aria-label="Search">
              <div class="search-wrap">
                <input
                  ref={input}
                  type="text"
                  class="search"
                  role="combobox"
                  aria-label="Search all deals and companies"
                  aria-expanded={searching && results.length > 0}
                  aria-controls="results"
                  aria-autocomplete="list"
                  aria-activedescendant={activeHit ? optionId(activeHit) : undefined}
                  autocomplete="off"
                  spellcheck={false}
                  placeholder="Search deals: a company, ticker or amount"
                  value={query}
                  onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
                  onKeyDown={onKeyDown}
                  data-testid="search"
                />
              </div>
              {/* Always in the page, so the first count is read out too (a region that appears with its text often is not). */}
              <p class="sr-only" role="status" data-testid="result-count">
                {!searching
                  ? ''
                  : results.length === 0
                    ? 'No results'
                    : `${results.length} ${results.length === 1 ? 'result' : 'results'}; use the arrow keys and Enter`}
              </p>
              {searching && results.length === 0 && (
                <div class="empty" data-testid="no-results">
                  <p>
                    Nothing matches “{query.trim()}”. Try a company or an amount, a ticker or a month — like “Oracle”,
                    “$38B”, “AVGO” or “November 2025”.
                  </p>
                  <Examples onPick={pick} />
                </div>
              )}
              <ul
                id="results"
                ref={list}
                class="results"
                // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA combobox pattern; ul/li keep the results a plain list where roles are not read.
                role="listbox"
                aria-label="Results"
                hidden={!searching || results.length === 0}
              >
                {results.map((hit, i) => (
                  <ResultOption
                    key={`${hit.item.type}-${hit.item.id}`}
                    hit={hit}
                    index={index}
                    active={i === active}
                    onPage={onPage}
                    own={data.own}
                    onHover={() => setActive(i)}
                    onOpen={() => open({ type: hit.item.type, id: hit.item.id })}
                  />
                ))}
              </ul>
            </section>
            {!searching && (
              <section aria-labelledby="page-h" class="page-section">
                <h2 id="page-h">On this page</h2>
                <PageStatus page={page} view={view} />
                {page?.digest?.status === 'active' && page.digest.entities.length > 0 && (
                  <OnThisPage
                    digest={page.digest}
                    data={data}
                    index={index}
                    onJump={jump}
                    onOpen={open}
                    all={allDeals}
                    onAll={() => setAllDeals(true)}
                  />
                )}
                {page !== null && !(page.digest?.status === 'active' && page.digest.entities.length > 0) && (
                  <Examples onPick={pick} />
                )}
              </section>
            )}
          </>
        )}
        <footer class="foot muted">
          Data v{data.meta.version} · as of {formatDate(data.meta.as_of)} · nothing leaves your browser
        </footer>
      </main>
    </Own.Provider>
  );
}
