/**
 * The dataset's one schema: entities (companies and the names readers use for them) and
 * deals (who, how much, when, what, and where it was reported). Validated at build time
 * (wxt.config.ts), by `npm run data:check`, and in unit tests.
 */
import * as v from 'valibot';
import type { Profile, ProfileField } from './fields.ts';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const Id = v.pipe(v.string(), v.regex(ID, 'must be lowercase letters, digits and dashes'));
const IsoDate = v.pipe(
  v.string(),
  v.regex(ISO_DATE, 'must be an ISO date (YYYY-MM-DD)'),
  // Date.parse rolls "2026-02-30" over to March; a real date survives the round trip.
  v.check((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
  }, 'is not a real calendar date'),
);
const HttpsUrl = v.pipe(v.string(), v.url('must be a URL'), v.startsWith('https://', 'must be an https:// URL'));
/** Bidirectional controls can make text display as something else ("gpj.exe" tricks). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const Text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !BIDI_CONTROLS.test(s), 'must not contain bidirectional control characters'),
  );

/**
 * How an alias is matched (a missing field takes the default named first).
 * - `case`: "exact" matches only the spelling given ("Oracle"); "caps" also matches the
 *   all-capitals form used in headlines ("ORACLE"); "any" ignores case ("Openai", "NVIDIA").
 * - `needsCue`: the word has an everyday meaning ("Amazon" river, "azure" colour, the
 *   "Oracle" of Delphi), so a mention counts only with supporting evidence nearby.
 * - `kind`: names, tickers ("NVDA", "$NVDA"), social handles ("@OpenAI"), descriptors
 *   that a reader resolves ("ChatGPT maker"), and products that stand for the company ("Azure").
 * - `vetoedBy`: phrases that show a whole page means something else by the alias (any case,
 *   whole words): on a page that says "macular degeneration", "AMD" is the eye disease, in
 *   every paragraph.
 */
export const AliasSchema = v.object({
  text: Text(80),
  case: v.optional(v.picklist(['exact', 'caps', 'any'])),
  needsCue: v.optional(v.boolean()),
  kind: v.optional(v.picklist(['name', 'ticker', 'handle', 'descriptor', 'product'])),
  vetoedBy: v.optional(v.pipe(v.array(Text(80)), v.maxLength(8, 'must have at most 8 phrases'))),
});

export const EntitySchema = v.object({
  id: Id,
  name: Text(60),
  description: Text(160),
  homepage: HttpsUrl,
  parent: v.optional(Id),
  /** Listing symbols as "EXCHANGE:SYMBOL", e.g. "NASDAQ:NVDA". */
  tickers: v.array(v.pipe(v.string(), v.regex(/^[A-Z]+:[A-Z0-9.]+$/, 'must look like EXCHANGE:SYMBOL'))),
  aliases: v.pipe(v.array(AliasSchema), v.minLength(1, 'needs at least one alias')),
  /** Words near an ambiguous alias that show the company is meant ("cloud", "shares"). */
  cues: v.optional(v.array(Text(40))),
  /** Words near an ambiguous alias that show something else is meant ("river", "rainforest"). */
  antiCues: v.optional(v.array(Text(40))),
});

export const SourceSchema = v.object({
  url: HttpsUrl,
  publisher: Text(80),
  /** The date the page states, or null when it gives none. */
  published: v.nullable(IsoDate),
});

export const PartySchema = v.object({
  id: Id,
  role: v.optional(v.picklist(['investor', 'investee', 'customer', 'supplier', 'partner', 'venture'])),
  /** This party's share of the amount, where the sources split it ("Nvidia up to $10B of $15B"). */
  amount_usd: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be positive'))),
});

export const DealSchema = v.object({
  id: Id,
  title: Text(80),
  parties: v.pipe(v.array(PartySchema), v.minLength(1, 'needs at least one party')),
  kind: v.picklist(['compute', 'investment', 'chips', 'partnership', 'equity', 'restructuring']),
  /** Headline amount in US dollars, or null when none was disclosed. */
  amount_usd: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be positive'))),
  /**
   * What the amount measures: money committed by the deal (the default), the value of a
   * stake, a total across other deals, or the cost of a project. Only commitments add up
   * to a company's total.
   */
  amount_basis: v.optional(v.picklist(['commitment', 'valuation', 'aggregate', 'project-cost'])),
  /** The amount as the sources word it: "up to $100 billion", "about $300 billion". */
  amount_text: v.nullable(Text(200)),
  announced: IsoDate,
  status: v.picklist(['announced', 'expanded', 'completed', 'ended', 'not-finalized']),
  duration_years: v.optional(v.pipe(v.number(), v.minValue(0))),
  summary: Text(300),
  /** A caveat the reader should see: disputed figures, unconfirmed reports. */
  note: v.optional(Text(300)),
  /** The id of the earlier deal this one expands. */
  expands: v.optional(Id),
  sources: v.pipe(v.array(SourceSchema), v.minLength(1, 'needs at least one source')),
});

export const MetaSchema = v.object({
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version')),
  as_of: IsoDate,
});

export const EntitiesFileSchema = v.object({ entities: v.array(v.unknown()) });
export const DealsFileSchema = v.object({ deals: v.array(v.unknown()) });

export type Alias = v.InferOutput<typeof AliasSchema>;
export type Entity = v.InferOutput<typeof EntitySchema>;
/**
 * An entity as the content script holds it: its names, aliases and cues, and its description,
 * homepage and tickers once the background has sent them with its deals.
 */
export type PageEntity = Omit<Entity, ProfileField> & Partial<Pick<Entity, ProfileField>>;
export type { Profile, ProfileField };
export type Source = v.InferOutput<typeof SourceSchema>;
export type Party = v.InferOutput<typeof PartySchema>;
export type Deal = v.InferOutput<typeof DealSchema>;
export type Meta = v.InferOutput<typeof MetaSchema>;

export interface Dataset {
  meta: Meta;
  entities: Entity[];
  deals: Deal[];
}
