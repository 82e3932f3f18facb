import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, signInCitizen } from '../helpers/citizens.ts';
import { contentShown, demoLocker, describeInBrowser, expectNoProblems, openPage, staffAtWindowOne, startDemo, stopDemo, type RunningServer } from './helpers.ts';

/**
 * 适老化/适残化: every public page, as a phone shows it, passes axe-core's WCAG 2 A and AA rules —
 * labels a screen reader can read, contrast an older eye can see, a language, landmarks.
 */

let server: RunningServer;
let browser: Browser;
let city: { id: string; name: string };

beforeAll(async () => {
  ({ server, browser, city } = await startDemo());
});
afterAll(async () => stopDemo(server, browser));

/** A page is ready when the network is quiet and nothing says it is still loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

async function publicPages(): Promise<string[]> {
  const items = (await (await fetch(`${server.baseUrl}/api/v1/items?q=${encodeURIComponent('开饭店')}&pageSize=1`)).json()) as { items: { id: string }[] };
  return [
    '/',
    '/items',
    `/items?q=${encodeURIComponent('身份证')}`,
    `/items/${items.items[0]!.id}`,
    '/precheck',
    '/disclosure',
    `/appointments/new?centerId=${city.id}`,
    `/queue/take?centerId=${city.id}`,
    '/progress',
    '/rate',
    `/feedback?centerId=${city.id}`,
    '/ratings',
    '/map',
    '/assistant',
    '/my/login',
  ];
}

const phone = { width: 375, height: 812 };

/**
 * The serious and critical WCAG 2 A/AA violations of each page, as a phone shows it unless the page is
 * given with its own screen; `prepare` runs before the page's scripts.
 */
async function violationsOf(paths: (string | { path: string; viewport: { width: number; height: number } })[], prepare?: string): Promise<string[]> {
  const failures: string[] = [];
  for (const entry of paths) {
    const { path, viewport } = typeof entry === 'string' ? { path: entry, viewport: phone } : entry;
    const { context, page, problems } = await openPage(browser, viewport);
    if (prepare) await context.addInitScript(prepare);
    await page.goto(server.baseUrl + path);
    if (typeof entry === 'string') await settled(page);
    else {
      // A hall device keeps its live connection open and never goes network-quiet.
      await contentShown(page);
      await page.waitForTimeout(500);
    }
    // The page checked is the page asked for, not the sign-in page it might have sent the visitor to.
    if (new URL(page.url()).pathname !== path.split('?')[0]) failures.push(`${path}: opened ${page.url()} instead`);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      failures.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
    expectNoProblems(problems);
    await context.close();
  }
  return failures;
}

const myPages = ['/my', '/my/code', '/my/tickets', '/my/appointments', '/my/cases', '/my/applications', '/my/licences', '/my/feedback'];

describeInBrowser('accessibility of the public pages (axe-core, WCAG 2 A and AA)', () => {
  it('every public page on a phone has no serious or critical violation', async () => {
    const failures = await violationsOf(await publicPages());
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('nor in 大字模式 with 高对比度, switched on at the foot of the page and remembered', async () => {
    const { context, page } = await openPage(browser, { width: 375, height: 812 });
    await page.goto(`${server.baseUrl}/progress`);
    const bar = page.getByRole('contentinfo', { name: '显示设置' });
    await page.getByRole('button', { name: /查\s*询/ }).waitFor();
    const buttonFontSize = () => page.evaluate<number>(`parseFloat(getComputedStyle(document.querySelector('.ant-btn')).fontSize)`);
    const barTextColor = () => page.evaluate<string>(`getComputedStyle(document.querySelector('.display-modes .ant-typography')).color`);
    const [normalSize, normalColor] = [await buttonFontSize(), await barTextColor()];
    await bar.getByRole('switch', { name: '大字模式' }).click();
    await bar.getByRole('switch', { name: '高对比度' }).click();
    await expect.poll(() => page.evaluate<string>('document.documentElement.className')).toContain('od-contrast');
    expect(await buttonFontSize()).toBeGreaterThan(normalSize);
    expect(normalColor).not.toBe('rgb(0, 0, 0)');
    expect(await barTextColor()).toBe('rgb(0, 0, 0)');
    const stored = await page.evaluate<string>("localStorage.getItem('onedoor.display')");
    await page.reload();
    expect(await page.evaluate<string>('document.documentElement.className')).toContain('od-large');
    // The pages' own colours follow too: the catalogue's coloured tags turn black on white, the home page's title dark blue.
    await page.goto(`${server.baseUrl}/items`);
    await page.locator('.ant-tag').first().waitFor();
    expect(await page.evaluate<string[]>(`(() => { const s = getComputedStyle(document.querySelector('.ant-tag')); return [s.color, s.backgroundColor]; })()`)).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: '一门通办' }).waitFor();
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('h3')).color`)).toBe('rgb(0, 44, 140)');
    await context.close();

    const failures = await violationsOf(await publicPages(), `localStorage.setItem('onedoor.display', ${JSON.stringify(stored)})`);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('the hall’s public screens: kiosk, check-in, terminal, locker, rating pad, hall and window displays; a ticket, a feedback, a 微服务站', async () => {
    const device = async (kind: string, extra: Record<string, unknown> = {}) =>
      (await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: city.id, kind, name: `无障碍检查${kind}`, ...extra })).token;
    const { windowId, categoryId } = await staffAtWindowOne(server, city.id);
    const kiosk = await device('kiosk');
    const ticket = await server.api<{ id: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff' });
    const feedback = await server.api<{ id: string }>('admin', 'POST', '/api/v1/feedback', { centerId: city.id, kind: 'suggestion', text: '希望大厅多设几把椅子', channel: 'phone' });
    const station = await server.api<{ id: string }>('admin', 'POST', '/api/v1/stations', { centerId: city.id, kind: 'community', name: '无障碍检查社区微服务站', address: '示范路 2 号', videos: [{ title: '如何网上预约', url: 'https://example.org/video' }] });
    const portrait = { width: 1080, height: 1920 };
    const landscape = { width: 1920, height: 1080 };
    const failures = await violationsOf([
      { path: `/kiosk?device=${kiosk}`, viewport: portrait },
      { path: `/kiosk/check-in?device=${kiosk}`, viewport: portrait },
      { path: `/terminal?device=${await device('terminal')}`, viewport: landscape },
      { path: `/locker?device=${(await demoLocker(server, city.id)).token}`, viewport: landscape },
      { path: `/pad?device=${await device('rating_pad', { windowId })}`, viewport: { width: 1280, height: 800 } },
      { path: `/display/hall?device=${await device('hall_display')}`, viewport: landscape },
      { path: `/display/window?device=${await device('window_display', { windowId })}`, viewport: landscape },
      { path: `/ticket/${ticket.id}`, viewport: phone },
      { path: `/feedback/${feedback.id}`, viewport: phone },
      { path: `/station/${station.id}`, viewport: phone },
      { path: `/station/${station.id}/poster`, viewport: { width: 1280, height: 800 } },
    ]);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('the signed-in citizen’s pages (/my …), in both modes', async () => {
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900139077', idNumber: `44010119850505123${idNumberCheckChar('44010119850505123')}`, name: '邓小芳' });
    const signIn = `localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)});`;
    const failures = [
      ...(await violationsOf(myPages, signIn)),
      ...(await violationsOf(myPages, `${signIn} localStorage.setItem('onedoor.display', '{"large":true,"contrast":true}');`)),
    ];
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
