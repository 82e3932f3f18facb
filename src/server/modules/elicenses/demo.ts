import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../platform/audit.ts';
import { creditCodeCheckChar } from '../../platform/identity.ts';
import { searchItems } from '../catalog/service.ts';
import { registerLicence, setItemResult, type HolderInput } from './service.ts';

const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17)!;

/**
 * Licences of the demo people whose records the terminals print (they sign in on the portal in the demo
 * and browser tests) and of two demo companies: a window calling 电子证照 and 我的电子证照 show real ones,
 * including an expired 居民身份证 beside its renewal.
 */
const demoLicences: { holder: HolderInput; holderName: string; licenceType: string; licenceNo: string; issuer: string; issuedOn: string; validUntil: string | null }[] = [
  { holder: { kind: 'person', idNumber: '441900198506123410' }, holderName: '林小梅', licenceType: '居民身份证', licenceNo: '441900198506123410-2015', issuer: '示范市公安局', issuedOn: '2005-06-11', validUntil: '2025-06-10' },
  { holder: { kind: 'person', idNumber: '441900198506123410' }, holderName: '林小梅', licenceType: '居民身份证', licenceNo: '441900198506123410-2025', issuer: '示范市公安局', issuedOn: '2025-05-20', validUntil: null },
  { holder: { kind: 'person', idNumber: '441900198506123410' }, holderName: '林小梅', licenceType: '户口簿', licenceNo: '示户字第0012345号', issuer: '示范市公安局东城派出所', issuedOn: '2010-03-02', validUntil: null },
  { holder: { kind: 'person', idNumber: '441900198506123410' }, holderName: '林小梅', licenceType: '结婚证', licenceNo: 'J441900-2012-004567', issuer: '示范市民政局', issuedOn: '2012-10-08', validUntil: null },
  { holder: { kind: 'person', idNumber: '441900199203085626' }, holderName: '何小燕', licenceType: '居民身份证', licenceNo: '441900199203085626-2018', issuer: '示范市公安局', issuedOn: '2018-04-16', validUntil: '2038-04-15' },
  { holder: { kind: 'person', idNumber: '441900199203085626' }, holderName: '何小燕', licenceType: '户口簿', licenceNo: '示户字第0023456号', issuer: '示范市公安局东城派出所', issuedOn: '2015-03-09', validUntil: null },
  { holder: { kind: 'company', creditCode: creditCode('91441900MA5DEMA01') }, holderName: '示范智造科技有限公司', licenceType: '营业执照', licenceNo: 'YZ441900-2019-000101', issuer: '示范市市场监督管理局', issuedOn: '2019-08-01', validUntil: null },
  { holder: { kind: 'company', creditCode: creditCode('91441900MA54HT7R2') }, holderName: '示范新材料有限公司', licenceType: '营业执照', licenceNo: 'YZ441900-2021-045678', issuer: '示范市市场监督管理局', issuedOn: '2021-03-15', validUntil: null },
];

/** Items whose approval issues a licence into the applicant's store, by item code (seed data/items.csv). */
const demoItemResults: { code: string; name: string; licenceType: string; validYears?: number }[] = [
  { code: 'GD-0001', name: '企业开办（设立登记）', licenceType: '营业执照' },
  { code: 'GD-0005', name: '个体工商户设立登记', licenceType: '营业执照' },
  { code: 'GD-0009', name: '食品经营许可（新办）', licenceType: '食品经营许可证', validYears: 5 },
  { code: 'GD-0013', name: '食品生产许可（新办）', licenceType: '食品生产许可证', validYears: 5 },
];

export async function seedElicenseDemo(executor: Executor, actor: Actor): Promise<{ licences: number; itemResults: number }> {
  for (const licence of demoLicences) await registerLicence(executor, actor, licence);
  let itemResults = 0;
  for (const result of demoItemResults) {
    const { items } = await searchItems(executor, { q: result.name, page: 1, pageSize: 20 });
    const item = items.find((i) => i.code === result.code);
    if (!item) throw new Error(`demo item ${result.code} is not in the catalogue`);
    await setItemResult(executor, actor, item.id, result);
    itemResults++;
  }
  return { licences: demoLicences.length, itemResults };
}
