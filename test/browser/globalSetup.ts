import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromiumPath, repoRoot } from './environment.ts';

/** The newest modification time of any file under a folder. */
function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Before the browser tests: Chromium must be there (in CI it must; elsewhere its absence skips the
 * tests), and dist/web must be built from the current src/web, which the server under test serves.
 */
export default function setup(): void {
  if (!existsSync(chromiumPath)) {
    if (process.env.CI) throw new Error(`Browser tests need Chromium at ${chromiumPath} (apt-get install -y chromium); CI is set, so this is a failure.`);
    console.warn(`\n⚠  ${chromiumPath} not found: the browser tests are SKIPPED. Install Debian's chromium to run them.\n`);
    return;
  }
  const index = path.join(repoRoot, 'dist/web/index.html');
  const sources = path.join(repoRoot, 'src/web');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  console.log('Building the web app (dist/web is missing or older than src/web)…');
  // Vitest sets NODE_ENV=test, which would give a development build (and rc-component's fixed `test-id` ids).
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (!existsSync(index)) throw new Error('vite build finished but dist/web/index.html is missing');
}
