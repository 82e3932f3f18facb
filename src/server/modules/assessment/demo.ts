import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { currentTime } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { createUser, findUserIdByUsername } from '../accounts/service.ts';
import { addWorkingDays } from '../calendar/service.ts';
import type { Dimension, Indicator } from './rules.ts';
import { addCriterion, advanceRound, createRound, followUpFinding, recordFinding, saveSelfScore } from './service.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
const actorOf = (p: UserPrincipal): Actor => ({ kind: 'user', id: p.id, name: p.name });

const criteria: { dimension: Dimension; title: string; maxPoints: number; indicator?: Indicator; description?: string }[] = [
  { dimension: 'management', title: '制度建设：首问负责、一次性告知、限时办结等制度落实', maxPoints: 10 },
  { dimension: 'management', title: '窗口人员管理与培训考核', maxPoints: 8 },
  { dimension: 'construction', title: '功能分区、导视标识符合省政务服务中心系列标准', maxPoints: 10 },
  { dimension: 'construction', title: '适老化、适残化改造与无障碍设施', maxPoints: 8, description: '2022 年十件民生实事' },
  { dimension: 'service', title: '平均等候时长', maxPoints: 10, indicator: 'avg_wait' },
  { dimension: 'service', title: '好评率', maxPoints: 10, indicator: 'satisfaction_rate' },
  { dimension: 'service', title: '按时办结率', maxPoints: 8, indicator: 'on_time_rate' },
  { dimension: 'service', title: '帮办代办、延时办、上门办等特色服务', maxPoints: 8 },
  { dimension: 'innovation', title: '7×24 小时自助服务区与“一码通办”', maxPoints: 6 },
  { dimension: 'innovation', title: '网办率', maxPoints: 6, indicator: 'online_rate' },
];

/**
 * One 标杆大厅 round over the demo's city and district centers, run by the admin and inspected by a
 * province-wide supervisor (`inspector`): the city center self-assessed fully, the district partly, and
 * the inspection under way with a finding being rectified and one just recorded.
 */
export async function seedAssessmentDemo(trx: Transaction<DB>, people: { cityId: string; districtId: string; cityManager: UserPrincipal; districtManager: UserPrincipal; password: string }) {
  const adminId = await findUserIdByUsername(trx, 'admin');
  if (!adminId) return;
  const admin: UserPrincipal = { kind: 'user', id: adminId, username: 'admin', name: '系统管理员', roles: [{ role: 'admin', centerId: null, departmentId: null }], sessionId: 'demo' };
  const created = await createUser(trx, 'system', actorOf(admin), { username: 'inspector', password: people.password, name: '林国栋', roles: [{ role: 'supervisor', centerId: null, departmentId: null }] });
  const inspector: UserPrincipal = { kind: 'user', id: created.id, username: 'inspector', name: created.name, roles: [{ role: 'supervisor', centerId: null, departmentId: null }], sessionId: 'demo' };
  const today = shanghaiDate();
  const year = Number(today.slice(0, 4));
  const round = await createRound(trx, admin, actorOf(admin), {
    name: `${year} 年度标杆政务服务中心复查复审`,
    year,
    centerIds: [people.cityId, people.districtId],
    periodFrom: `${year}-01-01`,
    periodTo: today,
    selfDeadline: await addWorkingDays(trx, today, 10),
  });
  const ids: string[] = [];
  for (const criterion of criteria) ids.push((await addCriterion(trx, admin, actorOf(admin), round.id, criterion)).id);
  await advanceRound(trx, admin, actorOf(admin), round.id);

  const citySelf: [number, number, string, string[]][] = [
    [0, 9, '制定首问负责、一次性告知、限时办结等制度 14 项，每月通报执行情况', ['制度汇编（2026 版）.pdf']],
    [1, 7, '全年组织业务培训 24 场，窗口人员持证上岗率 100%', ['培训台账.xlsx']],
    [2, 9, '三层大厅按业务分区，导视标识按省标准统一更换', ['https://example.gov.cn/dating/daoshi.jpg']],
    [3, 8, '完成无障碍通道、爱心窗口、适老化服务区改造', ['适老化改造验收报告.pdf']],
    [7, 7, '组建首席服务专员队伍，提供延时办、上门办', []],
    [8, 6, '建成 3 个 24 小时自助服务区，支持扫码取号、取件', []],
  ];
  for (const [index, score, evidence, links] of citySelf) await saveSelfScore(trx, people.cityManager, actorOf(people.cityManager), round.id, people.cityId, { criterionId: ids[index]!, score, evidence, links });
  await saveSelfScore(trx, people.districtManager, actorOf(people.districtManager), round.id, people.districtId, { criterionId: ids[0]!, score: 8, evidence: '制度上墙，窗口公示办事指南', links: [] });
  await saveSelfScore(trx, people.districtManager, actorOf(people.districtManager), round.id, people.districtId, { criterionId: ids[2]!, score: 7, evidence: '大厅完成功能分区，标识更新中', links: ['分区平面图.pdf'] });

  await advanceRound(trx, admin, actorOf(admin), round.id);
  // A site visit a week ago.
  const visit = shanghaiDate(new Date(currentTime().getTime() - 7 * 86_400_000));
  const ledger = await recordFinding(trx, inspector, actorOf(inspector), round.id, { centerId: people.cityId, criterionId: ids[1]!, text: '窗口人员培训考核台账缺 2 个月记录', severity: 'minor', inspectorScore: 6, visitedOn: visit });
  await followUpFinding(trx, people.cityManager, actorOf(people.cityManager), ledger.id, { text: '已补齐培训记录，建立月度考核台账' });
  await recordFinding(trx, inspector, actorOf(inspector), round.id, { centerId: people.districtId, criterionId: ids[3]!, text: '无障碍卫生间未设紧急呼叫装置', severity: 'major', inspectorScore: 5, visitedOn: visit });
}
