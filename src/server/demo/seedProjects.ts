import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { acceptCase, completeCase, createCase, decideCase } from '../modules/cases/service.ts';
import { getItemGuide, getItemSummaries, itemChecklist } from '../modules/catalog/service.ts';
import * as org from '../modules/org/service.ts';
import { advanceStage, createPolicy, createProject, linkCase } from '../modules/projects/service.ts';
import type { Stage } from '../modules/projects/rules.ts';
import * as queue from '../modules/queue/service.ts';
import { creditCodeCheckChar } from '../platform/identity.ts';
import type { Actor } from '../platform/audit.ts';
import type { Principal } from '../platform/auth.ts';

/**
 * The demo's 暖企 and 一本总账: support policies on the catalogue's 暖企 items with a 暖企服务 queue
 * category and its own window, and a few investment projects of demo companies in different stages with
 * their cases linked — one of them stuck past its stage's norm, so the ledger shows a bottleneck.
 */

export interface ProjectDemoInput {
  centerId: string;
  /** Every catalogue item id of the demo, to find the items named by their items.csv code. */
  itemIds: string[];
  /** The city's 企业服务 category: the 暖企 window serves it after its own. */
  enterpriseCategoryId: string;
  /** A general window of the 企业服务区 that becomes the 暖企服务 window. */
  warmWindowId: string;
}

const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17)!;
/** The first two are the companies of the 帮办代办 demo (seedAssistance.ts), so their projects show their agent and services. */
export const demoCompanies = {
  smart: { creditCode: creditCode('91441900MA5DEMA01'), name: '示范智造科技有限公司', contact: '林建华', phone: '13826881234' },
  cold: { creditCode: creditCode('91441900MA5DEMA05'), name: '示范物流有限公司', contact: '何晓东', phone: '13925661234' },
  bio: { creditCode: creditCode('91441900MA53BB2Q4'), name: '示范生物医药有限公司', contact: '郑敏', phone: '13712451234' },
};

/** Shanghai 10:00 of a day some calendar days back. */
const daysAgo = (days: number, now = new Date()) => new Date(Date.parse(`${new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10)}T10:00:00+08:00`));

