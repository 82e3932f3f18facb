import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseOption, describeInBrowser, expectNoProblems, openPage, type RunningServer, serveTicket, staffAtWindowOne, startDemo, stopDemo } from './helpers.ts';

interface TicketView {
  id: string;
  number: string;
}

const phoneSize = { width: 390, height: 844 };
const noSidewaysScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());

describeInBrowser('好差评 and feedback on the portal: /rate, /feedback, /ratings', () => {
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

  it('/rate on a phone: refused before the visit is finished, then rated from the ticket page, then 追评', async () => {
    const ticket = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff', phone: '13800138000' });
    const { context, page, problems } = await openPage(browser, phoneSize);

    // Too early: the visit is still waiting.
    await page.goto(`${server.baseUrl}/rate?ticketId=${ticket.id}`);
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('rate-refused').textContent()).toContain('服务尚未办结');

    // Served: the ticket page offers the rating.
    await serveTicket(server, 'staff01', windowId, ticket.id);
    await page.goto(`${server.baseUrl}/ticket/${ticket.id}`);
    await page.getByTestId('ticket-rate').click();
    await page.waitForURL(`**/rate?ticketId=${ticket.id}`);
    const { bad } = (await (await fetch(`${server.baseUrl}/api/v1/rating-tags`)).json()) as { bad: string[] };
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    await page.getByRole('checkbox', { name: bad[0], exact: true }).check();
    await page.getByLabel('意见和建议（选填）').fill('等候时间太长');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('rating-score').textContent()).toBe('不满意');
    expect(await page.getByTestId('rating-done').textContent()).toContain(ticket.number);
    expect(await noSidewaysScroll(page)).toBe(true);

    // 追评, once.
    await page.getByLabel('补充评价').fill('后来工作人员主动联系，问题已解决');
    await page.getByRole('radio', { name: '基本满意', exact: true }).check();
    await page.getByRole('button', { name: '提交追评' }).click();
    await expect.poll(() => page.getByTestId('rating-follow-up').textContent()).toContain('问题已解决');
    expect(await page.getByRole('button', { name: '提交追评' }).count()).toBe(0);

    // Opened again, the page shows the rating with its 追评 and no form.
    await page.reload();
    await expect.poll(() => page.getByTestId('rating-follow-up').textContent()).toContain('基本满意');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    const rating = await (await fetch(`${server.baseUrl}/api/v1/ratings/of?ticketId=${ticket.id}`)).json();
    expect(rating).toMatchObject({ score: 2, tags: [bad[0]], comment: '等候时间太长', followUp: { score: 3 } });
    expectNoProblems(problems);
    await context.close();
  });

  it('/feedback: a complaint gets its number and due date; the manager’s answer shows on /feedback/:id; the person rates it 满意', async () => {
    const { context, page, problems } = await openPage(browser, phoneSize);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /投诉建议/ }).click();
    await page.waitForURL('**/feedback');
    // Button-style radios: the visible label is what a finger touches.
    await page.getByText('投诉', { exact: true }).click();
    expect(await page.getByRole('radio', { name: '投诉', exact: true }).isChecked()).toBe(true);
    await page.getByLabel('服务中心').click();
    await chooseOption(page, city.name);
    await page.getByLabel('内容').fill('3 号窗口午休时间提前关窗，等了一个小时');
    await page.getByLabel('手机号（选填）').fill('1380013');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByText('请输入 11 位手机号码').waitFor();
    await page.getByLabel('手机号（选填）').fill('13800138000');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByTestId('feedback-submitted').waitFor();
    const id = (await page.getByTestId('feedback-id').textContent())!.trim();
    expect(await page.getByTestId('feedback-submitted').textContent()).toContain(`/feedback/${id}`);
    expect(await page.getByText('已收到您的投诉').count()).toBe(1);
    expect(await noSidewaysScroll(page)).toBe(true);

    await page.getByRole('button', { name: '查看办理情况' }).click();
    await page.waitForURL(`**/feedback/${id}`);
    await expect.poll(() => page.getByTestId('feedback-status').textContent()).toBe('办理中');

    await server.api('manager', 'POST', `/api/v1/feedback/${id}/answer`, { answer: '经核实，已对该窗口提出批评并调整午间轮岗安排。' });
    await page.reload();
    await expect.poll(() => page.getByTestId('feedback-answer').textContent()).toContain('午间轮岗');
    await page.getByText('满意', { exact: true }).click();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('feedback-satisfaction').textContent()).toContain('满意');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    expect(await (await fetch(`${server.baseUrl}/api/v1/feedback/${id}`)).json()).toMatchObject({ status: 'closed', satisfaction: 'satisfied' });
    expectNoProblems(problems);
    await context.close();
  });

  it('/ratings: this month’s figures for the chosen center, by department and window; an empty month says so', async () => {
    const month = thisMonth();
    const report = (await (await fetch(`${server.baseUrl}/api/v1/public/centers/${city.id}/ratings?month=${month}`)).json()) as { totals: { total: number; counts: Record<string, number> } };
    expect(report.totals.total).toBeGreaterThan(0);

    const { context, page, problems } = await openPage(browser);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /好差评公开/ }).click();
    await page.waitForURL('**/ratings');
    await page.getByLabel('服务中心').click();
    await chooseOption(page, city.name);
    await expect.poll(() => page.getByTestId('public-count-2').textContent()).toContain(String(report.totals.counts['2']));
    expect(await page.getByTestId('public-satisfaction-rate').textContent()).toMatch(/%/);
    expect(await page.getByText('各部门评价').count()).toBe(1);
    expect(await page.getByRole('cell', { name: '1 号窗口', exact: true }).count()).toBe(1);

    await page.goto(`${server.baseUrl}/ratings?centerId=${city.id}&month=2020-01`);
    await expect.poll(() => page.getByTestId('public-ratings-empty').textContent()).toContain('暂无评价');
    expectNoProblems(problems);
    await context.close();
  });
});
