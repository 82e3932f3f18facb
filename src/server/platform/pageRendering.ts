import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** What the build of src/web/entry-server.tsx (dist/ssr/entry-server.js) exports. */
interface PageRenderer {
  routeApiRequests(send: (url: string, init: RequestInit) => Promise<Response>): void;
  renderPage(url: string, timeoutMs: number, citizenToken?: string): Promise<{ html: string; data: string; personal: boolean } | undefined>;
}

/** Longer than this, a page goes out unrendered: the browser renders it, as without a renderer. */
const renderTimeoutMs = 5_000;

/** The portal session's token from a page request's cookies (see src/web/shared/citizenAuth.ts), if well-formed. */
export function citizenTokenFromCookies(header: string | undefined): string | undefined {
  const value = /(?:^|;\s*)onedoor_citizen=([^;]*)/.exec(header ?? '')?.[1];
  return value && /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
}

/**
 * The public pages rendered on the server, with their data, for a phone to show before the app's code
 * has arrived, and the 个人中心 pages rendered for the person whose session cookie comes with the request:
 * `render` gives a page's whole HTML (and whether it is that person's own), or undefined when the page is not one rendered there,
 * the renderer is not built, or rendering failed (the caller then sends index.html as it is). The
 * renderer (a large module) loads at the first page asked for, or at `warm`. Its requests to the API go
 * to this app in-process.
 */
export function pageRendering(app: FastifyInstance, webRoot: string): { render(url: string, cookies?: string): Promise<{ html: string; personal: boolean } | undefined>; warm(): Promise<unknown> } {
  const bundle = path.join(webRoot, '..', 'ssr', 'entry-server.js');
  let loading: Promise<PageRenderer | undefined> | undefined;
  const load = async (): Promise<PageRenderer | undefined> => {
    if (!existsSync(bundle)) {
      app.log.warn({ bundle }, 'page renderer not built: public pages are rendered in the browser only');
      return undefined;
    }
    const renderer = (await import(pathToFileURL(bundle).href)) as PageRenderer;
    renderer.routeApiRequests(async (url, init) => {
      const answer = await app.inject({ method: (init.method ?? 'GET') as 'GET', url, headers: init.headers as Record<string, string>, payload: typeof init.body === 'string' ? init.body : undefined });
      return new Response(answer.statusCode === 204 ? null : answer.rawPayload, { status: answer.statusCode, headers: { 'content-type': String(answer.headers['content-type'] ?? 'application/json') } });
    });
    return renderer;
  };
  const ready = () =>
    (loading ??= load().catch((error: unknown) => {
      app.log.error({ err: error, bundle }, 'page renderer failed to load');
      return undefined;
    }));
  const render = async (url: string, cookies?: string) => {
    const renderer = await ready();
    if (!renderer) return undefined;
    try {
      const page = await renderer.renderPage(url, renderTimeoutMs, citizenTokenFromCookies(cookies));
      if (!page) return undefined;
      // Read each time: a rebuilt app names new assets, and the page must name them.
      const template = await readFile(path.join(webRoot, 'index.html'), 'utf8');
      return { html: scriptsAfterStyles(template).replace('<div id="root"></div>', `<div id="root">${page.html}</div>${page.data}`), personal: page.personal };
    } catch (error) {
      app.log.warn({ err: error, url }, 'page rendering failed; the page is sent for the browser to render');
      return undefined;
    }
  };
  return { render, warm: ready };
}

/**
 * A rendered page is read as soon as its stylesheets are in, so they get the phone's bandwidth first: the
 * app's scripts (the module script, its preloads, the page's chunks) are asked for only after them, by a
 * script at the end of the body, which the browser runs once the stylesheets have loaded. The page as
 * built asks for all of them at once, which suits a page the browser must render itself.
 */
export function scriptsAfterStyles(template: string): string {
  const preloads = [...template.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"[^>]*>\s*/g)];
  const module = /<script type="module"[^>]*src="([^"]+)"[^>]*><\/script>\s*/.exec(template);
  const pageChunks = /<script id="page-chunks">[\s\S]*?<\/script>\s*/.exec(template);
  if (!module) return template;
  let page = template;
  for (const tag of [...preloads.map((p) => p[0]), module[0], pageChunks?.[0] ?? '']) page = page.replace(tag, '');
  const append = (tag: string, attributes: Record<string, string>) => `document.head.append(Object.assign(document.createElement('${tag}'), ${JSON.stringify(attributes)}));`;
  const loader = [...preloads.map((p) => append('link', { rel: 'modulepreload', crossOrigin: '', href: p[1]! })), append('script', { type: 'module', crossOrigin: '', src: module[1]! })].join('\n');
  return page.replace('</body>', `${pageChunks?.[0].trim() ?? ''}\n<script>${loader}</script>\n</body>`);
}
