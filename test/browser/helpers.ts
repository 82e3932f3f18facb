import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { buildApp, type App } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { adminPassword, openTestDatabase } from '../helpers/testApp.ts';
import { chromiumPath, webRoot } from './environment.ts';

export { adminPassword };
export const demoPassword = 'Demo@2026';

/** `describe` when Chromium is installed; otherwise the suite is reported as skipped (globalSetup says why). */
export const describeInBrowser = existsSync(chromiumPath) ? describe : describe.skip;

export interface RunningServer {
  app: App;
  baseUrl: string;
  /** Calls the API as `username` (signing in once per user) and returns the parsed JSON; throws on an error status. */
  api<T = unknown>(username: string, method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * A real server on a free port: fresh database with the demo center, serving the built web app. `env`
 * holds settings as the environment would give them (CASE_SWEEP_SECONDS=2: statistics rolled up every
 * two seconds); the app reads the sweep period from process.env itself, so they are in it while it is built.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db);
  await bootstrap(database, { adminPassword, demo: true });
  const config = { ...loadConfig(env), webRoot, demo: true, logLevel: 'silent' };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let app: App;
  try {
    app = await buildApp({ config, database, logger: false });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const tokens = new Map<string, string>();
  async function tokenOf(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const password = username === 'admin' ? adminPassword : demoPassword;
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    tokens.set(username, token);
    return token;
  }

  return {
    app,
    baseUrl,
    async api<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${await tokenOf(username)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors the page produced; a test ends by expecting none. */
  problems: string[];
}

/** A fresh, signed-out browser context in Beijing time, at a desktop size unless told otherwise. */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<TestPage> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // A page the server rendered (it carries its data element) shows before the app's code has taken it over,
  // when a click or a keystroke would go nowhere: opening one waits for the app (see PageLive in AppRoutes.tsx)
  // as a person would, unless the caller asked to wait for nothing (`waitUntil: 'commit'`, the benchmarks).
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    if (options?.waitUntil !== 'commit') await page.waitForFunction('!document.getElementById("onedoor-data") || document.documentElement.dataset.live !== undefined');
    return response;
  };
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx the app handles on purpose (a wrong password); those are not faults.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/**
 * The page's own content is on screen and nothing still spins or draws a skeleton. Unlike the network going
 * quiet, this also holds for a screen that keeps a live connection open (the hall's devices).
 */
export async function contentShown(page: Page, timeout = 15_000): Promise<void> {
  const ready = `(() => {
    const root = document.getElementById('root');
    return Boolean(root && root.innerText.trim().length > 20 && !document.querySelector('.ant-skeleton, .ant-spin-spinning, [aria-busy="true"]'));
  })()`;
  await page.waitForFunction(ready, undefined, { timeout, polling: 50 });
}

/** Signs in through the login form, pressing Enter as a person at a keyboard would. */
export async function logInThroughForm(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
}

export function expectNoProblems(problems: string[]): void {
  expect(problems, problems.join('\n')).toEqual([]);
}

/**
 * Presses a dialog's save button and waits for the dialog to close; if it stays open, fails with what it
 * says (a validation message or the server's error) instead of a bare timeout.
 */
export async function submitDialog(dialog: Locator, button: string | RegExp = /保\s*存/): Promise<void> {
  await dialog.getByRole('button', { name: button }).click();
  try {
    await dialog.waitFor({ state: 'hidden' });
  } catch (error) {
    const shown = await dialog.innerText({ timeout: 1000 }).catch(() => '(gone)');
    throw new Error(`the dialog did not close; it shows: ${shown.replace(/\s+/g, ' ')}`, { cause: error });
  }
}

/** Picks an option from the open antd Select dropdown (its items are not exposed as ARIA options). */
export async function chooseOption(page: Page, label: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).first();
  const chosen = page.locator('.ant-select-item-option-selected').filter({ hasText: label }).first();
  // On a busy machine a list re-rendered under the pointer (search results arriving) can swallow the click,
  // leaving the select as it was: the choice is checked (marked chosen, or its single-choice list closed),
  // and clicked again while it has not taken.
  for (let attempt = 1; ; attempt++) {
    await option.click();
    const took = await Promise.any([chosen.waitFor({ state: 'attached', timeout: 3_000 }), option.waitFor({ state: 'detached', timeout: 3_000 })]).then(
      () => true,
      () => false,
    );
    if (took) return;
    if (attempt === 3) throw new Error(`chooseOption: 「${label}」 was clicked three times and never chosen`);
  }
}

/** Closes a select's dropdown inside a dialog by a click on the dialog's title (Escape would close the dialog), so it covers no button. */
export async function closeDropdown(dialog: Locator): Promise<void> {
  await dialog.locator('.ant-modal-title').click();
  await dialog.page().locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** A demo server and a browser for a suite, started side by side, with the demo's city center. */
export async function startDemo<T extends { id: string; name: string } = { id: string; name: string }>(env: Record<string, string> = {}): Promise<{ server: RunningServer; browser: Browser; city: T }> {
  const [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  return { server, browser, city: await demoCity<T>(server) };
}

/** Closes what a suite started (either may be missing when its start failed). */
export async function stopDemo(server: RunningServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.close();
}

/** The demo's city center (示范市民服务中心), where most screens are tried. */
export async function demoCity<T extends { id: string; name: string }>(server: RunningServer): Promise<T> {
  const centers = (await (await fetch(`${server.baseUrl}/api/v1/centers`)).json()) as T[];
  return centers.find((c) => c.name === '示范市民服务中心')!;
}

/** The demo's window 1 (综合窗口 1) with staff01 signed in, and the category B it serves: where tests serve visits. */
export async function staffAtWindowOne(server: RunningServer, centerId: string): Promise<{ windowId: string; categoryId: string }> {
  const windows = await server.api<{ items: { id: string; name: string }[] }>('admin', 'GET', `/api/v1/centers/${centerId}/windows?q=${encodeURIComponent('综合窗口 1')}&pageSize=50`);
  const windowId = windows.items.find((w) => w.name === '综合窗口 1')!.id;
  const categories = await server.api<{ id: string; prefix: string }[]>('admin', 'GET', `/api/v1/centers/${centerId}/categories`);
  await server.api('staff01', 'POST', `/api/v1/windows/${windowId}/sign-in`);
  return { windowId, categoryId: categories.find((c) => c.prefix === 'B')!.id };
}

/**
 * Serves `ticketId` to the end at a window where `staff` is signed in: calls until it comes up (tickets
 * taken before it are passed over as no-shows), starts and finishes it.
 */
export async function serveTicket(server: RunningServer, staff: string, windowId: string, ticketId: string): Promise<void> {
  let called: { id: string } | undefined;
  for (let i = 0; i < 20 && called?.id !== ticketId; i++) {
    if (called) await server.api(staff, 'POST', `/api/v1/tickets/${called.id}/no-show`);
    called = (await server.api<{ ticket: { id: string } }>(staff, 'POST', `/api/v1/windows/${windowId}/call-next`)).ticket;
  }
  expect(called?.id).toBe(ticketId);
  await server.api(staff, 'POST', `/api/v1/tickets/${ticketId}/start`);
  await server.api(staff, 'POST', `/api/v1/tickets/${ticketId}/finish`);
}

/** The 24-hour locker's pickup code that the SMS to `phone` carried last (the staff never see it). */
export async function pickupCodeSentTo(server: RunningServer, phone: string): Promise<string> {
  const rows = await server.app.ctx.db.selectFrom('outbox_messages').select('body').where('recipient', '=', phone).where('body', 'like', '%取件码%').orderBy('created_at', 'desc').execute();
  return /取件码 (\d{6})/.exec(rows[0]!.body)![1]!;
}

/** The demo's first locker (the one the staff page shows first) and a fresh device link for its screen. */
export async function demoLocker(server: RunningServer, centerId: string): Promise<{ id: string; name: string; token: string }> {
  const lockers = await server.api<{ items: { id: string; name: string }[] }>('admin', 'GET', `/api/v1/centers/${centerId}/devices?kind=locker&pageSize=200`);
  const locker = lockers.items[0]!;
  const { token } = await server.api<{ token: string }>('admin', 'POST', `/api/v1/devices/${locker.id}/rotate-token`);
  return { ...locker, token };
}
