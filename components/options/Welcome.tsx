/** Options: the welcome a first install opens with: how DealLens is used, in three steps. */
import { useEffect, useRef } from 'preact/hooks';
import type { Settings } from '../../utils/settings.ts';
import { newsSites } from '../../utils/settings.ts';
import { keyNames } from './controls.tsx';

/** How a card opens, as the first words of a step, for each card mode. */
const OPEN_A_CARD: Record<Settings['cardMode'], string> = {
  hover: 'Rest the pointer on a marked name',
  click: 'Click a marked name',
  alt: 'Hold Alt and point at a marked name',
};

export function Welcome({
  settings,
  nextKey,
  mac,
  onRead,
}: {
  settings: Settings;
  /** The key bound to "next mention", if any. */
  nextKey?: string;
  mac?: boolean;
  onRead: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The tab opened for this: the welcome is where reading starts.
  useEffect(() => heading.current?.focus(), []);
  const alt = (text: string) => keyNames(text, mac);
  const sites = newsSites(settings);
  return (
    <section class="welcome" aria-labelledby="welcome-h">
      <h2 id="welcome-h" tabIndex={-1} ref={heading}>
        Welcome to DealLens
      </h2>
      <ol>
        <li>
          Open an article on one of the {sites.length} news sites below ({sites.slice(0, 3).join(', ')}, …). DealLens
          underlines the companies of the AI-infrastructure race it names.
        </li>
        <li>
          {alt(OPEN_A_CARD[settings.cardMode])} to see the deals that tie that company to the others: amount, date,
          parties and sources.
          {nextKey && (
            <>
              {' '}
              Or press <kbd>{alt(nextKey)}</kbd> to go from one mention to the next.
            </>
          )}
        </li>
        <li>The DealLens button in the toolbar searches every deal and sums up the page you are on.</li>
      </ol>
      <p class="help">Everything stays in your browser: DealLens makes no network requests.</p>
      <button type="button" onClick={onRead}>
        Got it
      </button>
    </section>
  );
}
