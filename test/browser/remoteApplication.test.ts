import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, startDemo, stopDemo, type RunningServer } from './helpers.ts';

interface Guide {
  id: string;
  name: string;
  centers: { id: string }[];
  situations: { id: string; question: string; options: { id: string; label: string }[] }[];
  materials: { id: string; name: string; required: boolean; optionIds: string[] }[];
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);

describeInBrowser('不见面审批: apply online with uploads, 预审 at the center, pass into a case', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let storageDir: string;
  let item: Guide;
  /** The first option of each situation question (本人办理), and the materials that answer asks for. */
  let chosen: { id: string; label: string }[];
  let materials: Guide['materials'];

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'onedoor-browser-uploads-'));
    ({ server, browser, city } = await startDemo({ STORAGE_DIR: storageDir }));
    const online = (await (await fetch(`${server.baseUrl}/api/v1/items?online=true&centerId=${city.id}&pageSize=1`)).json()) as { items: { id: string }[] };
    item = (await (await fetch(`${server.baseUrl}/api/v1/items/${online.items[0]!.id}`)).json()) as Guide;
    chosen = item.situations.map((s) => s.options[0]!);
    materials = item.materials.filter((m) => m.optionIds.length === 0 || m.optionIds.some((id) => chosen.some((o) => o.id === id)));
  });

  afterAll(async () => {
    await stopDemo(server, browser);
    await rm(storageDir, { recursive: true, force: true });
  });

  it('the citizen uploads a file per material and submits; staff open it and pass it; the citizen sees the case number', async () => {
    const first17 = '44190019880808008';
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900008001', idNumber: first17 + idNumberCheckChar(first17), name: '郑晓云' });
    const citizen = await openPage(browser, { width: 480, height: 900 });
    await citizen.page.goto(`${server.baseUrl}/`);
    await citizen.page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    await citizen.page.goto(`${server.baseUrl}/my/applications`);
    await citizen.page.getByTestId('apply-form').waitFor();
    await expect.poll(() => citizen.page.getByText('还没有网上申报').count()).toBe(1);

    await citizen.page.getByLabel('办理事项').click();
    await chooseOption(citizen.page, item.name);
    for (const option of chosen) await citizen.page.getByLabel(option.label).check();
    for (const material of materials) {
      await citizen.page.getByLabel(`上传「${material.name}」`).setInputFiles({ name: `${material.name}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    }
    await expect.poll(() => citizen.page.getByTestId('uploaded-file').count()).toBe(materials.length);
    expect(await readdir(storageDir, { recursive: true })).not.toHaveLength(0);
    await citizen.page.getByLabel('邮寄送达').check();
    await citizen.page.getByLabel('收件地址').fill('示范市人民路 8 号 郑晓云 13900008001');
    await citizen.page.getByRole('button', { name: '提交申报' }).click();
    const mine = citizen.page.getByTestId('my-application');
    await expect.poll(() => mine.first().textContent()).toContain('待预审');
    expect(await mine.first().textContent()).toContain(item.name);

    const staff = await openPage(browser);
    await logInThroughForm(staff.page, server.baseUrl, 'staff01', demoPassword);
    await staff.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await staff.page.goto(`${server.baseUrl}/window/online`);
    const row = staff.page.locator('.ant-table-row').filter({ hasText: item.name });
    await row.click();
    const drawer = staff.page.locator('.ant-drawer');
    await expect.poll(() => drawer.getByTestId('review-material').count()).toBe(materials.length);
    const download = staff.page.waitForEvent('download');
    await drawer.getByRole('button', { name: new RegExp(`查看 ${materials[0]!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.pdf`) }).click();
    expect((await download).suggestedFilename()).toBe(`${materials[0]!.name}.pdf`);
    await drawer.getByRole('button', { name: '预审通过' }).click();
    await staff.page.locator('.ant-popconfirm').getByRole('button', { name: /^通\s*过$/ }).click();
    await staff.page.getByText('预审通过，已生成办件').waitFor();
    await expect.poll(() => row.count()).toBe(0);

    const cases = await server.api<{ items: { caseNo: string; channel: string; itemName: string }[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?pageSize=100`);
    const made = cases.items.find((c) => c.itemName === item.name && c.channel === 'online');
    expect(made).toBeDefined();
    const downloads = await server.app.ctx.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'remote.file.download').execute();
    expect(downloads).toHaveLength(1);

    await citizen.page.reload();
    await expect.poll(() => mine.first().textContent()).toContain('预审通过');
    expect(await mine.first().textContent()).toContain(`办件编号 ${made!.caseNo}`);
    expectNoProblems(citizen.problems);
    expectNoProblems(staff.problems);
  });
});
