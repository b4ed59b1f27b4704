/** One deal as a card or search result shows it: amount, title, date, parties, summary, sources. */
import type { Deal, PageEntity } from '../data/schema.ts';
import { formatDate, formatDealAmount, KIND_LABEL, STATUS_LABEL, safeHref } from '../utils/format.ts';

/**
 * What the page says of a deal, as a chip: "Reported here" when it names another
 * party and states the amount, else the party it names ("Amazon on this page"), so a deal is
 * not taken for one the page reports because a partner is named. ("On this page" alone
 * always means names, as in search: "Both on this page".)
 */
export function hereLabel(
  partners: readonly string[],
  stated: boolean,
): { text: string; title: string; full: string } | undefined {
  if (partners.length === 0) return undefined;
  const names = partners.join(', ');
  if (stated) {
    const title = `This page names ${names} and gives this amount`;
    return {
      text: 'Reported here',
      title,
      full: `Reported here: ${title.charAt(0).toLowerCase()}${title.slice(1)}`,
    };
  }
  const more = partners.length > 1 ? ` +${partners.length - 1}` : '';
  return {
    text: `${partners[0]}${more} on this page`,
    title: `This page names ${names}`,
    full: `${names} on this page`,
  };
}

/** A deal's status where it needs saying ("Ended", "Later expanded"), wherever the deal is listed. */
export function StatusChip({ deal }: { deal: Pick<Deal, 'status'> }) {
  const status = STATUS_LABEL[deal.status];
  return status ? <span class={`chip status status-${deal.status}`}>{status}</span> : null;
}

export function DealItem({
  deal,
  others,
  partnersHere = [],
  stated = false,
  own,
}: {
  deal: Deal;
  /** The parties other than the company whose card this is. */
  others: readonly PageEntity[];
  /** The names of those parties that the page names. */
  partnersHere?: readonly string[];
  /** The page also states the deal's amount. */
  stated?: boolean;
  /** The reader imported this deal. */
  own?: boolean;
}) {
  const here = hereLabel(partnersHere, stated);
  const withText = others.length > 0 ? `with ${others.map((e) => e.name).join(', ')}` : '';
  return (
    <article class="deal" aria-label={deal.title} data-deal={deal.id}>
      <div class="deal-top">
        <span class="amount">{formatDealAmount(deal)}</span>
        <span class="chip">{KIND_LABEL[deal.kind]}</span>
        <StatusChip deal={deal} />
        {here && (
          <span class="chip onpage" title={here.title}>
            {/* What the chip shows, and for a screen reader every name behind "+N" and the reason. */}
            <span aria-hidden="true">{here.text}</span>
            <span class="sr-only">{here.full}</span>
          </span>
        )}
        {own && <span class="chip own">Your fact</span>}
      </div>
      <h3 class="deal-title">{deal.title}</h3>
      <p class="deal-meta">
        <time dateTime={deal.announced}>{formatDate(deal.announced)}</time>
        {withText && <span> · {withText}</span>}
        {deal.duration_years !== undefined && <span> · {deal.duration_years} years</span>}
      </p>
      <p class="summary">{deal.summary}</p>
      {deal.note && <p class="note">{deal.note}</p>}
      <p class="sources">
        <span class="sources-label">{deal.sources.length > 1 ? 'Sources: ' : 'Source: '}</span>
        {deal.sources.map((s, i) => {
          const href = safeHref(s.url);
          const label = s.published ? `${s.publisher}, ${formatDate(s.published)}` : s.publisher;
          return (
            <span key={s.url}>
              {i > 0 && ' · '}
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {label}
                </a>
              ) : (
                label
              )}
            </span>
          );
        })}
      </p>
    </article>
  );
}
