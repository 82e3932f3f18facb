import ExcelJS from 'exceljs';
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../platform/audit.ts';
import { badRequest } from '../../platform/errors.ts';
import { changeKinds, itemProblems, itemTypes, valueLabels } from './rules.ts';
import { saveBundle, saveItems, type FaqInput, type ItemInput, type MaterialInput, type SituationInput } from './service.ts';

/**
 * The whole catalogue as an Excel workbook (事项, 材料, 情形, 问答, 一件事) and back. An import checks
 * every row before anything is written and reports each bad cell in Chinese; a good file is upserted
 * by item code in one transaction.
 */

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

type Cell = string | number;

/** How one kind of value is written to a cell and read back from its text; `read` throws the Chinese message. */
interface Codec<V> {
  write(value: V): Cell;
  read(text: string): V;
}

const fail = (message: string): never => {
  throw new Error(message);
};
const splitList = (text: string) => text.split(/[;；]/).map((s) => s.trim()).filter(Boolean);

const codecs = {
  text: { write: (v: string) => v, read: (t: string) => t || fail('不能为空') } satisfies Codec<string>,
  optional: { write: (v: string | null) => v ?? '', read: (t: string) => t || null } satisfies Codec<string | null>,
  int: { write: (v: number) => v, read: (t: string) => (/^\d{1,4}$/.test(t) ? Number(t) : fail('应为非负整数')) } satisfies Codec<number>,
  yuan: { write: (v: number) => v / 100, read: (t: string) => (/^\d{1,7}(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : fail('应为金额（元），最多两位小数')) } satisfies Codec<number>,
  bool: { write: (v: boolean) => (v ? '是' : '否'), read: (t: string) => (t === '是' ? true : t === '否' ? false : fail('应填「是」或「否」')) } satisfies Codec<boolean>,
  list: { write: (v: string[]) => v.join(';'), read: splitList } satisfies Codec<string[]>,
  url: { write: (v: string | null) => v ?? '', read: (t: string) => (!t ? null : /^(https?:\/\/|\/)/.test(t) ? t : fail('应为以 http(s):// 或 / 开头的地址')) } satisfies Codec<string | null>,
};

/** A code shown by its Chinese label (valueLabels, or the given labels). */
function labelled<C extends string>(codes: readonly C[], labels: Record<string, string> = valueLabels): Codec<C> {
  const byLabel = new Map(codes.map((c) => [labels[c] ?? c, c]));
  const allowed = [...byLabel.keys()].join('、');
  return { write: (c) => labels[c] ?? c, read: (t) => byLabel.get(t) ?? fail(`应为以下之一：${allowed}`) };
}
function labelledList<C extends string>(codes: readonly C[], labels?: Record<string, string>): Codec<C[]> {
  const one = labelled(codes, labels);
  return { write: (v) => v.map(one.write).join(';'), read: (t) => splitList(t).map(one.read) };
}

interface Column<R, K extends keyof R = keyof R> {
  header: string;
  key: K;
  codec: Codec<R[K]>;
}
/** A column of a sheet bound to one field of the row type. */
const col = <R>() => <K extends keyof R>(header: string, key: K, codec: Codec<R[K]>): Column<R> => ({ header, key, codec: codec as Codec<R[keyof R]> });

/** An item row: the item's fields, its department and centers by name. */
type ItemRow = Omit<ItemInput, 'departmentId' | 'centerIds' | 'materials' | 'situations' | 'faqs'> & { centerName: string; departmentName: string; centerNames: string[] };
const item = col<ItemRow>();
const itemSheet: Column<ItemRow>[] = [
  item('事项编码', 'code', { write: (v) => v, read: (t) => (/^[A-Za-z0-9._-]{1,64}$/.test(t) ? t : fail('只能由字母、数字、点、横线和下划线组成')) }),
  item('事项名称', 'name', codecs.text),
  item('所属中心', 'centerName', codecs.text),
  item('实施部门', 'departmentName', codecs.text),
  item('事项类型', 'type', labelled(itemTypes)),
  item('办件类型', 'mode', labelled(['immediate', 'promised'] as const)),
  item('法定时限（工作日）', 'legalDays', codecs.int),
  item('承诺时限（工作日）', 'promisedDays', codecs.int),
  item('到现场次数', 'visitsRequired', { ...codecs.int, read: (t) => (/^\d$/.test(t) ? Number(t) : fail('应为 0 到 9 的整数')) }),
  item('网上办理', 'online', codecs.bool),
  item('自助终端办理', 'terminal', codecs.bool),
  item('受理窗口', 'acceptedAt', labelled(['general', 'dedicated'] as const)),
  item('容缺受理', 'lenientAllowed', codecs.bool),
  item('收费（元）', 'feeFen', codecs.yuan),
  item('收费依据', 'feeBasis', codecs.optional),
  item('设定依据', 'legalBasis', codecs.optional),
  item('受理条件', 'conditions', codecs.optional),
  item('办理流程', 'process', codecs.optional),
  item('办理时间', 'serviceHours', codecs.optional),
  item('咨询电话', 'consultPhone', codecs.optional),
  item('服务对象', 'audience', labelledList(['person', 'company'] as const)),
  item('关键词', 'keywords', codecs.list),
  item('核发证照', 'issuesLicence', codecs.optional),
  item('变更证照', 'changesLicence', codecs.optional),
  item('变更情形', 'changeKinds', labelledList(Object.keys(changeKinds) as (keyof typeof changeKinds)[], changeKinds)),
  item('办理地点', 'centerNames', codecs.list),
  item('状态', 'status', labelled(['published', 'withdrawn'] as const)),
];

type MaterialRow = Omit<MaterialInput, 'id'> & { code: string };
const material = col<MaterialRow>();
const materialSheet: Column<MaterialRow>[] = [
  material('事项编码', 'code', codecs.text),
  material('材料名称', 'name', codecs.text),
  material('必需', 'required', codecs.bool),
  material('原件/复印件', 'form', labelled(['original', 'copy', 'original_and_copy'] as const, { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' })),
  material('份数', 'copies', codecs.int),
  material('介质', 'medium', labelled(['paper', 'electronic', 'paper_or_electronic'] as const, { paper: '纸质', electronic: '电子', paper_or_electronic: '纸质或电子' })),
  material('可用电子证照', 'elicense', codecs.bool),
  material('可容缺', 'deferrable', codecs.bool),
  material('空白表格', 'blankFormUrl', codecs.url),
  material('示例样表', 'exampleUrl', codecs.url),
  material('备注', 'note', codecs.optional),
  material('适用情形选项', 'optionIds', codecs.list),
];

type SituationRow = Omit<SituationInput, 'id'> & { code: string };
const situation = col<SituationRow>();
const situationSheet: Column<SituationRow>[] = [
  situation('事项编码', 'code', codecs.text),
  situation('问题', 'question', codecs.text),
  situation('选项（编号=名称）', 'options', {
    write: (options) => options.map((o) => `${o.id}=${o.label}`).join(';'),
    read: (t) => {
      const options = splitList(t).map((part) => {
        const [id, label] = part.split('=').map((s) => s.trim());
        return id && label ? { id, label } : fail(`选项「${part}」应写成「编号=名称」`);
      });
      return options.length >= 2 ? options : fail('至少需要两个选项');
    },
  }),
];

type FaqRow = Omit<FaqInput, 'id'> & { code: string };
const faq = col<FaqRow>();
const faqSheet: Column<FaqRow>[] = [faq('事项编码', 'code', codecs.text), faq('问题', 'question', codecs.text), faq('回答', 'answer', codecs.text)];

interface BundleRow {
  name: string;
  description: string | null;
  codes: string[];
}
const bundle = col<BundleRow>();
const bundleSheet: Column<BundleRow>[] = [
  bundle('名称', 'name', codecs.text),
  bundle('说明', 'description', codecs.optional),
  bundle('事项编码', 'codes', { write: codecs.list.write, read: (t) => (splitList(t).length >= 2 ? splitList(t) : fail('至少需要两个事项编码')) }),
];

const sheets = { items: '事项', materials: '材料', situations: '情形', faqs: '问答', bundles: '一件事' } as const;

function addSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: Column<R>[], rows: R[]) {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, width: Math.max(10, c.header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.codec.write(row[c.key])));
}

// ---------------------------------------------------------------- export

/** Every item, material, situation, FAQ and bundle of the catalogue as an .xlsx file. */
export async function exportCatalog(executor: Executor): Promise<Buffer> {
  const [items, materials, situations, faqs, itemCenters, departments, centers, bundles] = await Promise.all([
    executor.selectFrom('items').selectAll().orderBy('code').execute(),
    executor.selectFrom('materials').selectAll().orderBy('item_id').orderBy('sort').execute(),
    executor.selectFrom('situations').selectAll().orderBy('item_id').orderBy('sort').execute(),
    executor.selectFrom('faqs').selectAll().orderBy('item_id').orderBy('sort').execute(),
    executor.selectFrom('item_centers').selectAll().execute(),
    executor.selectFrom('departments').select(['id', 'name', 'center_id']).execute(),
    executor.selectFrom('centers').select(['id', 'name']).execute(),
    executor.selectFrom('bundles').selectAll().orderBy('name').execute(),
  ]);
  const centerName = new Map(centers.map((c) => [c.id, c.name]));
  const department = new Map(departments.map((d) => [d.id, d]));
  const code = new Map(items.map((i) => [i.id, i.code]));
  const itemCenterNames = new Map<string, string[]>();
  for (const ic of itemCenters) itemCenterNames.set(ic.item_id, [...(itemCenterNames.get(ic.item_id) ?? []), centerName.get(ic.center_id)!]);
  const byCode = <T extends { item_id: string }>(rows: T[]) => rows.map((r) => ({ ...r, code: code.get(r.item_id)! })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const workbook = new ExcelJS.Workbook();
  addSheet<ItemRow>(
    workbook,
    sheets.items,
    itemSheet,
    items.map((i) => ({
      code: i.code,
      name: i.name,
      centerName: centerName.get(department.get(i.department_id)!.center_id)!,
      departmentName: department.get(i.department_id)!.name,
      type: i.type,
      mode: i.mode,
      legalDays: i.legal_days,
      promisedDays: i.promised_days,
      visitsRequired: i.visits_required,
      online: i.online,
      terminal: i.terminal,
      acceptedAt: i.accepted_at,
      lenientAllowed: i.lenient_allowed,
      feeFen: i.fee_fen,
      feeBasis: i.fee_basis,
      legalBasis: i.legal_basis,
      conditions: i.conditions,
      process: i.process,
      serviceHours: i.service_hours,
      consultPhone: i.consult_phone,
      audience: i.audience as ItemRow['audience'],
      keywords: i.keywords,
      issuesLicence: i.issues_licence,
      changesLicence: i.changes_licence,
      changeKinds: i.change_kinds as ItemRow['changeKinds'],
      centerNames: (itemCenterNames.get(i.id) ?? []).sort(),
      status: i.status,
    })),
  );
  addSheet<MaterialRow>(
    workbook,
    sheets.materials,
    materialSheet,
    byCode(materials).map((m) => ({ code: m.code, name: m.name, required: m.required, form: m.form, copies: m.copies, medium: m.medium, elicense: m.elicense, deferrable: m.deferrable, blankFormUrl: m.blank_form_url, exampleUrl: m.example_url, note: m.note, optionIds: m.option_ids })),
  );
  addSheet<SituationRow>(workbook, sheets.situations, situationSheet, byCode(situations).map((s) => ({ code: s.code, question: s.question, options: s.options })));
  addSheet<FaqRow>(workbook, sheets.faqs, faqSheet, byCode(faqs).map((f) => ({ code: f.code, question: f.question, answer: f.answer })));
  addSheet<BundleRow>(workbook, sheets.bundles, bundleSheet, bundles.map((b) => ({ name: b.name, description: b.description, codes: b.item_ids.map((id) => code.get(id)!) })));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- import

/** The rows of a sheet read through its columns; each bad cell becomes a problem, and its row is left out. */
function readSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: Column<R>[], problems: ImportProblem[]): { row: number; value: R }[] {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) {
    problems.push({ sheet: name, row: 0, column: '', message: `缺少工作表「${name}」` });
    return [];
  }
  const headers = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, index) => headers.set(cell.text.trim(), index));
  const missing = columns.filter((c) => !headers.has(c.header));
  for (const c of missing) problems.push({ sheet: name, row: 1, column: c.header, message: `缺少列「${c.header}」` });
  if (missing.length) return [];
  const out: { row: number; value: R }[] = [];
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    const texts = columns.map((c) => row.getCell(headers.get(c.header)!).text.trim());
    if (texts.every((t) => t === '')) return;
    const value = {} as R;
    let ok = true;
    columns.forEach((c, i) => {
      try {
        value[c.key] = c.codec.read(texts[i]!);
      } catch (error) {
        ok = false;
        problems.push({ sheet: name, row: index, column: c.header, message: (error as Error).message });
      }
    });
    if (ok) out.push({ row: index, value });
  });
  return out;
}

