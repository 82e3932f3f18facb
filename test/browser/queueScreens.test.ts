import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCity, describeInBrowser, expectNoProblems, launchBrowser, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

interface Category {
  id: string;
  prefix: string;
  open: boolean;
}

interface TicketView {
  id: string;
  number: string;
  status: string;
  priority: string | null;
  windowNumber: number | null;
}

interface WindowRow {
  id: string;
  number: number;
  name: string;
}

/** An ID number with a correct GB 11643 check character, born on `birth` (YYYYMMDD). */
function idNumber(birth: string, sequence = '123'): string {
  const first17 = `110101${birth}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** Records what the page would say aloud and how often it prints, instead of doing either. */
const stubSpeechAndPrint = `
  window.__spoken = [];
  window.__printed = 0;
  window.print = () => { window.__printed += 1; };
  const synth = {
    speak(utterance) { window.__spoken.push({ text: utterance.text, lang: utterance.lang }); setTimeout(() => utterance.onend && utterance.onend(), 20); },
    cancel() {}, getVoices() { return []; }, pause() {}, resume() {}, speaking: false, pending: false,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
`;

const spoken = (page: Page) => page.evaluate<string[]>('window.__spoken.map((s) => s.lang + ":" + s.text)');
const fitsScreen = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight');
const noSidewaysScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

describeInBrowser('queue: kiosk, hall and window displays, phone ticket, remote ticketing', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;
  let categories: Category[];
  let window1: WindowRow;
  const token = async (kind: string, extra: Record<string, unknown> = {}) =>
    (await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: city.id, kind, name: `测试${kind}`, ...extra })).token;
  const category = (prefix: string) => categories.find((c) => c.prefix === prefix)!;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    city = await demoCity(server);
    // Kiosks issue only while the hall is open, and this runs at any hour.
    await server.api('admin', 'PATCH', `/api/v1/centers/${city.id}`, { openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    categories = await server.api<Category[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
    const windows = await server.api<{ items: WindowRow[] }>('admin', 'GET', `/api/v1/centers/${city.id}/windows?q=${encodeURIComponent('综合窗口 1')}&pageSize=50`);
    window1 = windows.items.find((w) => w.name === '综合窗口 1')!;
  });

  afterAll(() => stopDemo(server, browser));

  it('a kiosk takes its token from the link, checks the ID number, issues a ticket with a QR code and prints it; 长者模式 takes one touch', async () => {
    const kiosk = await token('kiosk');
    const { context, page, problems } = await openPage(browser, { width: 1080, height: 1920 });
    await context.addInitScript(stubSpeechAndPrint);
    await page.goto(`${server.baseUrl}/kiosk?device=${kiosk}`);
    await page.getByTestId('category-B').waitFor();
    // The token leaves the address bar and stays in the browser.
    expect(page.url()).not.toContain('device=');
    expect(await noSidewaysScroll(page)).toBe(true);
    // Touch targets are big.
    const tile = await page.getByTestId('category-B').boundingBox();
    expect(tile!.height).toBeGreaterThanOrEqual(64);
    // The queue's load arrives by its own request after the categories.
    await expect.poll(() => page.getByTestId('category-B').textContent()).toMatch(/等候 \d+ 人/);

    await page.getByTestId('category-B').click();
    // A mistyped ID number is refused on the kiosk, in Chinese.
    const wrong = idNumber('19900101').slice(0, 17) + (idNumber('19900101').endsWith('1') ? '2' : '1');
    for (const key of wrong) await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '确认取号' }).click();
    await expect.poll(() => page.getByTestId('id-problem').textContent()).toContain('校验不通过');

    // A 75-year-old's ticket goes into the green channel by itself.
    await page.getByRole('button', { name: '清空' }).click();
    for (const key of idNumber('19500101')) await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '确认取号' }).click();
    await page.getByTestId('kiosk-ticket').waitFor();
    const number = await page.getByTestId('kiosk-ticket-number').textContent();
    expect(number).toMatch(/^B\d{3}$/);
    await page.getByText('已为您开通绿色通道').waitFor();
    await page.getByTestId('kiosk-ticket').getByTestId('qr-code').waitFor();
    await expect.poll(() => page.evaluate<number>('window.__printed')).toBe(1);
    const queue = await server.api<{ prefix: string; waiting: number }[]>('admin', 'GET', `/api/v1/centers/${city.id}/queue`);
    expect(queue.find((l) => l.prefix === 'B')!.waiting).toBeGreaterThanOrEqual(1);

    // 完成 goes back to the tiles; in 长者模式 one touch on a tile is a ticket.
    await page.getByRole('button', { name: /完成/ }).click();
    await page.getByRole('button', { name: '长者模式' }).click();
    expect(await page.getByRole('textbox', { name: '搜索事项' }).count()).toBe(0);
    await page.getByTestId('category-C').click();
    await expect.poll(() => page.getByTestId('kiosk-ticket-number').textContent()).toMatch(/^C\d{3}$/);
    await page.getByRole('button', { name: /完成/ }).click();
    await page.getByRole('button', { name: '长者模式' }).click();

    // An item found by search leads to its category.
    await page.getByRole('textbox', { name: '搜索事项' }).fill('身份证');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const result = page.getByTestId('search-results').locator('button:not([disabled])').first();
    const itemName = await result.locator('span').first().textContent();
    await result.click();
    await page.getByText(`办理事项：${itemName}`).waitFor();
    await page.getByRole('button', { name: '返回' }).click();

    // A category closed after the tiles were drawn: the refusal comes in big friendly text, then the tile is off.
    await server.api('admin', 'PUT', `/api/v1/categories/${category('D').id}`, { open: false });
    await page.getByTestId('category-D').click();
    await page.getByRole('button', { name: '不填，直接取号' }).click();
    await expect.poll(() => page.getByTestId('kiosk-error').textContent()).toContain('暂停取号');
    await page.getByRole('button', { name: '返回首页' }).click();
    await expect.poll(() => page.getByTestId('category-D').isDisabled()).toBe(true);
    await server.api('admin', 'PUT', `/api/v1/categories/${category('D').id}`, { open: true });

    // The token was remembered: a reload without it still works.
    await page.goto(`${server.baseUrl}/kiosk`);
    await page.getByTestId('category-B').waitFor();
    expectNoProblems(problems);
    await context.close();
  });

  it('a hall display and a window display show a call made at window 1 (and say it), the phone ticket says 请到 1 号窗口; the display catches up after its stream breaks', async () => {
    const hall = await token('hall_display');
    const windowScreen = await token('window_display', { windowId: window1.id });

    const display = await openPage(browser, { width: 1920, height: 1080 });
    await display.context.addInitScript(stubSpeechAndPrint);
    await display.page.goto(`${server.baseUrl}/display/hall?device=${hall}`);
    await display.page.getByTestId('waiting-table').getByTestId('load-A').waitFor();
    await display.page.getByRole('button', { name: '点击启用语音' }).click();
    await display.page.getByTestId('voice-on').waitFor();
    await expect.poll(() => display.page.getByTestId('display-connection').textContent()).toBe('实时连接正常');
    expect(await fitsScreen(display.page)).toBe(true);

    const screen = await openPage(browser, { width: 1920, height: 1080 });
    await screen.page.goto(`${server.baseUrl}/display/window?device=${windowScreen}`);
    await expect.poll(() => screen.page.getByTestId('window-number').textContent()).toBe('1 号窗口');
    await expect.poll(() => screen.page.getByTestId('window-status').textContent()).toBe('未开窗');

    // A citizen's ticket, followed on the phone.
    const mine = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: category('B').id, channel: 'staff', phone: '13800138000' });
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${server.baseUrl}/ticket/${mine.id}`);
    await expect.poll(() => phone.page.getByTestId('ticket-number').textContent()).toBe(mine.number);
    await expect.poll(() => phone.page.getByTestId('ticket-status').textContent()).toBe('等候中');
    await expect.poll(() => phone.page.getByTestId('ticket-ahead').textContent()).toMatch(/^还有 \d+ 人$/);
    expect(await noSidewaysScroll(phone.page)).toBe(true);

    // staff01 opens window 1: the window display follows.
    await server.api('staff01', 'POST', `/api/v1/windows/${window1.id}/sign-in`);
    await expect.poll(() => screen.page.getByTestId('window-status').textContent()).toBe('服务中');
    await expect.poll(() => screen.page.getByTestId('window-staff').textContent()).toContain('工作人员');

    // Calls until the citizen's ticket comes up (the kiosk's tickets may be ahead of it).
    let called: TicketView | undefined;
    for (let i = 0; i < 10 && called?.id !== mine.id; i++) {
      if (called) await server.api('staff01', 'POST', `/api/v1/tickets/${called.id}/no-show`);
      called = (await server.api<{ ticket: TicketView }>('staff01', 'POST', `/api/v1/windows/${window1.id}/call-next`)).ticket;
    }
    expect(called?.id).toBe(mine.id);
    await expect.poll(() => display.page.getByTestId('latest-call').textContent(), { timeout: 5000 }).toBe(`请 ${mine.number} 号到 1 号窗口办理`);
    await expect.poll(() => spoken(display.page)).toContain(`zh-CN:请 ${mine.number} 号到 1 号窗口办理`);
    await expect.poll(() => phone.page.getByTestId('ticket-called').textContent(), { timeout: 5000 }).toContain('请到 1 号窗口');
    await expect.poll(() => screen.page.getByTestId('window-current').textContent()).toBe(`请 ${mine.number} 号办理`);

    // A recall is said again.
    const before = (await spoken(display.page)).filter((s) => s.includes(mine.number)).length;
    await server.api('staff01', 'POST', `/api/v1/tickets/${mine.id}/recall`);
    await expect.poll(async () => (await spoken(display.page)).filter((s) => s.includes(mine.number)).length).toBe(before + 1);

    // The stream breaks and stays down while the next call is made; once back, the display shows it.
    await server.api('staff01', 'POST', `/api/v1/tickets/${mine.id}/start`);
    await server.api('staff01', 'POST', `/api/v1/tickets/${mine.id}/finish`);
    await expect.poll(() => phone.page.getByTestId('ticket-status').textContent()).toBe('已办结');
    const next = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: category('B').id, channel: 'staff', phone: '13900139000' });
    await display.page.route('**/events**', (route) => route.abort());
    server.app.server.closeAllConnections();
    await expect.poll(() => display.page.getByTestId('display-connection').textContent()).toBe('连接中断，正在重新连接…');
    let later: TicketView | undefined;
    for (let i = 0; i < 10 && later?.id !== next.id; i++) {
      if (later) await server.api('staff01', 'POST', `/api/v1/tickets/${later.id}/no-show`);
      later = (await server.api<{ ticket: TicketView }>('staff01', 'POST', `/api/v1/windows/${window1.id}/call-next`)).ticket;
    }
    expect(later?.id).toBe(next.id);
    await display.page.waitForTimeout(1500);
    expect(await display.page.getByTestId('latest-call').textContent()).not.toContain(next.number);
    await display.page.unroute('**/events**');
    await expect.poll(() => display.page.getByTestId('latest-call').textContent(), { timeout: 15_000 }).toBe(`请 ${next.number} 号到 1 号窗口办理`);
    await expect.poll(() => display.page.getByTestId('display-connection').textContent()).toBe('实时连接正常');
    expect(await display.page.getByTestId('recent-calls').textContent()).toContain(mine.number);
    expect(await fitsScreen(display.page)).toBe(true);

    // The phone follows a ticket transferred to another category.
    await phone.page.goto(`${server.baseUrl}/ticket/${next.id}`);
    await expect.poll(() => phone.page.getByTestId('ticket-called').textContent()).toContain('请到 1 号窗口');
    const moved = await server.api<TicketView>('staff01', 'POST', `/api/v1/tickets/${next.id}/transfer`, { categoryId: category('C').id });
    await phone.page.waitForURL(`**/ticket/${moved.id}`);
    await expect.poll(() => phone.page.getByTestId('ticket-transferred').textContent()).toContain(`${next.number} 已转为 ${moved.number}`);
    await expect.poll(() => phone.page.getByTestId('ticket-status').textContent()).toBe('等候中');
    expect(await fitsScreen(screen.page)).toBe(true);

    // Window 1 pauses: its screen says so.
    await server.api('staff01', 'POST', `/api/v1/windows/${window1.id}/pause`, { reason: '临时离开' });
    await expect.poll(() => screen.page.getByTestId('window-status').textContent(), { timeout: 15_000 }).toBe('暂停服务');

    // Display problems: aborted reconnects are logged by the browser as failed loads only.
    expectNoProblems(display.problems.filter((p) => !p.includes('EventSource') && !p.includes('net::ERR_FAILED')));
    expectNoProblems(phone.problems);
    expectNoProblems(screen.problems);
    await Promise.all([display.context.close(), phone.context.close(), screen.context.close()]);
  });

  it('remote ticketing on a phone takes an online ticket at a center open all week, refuses a second one and a wrong ID number', async () => {
    const center = await server.api<Center>('admin', 'POST', '/api/v1/centers', { name: '全天候便民服务站', level: 'town', parentId: city.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    await server.api('admin', 'POST', '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'A', itemIds: [] });

    const { context, page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /远程取号/ }).first().click();
    await page.waitForURL('**/queue/take');
    await page.getByLabel('办事大厅').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '全天候便民服务站' }).first().click();
    await page.getByRole('radio', { name: /A 综合业务/ }).check();
    const person = idNumber('19880808', '456');
    await page.getByLabel('身份证号码').fill(person.slice(0, 17) + (person.endsWith('1') ? '2' : '1'));
    await page.getByLabel('手机号码').fill('13712345678');
    await page.getByRole('button', { name: '立即取号' }).click();
    await page.getByText('身份证号码校验不通过，请核对后重新输入').waitFor();
    expect(page.url()).toContain('/queue/take');

    await page.getByLabel('身份证号码').fill(person);
    await page.getByRole('button', { name: '立即取号' }).click();
    await page.waitForURL('**/ticket/**');
    await expect.poll(() => page.getByTestId('ticket-number').textContent()).toBe('A001');
    await expect.poll(() => page.getByTestId('ticket-ahead').textContent()).toBe('还有 0 人');
    expect(await noSidewaysScroll(page)).toBe(true);

    // The same person again: refused, clearly.
    await page.goBack();
    await page.waitForURL('**/queue/take**');
    await page.getByRole('radio', { name: /A 综合业务/ }).check();
    await page.getByLabel('身份证号码').fill(person);
    await page.getByLabel('手机号码').fill('13712345678');
    await page.getByRole('button', { name: '立即取号' }).click();
    await expect.poll(() => page.getByTestId('take-error').textContent()).toContain('您今天已经取过号了');
    expect(await page.getByTestId('take-error').textContent()).toContain('A001');
    expectNoProblems(problems);
    await context.close();
  });
});