export async function seedProjects(trx: Transaction<DB>, actor: Actor, input: ProjectDemoInput): Promise<{ projects: number; policies: number }> {
  // The demo acts as a global administrator, as the rest of the demo does through the services.
  const principal: Principal = { kind: 'user', id: 'demo', username: 'demo', name: actor.kind === 'system' ? actor.name : '示范数据', roles: [{ role: 'admin', centerId: null, departmentId: null }], sessionId: 'demo' };
  const byCode = new Map((await getItemSummaries(trx, input.itemIds)).map((i) => [i.code, i.id]));
  const itemId = (code: string) => {
    const id = byCode.get(code);
    if (!id) throw new Error(`the demo catalogue has no item ${code}`);
    return id;
  };

  // ---- 暖企 policies, their queue category and window
  const policies = [
    { code: 'GD-0202', name: '中小企业稳岗补贴', kind: 'subsidy' as const, benefit: '按企业上年度实际缴纳失业保险费的 60% 返还', criteria: { maxEmployees: 300, maxRevenueFen: 200_000_000_00, minYearsFounded: 1 } },
    { code: 'GD-0203', name: '企业吸纳就业社保补贴', kind: 'subsidy' as const, benefit: '招用高校毕业生、就业困难人员的，按实际缴纳的社会保险费给予补贴，最长 3 年', criteria: { minEmployees: 10, districts: ['东城区', '中心区'] } },
    { code: 'GD-0204', name: '创业担保贷款贴息', kind: 'interest' as const, benefit: '小微企业贷款额度最高 300 万元，财政按贷款利率的 50% 贴息', criteria: { maxEmployees: 100, maxYearsFounded: 5, maxRevenueFen: 30_000_000_00 } },
    { code: 'GD-0205', name: '一次性创业资助', kind: 'subsidy' as const, benefit: '初创企业一次性资助 1 万元', criteria: { maxYearsFounded: 3, maxEmployees: 50 } },
  ];
  const policyItems: string[] = [];
  for (const p of policies) {
    policyItems.push(itemId(p.code));
    await createPolicy(trx, actor, { itemId: itemId(p.code), name: p.name, kind: p.kind, benefit: p.benefit, criteria: p.criteria });
  }
  const warm = await queue.createCategory(trx, actor, { centerId: input.centerId, name: '暖企服务', prefix: 'N', itemIds: policyItems, sort: 8 });
  await org.updateWindow(trx, actor, input.warmWindowId, { name: '暖企服务窗口' });
  await queue.setWindowProfile(trx, actor, input.warmWindowId, [[warm.id], [input.enterpriseCategoryId]]);

  // ---- projects, with cases made and decided the way the window and the back office would
  const caseOf = async (company: (typeof demoCompanies)[keyof typeof demoCompanies], code: string, done: boolean, at: Date) => {
    const id = itemId(code);
    const guide = await getItemGuide(trx, id);
    const answers = Object.fromEntries(guide.situations.map((s) => [s.id, s.options[0]!.id]));
    const { materials } = await itemChecklist(trx, id, answers);
    const created = await createCase(trx, principal, actor, { itemId: id, centerId: input.centerId, applicant: { kind: 'company', ...company }, answers, channel: 'window', materials: materials.map((m) => ({ materialId: m.id, status: 'received' })) }, at);
    await acceptCase(trx, principal, actor, created.id, at);
    if (done) {
      const later = new Date(at.getTime() + 2 * 86_400_000);
      await decideCase(trx, principal, actor, created.id, { approved: true }, later);
      await completeCase(trx, principal, actor, created.id, 'window', later);
    }
    return created.caseNo;
  };
  const project = async (code: string, name: string, company: (typeof demoCompanies)[keyof typeof demoCompanies], location: string, stage: Stage, since: Date) =>
    createProject(trx, principal, actor, { code, name, ownerCreditCode: company.creditCode, ownerName: company.name, location, centerId: input.centerId, stage }, since);

  // 智能制造产业园: filed (立项 done), now in 用地 with the 用地预审 case under way.
  const smart = await project('2026-441900-39-01-000101', '示范智能制造产业园（一期）', demoCompanies.smart, '示范市东城区科技大道 18 号', 'approval', daysAgo(20));
  await linkCase(trx, principal, actor, smart.id, { caseNo: await caseOf(demoCompanies.smart, 'GD-0117', true, daysAgo(18)) });
  await advanceStage(trx, principal, actor, smart.id, { toStage: 'land' }, daysAgo(14));
  await linkCase(trx, principal, actor, smart.id, { caseNo: await caseOf(demoCompanies.smart, 'GD-0103', false, daysAgo(6)) });

  // 冷链物流中心: in 施工许可 for longer than its norm (10 working days): the ledger's bottleneck.
  const cold = await project('2026-441900-59-01-000105', '示范冷链物流中心', demoCompanies.cold, '示范市东城区桥头镇物流园 6 号地块', 'planning', daysAgo(45));
  await linkCase(trx, principal, actor, cold.id, { caseNo: await caseOf(demoCompanies.cold, 'GD-0102', true, daysAgo(44)) });
  await linkCase(trx, principal, actor, cold.id, { caseNo: await caseOf(demoCompanies.cold, 'GD-0108', true, daysAgo(40)) });
  await advanceStage(trx, principal, actor, cold.id, { toStage: 'construction' }, daysAgo(35));

  // 生物医药研发基地: just signed (招商引资).
  await project('2026-441900-27-01-031208', '示范生物医药研发基地', demoCompanies.bio, '示范市中心区创新路 66 号', 'attract', daysAgo(5));
  return { projects: 3, policies: policies.length };
}
