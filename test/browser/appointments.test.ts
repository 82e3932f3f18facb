import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { chooseOption, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
const idNumber = (serial: string) => {
  const first17 = `11010119900307${serial}`;
  return first17 + idNumberCheckChar(first17);
};

describeInBrowser('appointments: booking on a phone, the booking page, the manager list, kiosk check-in', () => {
  let server: RunningServer;
  let browser: Browser;
  let center: { id: string; name: string };
  let category: { id: string };
  let kioskToken: string;
  const managerPassword = 'Booking#2026';
  const today = shanghaiDate();
  const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    center = await server.api('admin', 'POST', '/api/v1/centers', { name: '预约测试便民中心', level: 'city', address: '测试大道 8 号', openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    category = await server.api('admin', 'POST', '/api/v1/categories', { centerId: center.id, name: '预约综合业务', prefix: 'Y', itemIds: [] });
    await server.api('admin', 'POST', '/api/v1/users', { username: 'bookmanager', password: managerPassword, name: '预约管理员', roles: [{ role: 'center_manager', centerId: center.id }] });
    kioskToken = (await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: center.id, kind: 'kiosk', name: '签到机' })).token;
    // Today and tomorrow are ordinary open days here, whatever the holiday schedule says.
    for (const day of [today, tomorrow]) await server.api('admin', 'DELETE', `/api/v1/calendar/days/${day}`).catch(() => undefined);
  });

  afterAll(() => stopDemo(server, browser));

  let bookingId: string;
  let code: string;

  it('books a slot on a phone: center, category, date, slot, real name; shows the code and its QR code', async () => {
    const { context, page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /预约办事/ }).click();
    await page.waitForURL('**/appointments/new');

    await page.locator('#booking-center').click();
    await page.locator('#booking-center').fill('预约测试');
    await chooseOption(page, center.name);
    await page.getByRole('button', { name: '预约综合业务' }).click();
    await page.getByTestId(`date-${tomorrow}`).click();
    const slot = page.getByTestId('slot-10:00');
    await slot.waitFor();
    expect(await slot.textContent()).toContain('余 10');
    await slot.click();

    await page.getByLabel('姓名').fill('张小明');
    // A wrong check character is caught on the phone, in Chinese.
    const wrong = idNumber('123').slice(0, 17) + (idNumber('123').endsWith('1') ? '2' : '1');
    await page.getByLabel('身份证号码').fill(wrong);
    await page.getByLabel('手机号码').fill('13812345678');
    await page.getByRole('button', { name: '确认预约' }).click();
    await page.getByText('身份证号码不正确（校验位不符）').waitFor();
    await page.getByLabel('身份证号码').fill(idNumber('123'));
    await page.getByRole('button', { name: '确认预约' }).click();

    await page.waitForURL((url) => /^\/appointments\/[^/]+$/.test(url.pathname) && url.pathname !== '/appointments/new');
    bookingId = page.url().split('/').pop()!;
    code = (await page.getByTestId('booking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await page.getByTestId('qr-code').waitFor();
    expect(await page.getByTestId('booking-status').textContent()).toBe('已预约');
    expect(await page.getByTestId('booking-time').textContent()).toContain('10:00–10:30');
    const body = (await page.textContent('body'))!;
    expect(body).toContain('预约测试便民中心');
    expect(body).toContain('138****5678');
    expect(body).not.toContain(idNumber('123'));
    expect(await pageOverflows(page)).toBe(false);

    // The same person cannot book the same kind of business twice on one day: a clear message.
    await page.goto(`${server.baseUrl}/appointments/new?centerId=${center.id}`);
    await page.getByRole('button', { name: '预约综合业务' }).click();
    await page.getByTestId(`date-${tomorrow}`).click();
    await page.getByTestId('slot-11:00').click();
    await page.getByLabel('姓名').fill('张小明');
    await page.getByLabel('身份证号码').fill(idNumber('123'));
    await page.getByLabel('手机号码').fill('13812345678');
    await page.getByRole('button', { name: '确认预约' }).click();
    expect(await page.getByTestId('booking-error').textContent()).toContain('同一天同一类业务只能预约一次');
    // The earlier booking is remembered on this phone.
    await page.getByRole('link', { name: '预约 1' }).click();
    await page.waitForURL(`**/appointments/${bookingId}`);
    await page.getByTestId('booking-code').waitFor();
    expectNoProblems(problems);
    await context.close();
  });

  it('lists the booking for the hall manager, with the rules to edit', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'bookmanager', managerPassword);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByRole('menuitem', { name: '预约管理' }).click();
    await page.waitForURL('**/manage/appointments');
    await page.locator('#appointments-date').click();
    await page.locator('#appointments-date').fill(tomorrow);
    await page.locator('#appointments-date').press('Enter');
    const row = page.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('已预约');
    expect(await row.textContent()).toContain('10:00–10:30');

    await page.getByRole('tab', { name: '预约规则' }).click();
    await page.getByLabel('提前放号').fill('5');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('预约规则已保存').waitFor();
    expect((await server.api<{ releaseDays: number }>('admin', 'GET', `/api/v1/centers/${center.id}/appointment-settings`)).releaseDays).toBe(5);
    expectNoProblems(problems);
    await context.close();
  });

  it('cancels the booking after a confirmation', async () => {
    const { context, page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/appointments/${bookingId}`);
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('button', { name: '确定取消' }).click();
    await page.getByTestId('booking-status').filter({ hasText: '已取消' }).waitFor();
    expect(await page.getByRole('button', { name: '取消预约' }).count()).toBe(0);
    const slots = await server.api<{ id: string; booked: number }[]>('admin', 'GET', `/api/v1/centers/${center.id}/slots?categoryId=${category.id}&date=${tomorrow}`);
    expect(slots.find((s) => s.id.endsWith('T10:00'))!.booked).toBe(0);
    expectNoProblems(problems);
    await context.close();
  });

  it('checks in at the kiosk panel by ID number, and explains a wrong code', async () => {
    // Check-in opens an hour ahead and booking stays open to the start, so a slot later today can be both booked and checked in now.
    await server.api('admin', 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, { closeBeforeMinutes: 0, earlyMinutes: 60 });
    const slots = await server.api<{ id: string; start: string; available: boolean }[]>('admin', 'GET', `/api/v1/centers/${center.id}/slots?categoryId=${category.id}&date=${today}`);
    const next = slots.find((s) => s.available && new Date(s.start).getTime() - Date.now() < 55 * 60_000);
    if (!next) return; // Just before midnight there is no slot left today.
    await server.api('admin', 'POST', '/api/v1/appointments', { slotId: next.id, idNumber: idNumber('456'), name: '李签到', phone: '13900001111' });

    const { context, page, problems } = await openPage(browser, { width: 1080, height: 1920 });
    await page.goto(`${server.baseUrl}/kiosk/check-in?device=${kioskToken}`);
    await page.getByTestId('check-in-panel').waitFor();
    for (const key of 'ZZZZZZZZ') await page.getByRole('button', { name: `键 ${key}` }).click();
    await page.getByRole('button', { name: '签到取号' }).click();
    expect(await page.getByTestId('check-in-error').textContent()).toContain('未找到预约');
    // A QR scanner types like a keyboard and ends with Enter: the code is sent at once.
    await page.getByRole('button', { name: /^清\s*空$/ }).click();
    await page.keyboard.type('QQQQQQQQ');
    await page.keyboard.press('Enter');
    await page.getByTestId('check-in-value').filter({ hasText: 'QQQQQQQQ' }).waitFor();
    await page.getByTestId('check-in-error').waitFor();

    await page.getByText('输入身份证号').click();
    for (const key of idNumber('456')) await page.getByRole('button', { name: `键 ${key}`, exact: true }).click();
    await page.getByRole('button', { name: '签到取号' }).click();
    await page.getByTestId('check-in-ticket').waitFor();
    expect(await page.getByTestId('check-in-number').textContent()).toMatch(/^Y\d{3}$/);
    expectNoProblems(problems);
    await context.close();
  });
});
