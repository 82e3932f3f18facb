import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { call } from '../helpers/fixtures.ts';

/** Search relevance on the demo catalogue (~2,000 items with their generated variants). */

let t: TestApp;
let centers: { id: string; name: string }[];
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  centers = await call(t, 'GET', '/api/v1/centers', 200);
}, 300_000); // seeding the demo catalogue takes ~25 s alone, longer beside other suites
afterAll(async () => t?.close());

interface Hit {
  id: string;
  name: string;
  department: { id: string; name: string };
  online: boolean;
  audience: string[];
}

async function search(query: string): Promise<{ items: Hit[]; total: number }> {
  return call(t, 'GET', `/api/v1/items?${query}`, 200);
}
const names = (items: Hit[]) => items.map((i) => i.name);

/** What a citizen types → the items any one of which must be among the first three answers. */
const colloquial: [string, string[]][] = [
  ['孩子上户口', ['出生登记']],
  ['给小孩报户口', ['出生登记']],
  ['开饭店', ['食品经营许可（新办）', '个体工商户设立登记']],
  ['开餐馆要办什么证', ['食品经营许可（新办）', '个体工商户设立登记', '小餐饮经营备案']],
  ['sfz', ['居民身份证换领', '居民身份证补领', '居民身份证首次申领']],
  ['身份症补办', ['居民身份证补领']],
  ['身份证丢了', ['居民身份证补领']],
  ['营业执照变更地址', ['有限责任公司变更登记']],
  ['社保卡', ['社会保障卡申领']],
  ['社保卡丢了', ['社会保障卡补换']],
  ['开公司', ['企业开办（设立登记）']],
  ['注册公司', ['企业开办（设立登记）']],
  ['结婚', ['内地居民结婚登记']],
  ['离婚', ['内地居民离婚登记']],
  ['结婚证丢了', ['补领婚姻登记证']],
  ['驾照到期换证', ['机动车驾驶证期满换证']],
  ['驾照丢了', ['机动车驾驶证补证']],
  ['考驾照', ['机动车驾驶证申领（初次）']],
  ['办护照', ['普通护照签发']],
  ['去香港', ['往来港澳通行证签发', '往来港澳通行证签注']],
  ['港澳通行证签注', ['往来港澳通行证签注']],
  ['租房提取公积金', ['住房公积金提取（租房）']],
  ['公积金贷款', ['住房公积金个人住房贷款']],
  ['办退休', ['基本养老保险待遇申领（退休）']],
  ['领失业金', ['失业保险金申领']],
  ['低保', ['最低生活保障审核确认']],
  ['办残疾证', ['残疾人证核发']],
  ['二手房过户', ['国有建设用地使用权及房屋所有权转移登记（二手房）']],
  ['房产证丢了', ['不动产权证书补证']],
  ['无犯罪证明', ['无犯罪记录证明开具']],
  ['办居住证', ['居住证申领']],
  ['生育津贴', ['企业职工生育津贴申领']],
  ['异地就医', ['异地就医备案']],
  ['个税证明', ['个人所得税纳税记录开具']],
  ['领发票', ['发票领用']],
  ['公司注销', ['公司注销登记', '简易注销登记']],
  ['开药店', ['药品零售企业经营许可（新办）']],
  ['开诊所', ['诊所备案']],
  ['新车上牌', ['机动车注册登记']],
  ['教师资格证', ['教师资格认定']],
  ['孩子上小学', ['义务教育阶段新生入学']],
  ['网约车司机证', ['网络预约出租汽车驾驶员证核发']],
  ['工伤', ['工伤认定申请']],
  ['施工许可证', ['建筑工程施工许可证核发']],
  ['开网吧', ['互联网上网服务营业场所经营许可']],
  ['出生证明丢了', ['出生医学证明补发']],
  ['交契税', ['契税申报']],
  ['gjj', ['住房公积金提取（购房）', '住房公积金提取（租房）', '住房公积金提取（离职）', '住房公积金个人住房贷款', '住房公积金单位缴存登记', '住房公积金缴存证明打印']],
];

describe('colloquial queries', () => {
  it('has at least 40 of them', () => expect(colloquial.length).toBeGreaterThanOrEqual(40));

  it.each(colloquial)('「%s」 finds %j in the first three', async (query, expected) => {
    const { items } = await search(`q=${encodeURIComponent(query)}&pageSize=3`);
    const top = names(items);
    expect(top.some((n) => expected.includes(n)), `「${query}」 → ${top.join(' | ')}`).toBe(true);
  });
});

