import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { loggerOptions } from '../../src/server/platform/logger.ts';
import { call, create, staffPassword } from '../helpers/fixtures.ts';
import { injectCall, personalCodeOf } from '../helpers/citizens.ts';
import { idNumberBorn } from '../helpers/queue.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { applicant, buildAccessWorld, company, realNameCitizen, type AccessWorld } from './accessWorld.ts';

/**
 * No personal data in the logs: a server logging at its most verbose level (trace) runs a realistic
 * workload over every module that handles ID numbers, phones and names — tickets, appointments and
 * check-in, cases, ratings, complaints, citizens' sign-in and real-name binding, personal codes, lockers,
 * terminals, stations, 帮办代办, audit reads, and requests that fail or are refused with personal data in
 * their bodies and query strings — and then no log line holds a whole ID number (any 18 characters with a
 * valid GB 11643 check character), a whole mainland mobile number, or a test person's full name. Masked
 * forms (`4401**********123X`, `139****5678`) are what the logs should show.
 */

let base: TestApp;
let logged: App;
let t: TestApp;
let w: AccessWorld;
const lines: string[] = [];
let requests = 0;

/** Names of the people of the workload: none may appear whole in a log line. */
const applicantNames = [applicant.name, realNameCitizen.name, company.contact, '慕容晓晴', '诸葛明亮'];

/** Every 18-character run in the text whose check character is right: a whole ID number. */
function wholeIdNumbers(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])(\d{17})([\dXx])(?![0-9A-Za-z])/g)].filter((m) => idNumberCheckChar(m[1]!) === m[2]!.toUpperCase()).map((m) => m[0]);
}
// Letters count as part of the token too: an id such as a UUID can hold eleven digits in a row (…-15477458212d) that are no phone.
const wholeMobiles = (text: string): string[] => [...text.matchAll(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g)].map((m) => m[0]);

beforeAll(async () => {
  // Sweeps and rollups run at start and on their timers, so their logging is part of what is checked.
  base = await createTestApp();
  logged = await buildApp({ config: { ...base.config, logLevel: 'trace' }, database: base.database, logger: { ...loggerOptions('trace'), stream: { write: (line: string) => void lines.push(line) } } });
  await logged.ready();
  // Only the logging app runs: the quiet one would otherwise send some of the outbox's messages unlogged.
  await base.app.close();
  // The workload goes through the logging app: the same database, requests injected into it.
  t = {
    ...base,
    app: logged,
    request: (method, url, { token, body, headers } = {}) => {
      requests++;
      return logged.inject({ method: method as 'GET', url, headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers }, ...(body !== undefined && { payload: body as object }) });
    },
    login: async (username, password = staffPassword) => (await call(t, 'POST', '/api/v1/auth/login', 200, { body: { username, password } })).token,
  };
  w = await buildAccessWorld(t);
  await workload();
}, 300_000);
afterAll(async () => {
  await logged?.close();
  await base?.close();
});

/** Sends a request through the logging app; any status will do, the log is what is checked. */
const send = (method: string, url: string, body?: unknown, token?: string) => t.request(method, url, { token, body });

