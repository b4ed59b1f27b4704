/**
 * The card a mark opens: the company, its totals and its deals ranked for the page. It is a
 * non-modal dialog (WAI-ARIA APG): named by the company, described by its one-line
 * description; Tab cycles through its controls and Esc closes it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Meta, PageEntity } from '../data/schema.ts';
import { createFactIndex, otherParties, type PageFacts, rankDeals, TOTAL_TITLE } from '../utils/facts.ts';
import { formatDate, formatUsd } from '../utils/format.ts';
import { DealItem } from './DealItem.tsx';

/** Deals shown before "N more". */
export const TOP_DEALS = 3;

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DealCardProps {
  entity: PageEntity;
  /** The facts the card looks up (indexed here: the content script, which hands them over, carries no index). */
  facts: PageFacts;
  meta: Meta;
  /** Entity ids mentioned on the page, for ranking. */
  onPage: ReadonlySet<string>;
  /** Dollar amounts the page states and how often, for ranking. */
  amountsOnPage?: ReadonlyMap<number, number>;
  onClose: () => void;
  /** Opens the search over every deal with `query`; without it the footer has no search button. */
  onSearch?: (query: string) => void;
  /** Ids of the reader's own companies and deals, marked "Your fact". */
  own?: ReadonlySet<string>;
  /**
   * Where the keyboard's next or previous mention took the reader (the sentence around it),
   * said to screen readers by the card's host: a step to another mention of the same company
   * changes nothing else in the card, and focus is already in it. `seq` tells a new step from
   * the same one.
   */
  reached?: { text: string; seq: number };
}

/** Keeps Tab inside the card: from the last control to the first and back. */
function cycleTab(e: KeyboardEvent, dialog: HTMLElement) {
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const active = (dialog.getRootNode() as Document | ShadowRoot).activeElement;
  if (e.shiftKey && (active === first || active === dialog)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

export function DealCard({ entity, facts, meta, onPage, amountsOnPage, onClose, onSearch, own }: DealCardProps) {
  const index = useMemo(() => createFactIndex(facts), [facts]);
  const [expanded, setExpanded] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const revealed = useRef(false);
  const ranked = rankDeals(index.dealsFor(entity.id), entity.id, onPage, index, amountsOnPage);
  const shown = expanded ? ranked : ranked.slice(0, TOP_DEALS);
  const hidden = ranked.length - TOP_DEALS;
  const totals = index.totals(entity.id);
  const parent = entity.parent ? index.entity(entity.parent) : undefined;
  const here = ranked.filter((r) => r.onPage).length;
  const titleId = `deallens-title-${entity.id}`;
  const descId = `deallens-desc-${entity.id}`;

  // After "N more", focus goes to the first deal that appeared, so a keyboard or screen reader
  // user continues reading where the list grew instead of staying on the button below it.
  useEffect(() => {
    if (!expanded || !revealed.current) return;
    revealed.current = false;
    const next = list.current?.querySelectorAll<HTMLElement>('.deal')[TOP_DEALS];
    if (next) {
      next.tabIndex = -1;
      next.focus({ preventScroll: true });
      next.scrollIntoView({ block: 'nearest' });
    }
  }, [expanded]);

  return (
    <div
      ref={dialog}
      class="card"
      role="dialog"
      aria-labelledby={titleId}
      aria-describedby={descId}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        } else if (e.key === 'Tab' && dialog.current) cycleTab(e, dialog.current);
      }}
    >
      <header class="head">
        <div class="head-line">
          <h2 id={titleId} class="name">
            {entity.name}
          </h2>
          {entity.tickers?.[0] && <span class="ticker">{entity.tickers[0].replace(':', ': ')}</span>}
          {own?.has(entity.id) && <span class="chip own">Your fact</span>}
          <button type="button" class="close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
              <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
            </svg>
          </button>
        </div>
        <p id={descId} class="desc">
          {entity.description}
          {parent && <span> Part of {parent.name}.</span>}
        </p>
        <p class="totals">
          <span class="stat">
            <strong>{totals.deals}</strong> {totals.deals === 1 ? 'deal' : 'deals'}
          </span>
          {totals.valueUsd > 0 && (
            <span class="stat" title={TOTAL_TITLE}>
              <strong>{formatUsd(totals.valueUsd)}</strong> in final deals
            </span>
          )}
          {here > 0 && (
            <span class="stat here">
              <strong>{here}</strong> of them with companies on this page
            </span>
          )}
        </p>
      </header>
      {ranked.length === 0 ? (
        <p class="empty">No deals in the dataset yet.</p>
      ) : (
        <div class="deals" ref={list}>
          {shown.map(({ deal, partnersHere, stated }) => (
            <DealItem
              key={deal.id}
              deal={deal}
              others={otherParties(deal, entity.id, index)}
              partnersHere={partnersHere}
              stated={stated}
              own={own?.has(deal.id)}
            />
          ))}
          {hidden > 0 && (
            <button
              type="button"
              class="more"
              aria-expanded={expanded}
              onClick={() => {
                revealed.current = !expanded;
                setExpanded(!expanded);
              }}
            >
              {expanded ? 'Show fewer' : `${hidden} more ${hidden === 1 ? 'deal' : 'deals'}`}
            </button>
          )}
        </div>
      )}
      <footer class="foot">
        <span class="version">
          Data v{meta.version} · as of {formatDate(meta.as_of)}
        </span>
        {onSearch && (
          <button type="button" class="search" onClick={() => onSearch(entity.name)}>
            Search all deals
          </button>
        )}
      </footer>
    </div>
  );
}
