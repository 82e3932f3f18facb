import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/** 智能客服 on the demo catalogue: answers cite the guide they come from; nothing matching means "我不确定". */

let t: TestApp;
type Json = any;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => t?.close());

const ask = (question: string) => call(t, 'POST', '/api/v1/assistant/ask', 200, { body: { question } });

describe('the assistant', () => {
  it('answers 开饭店要带什么材料 with the materials of a catering item, citing its guide, and offers a pre-check', async () => {
    const answer = await ask('开饭店要带什么材料');
    expect(answer.kind).toBe('answer');
    const cited = answer.citations[0];
    expect(cited.section).toBe('申请材料');
    const guide = await call(t, 'GET', `/api/v1/items/${cited.itemId}`, 200);
    // Every required material of the cited guide is in the answer, and nothing else was invented.
    for (const m of guide.materials.filter((x: Json) => x.required)) expect(answer.text).toContain(m.name);
    expect(answer.actions.map((a: Json) => a.kind)).toEqual(expect.arrayContaining(['guide', 'precheck', 'book']));
    expect(answer.actions.find((a: Json) => a.kind === 'precheck').url).toBe(`/precheck?items=${cited.itemId}`);
  });

  it('answers a fee from the guide’s fee, in yuan', async () => {
    const answer = await ask('办身份证要多少钱');
    const guide = await call(t, 'GET', `/api/v1/items/${answer.citations[0].itemId}`, 200);
    expect(guide.name).toContain('身份证');
    expect(answer.text).toContain(guide.feeFen === 0 ? '不收费' : `${guide.feeFen / 100}`);
  });

  it('gives the 百问百答 answer when a FAQ asks the same thing', async () => {
    const answer = await ask('结婚登记可以网上办吗');
    expect(answer.citations[0].section).toMatch(/^百问百答：/);
    const guide = await call(t, 'GET', `/api/v1/items/${answer.citations[0].itemId}`, 200);
    expect(guide.faqs.map((f: Json) => f.answer)).toContain(answer.text);
  });

  it('says 我不确定 about what the catalogue does not cover, and offers a person', async () => {
    const answer = await ask('今天天气怎么样');
    expect(answer).toMatchObject({ kind: 'unsure', citations: [] });
    expect(answer.text).toContain('我不确定');
    expect(answer.actions.map((a: Json) => a.kind)).toEqual(['search', 'feedback']);
  });

  it('sends a progress question to the progress query', async () => {
    const answer = await ask('我的件办到哪了');
    expect(answer.actions).toEqual([{ kind: 'progress', label: '查询办件进度', url: '/progress' }]);
  });

  it('refuses an empty or overlong question', async () => {
    expectError(await t.request('POST', '/api/v1/assistant/ask', { body: { question: '   ' } }), 400, 'VALIDATION_ERROR');
    expectError(await t.request('POST', '/api/v1/assistant/ask', { body: { question: '问'.repeat(201) } }), 400, 'VALIDATION_ERROR');
  });
});
