import { execFileSync } from 'node:child_process';
import { findChromium, ROOT } from '../../scripts/lib/chromium.ts';

/** Builds the extension unless the caller (npm test) just did, and fails loudly without Chromium. */
export default function setup() {
  findChromium();
  if (!process.env.DEALLENS_SKIP_BUILD) {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}