describe('filters', () => {
  it('filters by department', async () => {
    const police = (await search(`q=${encodeURIComponent('出生登记')}&pageSize=1`)).items[0]!.department;
    expect(police.name).toBe('公安局');
    const { items, total } = await search(`q=${encodeURIComponent('证明')}&departmentId=${police.id}&pageSize=100`);
    expect(total).toBeGreaterThan(0);
    expect(items.every((i) => i.department.id === police.id)).toBe(true);
    expect(names(items)).toContain('无犯罪记录证明开具');
  });

  it('filters by audience', async () => {
    const companies = await search(`q=${encodeURIComponent('登记')}&audience=company&pageSize=100`);
    expect(companies.total).toBeGreaterThan(0);
    expect(companies.items.every((i) => i.audience.includes('company'))).toBe(true);
    expect(names(companies.items)).not.toContain('内地居民结婚登记');
    const people = await search(`q=${encodeURIComponent('结婚登记')}&audience=person&pageSize=3`);
    expect(names(people.items)).toContain('内地居民结婚登记');
  });

  it('filters by online', async () => {
    for (const online of [true, false]) {
      const { items, total } = await search(`q=${encodeURIComponent('证')}&online=${online}&pageSize=100`);
      expect(total).toBeGreaterThan(0);
      expect(items.every((i) => i.online === online)).toBe(true);
    }
  });

  it('filters by center: the town lists its everyday services, not the city-only licences', async () => {
    const city = centers.find((c) => c.name === '示范市民服务中心')!;
    const town = centers.find((c) => c.name === '桥头镇政务服务中心')!;
    const inCity = await search(`centerId=${city.id}&pageSize=1`);
    const inTown = await search(`centerId=${town.id}&pageSize=100`);
    expect(inTown.total).toBeGreaterThan(0);
    expect(inTown.total).toBeLessThan(inCity.total);
    const licence = await search(`q=${encodeURIComponent('危险化学品经营许可证核发')}&centerId=${town.id}`);
    expect(names(licence.items)).not.toContain('危险化学品经营许可证核发');
    const birth = await search(`q=${encodeURIComponent('上户口')}&centerId=${town.id}&pageSize=3`);
    expect(names(birth.items)).toContain('出生登记');
  });

  it('combines a query with several filters', async () => {
    const { items } = await search(`q=${encodeURIComponent('食品')}&audience=company&online=true&pageSize=100`);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.online && i.audience.includes('company'))).toBe(true);
  });
});

describe('paging and odd queries', () => {
  it('pages through the ranked results without overlap', async () => {
    const q = `q=${encodeURIComponent('登记')}`;
    const first = await call(t, 'GET', `/api/v1/items?${q}&page=1&pageSize=10`, 200);
    const second = await call(t, 'GET', `/api/v1/items?${q}&page=2&pageSize=10`, 200);
    expect(first).toMatchObject({ page: 1, pageSize: 10 });
    expect(second).toMatchObject({ page: 2, pageSize: 10, total: first.total });
    expect(first.total).toBeGreaterThan(20);
    const ids = [...first.items, ...second.items].map((i: Hit) => i.id);
    expect(new Set(ids).size).toBe(20);
    const beyond = await search(`${q}&page=${Math.ceil(first.total / 10) + 1}&pageSize=10`);
    expect(beyond).toMatchObject({ items: [], total: first.total });
  });

  it('lists the whole catalogue by code without a query', async () => {
    const { items, total } = await search('pageSize=50');
    expect(total).toBe(await t.database.db.selectFrom('items').select('id').execute().then((r) => r.length));
    expect(total).toBeGreaterThan(1000);
    const codes = items.map((i) => (i as Hit & { code: string }).code);
    expect(codes).toEqual([...codes].sort());
  });

  it.each(['怎么办理', '我想要办理什么手续', '的了吗', '   '])('finds nothing rather than everything for 「%s」', async (query) => {
    const { items, total } = await search(`q=${encodeURIComponent(query)}`);
    if (query.trim()) expect({ items, total }).toEqual({ items: [], total: 0 });
    else expect(total).toBeGreaterThan(0); // blank is no query at all: the whole list
  });

  it('treats quotes, tsquery operators and SQL wildcards as text', async () => {
    for (const query of ["身份证'", '证 & | ! :*', '100%', '_', '\\']) {
      const res = await t.request('GET', `/api/v1/items?q=${encodeURIComponent(query)}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    }
  });
});
