/** The toolbar popup: what the current page mentions, and a search over every fact. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Dataset } from '../data/schema.ts';
import { createFactIndex, otherParties } from '../utils/facts.ts';
import { formatDate } from '../utils/format.ts';
import type { PageDigest } from '../utils/messaging.ts';
import { createFactSearch } from '../utils/search.ts';
import { DealItem } from './DealItem.tsx';

export interface PopupProps {
  data: Dataset;
  /** Resolves to the current tab's digest, or undefined where DealLens does not run. */
  loadDigest: () => Promise<PageDigest | undefined>;
  openOptions: () => void;
}

function PageSummary({ digest, data }: { digest: PageDigest | undefined | null; data: Dataset }) {
  if (digest === null) return <p class="muted">Reading this page…</p>;
  if (!digest)
    return <p class="muted">DealLens does not run on this page. It reads the news sites listed in its options.</p>;
  if (digest.status === 'disabled') return <p class="muted">DealLens is switched off. Turn it on in the options.</p>;
  if (digest.entities.length === 0) return <p class="muted">No companies from the dataset on this page.</p>;
  const names = new Map(data.entities.map((e) => [e.id, e.name]));
  const n = digest.entities.length;
  return (
    <div>
      <p class="page-count" data-testid="page-count">
        <strong>{n}</strong> {n === 1 ? 'company' : 'companies'} on this page
      </p>
      <ul class="page-list">
        {digest.entities.map((e) => (
          <li key={e.id}>
            {names.get(e.id) ?? e.id} <span class="muted">×{e.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Popup({ data, loadDigest, openOptions }: PopupProps) {
  const index = useMemo(() => createFactIndex(data), [data]);
  const search = useMemo(() => createFactSearch(data), [data]);
  const [query, setQuery] = useState('');
  const [digest, setDigest] = useState<PageDigest | undefined | null>(null);
  useEffect(() => {
    loadDigest().then(setDigest, () => setDigest(undefined));
  }, [loadDigest]);
  const results = useMemo(() => search.search(query), [search, query]);
  return (
    <main class="popup dl-theme">
      <header class="bar">
        <h1>DealLens</h1>
        <button type="button" class="link" onClick={openOptions}>
          Options
        </button>
      </header>
      <section aria-labelledby="page-h">
        <h2 id="page-h">On this page</h2>
        <PageSummary digest={digest} data={data} />
      </section>
      <section aria-labelledby="search-h">
        <h2 id="search-h">Search all deals</h2>
        <input
          type="search"
          class="search"
          placeholder="Company, amount or ticker — e.g. 38 billion, nvda"
          aria-label="Search all deals"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          // biome-ignore lint/a11y/noAutofocus: the popup opens to search; focus belongs in its box.
          autoFocus
        />
        {query.trim() && results.length === 0 && (
          <p class="muted">Nothing found. Try a company, a ticker or an amount.</p>
        )}
        <ul class="results" aria-label="Results">
          {results.map(({ item }) =>
            item.type === 'deal' ? (
              <li key={`d-${item.id}`} class="result" data-deal={item.id}>
                <DealItem deal={item.deal} others={otherParties(item.deal, '', index)} />
              </li>
            ) : (
              <li key={`e-${item.id}`} class="result entity" data-entity={item.id}>
                <strong>{item.entity.name}</strong>{' '}
                <span class="muted">
                  {item.entity.tickers[0]?.replace(':', ': ') ?? ''} · {index.dealsFor(item.id).length} deals
                </span>
                <p class="muted">{item.entity.description}</p>
              </li>
            ),
          )}
        </ul>
      </section>
      <footer class="foot muted">
        Data v{data.meta.version} · as of {formatDate(data.meta.as_of)} · nothing leaves your browser
      </footer>
    </main>
  );
}
