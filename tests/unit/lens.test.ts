/** One page's lens in happy-dom, with a card host that records what it opens: jumps to a company's mentions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledEntities, bundledMeta } from '../../data/entities.ts';
import { createLens, type Lens } from '../../utils/lens.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { createPlainContext } from '../../utils/plain-context.ts';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import { installFakeCardHost, removeFakeCardHost } from './fake-card-host.ts';

const lexicon = buildLexicon(bundledEntities);
const frames = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The companies whose cards opened, in order. */
let opened: string[] = [];
let lens: Lens | undefined;

beforeEach(() => {
  opened = [];
  installFakeCardHost((props: { entity: { id: string } }) => {
    opened.push(props.entity.id);
  });
});

afterEach(() => {
  lens?.stop();
  lens = undefined;
  removeFakeCardHost();
});

/** A lens on `html`, running everywhere (happy-dom's host is no news site), once its scan is done. */
async function lensOn(html: string): Promise<Lens> {
  document.body.innerHTML = html;
  lens = createLens(createPlainContext(window) as never, document, {
    meta: bundledMeta,
    entities: bundledEntities,
    lexicon,
    loadDeals: async () => undefined,
  });
  lens.apply({ ...DEFAULT_SETTINGS, allSites: true, allSitesScope: 'every-page' });
  await frames(100);
  return lens;
}

describe('jumping to a company from the popup', () => {
  it('still reaches its mentions after a rescan gave every block a new id', async () => {
    const l = await lensOn(`<p>OpenAI said so.</p>${'<p>Nothing here.</p>'.repeat(5)}<p>Broadcom ships chips.</p>`);
    expect(await l.focusEntity('broadcom')).toBe(true);
    // An SPA navigation reads the page again: the mark the last jump went to is an old one.
    window.dispatchEvent(new Event('wxt:locationchange'));
    await frames(100);
    expect(await l.focusEntity('broadcom')).toBe(true);
    expect(opened).toEqual(['broadcom', 'broadcom']);
  });

  it('passes over text the page does not render (a closed menu), in its steps and its digest', async () => {
    const l = await lensOn('<p>OpenAI said so.</p><nav style="display: none"><p>Broadcom ships chips.</p></nav>');
    // Counted nowhere a reader could be taken to it: not in the badge, the popup or its graph.
    expect(l.digest().entities.map((e) => e.id)).toEqual(['openai']);
    expect(await l.focusEntity('broadcom')).toBe(false);
    expect(await l.focusEntity('openai')).toBe(true);
    expect(opened).toEqual(['openai']);
    // Shown (the menu opened), it counts.
    (document.querySelector('nav') as HTMLElement).style.display = '';
    expect(
      l
        .digest()
        .entities.map((e) => e.id)
        .sort(),
    ).toEqual(['broadcom', 'openai']);
  });
});

describe('the digest the badge is sent', () => {
  it('is sent when it changes, not again for a change that leaves it as it was', async () => {
    const sent: string[][] = [];
    document.body.innerHTML = '<p id="a">OpenAI said so.</p><p>Nvidia too.</p>';
    lens = createLens(createPlainContext(window) as never, document, {
      meta: bundledMeta,
      entities: bundledEntities,
      lexicon,
      loadDeals: async () => undefined,
      onDigest: (d) => sent.push(d.entities.map((e) => e.id)),
    });
    lens.apply({ ...DEFAULT_SETTINGS, allSites: true, allSitesScope: 'every-page' });
    await frames(300);
    // On the settings applied (always), then once more when the scan has read the page: the
    // same digest asked for again by the scan's changes is not sent again.
    expect(sent.at(-1)).toEqual(['nvidia', 'openai']);
    const before = sent.length;
    // The paragraph rewritten with the same company: read again, the same digest.
    (document.getElementById('a') as HTMLElement).textContent = 'OpenAI said it again.';
    await frames(300);
    expect(sent).toHaveLength(before);
    (document.getElementById('a') as HTMLElement).textContent = 'Broadcom said so.';
    await frames(300);
    expect(sent.at(-1)).toEqual(['broadcom', 'nvidia']);
  });
});
