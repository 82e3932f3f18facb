import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { buildOrg, call, expectError, type Org } from '../helpers/fixtures.ts';

let t: TestApp;
let o: Org;
beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
});
afterAll(async () => t?.close());

describe('reading a center’s windows with a department-scoped role', () => {
  it('lets 公安 window staff list the windows of their center to choose one', async () => {
    const list = await call(t, 'GET', `/api/v1/centers/${o.city.id}/windows`, 200, { token: o.accounts.policeStaff.token });
    expect(list.items.map((w: { number: number }) => w.number)).toContain(3);
    await call(t, 'GET', `/api/v1/windows/${o.windows.policeWindow.id}`, 200, { token: o.accounts.approver.token });
  });

  it('still refuses the department-scoped staff another center', async () => {
    expectError(await t.request('GET', `/api/v1/centers/${o.other.id}/windows`, { token: o.accounts.policeStaff.token }), 403, 'FORBIDDEN');
  });
});
