import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Transaction } from 'kysely';
import { projectRoot } from '../config.ts';
import type { DB } from '../db/types.ts';
import type { ChangeKind } from '../modules/catalog/rules.ts';
import { saveBundle, saveItems, type ItemInput, type MaterialInput } from '../modules/catalog/service.ts';
import type { Actor } from '../platform/audit.ts';

/**
 * The demo catalogue: the real items and bundles of data/ (Guangdong catalogues), grown with the
 * variants a real 实施清单 has (变更, 延续, 注销, 补证, 告知承诺制, for 港澳台居民 or foreigners, for branch
 * offices …) to about 2,000 items, so that search and lists behave at the size of a city center.
 */

// From the project root, not this file: the compiled server in dist/ has no copy of the data.
const dataDir = path.join(projectRoot, 'src/server/demo/data');

interface Row {
  code: string;
  name: string;
  department: string;
  type: string;
  legalDays: number;
  promisedDays: number;
  visits: number;
  online: boolean;
  feeFen: number;
  audience: ('person' | 'company')[];
  materials: string[];
  keywords: string[];
}

async function readCsv(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  const sheet = await workbook.csv.readFile(path.join(dataDir, file), { parserOptions: { delimiter: ',', quote: '"' }, map: (value: string) => value });
  const rows: string[][] = [];
  sheet.eachRow((row, index) => {
    if (index > 1) rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

const list = (value: string) => value.split(';').map((s) => s.trim()).filter(Boolean);

async function readItems(): Promise<Row[]> {
  return (await readCsv('items.csv')).map(([code, name, department, type, legal, promised, visits, online, fee, audience, materials, keywords]) => ({
    code: code!,
    name: name!,
    department: department!,
    type: type!,
    legalDays: Number(legal),
    promisedDays: Number(promised),
    visits: Number(visits),
    online: online === 'Y',
    feeFen: Math.round(Number(fee) * 100),
    audience: [...new Set(list(audience!).map((a) => (a === '法人' ? 'company' : 'person') as 'person' | 'company'))],
    materials: list(materials!),
    keywords: list(keywords!),
  }));
}

function material(raw: string, optionIds: string[] = []): MaterialInput {
  const deferrable = raw.endsWith('*');
  const elicense = raw.endsWith('#');
  const name = raw.replace(/[*#]$/, '');
  const isForm = /申请书|申请表|登记表|承诺书|声明/.test(name);
  return {
    id: '',
    name,
    required: true,
    form: isForm ? 'original' : elicense ? 'original' : 'original_and_copy',
    copies: isForm ? 1 : 1,
    medium: 'paper_or_electronic',
    elicense,
    deferrable,
    blankFormUrl: null,
    exampleUrl: null,
    note: null,
    optionIds,
  };
}

/** Who may apply on someone's behalf: the situation every item has, and the two materials it adds. */
const proxySituation = { id: '', question: '是否委托他人代办？', options: [{ id: 'self', label: '本人办理' }, { id: 'agent', label: '委托代办' }] };
const proxyMaterials = [material('授权委托书', ['agent']), material('受托人居民身份证#', ['agent'])];

const licenceChanges: Record<string, { licence: string; kinds: ChangeKind[] }> = {
  有限责任公司变更登记: { licence: '营业执照', kinds: ['address', 'name', 'legal_representative', 'scope'] },
  个体工商户变更登记: { licence: '个体工商户营业执照', kinds: ['address', 'name', 'scope'] },
  '食品生产许可（变更）': { licence: '食品生产许可证', kinds: ['address', 'name', 'legal_representative'] },
  '食品经营许可（变更）': { licence: '食品经营许可证', kinds: ['address', 'name', 'legal_representative'] },
  排污许可证变更: { licence: '排污许可证', kinds: ['address', 'name', 'legal_representative'] },
  医师执业注册变更: { licence: '医师执业证书', kinds: ['address'] },
};

const licenceIssued: Record<string, string> = {
  '企业开办（设立登记）': '营业执照',
  个体工商户设立登记: '个体工商户营业执照',
  '食品经营许可（新办）': '食品经营许可证',
};

function faqsFor(row: Row, name: string, promisedDays: number): ItemInput['faqs'] {
  const limit = promisedDays === 0 ? '即办件，材料齐全的当场办结。' : `承诺 ${promisedDays} 个工作日内办结（法定时限 ${row.legalDays} 个工作日），受理当日不计算在内。`;
  return [
    { id: '', question: `办理${name}需要多长时间？`, answer: limit },
    { id: '', question: `办理${name}收费吗？`, answer: row.feeFen === 0 ? '不收费。' : `收费 ${(row.feeFen / 100).toFixed(2)} 元，按物价部门核定标准收取。` },
    { id: '', question: `${name}可以网上办理吗？`, answer: row.online ? '可以。登录本中心网上办事大厅或手机端提交申请，符合条件的可全程网办、结果邮寄。' : '需到办事大厅窗口提交材料，可先预约再到现场。' },
  ];
}

function toInput(row: Row, departments: Map<string, string>, centerIds: string[], variant?: Variant): ItemInput {
  const name = variant ? variant.name(row) : row.name;
  const promisedDays = variant?.promisedDays?.(row) ?? row.promisedDays;
  const change = licenceChanges[name];
  const materials = [...(variant?.materials?.(row) ?? row.materials)].map((m) => material(m));
  return {
    code: variant ? `${row.code}-${variant.code}` : row.code,
    name,
    departmentId: departments.get(row.department)!,
    type: variant?.type ?? row.type,
    mode: promisedDays === 0 ? 'immediate' : 'promised',
    legalDays: row.legalDays,
    promisedDays,
    visitsRequired: row.visits,
    online: row.online,
    terminal: row.online && row.visits === 0 && row.audience.includes('person') && row.feeFen === 0,
    acceptedAt: ['公安局', '出入境管理支队', '公安局交通警察支队', '不动产登记中心'].includes(row.department) ? 'dedicated' : 'general',
    lenientAllowed: true,
    feeFen: row.feeFen,
    feeBasis: row.feeFen > 0 ? '按省物价部门核定的收费标准' : null,
    legalBasis: null,
    conditions: null,
    process: '申请 → 受理 → 审查 → 决定 → 送达',
    serviceHours: '周一至周五 09:00–18:00，周六、周日 09:00–17:00（法定节假日除外）',
    consultPhone: '12345',
    audience: variant?.audience ?? row.audience,
    keywords: variant ? [] : row.keywords,
    issuesLicence: licenceIssued[name] ?? null,
    changesLicence: change?.licence ?? null,
    changeKinds: change?.kinds ?? [],
    centerIds,
    status: 'published',
    materials: [...materials.filter((m) => !proxyMaterials.some((p) => p.name === m.name)), ...proxyMaterials],
    situations: [proxySituation],
    faqs: faqsFor(row, name, promisedDays),
  };
}

interface Variant {
  code: string;
  applies(row: Row): boolean;
  name(row: Row): string;
  materials?(row: Row): string[];
  promisedDays?(row: Row): number;
  audience?: ('person' | 'company')[];
  type?: string;
  /** Offered where the original is (the city and the points below that station its department), not only in the city. */
  local?: boolean;
}

const stem = (name: string) => name.replace(/（[^）]*）$/, '').replace(/(变更|注销|设立)?登记$/, (m) => (m ? m : ''));
const licensing = (row: Row) => row.type === '行政许可';
const confirming = (row: Row) => ['行政确认', '行政备案', '行政许可'].includes(row.type);

const variants: Variant[] = [
  { code: 'BG', applies: (r) => confirming(r) && !/变更|注销/.test(r.name), name: (r) => `${stem(r.name)}（变更）`, materials: (r) => ['变更申请书', ...r.materials.slice(1), '变更事项证明材料'] },
  { code: 'YX', applies: (r) => licensing(r) && !/变更|注销|延续/.test(r.name), name: (r) => `${stem(r.name)}（延续）`, materials: (r) => ['延续申请书', ...r.materials.slice(1)] },
  { code: 'ZX', applies: (r) => confirming(r) && !/注销/.test(r.name), name: (r) => `${stem(r.name)}（注销）`, materials: (r) => ['注销申请书', ...r.materials.slice(1, 3)], promisedDays: () => 0 },
  { code: 'BZ', applies: (r) => licensing(r) || r.type === '行政确认', name: (r) => `${stem(r.name)}（补证）`, materials: (r) => ['补证申请书', '遗失声明', ...r.materials.slice(1, 2)] },
  { code: 'GZ', applies: licensing, name: (r) => `${stem(r.name)}（告知承诺制）`, materials: (r) => ['告知承诺书', ...r.materials.slice(0, 2)], promisedDays: () => 0 },
  { code: 'GA', applies: (r) => r.audience.includes('person'), name: (r) => `${r.name}（港澳台居民）`, materials: (r) => r.materials.map((m) => m.replace(/^居民身份证#?$/, '港澳台居民居住证或往来内地通行证')), audience: ['person'] },
  { code: 'WG', applies: (r) => r.audience.includes('person'), name: (r) => `${r.name}（外国人）`, materials: (r) => r.materials.map((m) => m.replace(/^居民身份证#?$/, '护照及有效签证或外国人永久居留身份证')), audience: ['person'] },
  { code: 'FZ', applies: (r) => r.audience.includes('company'), name: (r) => `${r.name}（分支机构）`, materials: (r) => [...r.materials, '隶属企业营业执照#'], audience: ['company'] },
  { code: 'KS', applies: (r) => r.online, name: (r) => `${r.name}（跨省通办）`, materials: (r) => r.materials },
  { code: 'QJ', applies: () => true, name: (r) => `${r.name}（区级实施）`, local: true },
  { code: 'HZ', applies: (r) => r.audience.includes('company') && licensing(r), name: (r) => `${stem(r.name)}（农民专业合作社）`, materials: (r) => r.materials.map((m) => m.replace(/^营业执照(#?)$/, '农民专业合作社营业执照$1')), audience: ['company'] },
  { code: 'WZ', applies: (r) => r.audience.includes('company'), name: (r) => `${r.name}（外商投资企业）`, materials: (r) => [...r.materials, '外商投资信息报告回执'], audience: ['company'] },
  { code: 'CX', applies: confirming, name: (r) => `${stem(r.name)}信息查询`, materials: () => ['信息查询申请表', '居民身份证#'], promisedDays: () => 0, type: '公共服务', local: true },
  { code: 'YQ', applies: licensing, name: (r) => `${stem(r.name)}（延期换证）`, materials: (r) => ['延期申请书', ...r.materials.slice(1, 3)] },
];

export interface CatalogCenters {
  city: string;
  /** Departments of the city center by name. */
  departments: Map<string, string>;
  /** Lower centers and the department names they station. */
  network: { centerId: string; departmentNames: string[] }[];
}

/** Loads the demo catalogue; returns the number of items and bundles. */
export async function seedCatalog(trx: Transaction<DB>, actor: Actor, centers: CatalogCenters, target = 2000): Promise<{ items: number; bundles: number; itemsByDepartment: Map<string, string[]> }> {
  const rows = await readItems();
  const where = (row: Row) => [
    centers.city,
    // Items of a department stationed below, and the everyday personal services (基层一窗), are handled there too.
    ...centers.network.filter((c) => c.departmentNames.includes(row.department) || (row.audience.includes('person') && ['公共服务', '行政给付'].includes(row.type))).map((c) => c.centerId),
  ];
  const inputs = rows.map((row) => toInput(row, centers.departments, where(row)));
  const names = new Set(inputs.map((i) => i.name));
  for (const variant of variants) {
    for (const row of rows) {
      if (inputs.length >= target) break;
      if (!variant.applies(row)) continue;
      const input = toInput(row, centers.departments, variant.local ? where(row) : [centers.city], variant);
      if (names.has(input.name)) continue;
      names.add(input.name);
      inputs.push(input);
    }
  }
  const saved = await saveItems(trx, actor, inputs);
  const idByName = new Map(saved.map((s) => [s.name, s.id]));
  let bundles = 0;
  for (const [name, itemNames, description] of await readCsv('bundles.csv')) {
    const itemIds = list(itemNames!).map((n) => idByName.get(n));
    if (itemIds.some((id) => id === undefined)) throw new Error(`bundle ${name} names an item that is not in items.csv`);
    await saveBundle(trx, actor, undefined, { name: name!, description: description || null, itemIds: itemIds as string[] });
    bundles++;
  }
  const itemsByDepartment = new Map<string, string[]>();
  saved.forEach((item, i) => {
    const departmentId = inputs[i]!.departmentId;
    itemsByDepartment.set(departmentId, [...(itemsByDepartment.get(departmentId) ?? []), item.id]);
  });
  return { items: saved.length, bundles, itemsByDepartment };
}
