/**
 * The part of the dataset the content script bundles: the companies with their aliases and
 * cues (not their descriptions, homepages and tickers, see `lexicon-json.ts`; packed, see
 * `lexicon-pack.ts`), and the
 * dataset's version. Deals and those fields stay in the background and arrive by message
 * for the companies a page mentions, which keeps the content script small.
 */
import entities from './entities.json?lexicon';
import { unpackEntity } from './lexicon-pack.ts';
import meta from './meta.json' with { type: 'json' };
import type { Meta, PageEntity } from './schema.ts';

export const bundledEntities: PageEntity[] = entities.entities.map(unpackEntity);
export const bundledMeta = meta as Meta;
