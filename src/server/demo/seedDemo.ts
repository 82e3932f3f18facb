import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { createUser } from '../modules/accounts/service.ts';
import { getItemGuide, listBundles, searchItems } from '../modules/catalog/service.ts';
import { addCompartments } from '../modules/lockers/service.ts';
import { setPointLocation } from '../modules/network/service.ts';
import * as org from '../modules/org/service.ts';
import * as queue from '../modules/queue/service.ts';
import { savePersonRecord } from '../modules/terminals/service.ts';
import type { PersonRecord } from '../modules/terminals/rules.ts';
import type { DeviceKind, OpeningRule } from '../modules/org/tables.ts';
import { systemActor, type Actor } from '../platform/audit.ts';
import type { RoleName } from '../platform/auth.ts';
import { seedCatalog, type CatalogCenters } from './seedCatalog.ts';
import { seedAssistance } from './seedAssistance.ts';
import { seedAssessmentDemo } from '../modules/assessment/demo.ts';
import { seedElicenseDemo } from '../modules/elicenses/demo.ts';
import { seedHistory, userPrincipal } from './seedHistory.ts';
import { seedProjects } from './seedProjects.ts';
import { saveItemWorkflow } from '../modules/cases/workflow.ts';
import { standardRoute } from '../modules/cases/workflowRules.ts';

/**
 * The demo center: a fictional city center shaped like Dongguan's 市民服务中心 (seed 003: 50+
 * departments, 270 windows of which 151 general, a first floor with 公安/不动产/婚姻 areas and three
 * 24-hour self-service zones, weekend service), with a district, two towns and a village point below it.
 */

export const demoPassword = 'Demo@2026';

