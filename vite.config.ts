import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Pages loaded on demand whose code the HTML should fetch at once when the address bar opens them:
 * a path pattern (as a RegExp source) and the page's module. Without this the page's chunk is asked
 * for only after the app's own code has downloaded, run and rendered — a round trip late on a phone.
 */
const preloadedPages: [pattern: string, module: string][] = [
  ['^/items$', 'src/web/catalog/ItemsPage.tsx'],
  ['^/items/[^/]+$', 'src/web/catalog/ItemGuidePage.tsx'],
];

/** Adds a tiny inline script that adds `modulepreload` links for the chunks of the page being opened. */
function preloadPageChunks(): Plugin {
  let base = '/';
  return {
    name: 'onedoor:preload-page-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return html;
        const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
        // A chunk and everything it imports statically, as the browser would have to fetch them.
        const closure = (fileName: string, into = new Set<string>()) => {
          if (into.has(fileName)) return into;
          into.add(fileName);
          for (const imported of chunks.get(fileName)?.imports ?? []) closure(imported, into);
          return into;
        };
        const loadedByEntry = closure(entry.fileName);
        const pages = preloadedPages.map(([pattern, module]) => {
          const page = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(module));
          if (!page) throw new Error(`preloadPageChunks: no chunk for ${module}`);
          return [pattern, [...closure(page.fileName)].filter((f) => !loadedByEntry.has(f)).map((f) => base + f)];
        });
        const script = `<script id="page-chunks">(() => {
      const page = ${JSON.stringify(pages)}.find(([pattern]) => new RegExp(pattern).test(location.pathname));
      for (const href of page ? page[1] : []) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', crossOrigin: '', href }));
    })();</script>`;
        // Before the app's script and stylesheet: an inline script after a stylesheet waits for it to load.
        return html.replace('<script type="module"', (tag) => `${script}\n    ${tag}`);
      },
    },
  };
}

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy next to every text file of the build, which the server
 * sends instead to a browser that accepts them (@fastify/static `preCompressed`): compressing once at
 * build time rather than on every request. Brotli level 10: 1.5% larger than level 11 on the start-up
 * files, in 40% of the time (11 added about 6 s to a build on a busy 2-core machine).
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipAsync = promisify(gzip);
  return {
    name: 'onedoor:precompress',
    // Not the server's rendering code (dist/ssr), which no browser downloads.
    apply: (_config, { command, isSsrBuild }) => command === 'build' && !isSsrBuild,
    async writeBundle({ dir }, bundle) {
      const texts = Object.keys(bundle).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      await Promise.all(texts.map(async (fileName) => {
        const file = path.join(dir!, fileName);
        const content = await readFile(file);
        const [br, gz] = await Promise.all([
          brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
          gzipAsync(content, { level: 9 }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      }));
    },
  };
}

// The web app lives in src/web and is built into dist/web, which the server serves; `vite build --ssr`
// builds the server's rendering of the public pages (src/web/entry-server.tsx) into dist/ssr.
export default defineConfig(({ isSsrBuild }) => ({
  root: 'src/web',
  plugins: [react(), preloadPageChunks(), precompress()],
  // The rendering code carries its libraries (antd's ES modules, React) rather than resolving them at run time.
  ssr: { noExternal: true },
  // Production React and antd in the rendering code as in the browser's: antd names its classes differently in
  // development, and the browser's render must find the server's markup as it would have made it.
  define: isSsrBuild ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: isSsrBuild
    ? { outDir: '../../dist/ssr', emptyOutDir: true, chunkSizeWarningLimit: 20_000 }
    : {
        outDir: '../../dist/web',
        emptyOutDir: true,
        chunkSizeWarningLimit: 2000,
        rolldownOptions: {
          output: {
            // What every page needs at start-up in two files (libraries, app) rather than the ~20 small shared
            // chunks automatic splitting makes: over HTTP/1.1 a browser fetches six at a time, so each batch
            // of six cost a round trip before the first render. Screens loaded on demand keep automatic splitting.
            codeSplitting: {
              groups: [
                { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'], priority: 2 },
                { name: 'app', tags: ['$initial'], priority: 1 },
              ],
            },
          },
        },
      },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/metrics': 'http://localhost:3000' } },
}));
