/**
 * Validation of a whole dataset: each record against the schema, then the checks that
 * span records (unique ids, parties that exist, dates not after the as-of date, aliases
 * claimed once). Every problem names its file, record id, field and reason.
 */
import * as v from 'valibot';
import { type Dataset, type Deal, DealSchema, type Entity, EntitySchema, type Meta, MetaSchema } from './schema.ts';

export interface Problem {
  file: string;
  id: string;
  field: string;
  reason: string;
}

export interface RawDataset {
  meta: unknown;
  entities: unknown;
  deals: unknown;
}

export type ValidationResult = { ok: true; dataset: Dataset } | { ok: false; problems: Problem[] };

export const FILES = { meta: 'data/meta.json', entities: 'data/entities.json', deals: 'data/deals.json' };

function recordId(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id) return raw.id;
  return `#${index + 1}`;
}

function issuesToProblems(file: string, id: string, issues: v.BaseIssue<unknown>[]): Problem[] {
  return issues.map((issue) => ({
    file,
    id,
    field: v.getDotPath(issue) ?? '(record)',
    reason: issue.message,
  }));
}

function parseList<T>(file: string, raw: unknown, schema: v.GenericSchema<unknown, T>, problems: Problem[]): T[] {
  if (!Array.isArray(raw)) {
    problems.push({ file, id: '(file)', field: '(root)', reason: 'must be an array of records' });
    return [];
  }
  const out: T[] = [];
  raw.forEach((item, i) => {
    const result = v.safeParse(schema, item);
    if (result.success) out.push(result.output);
    else problems.push(...issuesToProblems(file, recordId(item, i), result.issues));
  });
  return out;
}

/** Validates raw dataset parts; `files` names where each part came from, for messages. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Whether `word` stands in `text` as a whole word (both already lower-cased). */
function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? (text[at - 1] as string) : '';
    const after = text[at + word.length] ?? '';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return true;
  }
  return false;
}

export function validateDataset(raw: RawDataset, files: typeof FILES = FILES): ValidationResult {
  const problems: Problem[] = [];
  const metaResult = v.safeParse(MetaSchema, raw.meta);
  let meta: Meta | undefined;
  if (metaResult.success) meta = metaResult.output;
  else problems.push(...issuesToProblems(files.meta, '(meta)', metaResult.issues));

  const entities = parseList<Entity>(files.entities, raw.entities, EntitySchema, problems);
  const deals = parseList<Deal>(files.deals, raw.deals, DealSchema, problems);

  const entityIds = new Set<string>();
  const aliasOwner = new Map<string, string>();
  for (const e of entities) {
    if (entityIds.has(e.id)) {
      problems.push({ file: files.entities, id: e.id, field: 'id', reason: 'duplicate id' });
    }
    entityIds.add(e.id);
    for (const [i, a] of e.aliases.entries()) {
      const key = a.text.toLowerCase();
      const owner = aliasOwner.get(key);
      if (owner && owner !== e.id) {
        problems.push({
          file: files.entities,
          id: e.id,
          field: `aliases.${i}.text`,
          reason: `alias "${a.text}" is already claimed by ${owner}`,
        });
      } else aliasOwner.set(key, e.id);
    }
  }
  // A veto phrase is matched like an alias, and the longest match wins: one that holds a
  // name would take that name's mentions away wherever it stands.
  const phrases = new Set<string>();
  for (const e of entities) {
    for (const [i, a] of e.aliases.entries()) {
      for (const [j, phrase] of (a.vetoedBy ?? []).entries()) {
        const field = `aliases.${i}.vetoedBy.${j}`;
        const key = phrase.trim().toLowerCase();
        if (phrases.has(key)) {
          problems.push({ file: files.entities, id: e.id, field, reason: `veto phrase "${phrase}" is listed twice` });
          continue;
        }
        phrases.add(key);
        for (const [alias, owner] of aliasOwner) {
          if (!containsWord(key, alias)) continue;
          problems.push({
            file: files.entities,
            id: e.id,
            field,
            reason: `veto phrase "${phrase}" holds the name "${alias}" of ${owner}, whose mentions it would hide`,
          });
          break;
        }
      }
    }
  }
  for (const e of entities) {
    if (e.parent !== undefined && !entityIds.has(e.parent)) {
      problems.push({ file: files.entities, id: e.id, field: 'parent', reason: `unknown entity "${e.parent}"` });
    }
  }

  const dealIds = new Set<string>();
  for (const d of deals) {
    if (dealIds.has(d.id)) problems.push({ file: files.deals, id: d.id, field: 'id', reason: 'duplicate id' });
    dealIds.add(d.id);
  }
  for (const d of deals) {
    d.parties.forEach((p, i) => {
      if (!entityIds.has(p.id)) {
        problems.push({ file: files.deals, id: d.id, field: `parties.${i}.id`, reason: `unknown entity "${p.id}"` });
      }
    });
    const shares = d.parties.reduce((sum, p) => sum + (p.amount_usd ?? 0), 0);
    if (shares > 0 && (d.amount_usd === null || shares > d.amount_usd)) {
      problems.push({
        file: files.deals,
        id: d.id,
        field: 'parties',
        reason: `the parties' shares (${shares}) exceed the deal's amount (${d.amount_usd ?? 'none'})`,
      });
    }
    if (d.expands !== undefined && !dealIds.has(d.expands)) {
      problems.push({ file: files.deals, id: d.id, field: 'expands', reason: `unknown deal "${d.expands}"` });
    }
    if (meta) {
      if (d.announced > meta.as_of) {
        problems.push({
          file: files.deals,
          id: d.id,
          field: 'announced',
          reason: `${d.announced} is after the dataset's as-of date ${meta.as_of}`,
        });
      }
      d.sources.forEach((s, i) => {
        if (s.published && s.published > meta.as_of) {
          problems.push({
            file: files.deals,
            id: d.id,
            field: `sources.${i}.published`,
            reason: `${s.published} is after the dataset's as-of date ${meta.as_of}`,
          });
        }
      });
    }
  }

  if (problems.length > 0 || !meta) return { ok: false, problems };
  return { ok: true, dataset: { meta, entities, deals } };
}

/** One line per problem: `data/deals.json: openai-aws (sources.0.url): must be an https:// URL`. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}: ${p.id} (${p.field}): ${p.reason}`).join('\n');
}
