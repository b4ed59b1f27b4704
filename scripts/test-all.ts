/**
 * `npm test`: every check a change must pass, in order — types, lint, unit tests, both
 * builds, web-ext lint of the Firefox build, and end-to-end tests in real Chromium.
 * Stops at the first failing step. Ends with one line counting the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, OUT_DIR, ROOT } from './lib/chromium.ts';

const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

interface Step {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
  /** Vitest JSON report to count tests from. */
  report?: string;
}

const steps: Step[] = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit'] },
  { name: 'lint', cmd: ['npx', 'biome', 'check', '.'] },
  { name: 'dataset', cmd: [process.execPath, 'scripts/data-check.ts'] },
  {
    name: 'unit',
    cmd: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(OUT, 'unit.json')}`,
    ],
    report: join(OUT, 'unit.json'),
  },
  { name: 'build (chrome)', cmd: ['npx', 'wxt', 'build'] },
  { name: 'build (firefox)', cmd: ['npx', 'wxt', 'build', '-b', 'firefox'] },
  {
    name: 'web-ext lint',
    cmd: ['npx', 'web-ext', 'lint', '--source-dir', join(OUT_DIR, 'firefox-mv2'), '--self-hosted'],
  },
  {
    name: 'e2e',
    cmd: [
      'npx',
      'vitest',
      'run',
      '-c',
      'vitest.e2e.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(OUT, 'e2e.json')}`,
    ],
    env: { DEALLENS_SKIP_BUILD: '1' },
    report: join(OUT, 'e2e.json'),
  },
];

// Browser tests never skip silently: without Chromium, npm test fails here and says why.
try {
  findChromium();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

let passed = 0;
let failed = 0;
const started = Date.now();
for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  const [bin, ...args] = step.cmd as [string, ...string[]];
  const run = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (step.report && existsSync(step.report)) {
    const r = JSON.parse(readFileSync(step.report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✖ ${step.name} failed (${secs} s)`);
    console.log(`\ntests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(run.status ?? 1);
  }
  console.log(`✔ ${step.name} (${secs} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
console.log(`tests: ${passed} passed, ${failed} failed`);
