import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Actor } from '../platform/audit.ts';
import type { Principal } from '../platform/auth.ts';
import { creditCodeCheckChar } from '../platform/identity.ts';
import { shanghaiDate } from '../platform/time.ts';
import * as assistance from '../modules/assistance/service.ts';
import type { AgentLevel, ServiceKind } from '../modules/assistance/rules.ts';

type UserPrincipal = Principal & { kind: 'user' };

const actorOf = (p: UserPrincipal): Actor => ({ kind: 'user', id: p.id, name: p.name });
const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17)!;
const daysAgo = (days: number, now: Date): Date => new Date(now.getTime() - days * 86_400_000);

export interface AssistanceDemoPeople {
  cityId: string;
  districtId: string;
  cityManager: UserPrincipal;
  districtManager: UserPrincipal;
  /** Window staff of the city center, who record requests made at the window or by phone. */
  cityStaff: UserPrincipal;
  agents: { principal: UserPrincipal; centerId: string; level: AgentLevel; area: string | null; specialties: string[] }[];
}

interface DemoRequest {
  at: 'city' | 'district';
  companyName: string;
  creditCode: string;
  projectCode: string | null;
  need: string;
  park?: string;
  channel: 'window' | 'phone';
  /** Index into the agents; none leaves the request waiting for assignment. */
  agent?: number;
  accepted?: boolean;
  plan?: { title: string; inDays: number; done?: boolean }[];
  services?: { kind: ServiceKind; daysAgo: number; minutes: number; note: string }[];
  completed?: boolean;
  submittedDaysAgo: number;
}

const requests: DemoRequest[] = [
  {
    at: 'city',
    companyName: '示范智造科技有限公司',
    creditCode: creditCode('91441900MA5DEMA01'),
    projectCode: '2026-441900-39-01-000101',
    need: '新建智能制造产业园一期厂房，需办理用地规划、工程规划和施工许可',
    channel: 'window',
    agent: 0,
    accepted: true,
    plan: [
      { title: '梳理用地规划许可申请材料', inDays: -10, done: true },
      { title: '协调自然资源局开展规划预审', inDays: 5 },
      { title: '陪同提交施工许可申请', inDays: 20 },
    ],
    services: [
      { kind: 'consulting', daysAgo: 18, minutes: 60, note: '讲解工程建设项目审批流程和各阶段材料' },
      { kind: 'document_preparation', daysAgo: 12, minutes: 120, note: '指导准备用地规划许可申请材料' },
      { kind: 'site_visit', daysAgo: 6, minutes: 90, note: '到项目现场了解建设进度和用地情况' },
    ],
    submittedDaysAgo: 20,
  },
  {
    at: 'city',
    companyName: '示范城投建设有限公司',
    creditCode: creditCode('91441900MA5DEMA02'),
    projectCode: '2026-441900-48-01-000102',
    need: '市政道路改造工程竣工验收与不动产登记',
    channel: 'phone',
    agent: 1,
    accepted: true,
    plan: [{ title: '协调住建、消防联合验收', inDays: -8, done: true }],
    services: [
      { kind: 'coordination', daysAgo: 25, minutes: 90, note: '协调住建局、消防救援支队联合验收时间' },
      { kind: 'accompanying', daysAgo: 15, minutes: 150, note: '陪同企业到不动产登记窗口办理首次登记' },
      { kind: 'video_meeting', daysAgo: 9, minutes: 45, note: '5G 视频连线解答登记补正问题' },
    ],
    completed: true,
    submittedDaysAgo: 30,
  },
  {
    at: 'district',
    companyName: '东城食品有限公司',
    creditCode: creditCode('91441900MA5DEMA03'),
    projectCode: null,
    need: '扩建生产线，咨询食品生产许可变更和环评手续',
    channel: 'window',
    agent: 2,
    submittedDaysAgo: 2,
  },
  {
    at: 'district',
    companyName: '东城新能源科技有限公司',
    creditCode: creditCode('91441900MA5DEMA04'),
    projectCode: '2026-441900-38-01-000104',
    need: '园区内新建储能电池生产线，需要项目备案和施工许可帮办',
    park: '东城高新技术产业园',
    channel: 'window',
    agent: 3,
    accepted: true,
    plan: [{ title: '办理企业投资项目备案', inDays: 3 }],
    services: [{ kind: 'consulting', daysAgo: 3, minutes: 30, note: '解答企业投资项目备案要求' }],
    submittedDaysAgo: 5,
  },
  {
    at: 'city',
    companyName: '示范物流有限公司',
    creditCode: creditCode('91441900MA5DEMA05'),
    projectCode: '2026-441900-59-01-000105',
    need: '冷链仓储中心建设项目，希望全程代办',
    channel: 'phone',
    submittedDaysAgo: 1,
  },
];

/** 帮办代办 in the demo: agents at city, district and park level, and requests in every state with plans and services. */
export async function seedAssistance(trx: Transaction<DB>, people: AssistanceDemoPeople, now = new Date()): Promise<{ agents: number; requests: number }> {
  for (const agent of people.agents) {
    const manager = agent.centerId === people.cityId ? people.cityManager : people.districtManager;
    await assistance.createAgent(trx, manager, actorOf(manager), { userId: agent.principal.id, centerId: agent.centerId, level: agent.level, area: agent.area, specialties: agent.specialties }, daysAgo(60, now));
  }
  for (const r of requests) {
    const recorder = r.at === 'city' ? people.cityStaff : people.districtManager;
    const manager = r.at === 'city' ? people.cityManager : people.districtManager;
    const submittedAt = daysAgo(r.submittedDaysAgo, now);
    const created = await assistance.submitRequest(
      trx,
      recorder,
      actorOf(recorder),
      { centerId: r.at === 'city' ? people.cityId : people.districtId, companyName: r.companyName, creditCode: r.creditCode, contactName: '企业联系人', contactPhone: '13800000000', projectCode: r.projectCode, need: r.need, park: r.park ?? null, channel: r.channel },
      submittedAt,
    );
    if (r.agent === undefined) continue;
    const agent = people.agents[r.agent]!.principal;
    await assistance.assignRequest(trx, manager, actorOf(manager), created.id, { agentUserId: agent.id }, new Date(submittedAt.getTime() + 3_600_000));
    if (!r.accepted) continue;
    await assistance.acceptRequest(trx, agent, actorOf(agent), created.id, new Date(submittedAt.getTime() + 7_200_000));
    for (const step of r.plan ?? []) {
      const detail = await assistance.addPlanStep(trx, agent, created.id, { title: step.title, dueDate: shanghaiDate(daysAgo(-step.inDays, now)) }, submittedAt);
      if (step.done) await assistance.completePlanStep(trx, agent, created.id, detail.plan.find((p) => p.title === step.title)!.id, daysAgo(-step.inDays, now));
    }
    for (const service of r.services ?? []) {
      const at = daysAgo(service.daysAgo, now);
      await assistance.recordService(trx, agent, actorOf(agent), created.id, { kind: service.kind, date: shanghaiDate(at), minutes: service.minutes, note: service.note }, at);
    }
    if (r.completed) await assistance.completeRequest(trx, agent, actorOf(agent), created.id, daysAgo(7, now));
  }
  return { agents: people.agents.length, requests: requests.length };
}