const weekdays: OpeningRule = { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
const weekend: OpeningRule = { days: [6, 7], open: '09:00', close: '17:00' };
const townHours: OpeningRule[] = [
  { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
  { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
];

/** Departments stationed at the city center: those of the catalogue data first, then the other usual ones. */
export const cityDepartments = [
  '市场监督管理局', '人力资源和社会保障局', '民政局', '卫生健康委员会', '公安局', '住房和城乡建设局', '不动产登记中心',
  '税务局', '文化广电旅游体育局', '教育局', '交通运输局', '退役军人事务局', '生态环境局', '医疗保障局', '公安局交通警察支队',
  '住房公积金管理中心', '药品监督管理局', '自然资源局', '水务局', '应急管理局', '农业农村局', '残疾人联合会', '商务局',
  '出入境管理支队', '城市管理和综合执法局', '发展和改革局', '气象局', '工业和信息化局', '司法局', '统计局', '科学技术局',
  '烟草专卖局', '档案馆', '林业局', '人民防空办公室', '政务服务数据管理局', '海关', '外事局', '民族宗教事务局', '侨务局',
  '港澳事务局', '消防救援支队', '地震局', '邮政管理局', '公证处', '法律援助中心', '人才服务中心', '供电局', '供水有限公司',
  '燃气有限公司',
];

/** How many dedicated windows (专窗) each busy department has; the rest of the 119 go one each to others. */
const dedicatedWindows: Record<string, number> = {
  公安局: 12, 出入境管理支队: 10, 不动产登记中心: 12, 税务局: 10, 人力资源和社会保障局: 8, 医疗保障局: 6, 住房公积金管理中心: 6,
  公安局交通警察支队: 6, 民政局: 5, 市场监督管理局: 5, 住房和城乡建设局: 4, 自然资源局: 3, 卫生健康委员会: 3, 供电局: 2,
  供水有限公司: 2, 燃气有限公司: 2, 公证处: 2, 海关: 2,
};

const generalWindowCount = 151;

/** The city center's queue categories (取号类别) and the departments whose items each takes; the rest go to B. */
const cityCategories: { prefix: string; name: string; departments: string[] }[] = [
  { prefix: 'A', name: '企业服务', departments: ['市场监督管理局', '商务局', '发展和改革局', '工业和信息化局', '药品监督管理局', '烟草专卖局', '海关', '科学技术局', '统计局', '文化广电旅游体育局', '卫生健康委员会', '生态环境局', '交通运输局', '农业农村局', '应急管理局', '城市管理和综合执法局', '气象局', '林业局', '邮政管理局', '消防救援支队', '地震局'] },
  { prefix: 'B', name: '社会事务', departments: ['人力资源和社会保障局', '医疗保障局', '民政局', '退役军人事务局', '残疾人联合会', '教育局', '住房公积金管理中心', '人才服务中心', '司法局', '公证处', '法律援助中心', '档案馆', '侨务局', '外事局', '民族宗教事务局', '港澳事务局', '政务服务数据管理局'] },
  { prefix: 'C', name: '公安户政', departments: ['公安局'] },
  { prefix: 'D', name: '出入境', departments: ['出入境管理支队'] },
  { prefix: 'E', name: '不动产登记', departments: ['不动产登记中心', '自然资源局'] },
  { prefix: 'F', name: '税务', departments: ['税务局'] },
  { prefix: 'G', name: '车驾管', departments: ['公安局交通警察支队'] },
  { prefix: 'H', name: '工程建设', departments: ['住房和城乡建设局', '水务局', '人民防空办公室', '供电局', '供水有限公司', '燃气有限公司'] },
];
const totalWindowCount = 270;

export const demoAccounts: { username: string; name: string; label: string; role: RoleName; center: 'city' | 'district' | 'town'; department?: string }[] = [
  { username: 'manager', name: '陈志明', label: '大厅管理员（示范市民服务中心）', role: 'center_manager', center: 'city' },
  { username: 'staff01', name: '李晓华', label: '综合窗口工作人员（示范市民服务中心）', role: 'window_staff', center: 'city' },
  { username: 'staff02', name: '王丽娟', label: '综合窗口工作人员（示范市民服务中心）', role: 'window_staff', center: 'city' },
  { username: 'police01', name: '张建国', label: '公安专窗工作人员（公安局）', role: 'window_staff', center: 'city', department: '公安局' },
  { username: 'approver', name: '刘芳', label: '部门审批人员（市场监督管理局）', role: 'dept_approver', center: 'city', department: '市场监督管理局' },
  { username: 'supervisor', name: '黄伟', label: '监察人员（示范市民服务中心）', role: 'supervisor', center: 'city' },
  { username: 'agent', name: '赵敏', label: '帮办代办专员（示范市民服务中心）', role: 'agent', center: 'city' },
  { username: 'agent01', name: '孙立伟', label: '市级首席服务专员（示范市民服务中心）', role: 'agent', center: 'city' },
  { username: 'agent02', name: '郑雅婷', label: '区级首席服务专员（东城区政务服务中心）', role: 'agent', center: 'district' },
  { username: 'agent03', name: '冯浩然', label: '园区首席服务专员（东城高新技术产业园）', role: 'agent', center: 'district' },
  { username: 'district', name: '周强', label: '大厅管理员（东城区政务服务中心）', role: 'center_manager', center: 'district' },
  { username: 'townstaff', name: '吴静', label: '窗口工作人员（东城街道便民服务中心）', role: 'window_staff', center: 'town' },
];

/**
 * People whose social-insurance and real-estate records the terminals print certificates from (证明开具):
 * whoever binds one of these ID numbers on the portal can print them with their personal code.
 */
export const demoRecordHolders: { idNumber: string; records: PersonRecord[] }[] = [
  {
    idNumber: '11010519491231002X',
    records: [
      { kind: 'social_insurance', data: { employer: '示范市纺织厂（已退休）', insuranceTypes: ['养老保险', '医疗保险'], firstMonth: '1992-01', lastMonth: '2004-12', monthsPaid: 156, baseFen: 180_000 } },
      { kind: 'real_estate', data: { properties: [{ certificateNo: '示房权证字第0087654号', location: '示范市中心区鸿福路 12 号 3 栋 201', areaM2: 72.4, use: '住宅', registeredOn: '1998-06-18' }] } },
    ],
  },
  {
    idNumber: '441900198506123410',
    records: [
      { kind: 'social_insurance', data: { employer: '示范市智造科技有限公司', insuranceTypes: ['养老保险', '医疗保险', '失业保险', '工伤保险'], firstMonth: '2008-07', lastMonth: '2026-10', monthsPaid: 220, baseFen: 856_000 } },
      { kind: 'real_estate', data: { properties: [] } },
    ],
  },
  {
    idNumber: '441900199203085626',
    records: [{ kind: 'social_insurance', data: { employer: '东城区新村社区股份经济合作社', insuranceTypes: ['养老保险', '医疗保险', '生育保险'], firstMonth: '2015-03', lastMonth: '2026-10', monthsPaid: 140, baseFen: 462_300 } }],
  },
];

export interface DemoSummary {
  centers: number;
  departments: number;
  windows: number;
  devices: number;
  items: number;
  bundles: number;
  /** Screens of a few devices with their one-time tokens, printed at first start. */
  deviceLinks: { name: string; path: string }[];
  /** The day of history made for the dashboards. */
  history?: Awaited<ReturnType<typeof seedHistory>>;
  /** 帮办代办 agents and requests. */
  assistance?: Awaited<ReturnType<typeof seedAssistance>>;
  /** 一本总账 projects and 暖企 policies. */
  projects?: Awaited<ReturnType<typeof seedProjects>>;
}

const screenOf: Partial<Record<DeviceKind, string>> = { kiosk: '/kiosk', hall_display: '/display/hall', window_display: '/display/window', rating_pad: '/pad', terminal: '/terminal', locker: '/locker' };

export async function seedDemo(trx: Transaction<DB>, actor: Actor = systemActor('示范数据')): Promise<DemoSummary> {
  const summary: DemoSummary = { centers: 0, departments: 0, windows: 0, devices: 0, items: 0, bundles: 0, deviceLinks: [] };
  const center = async (input: Parameters<typeof org.createCenter>[2]) => {
    summary.centers++;
    return org.createCenter(trx, actor, input);
  };
  const department = async (centerId: string, name: string) => {
    summary.departments++;
    return org.createDepartment(trx, actor, { centerId, name });
  };
  const window = async (input: Parameters<typeof org.createWindow>[2]) => {
    summary.windows++;
    return org.createWindow(trx, actor, input);
  };
  const device = async (input: Parameters<typeof org.createDevice>[2], link = false) => {
    summary.devices++;
    const { device: created, token } = await org.createDevice(trx, actor, input);
    const screen = screenOf[input.kind];
    if (link && screen) summary.deviceLinks.push({ name: input.name, path: `${screen}?device=${token}` });
    return created;
  };

  // ---- the city center
  const city = await center({ name: '示范市民服务中心', level: 'city', address: '示范市中心区鸿福路 99 号', phone: '12345', openingHours: [weekdays, weekend] });
  const hall1 = await org.createHall(trx, actor, { centerId: city.id, name: '一号厅', floor: '1F' });
  const hall2 = await org.createHall(trx, actor, { centerId: city.id, name: '二号厅', floor: '2F' });
  const hall3 = await org.createHall(trx, actor, { centerId: city.id, name: '三号厅', floor: '3F' });
  const zones = {
    general1: await org.createZone(trx, actor, { hallId: hall1.id, name: '综合受理区', kind: 'service' }),
    police: await org.createZone(trx, actor, { hallId: hall1.id, name: '公安业务区', kind: 'service' }),
    estate: await org.createZone(trx, actor, { hallId: hall1.id, name: '不动产登记区', kind: 'service' }),
    marriage: await org.createZone(trx, actor, { hallId: hall1.id, name: '婚姻登记区', kind: 'service' }),
    general2: await org.createZone(trx, actor, { hallId: hall2.id, name: '企业服务区', kind: 'service' }),
    project: await org.createZone(trx, actor, { hallId: hall2.id, name: '工程建设项目区', kind: 'service' }),
    general3: await org.createZone(trx, actor, { hallId: hall3.id, name: '社会事务区', kind: 'service' }),
    pickup: await org.createZone(trx, actor, { hallId: hall3.id, name: '出证区', kind: 'service' }),
  };
  const selfService = [
    await org.createZone(trx, actor, { hallId: hall1.id, name: '东门 24 小时自助服务区', kind: 'self_service', open24h: true }),
    await org.createZone(trx, actor, { hallId: hall1.id, name: '西门 24 小时自助服务区', kind: 'self_service', open24h: true }),
    await org.createZone(trx, actor, { hallId: hall2.id, name: '企业 24 小时自助服务区', kind: 'self_service', open24h: true }),
  ];
  await org.createZone(trx, actor, { hallId: hall1.id, name: '一楼等候区', kind: 'waiting' });

  const departments = new Map<string, string>();
  for (const name of cityDepartments) departments.set(name, (await department(city.id, name)).id);

  // 151 general windows spread over the three halls, then the dedicated ones by department.
  const generalPlacement = [
    { hallId: hall1.id, zoneId: zones.general1.id, count: 61 },
    { hallId: hall2.id, zoneId: zones.general2.id, count: 50 },
    { hallId: hall3.id, zoneId: zones.general3.id, count: 40 },
  ];
  let number = 1;
  const windowIds: string[] = [];
  for (const place of generalPlacement) {
    for (let i = 0; i < place.count; i++, number++) {
      windowIds.push((await window({ centerId: city.id, name: `综合窗口 ${number}`, number, kind: 'general', hallId: place.hallId, zoneId: place.zoneId })).id);
    }
  }
  const zoneFor = (name: string) =>
    name.startsWith('公安') || name === '出入境管理支队'
      ? { hallId: hall1.id, zoneId: zones.police.id }
      : name === '不动产登记中心'
        ? { hallId: hall1.id, zoneId: zones.estate.id }
        : name === '民政局'
          ? { hallId: hall1.id, zoneId: zones.marriage.id }
          : ['住房和城乡建设局', '自然资源局', '发展和改革局', '生态环境局', '水务局', '人民防空办公室'].includes(name)
            ? { hallId: hall2.id, zoneId: zones.project.id }
            : { hallId: hall3.id, zoneId: zones.general3.id };
  const dedicatedPlan: string[] = [];
  for (const [name, count] of Object.entries(dedicatedWindows)) for (let i = 0; i < count; i++) dedicatedPlan.push(name);
  const others = cityDepartments.filter((name) => !(name in dedicatedWindows));
  for (let i = 0; dedicatedPlan.length < totalWindowCount - generalWindowCount; i++) dedicatedPlan.push(others[i % others.length]!);
  const perDepartment = new Map<string, number>();
  for (const name of dedicatedPlan) {
    const nth = (perDepartment.get(name) ?? 0) + 1;
    perDepartment.set(name, nth);
    const w = await window({ centerId: city.id, name: `${name}专窗 ${nth}`, number, kind: 'dedicated', departmentId: departments.get(name)!, ...zoneFor(name) });
    windowIds.push(w.id);
    number++;
  }
  // Devices: a window display and a rating pad at every window, kiosks and displays per hall, terminals and lockers.
  const kiosks: { id: string; name: string }[] = [];
  for (const [index, hall] of [hall1, hall2, hall3].entries()) {
    kiosks.push(await device({ centerId: city.id, kind: 'kiosk', name: `${hall.name}取号机 1`, hallId: hall.id }, index === 0));
    await device({ centerId: city.id, kind: 'kiosk', name: `${hall.name}取号机 2`, hallId: hall.id });
    await device({ centerId: city.id, kind: 'hall_display', name: `${hall.name}综合屏`, hallId: hall.id }, index === 0);
  }
  for (const [index, zone] of selfService.entries()) {
    await device({ centerId: city.id, kind: 'terminal', name: `${zone.name}自助终端 1`, hallId: zone.hallId }, index === 0);
    await device({ centerId: city.id, kind: 'terminal', name: `${zone.name}自助终端 2`, hallId: zone.hallId });
    const locker = await device({ centerId: city.id, kind: 'locker', name: `${zone.name}智能柜`, hallId: zone.hallId }, index === 0);
    await addCompartments(trx, actor, locker.id, { count: 24 });
  }
  for (const [index, windowId] of windowIds.entries()) {
    await device({ centerId: city.id, kind: 'window_display', name: `${index + 1} 号窗口屏`, windowId }, index === 0);
    await device({ centerId: city.id, kind: 'rating_pad', name: `${index + 1} 号窗口评价器`, windowId }, index === 0);
  }

  // ---- the network below: a district, two towns under it, a village point under a town
  const district = await center({ name: '东城区政务服务中心', level: 'district', parentId: city.id, address: '示范市东城区东城大道 8 号', phone: '12345', openingHours: [weekdays] });
  const town1 = await center({ name: '东城街道便民服务中心', level: 'town', parentId: district.id, address: '示范市东城区东城街道育才路 3 号', openingHours: townHours });
  const town2 = await center({ name: '桥头镇政务服务中心', level: 'town', parentId: district.id, address: '示范市东城区桥头镇政通路 12 号', openingHours: townHours });
  const village = await center({ name: '新村社区便民服务站', level: 'village', parentId: town1.id, address: '示范市东城区东城街道新村社区服务楼', openingHours: townHours });
  // A made-up city placed like Dongguan (GCJ-02), its points a few kilometres apart, for the service map.
  for (const [c, longitude, latitude, kindLabel] of [[city, 113.7518, 23.0205], [district, 113.77, 23.043], [town1, 113.785, 23.035], [town2, 113.82, 23.01, '政务服务中心'], [village, 113.793, 23.042]] as const) {
    await setPointLocation(trx, actor, c.id, { longitude, latitude, kindLabel });
  }
  const network = [
    { c: district, general: 12, dedicated: ['公安局', '不动产登记中心', '税务局', '人力资源和社会保障局'] },
    { c: town1, general: 4, dedicated: ['人力资源和社会保障局'] },
    { c: town2, general: 4, dedicated: ['公安局'] },
    { c: village, general: 1, dedicated: [] },
  ];
  const catalogNetwork: CatalogCenters['network'] = [];
  const networkWindows: { centerId: string; windowIds: string[] }[] = [];
  for (const { c, general, dedicated } of network) {
    catalogNetwork.push({ centerId: c.id, departmentNames: dedicated });
    const hall = await org.createHall(trx, actor, { centerId: c.id, name: '办事大厅', floor: '1F' });
    const deptIds = new Map<string, string>();
    for (const name of ['政务服务数据管理局', ...dedicated]) deptIds.set(name, (await department(c.id, name)).id);
    let n = 1;
    const ids: string[] = [];
    for (let i = 0; i < general; i++, n++) ids.push((await window({ centerId: c.id, name: `综合窗口 ${n}`, number: n, kind: 'general', hallId: hall.id })).id);
    for (const name of dedicated) ids.push((await window({ centerId: c.id, name: `${name}专窗`, number: n++, kind: 'dedicated', departmentId: deptIds.get(name)!, hallId: hall.id })).id);
    networkWindows.push({ centerId: c.id, windowIds: ids });
    await device({ centerId: c.id, kind: c.level === 'village' ? 'terminal' : 'kiosk', name: `${c.name}${c.level === 'village' ? '自助终端' : '取号机'}`, hallId: hall.id });
  }

  // ---- the catalogue
  const catalog = await seedCatalog(trx, actor, { city: city.id, departments, network: catalogNetwork });
  summary.items = catalog.items;
  summary.bundles = catalog.bundles;

  // ---- the queue: categories by theme, each window's tiers
  const categoryIds = new Map<string, string>();
  for (const [index, category] of cityCategories.entries()) {
    const itemIds = category.departments.flatMap((name) => catalog.itemsByDepartment.get(departments.get(name)!) ?? []);
    categoryIds.set(category.prefix, (await queue.createCategory(trx, actor, { centerId: city.id, name: category.name, prefix: category.prefix, itemIds, sort: index })).id);
  }
  const categoryOf = (department: string) => categoryIds.get(cityCategories.find((c) => c.departments.includes(department))?.prefix ?? 'B')!;
  const [A, B, H] = ['A', 'B', 'H'].map((p) => categoryIds.get(p)!) as [string, string, string];
  for (const [index, windowId] of windowIds.entries()) {
    const number = index + 1;
    const tiers = number <= 61 ? [[B], [A]] : number <= 111 ? [[A], [H], [B]] : number <= generalWindowCount ? [[B], [A]] : [[categoryOf(dedicatedPlan[number - generalWindowCount - 1]!)]];
    await queue.setWindowProfile(trx, actor, windowId, tiers);
  }
  // 暖企: policies with their category at the last general window of the 企业服务区 (number 111); 一本总账 projects.
  summary.projects = await seedProjects(trx, actor, { centerId: city.id, itemIds: [...catalog.itemsByDepartment.values()].flat(), enterpriseCategoryId: A, warmWindowId: windowIds[110]! });
  for (const { centerId, windowIds: ids } of networkWindows) {
    const itemIds: string[] = [];
    for (let page = 1; ; page++) {
      const { items } = await searchItems(trx, { centerId, page, pageSize: 200 });
      itemIds.push(...items.map((i) => i.id));
      if (items.length < 200) break;
    }
    const category = await queue.createCategory(trx, actor, { centerId, name: '综合业务', prefix: 'A', itemIds });
    for (const id of ids) await queue.setWindowProfile(trx, actor, id, [[category.id]]);
  }

  // ---- staff accounts for every role
  const centerIds = { city: city.id, district: district.id, town: town1.id };
  const users = new Map<string, string>();
  for (const account of demoAccounts) {
    const user = await createUser(trx, 'system', actor, {
      username: account.username,
      password: demoPassword,
      name: account.name,
      roles: [{ role: account.role, centerId: centerIds[account.center], departmentId: account.department ? departments.get(account.department)! : null }],
    });
    users.set(account.username, user.id);
  }

  // ---- a day of history: the previous working day served at windows 2 (staff02) and the first 公安局 window (police01)
  const person = (username: string, role: RoleName, departmentId: string | null = null) => {
    const account = demoAccounts.find((a) => a.username === username)!;
    return userPrincipal(users.get(username)!, username, account.name, role, city.id, departmentId);
  };
  const policeWindow = generalWindowCount + dedicatedPlan.indexOf('公安局');
  const caseItems: { itemId: string; answers: Record<string, string> }[] = [];
  for (const itemId of catalog.itemsByDepartment.get(departments.get('市场监督管理局')!) ?? []) {
    const guide = await getItemGuide(trx, itemId);
    if (guide.promisedDays > 0 && guide.materials.length > 0) caseItems.push({ itemId, answers: Object.fromEntries(guide.situations.map((q) => [q.id, q.options[0]!.id])) });
    if (caseItems.length === 6) break;
  }
  summary.history = await seedHistory(trx, {
    centerId: city.id,
    kiosk: { kind: 'device', id: kiosks[0]!.id, name: kiosks[0]!.name },
    manager: person('manager', 'center_manager'),
    approver: person('approver', 'dept_approver', departments.get('市场监督管理局')!),
    servers: [
      { principal: person('staff02', 'window_staff'), windowId: windowIds[1]!, categoryId: B },
      { principal: person('police01', 'window_staff', departments.get('公安局')!), windowId: windowIds[policeWindow]!, categoryId: categoryOf('公安局') },
    ],
    caseItems,
  });

  // ---- 帮办代办: agents at city, district and park level; requests waiting, assigned, in progress and completed
  const staffOf = (username: string, role: RoleName, centerId: string) => userPrincipal(users.get(username)!, username, demoAccounts.find((a) => a.username === username)!.name, role, centerId);
  const agentOf = (username: string, centerId: string, level: 'city' | 'district' | 'park', area: string | null, specialties: string[]) => ({ principal: staffOf(username, 'agent', centerId), centerId, level, area, specialties });
  summary.assistance = await seedAssistance(trx, {
    cityId: city.id,
    districtId: district.id,
    cityManager: staffOf('manager', 'center_manager', city.id),
    districtManager: staffOf('district', 'center_manager', district.id),
    cityStaff: staffOf('staff01', 'window_staff', city.id),
    agents: [
      agentOf('agent', city.id, 'city', null, ['工程建设', '用地规划']),
      agentOf('agent01', city.id, 'city', null, ['竣工验收', '不动产登记']),
      agentOf('agent02', district.id, 'district', '东城区', ['食品药品', '环评']),
      agentOf('agent03', district.id, 'park', '东城高新技术产业园', ['项目备案', '新能源']),
    ],
  });

  // ---- 标杆大厅: a round over the city and district centers, partly self-assessed and under inspection
  await seedAssessmentDemo(trx, { cityId: city.id, districtId: district.id, cityManager: staffOf('manager', 'center_manager', city.id), districtManager: staffOf('district', 'center_manager', district.id), password: demoPassword });

  // ---- records the terminals print certificates from
  for (const holder of demoRecordHolders) for (const record of holder.records) await savePersonRecord(trx, holder.idNumber, record);

  // ---- 电子证照 of the demo people and companies, and the items whose approval issues one
  await seedElicenseDemo(trx, actor);

  // ---- back office: 食品经营许可（新办） of 开办餐饮店一件事 goes 承办 → 审核 → 决定 (set after the history, whose cases are decided directly)
  const foodLicence = (await listBundles(trx)).flatMap((b) => b.items).find((i) => i.name === '食品经营许可（新办）')!;
  await saveItemWorkflow(trx, actor, foodLicence.id, { steps: [...standardRoute], sameHandlerAllowed: false });
  return summary;
}
