import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Actor } from '../platform/audit.ts';
import type { Principal, RoleName } from '../platform/auth.ts';
import { idNumberCheckChar } from '../platform/identity.ts';
import { shanghaiDate } from '../platform/time.ts';
import { isWorkingDay } from '../modules/calendar/service.ts';
import { acceptCase, completeCase, createCase, decideCase, issueSupplementNotice } from '../modules/cases/service.ts';
import { itemChecklist } from '../modules/catalog/service.ts';
import { changeWindowStatus } from '../modules/org/service.ts';
import { actOnTicket, callNext, issueTicket } from '../modules/queue/service.ts';
import { closeRectification, rateService, recordCallback } from '../modules/ratings/service.ts';
import { rollUpDay } from '../modules/stats/service.ts';

/**
 * A day of history for the demo (API.md, DEMO): the previous working day at the city center, made through
 * the services as it would have happened — visits taken at the kiosk and served at two windows, most of
 * them rated (two 差评, one already called back and closed), cases taken in, one with a one-time notice,
 * the others decided and all but one completed — and rolled up, so the dashboard, the supervision screen and the public
 * rating page have something to show on first start. staff02 and police01 served it; staff01's record
 * starts empty (the tour and the tests begin with them).
 */

export interface HistoryInput {
  centerId: string;
  kiosk: Actor;
  manager: Principal & { kind: 'user' };
  /** Decides the cases: promised items are decided by their department's approver. */
  approver: Principal & { kind: 'user' };
  servers: { principal: Principal & { kind: 'user' }; windowId: string; categoryId: string }[];
  /** Items to take cases for (promised in working days), with an answer to each situation question. */
  caseItems: { itemId: string; answers: Record<string, string> }[];
}

/** Shanghai wall-clock time of a day. */
const at = (day: string, minutes: number) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + minutes * 60_000);

async function previousWorkingDay(trx: Transaction<DB>, today: string): Promise<string> {
  let day = today;
  do {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    day = d.toISOString().slice(0, 10);
  } while (!(await isWorkingDay(trx, day)));
  return day;
}

export const userPrincipal = (id: string, username: string, name: string, role: RoleName, centerId: string, departmentId: string | null = null): Principal & { kind: 'user' } => ({
  kind: 'user',
  id,
  username,
  name,
  roles: [{ role, centerId, departmentId }],
  sessionId: 'demo',
});

const actorOf = (p: Principal & { kind: 'user' }): Actor => ({ kind: 'user', id: p.id, name: p.name });

export async function seedHistory(trx: Transaction<DB>, input: HistoryInput, today = shanghaiDate()): Promise<{ day: string; visits: number; ratings: number; cases: number }> {
  const day = await previousWorkingDay(trx, today);
  let visits = 0;
  let ratings = 0;
  // A fixed pseudo-random sequence: the same demo every time.
  let seed = 7;
  // The high bits of a linear congruential generator: its low bits repeat with a short period.
  const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), Math.floor((seed / 2 ** 31) * n));
  let badRatings = 0;
  const scores = [5, 5, 5, 5, 5, 5, 4, 4, 4, 3];

  for (const [w, server] of input.servers.entries()) {
    await changeWindowStatus(trx, server.principal, actorOf(server.principal), server.windowId, 'sign-in', undefined, at(day, 8 * 60 + 50));
    // From 9:00 to 17:00: a visitor who took a number some minutes before, served for 5 to 20 minutes.
    for (let clock = 9 * 60 + w * 7; clock < 17 * 60; ) {
      const phone = next(3) === 0 ? `1380013${String(8000 + visits).slice(-4)}` : undefined;
      const ticket = await issueTicket(trx, input.kiosk, { centerId: input.centerId, categoryId: server.categoryId, channel: 'kiosk', ...(phone && { phone }) }, at(day, clock - 3 - next(20)));
      await callNext(trx, server.principal, actorOf(server.principal), server.windowId, at(day, clock));
      visits++;
      if (next(15) === 0) {
        await actOnTicket(trx, server.principal, actorOf(server.principal), ticket.id, 'no-show', undefined, at(day, clock + 3));
        clock += 4;
        continue;
      }
      const handle = 5 + next(16);
      await actOnTicket(trx, server.principal, actorOf(server.principal), ticket.id, 'start', undefined, at(day, clock + 1));
      await actOnTicket(trx, server.principal, actorOf(server.principal), ticket.id, 'finish', undefined, at(day, clock + 1 + handle));
      if (next(5) !== 0) {
        // Two 差评 in the day, both from visitors who left a phone.
        const bad = phone !== undefined && badRatings < 2 && ratings >= 12 * (badRatings + 1);
        if (bad) badRatings++;
        const score = bad ? 1 + next(2) : scores[next(scores.length)]!;
        await rateService(trx, undefined, { ticketId: ticket.id, score, source: 'phone', ...(score <= 2 && { tags: ['等候时间长'], comment: '等了很久才叫到号' }) }, at(day, clock + 2 + handle));
        ratings++;
      }
      clock += 2 + handle;
    }
    await changeWindowStatus(trx, server.principal, actorOf(server.principal), server.windowId, 'sign-out', undefined, at(day, 17 * 60 + 30));
  }

  // The first 差评 was called back and closed as rectified.
  const bad = await trx.selectFrom('rectifications').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  if (bad) {
    await recordCallback(trx, input.manager, actorOf(input.manager), bad.id, { reached: true, note: '已电话联系，向群众致歉并说明高峰时段情况' }, at(day, 17 * 60 + 30));
    await closeRectification(trx, input.manager, actorOf(input.manager), bad.id, { outcome: 'rectified', result: '高峰时段增开综合窗口，并在取号机显示预计等候时间' }, at(day, 17 * 60 + 40));
  }

  // Cases: taken in through the day; one needs a material (一次性告知), the rest are decided and most completed.
  let cases = 0;
  for (const [i, { itemId, answers }] of input.caseItems.entries()) {
    const { materials } = await itemChecklist(trx, itemId, answers);
    const first17 = `4419001985${String(101 + i).padStart(4, '0')}12${i % 10}`;
    const applicant = { kind: 'person' as const, idNumber: first17 + idNumberCheckChar(first17), name: ['陈美玲', '李国强', '黄志伟', '张丽', '林建华', '何晓燕'][i % 6]!, phone: `1390013${String(9000 + i).slice(-4)}` };
    const missing = i === 1;
    const submitted = at(day, 9 * 60 + 40 + i * 55);
    const created = await createCase(
      trx,
      input.manager,
      actorOf(input.manager),
      { itemId, answers, applicant, channel: i % 4 === 3 ? 'online' : 'window', materials: materials.map((m, k) => ({ materialId: m.id, status: missing && k === 0 ? 'missing' : 'received' })) },
      submitted,
    );
    cases++;
    if (missing) {
      await issueSupplementNotice(trx, input.manager, actorOf(input.manager), created.id, new Date(submitted.getTime() + 5 * 60_000));
      continue;
    }
    await acceptCase(trx, input.manager, actorOf(input.manager), created.id, new Date(submitted.getTime() + 5 * 60_000));
    await decideCase(trx, input.approver, actorOf(input.approver), created.id, { approved: true }, new Date(submitted.getTime() + 60 * 60_000));
    // The last one's result waits at the window to be handed over (nothing left on the approver's desk).
    if (i === input.caseItems.length - 1) continue;
    await completeCase(trx, input.manager, actorOf(input.manager), created.id, 'window', new Date(submitted.getTime() + 90 * 60_000));
  }

  await rollUpDay(trx, day);
  return { day, visits, ratings, cases };
}
