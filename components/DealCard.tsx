/** The card a mark opens: the company, its totals and its deals ranked for the page. */
import { useState } from 'preact/hooks';
import type { Entity, Meta } from '../data/schema.ts';
import { type FactIndex, otherParties, rankDeals } from '../utils/facts.ts';
import { formatDate, formatUsd } from '../utils/format.ts';
import { DealItem } from './DealItem.tsx';

const TOP = 3;

export interface DealCardProps {
  entity: Entity;
  index: FactIndex;
  meta: Meta;
  /** Entity ids mentioned on the page, for ranking. */
  onPage: ReadonlySet<string>;
  /** Dollar amounts the page states and how often, for ranking. */
  amountsOnPage?: ReadonlyMap<number, number>;
  onClose: () => void;
}

export function DealCard({ entity, index, meta, onPage, amountsOnPage, onClose }: DealCardProps) {
  const [expanded, setExpanded] = useState(false);
  const ranked = rankDeals(index.dealsFor(entity.id), entity.id, onPage, index, amountsOnPage);
  const shown = expanded ? ranked : ranked.slice(0, TOP);
  const totals = index.totals(entity.id);
  const parent = entity.parent ? index.entity(entity.parent) : undefined;
  const titleId = `deallens-title-${entity.id}`;
  return (
    <div class="card" role="dialog" aria-labelledby={titleId}>
      <header class="head">
        <div class="head-line">
          <h2 id={titleId} class="name">
            {entity.name}
          </h2>
          {entity.tickers[0] && <span class="ticker">{entity.tickers[0].replace(':', ': ')}</span>}
          <button type="button" class="close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <p class="desc">
          {entity.description}
          {parent && <span> Part of {parent.name}.</span>}
        </p>
        <p class="totals">
          {totals.deals === 1 ? '1 deal' : `${totals.deals} deals`}
          {totals.valueUsd > 0 && ` · ${formatUsd(totals.valueUsd)} announced`}
        </p>
      </header>
      {ranked.length === 0 ? (
        <p class="empty">No deals in the dataset yet.</p>
      ) : (
        <div class="deals">
          {shown.map(({ deal, onPage: here }) => (
            <DealItem key={deal.id} deal={deal} others={otherParties(deal, entity.id, index)} onPage={here} />
          ))}
          {ranked.length > TOP && (
            <button type="button" class="more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show fewer' : `${ranked.length - TOP} more ${ranked.length - TOP === 1 ? 'deal' : 'deals'}`}
            </button>
          )}
        </div>
      )}
      <footer class="foot">
        DealLens data v{meta.version} · as of {formatDate(meta.as_of)}
      </footer>
    </div>
  );
}