async function workload() {
  const admin = t.adminToken;
  const staff = w.token('window_staff@city')!;
  const citizen = w.token('citizen+realname')!;
  const api = injectCall(t);

  // Tickets: a kiosk by ID number, the portal by ID number and phone, staff with a phone; the window reads the whole applicant.
  const elderly = idNumberBorn('1948-02-14', 77, '110105');
  await create(t, '/api/v1/tickets', { centerId: w.city.id, categoryId: w.category.id, channel: 'kiosk', idNumber: elderly, phone: '13566667777' }, w.token('kiosk@city'));
  await send('POST', '/api/v1/tickets', { centerId: w.city.id, categoryId: w.category.id, channel: 'online', idNumber: idNumberBorn('1991-07-07', 12), phone: '15877778888' });
  const serving = await w.ticket('serving');
  await call(t, 'GET', `/api/v1/tickets/${serving.id}/applicant`, 200, { token: staff });
  await call(t, 'GET', `/api/v1/tickets/${serving.id}`, 200);

  // Appointments by ID number, check-in by ID number and by code, the manager's list of the day.
  const open = await w.openSlot();
  const booker = idNumberBorn('1979-09-09', 31, '440305');
  const booked = await create(t, '/api/v1/appointments', { slotId: open.id, idNumber: booker, name: '慕容晓晴', phone: '18600001234', itemId: w.item.id });
  await send('POST', '/api/v1/appointments', { slotId: open.id, idNumber: booker, name: '慕容晓晴', phone: '18600001234' });
  await send('POST', '/api/v1/appointments/check-in', { centerId: w.city.id, idNumber: booker }, w.token('kiosk@city'));
  await send('GET', `/api/v1/appointments/${booked.id}`);
  await send('GET', `/api/v1/centers/${w.city.id}/appointments?date=${w.bookingDay}`, undefined, admin);

  // Cases with a person and a company as applicant; the public progress query with right and wrong suffixes; the notice PDF.
  const accepted = await w.newCase(true);
  await send('POST', '/api/v1/cases', { itemId: w.item.id, applicant: { kind: 'company', creditCode: company.creditCode, name: company.name, contact: company.contact, phone: company.phone }, channel: 'window', materials: [] }, staff);
  await send('GET', `/api/v1/public/cases/${accepted.caseNo}?idSuffix=${applicant.idNumber.slice(-6)}`);
  await send('GET', `/api/v1/public/cases/${accepted.caseNo}?idSuffix=000000&idNumber=${applicant.idNumber}&phone=${applicant.phone}`);
  await send('GET', `/api/v1/cases/${accepted.id}/notice.pdf`, undefined, staff);
  await send('GET', `/api/v1/citizen/me/cases`, undefined, citizen);

  // Ratings with the rater's phone, the rater read back for the follow-up call; complaints with contact and phone.
  const done = await w.ticket('done');
  await send('POST', '/api/v1/ratings', { ticketId: done.id, score: 1, tags: [], comment: `请回电 ${applicant.phone}，我是${applicant.name}，身份证 ${applicant.idNumber}` }, citizen);
  await send('GET', `/api/v1/ratings/${w.rating.id}/rater`, undefined, admin);
  const complaint = await create(t, '/api/v1/feedback', { kind: 'complaint', centerId: w.city.id, text: `我是诸葛明亮，电话 13711112222，身份证 ${elderly}`, contact: '诸葛明亮', phone: '13711112222' });
  await send('GET', `/api/v1/feedback/${complaint.id}/details`, undefined, admin);
  await send('POST', `/api/v1/feedback/${complaint.id}/answer`, { answer: '已回电诸葛明亮，电话 13711112222' }, admin);

  // Citizens: sign-in codes by phone (one refused as too soon), a wrong code, real-name binding (one refused: the number is someone else's), personal codes.
  await send('POST', '/api/v1/citizen/sign-in-code', { phone: '13900009999' });
  await send('POST', '/api/v1/citizen/sign-in-code', { phone: '13900009999' });
  await send('POST', '/api/v1/citizen/sessions', { phone: '13900009999', code: '000000' });
  const newcomer = await w.newCitizen();
  await send('POST', '/api/v1/citizen/me/real-name', { idNumber: realNameCitizen.idNumber, name: realNameCitizen.name }, newcomer);
  await send('POST', '/api/v1/citizen/me/real-name', { idNumber: `${applicant.idNumber.slice(0, 17)}0`, name: applicant.name }, newcomer);
  await send('GET', '/api/v1/citizen/me', undefined, citizen);
  await send('POST', '/api/v1/personal-codes/scan', { code: await personalCodeOf(api, citizen), purpose: 'window' }, staff);
  await send('POST', '/api/v1/personal-codes/scan', { code: await personalCodeOf(api, citizen), purpose: 'kiosk' }, w.token('kiosk@city'));
  await send('POST', '/api/v1/tickets', { centerId: w.city.id, categoryId: w.category.id, channel: 'kiosk', personalCode: await personalCodeOf(api, citizen) }, w.token('kiosk@city'));

  // Lockers: a deposit for a named recipient (the pickup code goes by SMS), opening by the code and by a personal code.
  const deposit = await create(t, `/api/v1/lockers/${w.locker.id}/deposits`, { recipient: { name: '慕容晓晴', phone: '18600001234', idNumber: booker }, itemName: '居民身份证' }, staff);
  await send('GET', `/api/v1/centers/${w.city.id}/locker-deposits`, undefined, staff);
  await send('POST', '/api/v1/lockers/open', { pickupCode: '123456' }, w.token('locker@city'));
  await send('POST', '/api/v1/lockers/open', { personalCode: await personalCodeOf(api, citizen) }, w.token('locker@city'));
  await send('POST', `/api/v1/locker-deposits/${deposit.id}/collect`, { reason: '慕容晓晴到窗口领取' }, staff);

  // Terminals: a certificate and an application by personal code; the public check of a certificate.
  const certificate = await send('POST', '/api/v1/terminals/certificates', { personalCode: await personalCodeOf(api, citizen), kind: 'social_insurance' }, w.token('terminal@city'));
  await send('POST', '/api/v1/terminals/applications', { personalCode: await personalCodeOf(api, citizen), itemId: w.item.id }, w.token('terminal@city'));
  if (certificate.statusCode === 201 || certificate.statusCode === 200) await send('GET', `/api/v1/public/certificates/${certificate.json().no}`);

  // Stations: a certificate request with name and phone, its contact read back; 帮办代办: the contact read back.
  const request = await create(t, `/api/v1/stations/${w.station.id}/certificate-requests`, { kind: '居住证明', name: '慕容晓晴', phone: '18600001234', note: `身份证 ${booker}` });
  await send('GET', `/api/v1/certificate-requests/${request.id}/contact`, undefined, admin);
  await send('GET', `/api/v1/assistance/requests/${w.helped.id}/contact`, undefined, admin);

  // Accounts and the audit log: a user named like a person, the audit read by entity and by text.
  await send('POST', '/api/v1/users', { username: 'zhuge', password: 'Zhuge#2026', name: '诸葛明亮', roles: [] }, admin);
  await send('GET', `/api/v1/audit?centerId=${w.city.id}&pageSize=200`, undefined, admin);
  await send('GET', `/api/v1/audit?actorName=${encodeURIComponent(applicant.name)}&entityId=${applicant.idNumber}`, undefined, admin);

  // Errors and refusals carrying personal data: bad bodies, invalid numbers, wrong places, nobody signed in.
  await send('POST', '/api/v1/appointments', { slotId: 'nope', idNumber: applicant.idNumber, name: applicant.name, phone: applicant.phone });
  await send('POST', '/api/v1/appointments', { slotId: open.id, idNumber: `${applicant.idNumber.slice(0, 17)}0`, name: applicant.name, phone: '12345' });
  await send('POST', '/api/v1/tickets', { centerId: w.city.id, categoryId: w.category.id, channel: 'staff', idNumber: applicant.idNumber, phone: applicant.phone });
  await send('POST', '/api/v1/cases', { itemId: w.item.id, applicant: { kind: 'person', ...applicant }, channel: 'window', materials: [] }, w.token('citizen'));
  await send('POST', '/api/v1/cases', { itemId: 'no-such-item', applicant: { kind: 'person', ...applicant, extra: applicant.idNumber }, channel: 'window', materials: [] }, staff);
  await send('POST', '/api/v1/feedback', { kind: 'complaint', centerId: 'nowhere', text: applicant.idNumber, phone: applicant.phone, contact: applicant.name });
  await send('GET', `/api/v1/items?q=${encodeURIComponent(`${applicant.name} ${applicant.idNumber} ${applicant.phone}`)}`);
  await send('GET', `/api/v1/centers/${applicant.idNumber}?phone=${applicant.phone}&name=${encodeURIComponent(applicant.name)}`);
  await send('POST', '/api/v1/auth/login', { username: applicant.phone, password: applicant.idNumber });
  await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { 'content-type': 'application/json' }, payload: `{"kind":"complaint","text":"${applicant.name} ${applicant.idNumber} ${applicant.phone}"` });

  // The outbox's SMS (sign-in codes, booking, pickup codes, answers) go out on the next round, through the log sender.
  await new Promise((resolve) => setTimeout(resolve, 16_000));
}

