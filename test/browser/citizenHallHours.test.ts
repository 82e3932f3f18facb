import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, signInCitizen } from '../helpers/citizens.ts';
import { describeInBrowser, expectNoProblems, launchBrowser, openPage, startServer, stopDemo, type RunningServer } from './helpers.ts';

/** The kiosk outside the hall's hours, and a citizen downloading the notice of their case on /my/cases. */

const first17 = '44190019860707123';
const person = { phone: '13922224444', idNumber: first17 + idNumberCheckChar(first17), name: '林通知' };

describeInBrowser('hall hours at the kiosk, notices on /my/cases', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(() => stopDemo(server, browser));

  it('a kiosk of a hall without hours today shows 当前不在取号时间 with the hours, not the categories', async () => {
    const hours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '00:01' }];
    const center = await server.api<{ id: string }>('admin', 'POST', '/api/v1/centers', { name: '夜间测试便民中心', level: 'city', openingHours: hours });
    await server.api('admin', 'POST', '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'N', itemIds: [] });
    const kioskToken = (await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: center.id, kind: 'kiosk', name: '夜间取号机' })).token;
    const { context, page, problems } = await openPage(browser, { width: 1080, height: 1920 });
    await page.goto(`${server.baseUrl}/kiosk?device=${kioskToken}`);
    const closed = page.getByTestId('hall-closed');
    // Open only in the day's first minute: closed whenever this runs but then.
    const firstMinute = new Date().toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' }).startsWith('00:00');
    if (!firstMinute) {
      await closed.waitFor();
      expect(await closed.textContent()).toContain('当前不在取号时间');
      expect(await closed.textContent()).toContain('00:00–00:01');
      expect(await page.getByTestId('category-N').count()).toBe(0);
    }
    expectNoProblems(problems);
    await context.close();
  });

  it('a citizen downloads the notice PDF of their own accepted case from /my/cases', async () => {
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, person);
    const city = (await server.api<{ id: string; level: string }[]>('admin', 'GET', '/api/v1/centers')).find((c) => c.level === 'city')!;
    const departments = await server.api<{ id: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/departments`);
    const item = await server.api<{ id: string; materials: { id: string }[] }>('admin', 'POST', '/api/v1/items', {
      code: 'MY-NOTICE-B1',
      name: '通知书下载演示事项',
      departmentId: departments[0]!.id,
      type: '公共服务',
      legalDays: 5,
      promisedDays: 1,
      materials: [{ name: '申请书' }],
    });
    const made = await server.api<{ id: string; caseNo: string }>('staff01', 'POST', '/api/v1/cases', {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', idNumber: person.idNumber, name: person.name, phone: person.phone },
      channel: 'window',
      materials: item.materials.map((m) => ({ materialId: m.id, status: 'received' })),
    });

    const { context, page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(server.baseUrl);
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    await page.goto(`${server.baseUrl}/my/cases`);
    await page.getByText('通知书下载演示事项').waitFor();
    // Not accepted yet: the latest step has no notice, and the page says so.
    await page.getByTestId('download-notice').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('没有出具通知书');

    await server.api('staff01', 'POST', `/api/v1/cases/${made.id}/accept`);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-notice').click();
    expect((await download).suggestedFilename()).toBe(`${made.caseNo}-SL.pdf`);
    expectNoProblems(problems);
    await context.close();
  });
});
