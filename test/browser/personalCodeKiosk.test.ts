import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { fetchCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';
import { describeInBrowser, expectNoProblems, launchBrowser, openPage, startServer, stopDemo, type RunningServer } from './helpers.ts';

/** 不带材料、一台手机、一次亮码: a person signed in on the portal shows the personal code at the kiosk. */

const first17 = '44190019800808123';
const person = { phone: '13922223333', idNumber: first17 + idNumberCheckChar(first17), name: '郑亮码' };

describeInBrowser('亮码 at the kiosk', () => {
  let server: RunningServer;
  let browser: Browser;
  let center: { id: string };
  let category: { id: string };
  let kioskToken: string;
  let citizen: string;
  const call = () => fetchCall(server.baseUrl);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    center = await server.api('admin', 'POST', '/api/v1/centers', { name: '亮码测试便民中心', level: 'city', openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    category = await server.api('admin', 'POST', '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'L', itemIds: [] });
    kioskToken = (await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: center.id, kind: 'kiosk', name: '亮码取号机' })).token;
    await server.api('admin', 'DELETE', `/api/v1/calendar/days/${shanghaiDate()}`).catch(() => undefined);
    citizen = await signInCitizen(call(), server.app.ctx.db, person);
  });
  afterAll(() => stopDemo(server, browser));

  it('a booking made with the portal session is checked in at the kiosk by scanning the personal code', async () => {
    // Check-in opens an hour ahead and booking stays open to the start, so a slot later today can be both booked and checked in now.
    await server.api('admin', 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, { closeBeforeMinutes: 0, earlyMinutes: 60 });
    const slots = await server.api<{ id: string; start: string; available: boolean }[]>('admin', 'GET', `/api/v1/centers/${center.id}/slots?categoryId=${category.id}&date=${shanghaiDate()}`);
    const next = slots.find((s) => s.available && new Date(s.start).getTime() - Date.now() < 55 * 60_000);
    if (!next) return; // Just before midnight there is no slot left today.
    const booked = await call()('POST', '/api/v1/appointments', { slotId: next.id, ...person }, citizen);
    expect(booked.status).toBe(201);
    expect(((await call()('GET', '/api/v1/citizen/me/appointments', undefined, citizen)).body as { id: string }[]).map((a) => a.id)).toContain(booked.body.id);

    const { context, page, problems } = await openPage(browser, { width: 1080, height: 1920 });
    await page.goto(`${server.baseUrl}/kiosk/check-in?device=${kioskToken}`);
    await page.getByTestId('check-in-panel').waitFor();
    const code = await personalCodeOf(call(), citizen);
    // The scanner types the code and Enter.
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByTestId('check-in-ticket').waitFor();
    expect(await page.getByTestId('check-in-number').textContent()).toMatch(/^L\d{3}$/);
    expect(((await call()('GET', `/api/v1/appointments/${booked.body.id}`)).body as { status: string }).status).toBe('checked_in');
    expectNoProblems(problems);
    await context.close();
  });

  it('a walk-in takes a ticket by scanning the personal code; a screenshot of the same code is refused', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1080, height: 1920 });
    await page.goto(`${server.baseUrl}/kiosk?device=${kioskToken}`);
    await page.getByTestId('category-L').click();
    const code = await personalCodeOf(call(), citizen);
    const scan = page.getByTestId('kiosk-personal-code');
    await scan.fill(code);
    await scan.press('Enter');
    await page.getByTestId('kiosk-ticket').waitFor();
    const number = (await page.getByTestId('kiosk-ticket-number').textContent())!;
    const mine = (await call()('GET', '/api/v1/citizen/me/tickets', undefined, citizen)).body as { number: string }[];
    expect(mine.map((t) => t.number)).toContain(number);

    await page.getByRole('button', { name: /完成/ }).click();
    await page.getByTestId('category-L').click();
    await page.getByTestId('kiosk-personal-code').fill(code);
    await page.getByTestId('kiosk-personal-code').press('Enter');
    await expect.poll(() => page.locator('body').textContent()).toContain('该码已使用过');
    expectNoProblems(problems);
    await context.close();
  });
});
