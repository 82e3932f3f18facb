import path from 'node:path';

/** Where things are for the browser tests; shared by the global setup and the tests. */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const chromiumPath = '/usr/bin/chromium';
export const webRoot = path.join(repoRoot, 'dist/web');
