import type { Browser, Page, Response } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, lastSignInCode, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, describeInBrowser, expectNoProblems, openPage, type RunningServer, staffAtWindowOne, startDemo, stopDemo } from './helpers.ts';

const phoneSize = { width: 375, height: 812 };
const noSidewaysScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

interface PersonalCode {
  code: string;
  expiresAt: string;
}

const isPersonalCode = (response: Response) => response.url().endsWith('/api/v1/citizen/me/personal-code') && response.request().method() === 'POST';

/** What the pixel reading below uses of the page (tests are compiled without the DOM's types). */
interface DrawnImage {
  decode(): Promise<void>;
  src: string;
}
interface DrawnSvg {
  ownerDocument: {
    defaultView: { XMLSerializer: new () => { serializeToString(node: DrawnSvg): string }; Image: new () => DrawnImage };
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { drawImage(image: DrawnImage, x: number, y: number, width: number, height: number): void; getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } };
    };
  };
}

/**
 * The dark and light modules of the QR code drawn on the page, read back from its pixels as a camera
 * would see them (the centre of each module of a `size`-module symbol with a one-module margin, as the
 * page draws it), one character a module.
 */
async function drawnModules(page: Page, size: number): Promise<string> {
  return page
    .getByTestId('personal-code')
    .locator('svg')
    .evaluate(async (svg: DrawnSvg, modules: number) => {
      const window = svg.ownerDocument.defaultView;
      const image = new window.Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new window.XMLSerializer().serializeToString(svg))}`;
      await image.decode();
      const scale = 8;
      const canvas = svg.ownerDocument.createElement('canvas');
      canvas.width = canvas.height = (modules + 2) * scale;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      let bits = '';
      for (let row = 0; row < modules; row++) {
        for (let column = 0; column < modules; column++) {
          const red = context.getImageData(Math.floor((column + 1.5) * scale), Math.floor((row + 1.5) * scale), 1, 1).data[0]!;
          bits += red < 128 ? '1' : '0';
        }
      }
      return bits;
    }, size);
}

/** The modules of the QR code of `text` as the page encodes it (error correction M). */
function expectedModules(text: string): { size: number; bits: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, bits: Array.from(modules.data, (dark) => (dark ? '1' : '0')).join('') };
}

async function expectCodeDrawn(page: Page, code: string): Promise<void> {
  const expected = expectedModules(code);
  await expect.poll(() => drawnModules(page, expected.size)).toBe(expected.bits);
}

describeInBrowser('个人中心 on a phone: /my/login, /my, /my/code', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  it('signs in by SMS code, binds a real name, shows a rotating personal code a window scans once, and signs out', async () => {
    const phone = '13912340001';
    const first17 = '44030119900307123';
    const idNumber = first17 + idNumberCheckChar(first17);
    const wrongIdNumber = first17 + (idNumberCheckChar(first17) === '1' ? '2' : '1');
    const { context, page, problems } = await openPage(browser, phoneSize);

    // 亮码 asks for a sign-in first and comes back after it.
    await page.goto(`${server.baseUrl}/my/code`);
    await page.waitForURL('**/my/login?next=%2Fmy%2Fcode');
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByTestId('code-sent').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /秒后重新获取/ }).isDisabled()).toBe(true);
    const code = await lastSignInCode(server.app.ctx.db, phone);

    const wrongCode = code === '000000' ? '111111' : '000000';
    await page.getByLabel('验证码').fill(wrongCode);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('验证码错误，还可以再试 4 次');
    await page.getByLabel('验证码').fill(code);
    await page.getByLabel('验证码').press('Enter');
    await page.waitForURL('**/my/code');
    await page.getByText('请先完成实名认证').waitFor();
    await page.getByRole('button', { name: '去实名认证' }).click();
    await page.waitForURL(/\/my$/);
    expect(await page.getByTestId('my-account').textContent()).toContain(`139****0001`);

    // A wrong check character is caught in the form, in Chinese, before anything is sent.
    const form = page.getByTestId('real-name-form');
    await form.getByLabel('姓名').fill('陈小红');
    await form.getByLabel('身份证号码').fill(wrongIdNumber);
    await form.getByLabel('姓名').click();
    await form.getByText('身份证号码校验不通过，请核对后重新输入').waitFor();
    await form.getByLabel('身份证号码').fill(idNumber);
    await form.getByRole('button', { name: '提交认证' }).click();
    await expect.poll(() => page.getByTestId('my-account').textContent()).toContain('已实名认证');
    const account = await page.getByTestId('my-account').textContent();
    expect(account).toContain('陈*红');
    expect(account).toContain(`4403**********${idNumber.slice(-4)}`);
    expect(account).not.toContain(idNumber);
    expect(await noSidewaysScroll(page)).toBe(true);

    // 亮码: the QR code drawn is the code the server issued, and coming back to the page replaces it.
    const firstIssued = page.waitForResponse(isPersonalCode);
    await page.getByRole('link', { name: /亮码/ }).first().click();
    const first = (await (await firstIssued).json()) as PersonalCode;
    await expectCodeDrawn(page, first.code);
    expect(await page.getByTestId('code-name').textContent()).toBe('陈*红');
    await expect.poll(() => page.getByTestId('code-countdown').textContent()).toMatch(/^\d+ 秒后自动刷新$/);
    await page.getByText('请向取号机、窗口或智能柜出示，截图无效').waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);

    const secondIssued = page.waitForResponse(isPersonalCode);
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    const second = (await (await secondIssued).json()) as PersonalCode;
    expect(second.code).not.toBe(first.code);
    await expectCodeDrawn(page, second.code);

    const thirdIssued = page.waitForResponse(isPersonalCode);
    await page.getByRole('button', { name: /刷\s*新/ }).click();
    const shown = (await (await thirdIssued).json()) as PersonalCode;
    await expectCodeDrawn(page, shown.code);

    // The window scans the code on the phone once and sees the person; the same code again (a screenshot) is refused.
    const scanned = await server.api<{ name: string; idNumber: string; masked: boolean }>('staff01', 'POST', '/api/v1/personal-codes/scan', { code: shown.code, purpose: 'window' });
    expect(scanned).toMatchObject({ name: '陈小红', idNumber, masked: false });
    await expect(server.api('staff01', 'POST', '/api/v1/personal-codes/scan', { code: shown.code, purpose: 'window' })).rejects.toThrow(/409.*PERSONAL_CODE_USED/);

    // The front page shows who is signed in.
    await page.goto(server.baseUrl);
    await expect.poll(() => page.getByTestId('my-entry').textContent()).toContain('陈*红');

    // Signing out asks first, goes home and ends the session on the server.
    const token = await page.evaluate<string | null>("localStorage.getItem('onedoor.citizenToken')");
    expect(token).toMatch(/^odp_/);
    await page.getByTestId('my-entry').click();
    await page.waitForURL(/\/my$/);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    await expect.poll(() => page.getByTestId('my-entry').textContent()).toBe('个人中心');
    expect(await page.evaluate("localStorage.getItem('onedoor.citizenToken')")).toBeNull();
    expect((await fetch(`${server.baseUrl}/api/v1/citizen/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await page.goto(`${server.baseUrl}/my`);
    await page.waitForURL('**/my/login?next=%2Fmy');

    expectNoProblems(problems);
    await context.close();
  });

  it('我的号票 follows a ticket taken under the ID number live; 我的办件 lists the case, 我的诉求 the suggestion sent from /feedback', async () => {
    const first17 = '44030119851120456';
    const idNumber = first17 + idNumberCheckChar(first17);
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13912340002', idNumber, name: '周明' });
    const { windowId, categoryId } = await staffAtWindowOne(server, city.id);
    const someoneElse = await server.api<{ id: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff' });
    const mine = await server.api<{ id: string; number: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff', idNumber });
    const departments = (await (await fetch(`${server.baseUrl}/api/v1/centers/${city.id}/departments`)).json()) as { id: string; name: string }[];
    const item = await server.api<{ id: string; materials: { id: string }[] }>('admin', 'POST', '/api/v1/items', {
      code: 'MY-CASES-1',
      name: '个人中心演示事项',
      departmentId: departments[0]!.id,
      type: '公共服务',
      legalDays: 20,
      promisedDays: 5,
      materials: [{ name: '申请书' }],
    });
    const made = await server.api<{ id: string; caseNo: string }>('staff01', 'POST', '/api/v1/cases', {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', idNumber, name: '周明', phone: '13912340002' },
      channel: 'window',
      materials: item.materials.map((m) => ({ materialId: m.id, status: 'received' })),
    });

    const { context, page, problems } = await openPage(browser, phoneSize);
    await page.goto(server.baseUrl);
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    await page.goto(`${server.baseUrl}/my`);
    await page.getByRole('link', { name: /我的号票/ }).click();
    await page.waitForURL('**/my/tickets');
    const live = page.getByTestId('my-live-ticket');
    await expect.poll(() => live.textContent()).toContain(mine.number);
    expect(await page.getByTestId('my-ticket-ahead').textContent()).toMatch(/^前面还有 1 人/);

    // The window calls the one ahead, then this one: the page follows without a reload.
    const calledFirst = await server.api<{ ticket: { id: string } }>('staff01', 'POST', `/api/v1/windows/${windowId}/call-next`);
    expect(calledFirst.ticket.id).toBe(someoneElse.id);
    await expect.poll(() => page.getByTestId('my-ticket-ahead').textContent(), { timeout: 10_000 }).toMatch(/^前面还有 0 人/);
    await server.api('staff01', 'POST', `/api/v1/tickets/${someoneElse.id}/no-show`);
    await server.api('staff01', 'POST', `/api/v1/windows/${windowId}/call-next`);
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toMatch(/请到 \d+ 号窗口办理/);
    expect(await noSidewaysScroll(page)).toBe(true);

    await page.getByRole('link', { name: '办件', exact: true }).click();
    await page.waitForURL('**/my/cases');
    await page.getByText('个人中心演示事项').waitFor();
    await page.getByRole('link', { name: '查看进度' }).click();
    await page.waitForURL(`**/progress?caseNo=${made.caseNo}`);

    // A suggestion sent from /feedback while signed in is listed under 我的诉求.
    await page.goto(`${server.baseUrl}/feedback`);
    await page.getByText('建议', { exact: true }).click();
    await page.getByLabel('服务中心').click();
    await chooseOption(page, city.name);
    await page.getByLabel('内容').fill('建议周末延长办公时间');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    const feedbackId = (await page.getByTestId('feedback-id').textContent())!.trim();
    await page.goto(`${server.baseUrl}/my/feedback`);
    await page.getByRole('link', { name: /建议/ }).click();
    await page.waitForURL(`**/feedback/${feedbackId}`);

    expectNoProblems(problems);
    await context.close();
  });

  it('远程取号 signed in with a real name takes a ticket without typing the ID number', async () => {
    const first17 = '44030119921231789';
    const idNumber = first17 + idNumberCheckChar(first17);
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13912340003', idNumber, name: '吴芳' });
    // Open all week, so remote ticketing is open whenever the test runs (the demo center keeps office hours).
    const center = await server.api<{ id: string }>('admin', 'POST', '/api/v1/centers', { name: '个人中心测试服务站', level: 'town', parentId: city.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    await server.api('admin', 'POST', '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'A', itemIds: [] });

    const { context, page, problems } = await openPage(browser, phoneSize);
    await page.goto(server.baseUrl);
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    await page.goto(`${server.baseUrl}/queue/take?center=${center.id}`);
    await expect.poll(() => page.getByTestId('take-as-citizen').textContent()).toContain('吴*');
    expect(await page.getByLabel('身份证号码').count()).toBe(0);
    await page.getByRole('radio', { name: /A 综合业务/ }).check();
    await page.getByRole('button', { name: '立即取号' }).click();
    await page.waitForURL('**/ticket/**');
    await expect.poll(() => page.getByTestId('ticket-number').textContent()).toBe('A001');

    const tickets = (await fetchCall(server.baseUrl)('GET', '/api/v1/citizen/me/tickets', undefined, token)).body as { number: string; channel: string; idNumberMasked: string }[];
    expect(tickets).toMatchObject([{ number: 'A001', channel: 'online', idNumberMasked: `4403**********${idNumber.slice(-4)}` }]);
    expectNoProblems(problems);
    await context.close();
  });
});
