/**
 * The part of the dataset the content script bundles: the companies and their aliases, and
 * the dataset's version. Deals stay in the background and arrive by message for the
 * companies a page mentions, which keeps the content script small.
 */
import entities from './entities.json' with { type: 'json' };
import meta from './meta.json' with { type: 'json' };
import type { Entity, Meta } from './schema.ts';

export const bundledEntities = entities.entities as unknown as Entity[];
export const bundledMeta = meta as Meta;
