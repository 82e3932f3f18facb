import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal, TokenResolver } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, unauthorized } from '../../platform/errors.ts';
import { isValidIdNumber, isValidMobile, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { hashToken, newId, newToken } from '../../platform/ids.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { enqueueMessage } from '../../platform/outbox.ts';
import { announceIdentityChange } from '../../platform/principalCache.ts';
import {
  checkPersonalCode,
  encodePersonalCode,
  isCitizenSessionIdle,
  otpDigits,
  otpMaxAttempts,
  otpRefusal,
  otpResendSeconds,
  otpTtlMinutes,
  otpUsable,
  personalCodeTtlSeconds,
  shanghaiDayStart,
  type CodeScanPurpose,
} from './rules.ts';
import type { CitizensTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

export type CitizenPrincipal = Extract<Principal, { kind: 'citizen' }>;

/** What the portal shows a person about themselves: masked, as on every screen. */
export interface CitizenView {
  id: string;
  phone: string;
  realName: boolean;
  name: string | null;
  idNumber: string | null;
}

/** Who a scanned personal code belongs to, whole: the scanning service needs the real values (the scan is audited). */
export interface IdentifiedPerson {
  citizenId: string;
  name: string;
  idNumber: string;
  phone: string;
}

const sessionPrefix = 'odp_';

const toView = (row: Pick<CitizensTable, 'id' | 'phone' | 'name' | 'id_number'>): CitizenView => ({
  id: row.id,
  phone: maskPhone(row.phone),
  realName: row.id_number !== null,
  name: row.name === null ? null : maskName(row.name),
  idNumber: row.id_number === null ? null : maskIdNumber(row.id_number),
});

const otpHash = (phoneHash: string, code: string) => hashToken(`${phoneHash}:${code}`);

function checkedPhone(phone: string): string {
  const value = phone.trim();
  if (!isValidMobile(value)) throw badRequest('INVALID_PHONE', '请输入正确的 11 位手机号码');
  return value;
}

/** Sends a six-digit sign-in code by SMS (through the outbox); once a minute and ten times a day per phone. */
export async function sendSignInCode(executor: Executor, input: { phone: string; ip?: string }, now = currentTime()): Promise<{ expiresAt: string; resendAfterSeconds: number }> {
  const phone = checkedPhone(input.phone);
  const phoneHash = lookupHash(phone);
  return inTransaction(executor, async (trx) => {
    // Two requests for one phone at once must not both pass the limits.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`otp:${phoneHash}`}))`.execute(trx);
    const history = await trx
      .selectFrom('citizen_otps')
      .select([sql<Date | null>`max(created_at)`.as('lastSentAt'), sql<number>`count(*)::int`.as('sentToday')])
      .where('phone_hash', '=', phoneHash)
      .where('created_at', '>=', shanghaiDayStart(now))
      .executeTakeFirstOrThrow();
    const refusal = otpRefusal(history, now);
    if (refusal) throw new AppError(429, refusal.code, refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds });
    const code = String(randomInt(0, 10 ** otpDigits)).padStart(otpDigits, '0');
    const expiresAt = new Date(now.getTime() + otpTtlMinutes * 60_000);
    await trx.insertInto('citizen_otps').values({ id: newId(), phone_hash: phoneHash, code_hash: otpHash(phoneHash, code), expires_at: expiresAt, used_at: null, ip: input.ip ?? null, created_at: now }).execute();
    await enqueueMessage(trx, { recipient: phone, body: `【一门通办】您的登录验证码是 ${code}，${otpTtlMinutes} 分钟内有效。如非本人操作请忽略。` });
    return { expiresAt: expiresAt.toISOString(), resendAfterSeconds: otpResendSeconds };
  });
}

/** Signs in with the phone's latest code: the first sign-in makes the account; five wrong tries spend the code. */
export async function signInCitizen(executor: Executor, input: { phone: string; code: string; ip?: string }, now = currentTime()): Promise<{ token: string; citizen: CitizenView }> {
  const phone = checkedPhone(input.phone);
  const phoneHash = lookupHash(phone);
  const outcome = await inTransaction(executor, async (trx) => {
    const otp = await trx.selectFrom('citizen_otps').selectAll().where('phone_hash', '=', phoneHash).orderBy('created_at', 'desc').limit(1).forUpdate().executeTakeFirst();
    if (!otp || !otpUsable({ expiresAt: otp.expires_at, attempts: otp.attempts, usedAt: otp.used_at }, now)) return { refused: '验证码已失效，请重新获取' };
    if (otp.code_hash !== otpHash(phoneHash, input.code.trim())) {
      await trx.updateTable('citizen_otps').set({ attempts: otp.attempts + 1 }).where('id', '=', otp.id).execute();
      const left = otpMaxAttempts - otp.attempts - 1;
      return { refused: left > 0 ? `验证码错误，还可以再试 ${left} 次` : '验证码错误次数过多，请重新获取' };
    }
    await trx.updateTable('citizen_otps').set({ used_at: now }).where('id', '=', otp.id).execute();
    const citizen = await trx
      .insertInto('citizens')
      .values({ id: newId(), phone, phone_hash: phoneHash, name: null, id_number: null, id_hash: null, real_name_at: null, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('phone_hash').doUpdateSet({ updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (citizen.disabled) return { refused: '该账号已停用，请到政务服务中心咨询' };
    const token = newToken(sessionPrefix);
    await trx.insertInto('citizen_sessions').values({ id: newId(), token_hash: hashToken(token), citizen_id: citizen.id, last_seen_at: now, ended_at: null, created_at: now }).execute();
    await recordAudit(trx, { kind: 'citizen', id: citizen.id, name: maskPhone(phone), ip: input.ip }, { action: 'citizen.login', entityType: 'citizen', entityId: citizen.id });
    return { token, citizen: toView(citizen) };
  });
  // The wrong attempt is counted (committed) before the refusal is answered.
  if ('refused' in outcome) throw unauthorized('INVALID_OTP', outcome.refused);
  return outcome;
}

export async function signOutCitizen(executor: Executor, token: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    await trx.updateTable('citizen_sessions').set({ ended_at: currentTime() }).where('token_hash', '=', hashToken(token)).where('ended_at', 'is', null).execute();
    await announceIdentityChange(trx);
  });
}

/** Resolves `odp_…` portal sessions; a month unused, or a disabled account, is no principal. */
export function citizenTokenResolver(executor: Executor): TokenResolver {
  return {
    prefix: sessionPrefix,
    async resolve(token) {
      const now = currentTime();
      const row = await executor
        .selectFrom('citizen_sessions')
        .innerJoin('citizens', 'citizens.id', 'citizen_sessions.citizen_id')
        .select(['citizen_sessions.id as sessionId', 'citizen_sessions.last_seen_at', 'citizen_sessions.ended_at', 'citizens.id', 'citizens.phone', 'citizens.name', 'citizens.disabled'])
        .where('citizen_sessions.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row || row.ended_at || row.disabled || isCitizenSessionIdle(row.last_seen_at, now)) return undefined;
      if (now.getTime() - row.last_seen_at.getTime() > 3_600_000) {
        await executor.updateTable('citizen_sessions').set({ last_seen_at: now }).where('id', '=', row.sessionId).execute();
      }
      return { kind: 'citizen', id: row.id, name: row.name ? maskName(row.name) : maskPhone(row.phone), sessionId: row.sessionId };
    },
  };
}

async function citizenRow(executor: Executor, id: string) {
  const row = await executor.selectFrom('citizens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw unauthorized();
  return row;
}

export async function getCitizen(executor: Executor, citizen: CitizenPrincipal): Promise<CitizenView> {
  return toView(await citizenRow(executor, citizen.id));
}

/**
 * 实名绑定: ties an ID number and name to the account, once. The checksum is checked here; a check against the
 * population register (公安人口库) needs that register's interface, which a center connects in production.
 */
export async function bindRealName(executor: Executor, citizen: CitizenPrincipal, actor: Actor, input: { idNumber: string; name: string }, now = currentTime()): Promise<CitizenView> {
  const idNumber = normaliseIdNumber(input.idNumber);
  if (!isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对');
  const name = input.name.trim();
  if (!/^[\u4e00-\u9fa5·]{2,20}$/.test(name)) throw badRequest('INVALID_NAME', '请填写身份证上的中文姓名');
  return inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('citizens').selectAll().where('id', '=', citizen.id).forUpdate().executeTakeFirstOrThrow();
    if (row.id_number !== null) throw conflict('REAL_NAME_BOUND', '已完成实名认证，如需更改请到政务服务中心窗口办理');
    const idHash = lookupHash(idNumber);
    const holder = await trx.selectFrom('citizens').select('id').where('id_hash', '=', idHash).executeTakeFirst();
    if (holder) throw conflict('ID_NUMBER_BOUND', '该身份证号码已绑定其他手机号，如有疑问请到政务服务中心窗口办理');
    const updated = await trx.updateTable('citizens').set({ id_number: idNumber, id_hash: idHash, name, real_name_at: now, updated_at: now }).where('id', '=', citizen.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'citizen.real_name', entityType: 'citizen', entityId: citizen.id, after: { idNumber: maskIdNumber(idNumber), name: maskName(name) } });
    await announceIdentityChange(trx);
    return toView(updated);
  });
}

/** The lookup hash of a citizen's ID number, for the other modules' "mine" lists; undefined before real-name binding. */
export async function idHashOf(executor: Executor, citizen: CitizenPrincipal): Promise<string | undefined> {
  const row = await executor.selectFrom('citizens').select('id_hash').where('id', '=', citizen.id).executeTakeFirst();
  return row?.id_hash ?? undefined;
}

/** The signed-in person, whole, for a service acting on their behalf (a remote ticket needs the ID number and phone). */
export async function identifyCitizen(executor: Executor, citizen: CitizenPrincipal): Promise<IdentifiedPerson> {
  const row = await citizenRow(executor, citizen.id);
  if (row.id_number === null || row.name === null) throw forbidden('请先完成实名认证', 'REAL_NAME_REQUIRED');
  return { citizenId: row.id, name: row.name, idNumber: row.id_number, phone: row.phone };
}

// ------------------------------------------------------------------ personal code (亮码)

const codeKeyName = 'personal_code_key';
/** Per database handle: the key never changes once made, and a process (a test run) may hold several databases. */
const codeKeys = new WeakMap<Executor, Buffer>();

/** The key that signs personal codes: made once, in the database, so every node signs and checks with the same one. */
async function personalCodeKey(executor: Executor): Promise<Buffer> {
  const known = codeKeys.get(executor);
  if (known) return known;
  const read = () => executor.selectFrom('platform_secrets').select('value').where('name', '=', codeKeyName).executeTakeFirst();
  let row = await read();
  if (!row) {
    await executor.insertInto('platform_secrets').values({ name: codeKeyName, value: randomBytes(32).toString('base64') }).onConflict((oc) => oc.column('name').doNothing()).execute();
    row = await read();
  }
  const key = Buffer.from(row!.value, 'base64');
  if (!executor.isTransaction) codeKeys.set(executor, key);
  return key;
}

/** A fresh personal code for the phone to show: good for one minute and one scan. */
export async function issuePersonalCode(executor: Executor, citizen: CitizenPrincipal, now = currentTime()): Promise<{ code: string; expiresAt: string; validSeconds: number }> {
  const row = await citizenRow(executor, citizen.id);
  if (row.id_number === null) throw forbidden('亮码前请先完成实名认证', 'REAL_NAME_REQUIRED');
  const expiresAt = Math.floor(now.getTime() / 1000) + personalCodeTtlSeconds;
  const code = encodePersonalCode({ citizenId: row.id, expiresAt, nonce: randomBytes(12).toString('base64url') }, await personalCodeKey(executor));
  return { code, expiresAt: new Date(expiresAt * 1000).toISOString(), validSeconds: personalCodeTtlSeconds };
}

const scannerOf = (actor: Actor) => ({ kind: actor.kind, id: 'id' in actor ? actor.id : null, name: 'name' in actor ? actor.name : null });

/**
 * Verifies a personal code shown on a phone: signed by this server, within its minute, and never scanned
 * before (a screenshot of a used code is refused). Every scan, refused or not, is in the audit log.
 */
export async function scanPersonalCode(executor: Executor, scanner: Actor, code: string, purpose: CodeScanPurpose, now = currentTime()): Promise<IdentifiedPerson> {
  const check = checkPersonalCode(code, await personalCodeKey(executor), now);
  const refuse = async (error: AppError, citizenId?: string) => {
    await recordAudit(executor, scanner, { action: 'personal_code.refused', entityType: 'citizen', entityId: citizenId ?? null, after: { purpose, reason: error.code } });
    return error;
  };
  if (!check.ok) {
    throw await refuse(check.reason === 'expired' ? new AppError(410, 'PERSONAL_CODE_EXPIRED', '该码已过期，请在手机上刷新后重新出示') : badRequest('INVALID_PERSONAL_CODE', '无法识别该码，请出示一门通办个人码'));
  }
  const { citizenId, nonce } = check.payload;
  const outcome = await inTransaction(executor, async (trx) => {
    const s = scannerOf(scanner);
    const taken = await trx
      .insertInto('personal_code_scans')
      .values({ nonce, citizen_id: citizenId, purpose, scanner_kind: s.kind, scanner_id: s.id, scanner_name: s.name, at: now })
      .onConflict((oc) => oc.column('nonce').doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!taken) return 'used' as const;
    const row = await trx.selectFrom('citizens').selectAll().where('id', '=', citizenId).executeTakeFirstOrThrow();
    if (row.disabled || row.id_number === null || row.name === null) return 'refused' as const;
    await recordAudit(trx, scanner, { action: 'personal_code.scan', entityType: 'citizen', entityId: citizenId, after: { purpose } });
    return { citizenId, name: row.name, idNumber: row.id_number, phone: row.phone };
  });
  if (outcome === 'used') throw await refuse(conflict('PERSONAL_CODE_USED', '该码已使用过，请在手机上刷新后重新出示'), citizenId);
  if (outcome === 'refused') throw await refuse(forbidden('该账号不能使用个人码，请到窗口咨询', 'PERSONAL_CODE_REFUSED'), citizenId);
  return outcome;
}
