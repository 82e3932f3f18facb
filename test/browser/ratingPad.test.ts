import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectNoProblems, openPage, type RunningServer, serveTicket, staffAtWindowOne, startDemo, stopDemo } from './helpers.ts';

interface TicketView {
  id: string;
  number: string;
}

interface RatingRow {
  subjectId: string;
  score: number;
  tags: string[];
  source: string;
}

const fitsScreen = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight');

describeInBrowser('rating pad (评价器)', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let windowId: string;
  let categoryId: string;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
    ({ windowId, categoryId } = await staffAtWindowOne(server, city.id));
  });

  afterAll(() => stopDemo(server, browser));

  /** A visit served to the end at window 1 by staff01. */
  async function servedTicket(): Promise<TicketView> {
    const mine = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff' });
    await serveTicket(server, 'staff01', windowId, mine.id);
    return mine;
  }

  const ratingsOf = async (ticketId: string) =>
    (await server.api<{ items: RatingRow[] }>('admin', 'GET', `/api/v1/centers/${city.id}/ratings?pageSize=100`)).items.filter((r) => r.subjectId === ticketId);

  async function openPad() {
    const { token } = await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: city.id, kind: 'rating_pad', name: '测试评价器', windowId });
    const opened = await openPage(browser, { width: 1280, height: 800 });
    await opened.page.goto(`${server.baseUrl}/pad?device=${token}`);
    await opened.page.locator('.pad').waitFor();
    return opened;
  }

  it('offers the visit just finished at its window; 不满意 with a tag is recorded once, thanked, and the pad goes idle', async () => {
    const { context, page, problems } = await openPad();
    expect(page.url()).not.toContain('device=');
    await expect.poll(() => page.getByTestId('pad-idle').textContent()).toContain('1 号窗口');
    await expect.poll(() => page.getByTestId('pad-staff').textContent()).toMatch(/^工作人员：/);

    const ticket = await servedTicket();
    // The finish reaches the pad as an event (its poll is 15 s away).
    await page.getByTestId('pad-form').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('pad-service').textContent()).toContain(ticket.number);
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) {
      const box = await page.getByRole('radio', { name: label, exact: true }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(64);
    }
    expect(await fitsScreen(page)).toBe(true);

    const { bad } = (await (await fetch(`${server.baseUrl}/api/v1/rating-tags`)).json()) as { bad: string[] };
    await page.getByRole('radio', { name: '不满意', exact: true }).click();
    const tag = page.getByRole('button', { name: bad[0], exact: true });
    expect((await tag.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await tag.click();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('pad-thanks').waitFor();
    expect(await page.getByTestId('pad-thanks').textContent()).toContain('感谢您的评价');
    await expect.poll(() => ratingsOf(ticket.id)).toMatchObject([{ score: 2, tags: [bad[0]], source: 'pad' }]);
    await page.getByTestId('pad-idle').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('pad-pending').count()).toBe(0);

    // Portrait works as well.
    await page.setViewportSize({ width: 800, height: 1280 });
    const next = await servedTicket();
    await expect.poll(() => page.getByTestId('pad-service').textContent()).toContain(next.number);
    expect(await fitsScreen(page)).toBe(true);
    expectNoProblems(problems);
    await context.close();
  });

  it('rated while offline: kept as pending on the pad, delivered once the network is back, counted once', async () => {
    const { context, page, problems } = await openPad();
    // (The visit left unrated by the previous test may be offered first.)
    const ticket = await servedTicket();
    await expect.poll(() => page.getByTestId('pad-service').textContent(), { timeout: 5000 }).toContain(ticket.number);

    await context.setOffline(true);
    await page.getByRole('radio', { name: '非常满意', exact: true }).click();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('pad-thanks').waitFor();
    await expect.poll(() => page.getByTestId('pad-pending').textContent()).toBe('1 条评价待发送');
    expect(await ratingsOf(ticket.id)).toEqual([]);
    await page.getByTestId('pad-idle').waitFor({ timeout: 10_000 });

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('pad-pending').count(), { timeout: 20_000 }).toBe(0);
    expect(await ratingsOf(ticket.id)).toMatchObject([{ score: 5, source: 'pad' }]);
    // The outbox is empty in storage too: a reload sends nothing again.
    await page.reload();
    await page.getByTestId('pad-idle').waitFor();
    expect(await page.getByTestId('pad-pending').count()).toBe(0);
    expect(await ratingsOf(ticket.id)).toHaveLength(1);
    // Going offline makes the browser log the event stream's and the polls' failures.
    expectNoProblems(problems.filter((p) => !p.includes('EventSource') && !p.includes('net::ERR_')));
    await context.close();
  });
});
