import type { Actor } from '../../src/server/platform/audit.ts';
import type { Principal } from '../../src/server/platform/auth.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { acceptCase, createCase, type CaseView } from '../../src/server/modules/cases/service.ts';
import { create, orgApp, type Org } from './fixtures.ts';
import type { TestApp } from './testApp.ts';

type Json = any;

/**
 * The world of the tests that put cases on named days (deadlines, warnings): the demo org, the admin
 * acting through the services, and an item of promised 5 and legal 20 working days with a 容缺 material.
 */
export interface CaseDays {
  t: TestApp;
  o: Org;
  principal: Principal;
  actor: Actor;
  item: Json;
}

export async function caseDaysApp(item: { code: string; name: string }): Promise<CaseDays> {
  const { t, o, admin } = await orgApp();
  const principal: Principal = { kind: 'user', id: admin, username: 'admin', name: '管理员', roles: [{ role: 'admin', centerId: null, departmentId: null }], sessionId: 'test' };
  const actor: Actor = { kind: 'user', id: admin, name: '管理员' };
  const created = await create(t, '/api/v1/items', {
    ...item,
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书' }, { name: '场地证明', deferrable: true }],
  });
  return { t, o, principal, actor, item: created };
}

export const caseApplicant = { kind: 'person' as const, idNumber: '44010119800101123' + idNumberCheckChar('44010119800101123'), name: '王五', phone: '13700137000' };

/** 10:00 in Shanghai on that day. */
export const at = (day: string) => new Date(`${day}T02:00:00Z`);

/** A case of `item` created and accepted on `day`, its 容缺 materials deferred when asked. */
export async function acceptOn(w: CaseDays, day: string, item: Json = w.item, deferred = false): Promise<CaseView> {
  const db = w.t.database.db;
  const materials = item.materials.map((m: Json) => ({ materialId: m.id, status: deferred && m.deferrable ? 'deferred' : 'received' }));
  const created = await createCase(db, w.principal, w.actor, { itemId: item.id, applicant: caseApplicant, channel: 'window', materials }, at(day));
  return acceptCase(db, w.principal, w.actor, created.id, at(day));
}
