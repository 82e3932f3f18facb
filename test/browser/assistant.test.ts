import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectNoProblems, openPage, startDemo, stopDemo, type RunningServer } from './helpers.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startDemo());
});
afterAll(async () => stopDemo(server, browser));

describeInBrowser('智能客服 on a phone', () => {
  it('answers an example from the guide with its citation, says 我不确定 about the weather, and the citation opens the guide', async () => {
    const { context, page, problems } = await openPage(browser, { width: 375, height: 812 });
    await page.goto(server.baseUrl);
    await page.getByRole('link', { name: /智能客服/ }).click();
    await page.waitForURL('**/assistant');

    await page.getByRole('button', { name: '开饭店要带什么材料' }).click();
    const answer = page.getByTestId('assistant-answer').nth(1);
    await answer.waitFor();
    expect(await answer.getAttribute('data-kind')).toBe('answer');
    expect(await answer.textContent()).toContain('需要准备');
    const citation = answer.getByTestId('assistant-citation');
    expect(await citation.textContent()).toContain('申请材料');
    await answer.getByRole('button', { name: '生成材料清单（审前服务）' }).waitFor();

    await page.getByLabel('您的问题').fill('今天天气怎么样');
    await page.getByLabel('您的问题').press('Enter');
    const unsure = page.getByTestId('assistant-answer').nth(2);
    await unsure.waitFor();
    expect(await unsure.getAttribute('data-kind')).toBe('unsure');
    expect(await unsure.textContent()).toContain('我不确定');
    await unsure.getByRole('button', { name: '留言给工作人员' }).waitFor();

    const cited = (await citation.getByRole('link').textContent())!;
    await citation.getByRole('link').click();
    await page.waitForURL('**/items/**');
    await page.getByRole('heading', { name: cited }).waitFor();
    expectNoProblems(problems);
    await context.close();
  });
});
