import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { describeInBrowser, expectNoProblems, launchBrowser, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

/** /progress: the public case query on a phone, from the landing page or the QR code on a notice. */

const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
const idNumber = (() => {
  const first17 = '11010119850615321';
  return first17 + idNumberCheckChar(first17);
})();
const phone = { width: 390, height: 844 };

interface Guide {
  id: string;
  name: string;
  mode: string;
  situations: { options: { id: string }[] }[];
}

describeInBrowser('case progress page', () => {
  let server: RunningServer;
  let browser: Browser;
  let created: { id: string; caseNo: string; promisedDeadline: string | null };
  let item: Guide;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // A promised (承诺件) demo item at the demo city center, taken in by a window with its first situation
    // chosen and nothing brought yet; the materials are supplied, then the case is accepted.
    const centers = await server.api<{ id: string; name: string }[]>('admin', 'GET', '/api/v1/centers');
    const center = centers.find((c) => c.name === '示范市民服务中心')!;
    const page = await server.api<{ items: { id: string; mode: string }[] }>('staff01', 'GET', `/api/v1/items?centerId=${center.id}&pageSize=50`);
    for (const summary of page.items.filter((i) => i.mode === 'promised')) {
      const guide = await server.api<Guide>('staff01', 'GET', `/api/v1/items/${summary.id}`);
      if (guide.situations.length <= 1) {
        item = guide;
        break;
      }
    }
    expect(item, 'a demo item to apply for').toBeDefined();
    const situationId = item.situations[0]?.options[0]?.id;
    const applicant = { kind: 'person', idNumber, name: '李晓华', phone: '13700137000' };
    const made = await server.api<{ id: string; materials: { materialId: string }[] }>('staff01', 'POST', '/api/v1/cases', { itemId: item.id, centerId: center.id, applicant, channel: 'window', ...(situationId && { situationId }), materials: [] });
    if (made.materials.length) await server.api('staff01', 'POST', `/api/v1/cases/${made.id}/supply`, { materialIds: made.materials.map((m) => m.materialId) });
    created = await server.api('staff01', 'POST', `/api/v1/cases/${made.id}/accept`);
  });

  afterAll(() => stopDemo(server, browser));

  it('is linked from the landing page and shows status, steps and promised deadline on a phone', async () => {
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /办件进度/ }).click();
    await page.waitForURL('**/progress');
    await page.getByLabel('办件编号').fill(created.caseNo);
    await page.getByLabel('证件号码后六位').fill(idNumber.slice(-6).toLowerCase()); // an x is taken as X
    await page.getByRole('button', { name: /查\s*询/ }).click();

    const result = page.getByTestId('progress-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(item.name);
    expect(await result.textContent()).toContain('已受理');
    expect(await result.textContent()).toContain('李*华');
    const steps = page.getByTestId('progress-step');
    expect(await steps.allTextContents()).toEqual([expect.stringContaining('申报'), expect.stringContaining('补交材料'), expect.stringContaining('受理')]);
    const [y, m, d] = created.promisedDeadline!.split('-');
    expect(await page.getByTestId('promised-deadline').textContent()).toBe(`${y}年${Number(m)}月${Number(d)}日前`);
    expect(page.url()).toContain(`caseNo=${created.caseNo}`);
    expect(await pageOverflows(page)).toBe(false);
    expectNoProblems(problems);
    await context.close();
  });

  it('takes the case number from the QR code link, and says so in Chinese when the suffix is wrong', async () => {
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(`${server.baseUrl}/progress?caseNo=${created.caseNo}`);
    await expect.poll(() => page.getByLabel('办件编号').inputValue()).toBe(created.caseNo);

    await page.getByLabel('证件号码后六位').fill('000000');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const error = page.getByTestId('progress-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('没有查到这个办件');
    expect(await page.getByTestId('progress-result').count()).toBe(0);

    // Too short: told on the page, nothing sent.
    await page.getByLabel('证件号码后六位').fill('123');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('请填写 6 位数字或字母').waitFor();

    // The right suffix then shows the case.
    await page.getByLabel('证件号码后六位').fill(idNumber.slice(-6));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByTestId('progress-result').waitFor();
    expect(await page.getByTestId('progress-error').count()).toBe(0);
    expect(await pageOverflows(page)).toBe(false);
    expectNoProblems(problems);
    await context.close();
  });

  it('tells the visitor to wait after too many wrong queries (429)', async () => {
    // Wrong guesses from this address (the browser's too) until the query is locked for a while.
    for (let i = 0; i < 10; i++) await fetch(`${server.baseUrl}/api/v1/public/cases/${created.caseNo}?idSuffix=99999${i}`);
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(`${server.baseUrl}/progress?caseNo=${created.caseNo}`);
    await page.getByLabel('证件号码后六位').fill(idNumber.slice(-6));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const error = page.getByTestId('progress-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('查询错误次数过多');
    expect(await error.textContent()).toContain('分钟后再试');
    expectNoProblems(problems);
    await context.close();
  });
});
