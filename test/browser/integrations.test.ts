import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dispatchWebhooks } from '../../src/server/modules/integrations/service.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { adminPassword, demoCity, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, type RunningServer, startServer } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

/** Picks an option from the open antd Select dropdown (its items are not exposed as ARIA options). */
const chooseOption = (page: Page, label: string) =>
  page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: new RegExp(`^${label}$`) }).first().click();

describeInBrowser('对接管理 against a real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Server;
  let hookUrl: string;
  let city: Center;
  let police: { id: string; name: string };

  beforeAll(async () => {
    // A department system that is down: every delivery fails, so one becomes a dead letter.
    receiver = createServer((_req, res) => res.writeHead(500).end('维护中'));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/onedoor`;
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    city = await demoCity(server);
    const departments = (await (await fetch(`${server.baseUrl}/api/v1/centers/${city.id}/departments`)).json()) as { id: string; name: string }[];
    police = departments.find((d) => d.name === '公安局')!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('admin creates a key (shown once, works), revokes it, adds a webhook, and replays a dead letter', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '对接管理' }).click();
    await page.waitForURL('**/admin/integrations');
    await page.getByRole('heading', { name: '对接管理' }).waitFor();

    // The center, then the department.
    const centerSelect = page.locator('.ant-select').filter({ hasText: /中心/ }).first();
    if (!((await centerSelect.textContent()) ?? '').includes(city.name)) {
      await centerSelect.click();
      await chooseOption(page, city.name);
    }
    await page.getByLabel('部门').click();
    await page.keyboard.type('公安局');
    await chooseOption(page, '公安局');
    await page.getByText('该部门还没有接口密钥。').waitFor();

    // A key: shown once, and it works against the integration API.
    await page.getByRole('button', { name: '创建密钥' }).click();
    const dialog = page.getByRole('dialog', { name: /创建接口密钥/ });
    await dialog.getByLabel('对接系统名称').fill('公安审批系统');
    await dialog.getByLabel('对接系统名称').press('Enter');
    const secret = page.getByTestId('one-time-secret');
    await secret.waitFor();
    const token = ((await secret.textContent()) ?? '').trim();
    expect(token).toMatch(/^odk_/);
    const pulled = await fetch(`${server.baseUrl}/api/v1/integration/cases`, { headers: { authorization: `Bearer ${token}` } });
    expect(pulled.status).toBe(200);
    await page.getByRole('button', { name: '我已记录，关闭' }).click();
    const row = page.getByRole('row').filter({ hasText: '公安审批系统' });
    await row.getByText('有效').waitFor();
    expect(await row.textContent()).toContain(token.slice(0, 8));
    expect(await row.textContent()).not.toContain(token);

    // Revoked after confirmation: the key stops working.
    await row.getByRole('button', { name: /吊\s?销/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /吊\s?销/ }).click();
    await row.getByText('已吊销').waitFor();
    expect((await fetch(`${server.baseUrl}/api/v1/integration/cases`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    // A webhook endpoint with its one-time signing secret.
    await page.getByRole('tab', { name: '推送地址' }).click();
    await page.getByText('该部门还没有推送地址。').waitFor();
    await page.getByRole('button', { name: '新增推送地址' }).click();
    const hookDialog = page.getByRole('dialog', { name: /新增推送地址/ });
    await hookDialog.getByLabel('名称').fill('公安审批系统');
    await hookDialog.getByLabel('推送地址').fill(hookUrl);
    await hookDialog.getByLabel('推送地址').press('Enter');
    await secret.waitFor();
    expect(((await secret.textContent()) ?? '').trim()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: '我已记录，关闭' }).click();
    await page.getByRole('row').filter({ hasText: hookUrl }).getByText('启用').waitFor();

    // A case of the department changes status; the receiver keeps failing until the delivery is a dead letter.
    const item = await server.api<{ id: string; materials: { id: string }[] }>('admin', 'POST', '/api/v1/items', {
      code: 'WEB-HOOK-1',
      name: '推送演示事项',
      departmentId: police.id,
      type: '行政许可',
      legalDays: 20,
      promisedDays: 5,
      materials: [{ name: '申请书' }],
    });
    const idNumber = `44010119800101123${idNumberCheckChar('44010119800101123')}`;
    const created = await server.api<{ id: string; caseNo: string }>('admin', 'POST', '/api/v1/cases', {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', idNumber, name: '张三', phone: '13800138000' },
      channel: 'window',
      materials: item.materials.map((m) => ({ materialId: m.id, status: 'received' })),
    });
    await server.api('admin', 'POST', `/api/v1/cases/${created.id}/accept`);
    const db = server.app.ctx.db;
    let now = Date.now();
    for (let round = 0; round < 20; round++) {
      now += 7 * 3_600_000;
      const result = await dispatchWebhooks(db, { settleMs: 0, now: new Date(now) });
      if (result.dead > 0) break;
    }

    await page.getByRole('tab', { name: '推送记录' }).click();
    await page.getByRole('tab', { name: '投递失败' }).click();
    const deadRow = page.getByRole('row').filter({ hasText: created.caseNo });
    await deadRow.getByText('投递失败').waitFor();
    await deadRow.getByText('HTTP 500').waitFor();
    await deadRow.getByRole('button', { name: '重新投递' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '重新投递' }).click();
    await page.getByText('已重新排队投递').waitFor();
    await page.getByText('没有投递失败的推送。').waitFor();
    await page.getByRole('tab', { name: '全部' }).click();
    await page.getByRole('row').filter({ hasText: created.caseNo }).getByText('待投递').waitFor();

    expectNoProblems(problems);
    await context.close();
  });
});
