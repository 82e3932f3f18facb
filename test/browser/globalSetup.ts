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
 * tests), and dist/web and dist/ssr must be built from the current src/web, which the server under test serves and renders.
 */
export default function setup(): void {
  if (!existsSync(chromiumPath)) {
    if (process.env.CI) throw new Error(`Browser tests need Chromium at ${chromiumPath} (apt-get install -y chromium); CI is set, so this is a failure.`);
    console.warn(`\n⚠  ${chromiumPath} not found: the browser tests are SKIPPED. Install Debian's chromium to run them.\n`);
    return;
  }
  const built = [path.join(repoRoot, 'dist/web/index.html'), path.join(repoRoot, 'dist/ssr/entry-server.js')];
  const sources = path.join(repoRoot, 'src/web');
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= newestMtime(sources))) return;
  console.log('Building the web app and its server rendering (dist/web or dist/ssr is missing or older than src/web)…');
  // Vitest sets NODE_ENV=test, which would give a development build (and rc-component's fixed `test-id` ids).
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit', env });
  execFileSync('npx', ['vite', 'build', '--ssr', 'entry-server.tsx', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit', env });
  for (const file of built) if (!existsSync(file)) throw new Error(`vite build finished but ${path.relative(repoRoot, file)} is missing`);
}
