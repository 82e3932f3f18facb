import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo } from './helpers.ts';

/** 林小梅 and 何小燕 hold the demo's e-licences (modules/elicenses/demo.ts). */
const linXiaomei = '441900198506123410';
const heXiaoyan = '441900199203085626';
/** 个体工商户设立登记: 经营者居民身份证 may be replaced by an e-licence. */
const itemName = '个体工商户设立登记';

describeInBrowser('电子证照: 我的电子证照 on a phone, and 调用电子证照 at the window', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  it('/my/licences lists the person’s own licences with masked numbers, and an empty state for someone without any', async () => {
    const { context, page, problems } = await openPage(browser, { width: 375, height: 812 });
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900007001', idNumber: linXiaomei, name: '林小梅' });
    await page.goto(server.baseUrl);
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    await page.goto(`${server.baseUrl}/my`);
    await page.getByText('我的电子证照').click();
    await page.waitForURL('**/my/licences');
    await page.getByTestId('my-licences').waitFor();
    const cards = await page.getByTestId('my-licence').allTextContents();
    expect(cards).toHaveLength(4);
    const idCards = cards.filter((c) => c.includes('居民身份证'));
    expect(idCards).toHaveLength(2);
    expect(idCards.some((c) => c.includes('已过期') && c.includes('有效期至 2025-06-10'))).toBe(true);
    expect(idCards.some((c) => c.includes('长期有效'))).toBe(true);
    expect(cards.some((c) => c.includes('结婚证') && c.includes('示范市民政局'))).toBe(true);
    expect(cards.join('')).not.toContain(linXiaomei);
    expect(cards.join('')).not.toContain('J441900-2012-004567');
    expect(cards.join('')).toContain('J44**************67');

    const other = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900007002', idNumber: '44190019950505' + '123' + idNumberCheckChar('44190019950505123'), name: '赵无证' });
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(other)})`);
    await page.goto(`${server.baseUrl}/my/licences`);
    await page.getByTestId('my-licences-empty').waitFor();
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expectNoProblems(problems);
    await context.close();
  });

  it('the window calls the applicant’s licences with their consent, marks the material they replace, and 亮码 brings them without asking', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.goto(`${server.baseUrl}/window/accept`);
    await page.getByLabel('搜索办理事项').fill(itemName);
    await chooseOption(page, `${itemName}（市场监督管理局）`);
    await page.getByTestId('material-checklist').getByText('经营者居民身份证').waitFor();

    await page.getByLabel('居民身份证号码').fill(linXiaomei);
    await page.getByLabel('姓名').fill('林小梅');
    await page.getByLabel('手机号码').fill('13900007001');
    await expect.poll(() => page.getByTestId('elicense-call').isDisabled()).toBe(true);
    await page.getByTestId('elicense-consent').click();
    await page.getByTestId('elicense-call').click();
    await page.getByTestId('elicense-list').waitFor();
    expect(await page.getByTestId('elicense-replaced').allTextContents()).toEqual(['代替：经营者居民身份证']);
    const row = page.getByTestId('material-checklist').getByRole('row').filter({ hasText: '经营者居民身份证' });
    await expect.poll(() => row.getByRole('radio', { name: '电子证照' }).isChecked()).toBe(true);

    await page.getByTestId('outcome-accept').click();
    await page.getByTestId('case-outcome-title').getByText('已受理').waitFor();
    const caseNo = (await page.getByTestId('case-no').textContent())!.trim();
    const made = (await server.api<{ items: { caseNo: string; materials: { name: string; status: string }[] }[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?status=accepted&pageSize=100`)).items.find((c) => c.caseNo === caseNo)!;
    expect(made.materials.find((m) => m.name === '经营者居民身份证')!.status).toBe('elicense');

    // The next applicant shows their personal code: identified, and their licences called with it.
    await page.getByRole('button', { name: '受理下一件' }).click();
    const citizen = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900007003', idNumber: heXiaoyan, name: '何小燕' });
    await page.getByLabel('扫个人码').fill(await personalCodeOf(fetchCall(server.baseUrl), citizen));
    await page.getByLabel('扫个人码').press('Enter');
    await page.getByTestId('elicense-list').getByText('亮码授权', { exact: false }).waitFor();
    expect(await page.getByTestId('elicense-replaced').allTextContents()).toEqual(['代替：经营者居民身份证']);
    expect(await page.getByLabel('居民身份证号码').inputValue()).toBe(heXiaoyan);
    expectNoProblems(problems);
    await context.close();
  });
});
