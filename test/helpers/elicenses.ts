import { create } from './fixtures.ts';
import type { TestApp } from './testApp.ts';

let serial = 0;

/** Gives a holder a valid e-licence, registered through the API as the admin (a case may then mark that material 电子证照). */
export const holdLicence = (t: TestApp, holder: { kind: 'person'; idNumber: string } | { kind: 'company'; creditCode: string }, licenceType: string, holderName = '持证人') =>
  create(t, '/api/v1/elicenses', { holder, holderName, licenceType, licenceNo: `TEST-${process.pid}-${++serial}`, issuer: '测试发证机关', issuedOn: '2020-01-01' });