export interface ImportResult {
  created: number;
  updated: number;
}

/**
 * Checks a workbook whole, then saves its items (by code) and bundles (by name) in one transaction.
 * `allowCenter` says whether the caller may edit items of a center (by id).
 */
export async function importCatalog(executor: Executor, actor: Actor, file: Buffer, allowCenter: (centerId: string) => Promise<void>): Promise<ImportResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw badRequest('IMPORT_INVALID', '文件不是有效的 Excel（.xlsx）工作簿', [{ sheet: '', row: 0, column: '', message: '无法读取文件' }]);
  }
  const problems: ImportProblem[] = [];
  const itemRows = readSheet(workbook, sheets.items, itemSheet, problems);
  const materialRows = readSheet(workbook, sheets.materials, materialSheet, problems);
  const situationRows = readSheet(workbook, sheets.situations, situationSheet, problems);
  const faqRows = readSheet(workbook, sheets.faqs, faqSheet, problems);
  const bundleRows = readSheet(workbook, sheets.bundles, bundleSheet, problems);

  const [departments, centers, storedItems] = await Promise.all([
    executor.selectFrom('departments').select(['id', 'name', 'center_id']).execute(),
    executor.selectFrom('centers').select(['id', 'name']).execute(),
    executor.selectFrom('items').select(['id', 'code']).execute(),
  ]);
  const centerId = new Map(centers.map((c) => [c.name, c.id]));
  const departmentId = new Map(departments.map((d) => [`${d.center_id}/${d.name}`, d.id]));
  const problem = (sheet: string, row: number, column: string, message: string) => problems.push({ sheet, row, column, message });

  const inputs = new Map<string, { row: number; input: ItemInput }>();
  for (const { row, value } of itemRows) {
    const { centerName, departmentName, centerNames, ...fields } = value;
    if (inputs.has(fields.code)) problem(sheets.items, row, '事项编码', `事项编码「${fields.code}」重复（第 ${inputs.get(fields.code)!.row} 行已有）`);
    const center = centerId.get(centerName);
    if (!center) problem(sheets.items, row, '所属中心', `没有名为「${centerName}」的中心`);
    const department = center && departmentId.get(`${center}/${departmentName}`);
    if (center && !department) problem(sheets.items, row, '实施部门', `「${centerName}」没有名为「${departmentName}」的部门`);
    const ids = centerNames.map((n) => centerId.get(n));
    const unknown = centerNames.filter((_, i) => !ids[i]);
    if (unknown.length) problem(sheets.items, row, '办理地点', `没有名为「${unknown.join('、')}」的中心`);
    inputs.set(fields.code, { row, input: { ...fields, departmentId: department ?? '', centerIds: ids.filter((id): id is string => Boolean(id)), materials: [], situations: [], faqs: [] } });
  }
  const owner = (sheet: string, row: number, code: string) => {
    const found = inputs.get(code)?.input;
    if (!found) problem(sheet, row, '事项编码', `「事项」表中没有编码为「${code}」的事项`);
    return found;
  };
  for (const { row, value: { code, ...m } } of materialRows) owner(sheets.materials, row, code)?.materials.push({ id: '', ...m });
  for (const { row, value: { code, ...s } } of situationRows) owner(sheets.situations, row, code)?.situations.push({ id: '', ...s });
  for (const { row, value: { code, ...f } } of faqRows) owner(sheets.faqs, row, code)?.faqs.push({ id: '', ...f });
  for (const { row, input } of inputs.values()) for (const message of itemProblems(input)) problem(sheets.items, row, '事项名称', `「${input.name}」：${message}`);
  const knownCodes = new Set([...inputs.keys(), ...storedItems.map((i) => i.code)]);
  for (const { row, value } of bundleRows) {
    const unknown = value.codes.filter((c) => !knownCodes.has(c));
    if (unknown.length) problem(sheets.bundles, row, '事项编码', `没有编码为「${unknown.join('、')}」的事项`);
  }
  if (problems.length) throw badRequest('IMPORT_INVALID', `导入文件有 ${problems.length} 处错误，未导入任何内容`, problems);

  const list = [...inputs.values()].map((i) => i.input);
  for (const id of new Set(list.map((i) => departments.find((d) => d.id === i.departmentId)!.center_id))) await allowCenter(id);
  return inTransaction(executor, async (trx) => {
    const saved = await saveItems(trx, actor, list);
    const idByCode = new Map([...storedItems.map((i) => [i.code, i.id] as const), ...saved.map((s) => [s.code, s.id] as const)]);
    const existingBundles = new Map((await trx.selectFrom('bundles').select(['id', 'name']).execute()).map((b) => [b.name, b.id]));
    for (const { value } of bundleRows) {
      await saveBundle(trx, actor, existingBundles.get(value.name), { name: value.name, description: value.description, itemIds: value.codes.map((c) => idByCode.get(c)!) });
    }
    return { created: saved.filter((s) => s.created).length, updated: saved.filter((s) => !s.created).length };
  });
}
