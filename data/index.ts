/**
 * The bundled dataset, as every part of DealLens reads it. It is validated at build time
 * (wxt.config.ts) and in tests, so at run time it is trusted as typed.
 */
import deals from './deals.json' with { type: 'json' };
import entities from './entities.json' with { type: 'json' };
import meta from './meta.json' with { type: 'json' };
import type { Dataset } from './schema.ts';

/** The dataset as stored, before validation (tests validate this). */
export const rawDataset = { meta, entities: entities.entities, deals: deals.deals };

export const dataset = rawDataset as unknown as Dataset;