describe('the logs under a realistic workload at the most verbose level', () => {
  it('were written, request by request, as JSON', () => {
    expect(logged.log.level).toBe('trace');
    // Fastify logs each request as it comes and as it is answered.
    expect(requests).toBeGreaterThan(200);
    expect(lines.filter((line) => line.includes('"msg":"request completed"')).length).toBeGreaterThanOrEqual(requests);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.some((line) => line.includes('[短信]')), 'the outbox sent its messages through the log').toBe(true);
  });

  it('hold no whole ID number', () => {
    const found = lines.flatMap((line) => wholeIdNumbers(line).map((id) => `${id} in ${line.slice(0, 400)}`));
    expect(found).toEqual([]);
  });

  it('hold no whole mobile number', () => {
    const found = lines.flatMap((line) => wholeMobiles(line).map((phone) => `${phone} in ${line.slice(0, 400)}`));
    expect(found).toEqual([]);
  });

  it("hold no test person's full name", () => {
    // As written, or percent-encoded in a URL.
    const found = lines.flatMap((line) => applicantNames.filter((name) => line.includes(name) || line.includes(encodeURIComponent(name))).map((name) => `${name} in ${line.slice(0, 400)}`));
    expect(found).toEqual([]);
  });

  it('show the masked forms instead', () => {
    const text = lines.join('');
    expect(text).toMatch(/\d{4}\*{10}\d{3}[\dX]/);
    expect(text).toMatch(/1[3-9]\d\*{4}\d{4}/);
  });
});
