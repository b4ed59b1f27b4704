/**
 * `npm run data:check [-- --dir DIR]`: validates meta.json, entities.json and deals.json
 * (from data/, or from DIR) and prints one line per problem, naming file, record, field
 * and reason. Exits 1 on any problem, 0 with a one-line summary otherwise.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { formatProblems, type Problem, validateDataset } from '../data/validate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = 'usage: node scripts/data-check.ts [--dir DIR]';

/** The folder to check: `--dir DIR` (relative to the working directory) or the bundled data/. */
function parseArgs(argv: string[]): string {
  if (argv.length === 0) return join(ROOT, 'data');
  if (argv.length === 2 && argv[0] === '--dir' && argv[1]) return resolve(argv[1]);
  throw new Error(USAGE);
}

/** How a file is named in messages: relative to the project root when inside it ("data/deals.json"). */
function displayName(file: string): string {
  const rel = relative(ROOT, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
}

/** A problem with a whole file rather than with one of its records. */
function fileProblem(file: string, reason: string): Problem {
  return { file: displayName(file), id: '(file)', field: '(root)', reason };
}

/** Reads and parses one JSON file; a missing or malformed file becomes a problem, not a crash. */
function readJson(file: string, problems: Problem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(fileProblem(file, `cannot read: ${message(error)}`));
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push(fileProblem(file, `invalid JSON: ${message(error)}`));
    return undefined;
  }
}

/** The record list under `key` (`{ "deals": [...] }`); the validator itself reports a non-array there. */
function unwrap(file: string, json: unknown, key: string, problems: Problem[]): unknown {
  if (json && typeof json === 'object' && !Array.isArray(json) && key in json) {
    return (json as Record<string, unknown>)[key];
  }
  problems.push(fileProblem(file, `must be an object holding the "${key}" array`));
  return undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function main(): number {
  let dir: string;
  try {
    dir = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(message(error));
    return 2;
  }
  const paths = { meta: join(dir, 'meta.json'), entities: join(dir, 'entities.json'), deals: join(dir, 'deals.json') };
  const files = {
    meta: displayName(paths.meta),
    entities: displayName(paths.entities),
    deals: displayName(paths.deals),
  };

  const readProblems: Problem[] = [];
  const meta = readJson(paths.meta, readProblems);
  const entitiesJson = readJson(paths.entities, readProblems);
  const dealsJson = readJson(paths.deals, readProblems);
  if (readProblems.length > 0) {
    console.error(formatProblems(readProblems));
    return 1;
  }

  // A file of the wrong shape stops here: otherwise every deal would also report its parties unknown.
  const shapeProblems: Problem[] = [];
  const entities = unwrap(paths.entities, entitiesJson, 'entities', shapeProblems);
  const deals = unwrap(paths.deals, dealsJson, 'deals', shapeProblems);
  if (shapeProblems.length > 0) {
    console.error(formatProblems(shapeProblems));
    return 1;
  }

  const result = validateDataset({ meta, entities, deals }, files);
  if (!result.ok) {
    console.error(formatProblems(result.problems));
    return 1;
  }

  const { dataset } = result;
  const sources = dataset.deals.reduce((n, d) => n + d.sources.length, 0);
  console.log(
    `dataset ${dataset.meta.version} as of ${dataset.meta.as_of}: ${dataset.entities.length} entities, ` +
      `${dataset.deals.length} deals, ${sources} sources — OK`,
  );
  return 0;
}

process.exitCode = main();
