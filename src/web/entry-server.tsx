import { renderToPipeableStream } from 'react-dom/server';
import { matchPath, StaticRouter } from 'react-router';
import type { ReactNode } from 'react';
import { Writable } from 'node:stream';
import { AppShell } from './AppShell';
import { preloadPage } from './AppRoutes';
import { setApiTransport } from './shared/api';
import { renderedDataFor, withCitizenToken } from './shared/citizenAuth';
import { renderedDataElementId, type ServerLoads } from './shared/renderedData';
import './shared/format';

/**
 * The server's rendering of public pages (built by `vite build --ssr` into dist/ssr, used by the server's
 * web app route): the page arrives on a phone with its content, readable as soon as the HTML and the
 * stylesheet are in, while the app's code still downloads and then takes the page over (hydration).
 */

/**
 * The pages rendered here for anyone: public, with data any visitor may read. Not a device's screens (a
 * device token), nor staff screens.
 */
const renderedPaths = ['/', '/items', '/items/:id', '/precheck', '/disclosure', '/appointments/new', '/queue/take', '/progress', '/map', '/assistant', '/feedback', '/feedback/:id', '/ratings', '/station/:id', '/my/login'];

/** The 个人中心 pages, rendered for the signed-in person whose token the page request carries (their cookie). */
const personalPaths = ['/my', '/my/code', '/my/tickets', '/my/appointments', '/my/cases', '/my/applications', '/my/licences', '/my/feedback', '/my/assistance'];

const matches = (patterns: string[], pathname: string) => patterns.some((pattern) => matchPath(pattern, pathname) !== null);

/** Where the server's own API answers the pages' requests while they render (no network in between). */
export const routeApiRequests = (send: (url: string, init: RequestInit) => Promise<Response>): void => setApiTransport(send);

/** Script-safe JSON: `</script>` or `<!--` inside a value cannot end or comment out the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The page at `url` (path and query) rendered with its data, to put inside `<div id="root">`, and the data
 * element that goes with it; undefined when the page is not one rendered here, or is a 个人中心 page and
 * `citizenToken` is missing or no longer signs anyone in (the browser then sends the person to sign in).
 * Rejects when rendering fails or takes longer than `timeoutMs` (the caller then sends the page unrendered).
 */
export async function renderPage(url: string, timeoutMs: number, citizenToken?: string): Promise<{ html: string; data: string; personal: boolean } | undefined> {
  const { pathname } = new URL(url, 'http://localhost');
  const personal = matches(personalPaths, pathname);
  if (!personal && !matches(renderedPaths, pathname)) return undefined;
  const token = personal ? citizenToken : undefined;
  // A public page starts with no data; a personal one with the account of the person it is for, or is not rendered.
  const values = token ? await renderedDataFor(token) : personal ? undefined : {};
  if (!values) return undefined;
  await preloadPage({ pathname });
  const serverLoads: ServerLoads = { loads: new Map(), values, start: (load) => withCitizenToken(token ?? null, load) };
  const Router = ({ children }: { children: ReactNode }) => <StaticRouter location={url}>{children}</StaticRouter>;
  const html = await renderWhenReady(<AppShell router={Router} serverLoads={serverLoads} />, timeoutMs);
  return { html, data: `<script type="application/json" id="${renderedDataElementId}">${scriptJson(serverLoads.values)}</script>`, personal };
}

/** The HTML of a tree once everything in it has loaded (its lazy pages and its data), not a streamed shell. */
function renderWhenReady(tree: ReactNode, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
        done();
      },
    });
    let failure: unknown;
    const stream = renderToPipeableStream(tree, {
      // Every part in place in the HTML, none sent later for a script to move in (the page must read without scripts).
      progressiveChunkSize: Number.POSITIVE_INFINITY,
      onAllReady: () => (failure ? reject(failure) : stream.pipe(sink)),
      onShellError: reject,
      // An error inside the page would leave it for the browser to render: send the page unrendered instead.
      onError: (error) => void (failure ??= error),
    });
    const timer = setTimeout(() => {
      stream.abort();
      reject(new Error(`rendering ${timeoutMs} ms and more`));
    }, timeoutMs);
  });
}
