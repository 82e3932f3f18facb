import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { chinesePdf } from '../../platform/pdf.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { centerSubtree, getCenter, listCenters } from '../org/service.ts';
import { breakdown, periodFigures, trend, type BreakdownRow, type Figures } from './service.ts';
import { currentTime } from '../../platform/clock.ts';

/**
 * The monthly report of a center (and the centers below it): the same figures as the dashboard, from the
 * same functions, as an Excel workbook and a PDF. Data first (`monthlyReport`), then two renderings.
 */

export interface MonthlyReport {
  centerName: string;
  month: string;
  from: string;
  to: string;
  figures: Figures;
  previous: Figures;
  departments: BreakdownRow[];
  windows: BreakdownRow[];
  days: Awaited<ReturnType<typeof trend>>;
}

export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export async function monthlyReport(executor: Executor, centerId: string, month: string): Promise<MonthlyReport> {
  const center = await getCenter(executor, centerId);
  const centerIds = await centerSubtree(executor, [centerId]);
  const range = monthRange(month);
  const query = { centerIds, ...range };
  return {
    centerName: center.name,
    month,
    ...range,
    figures: await periodFigures(executor, query),
    previous: await periodFigures(executor, { centerIds, ...monthRange(previousMonth(month)) }),
    departments: await breakdown(executor, query, 'department'),
    windows: await breakdown(executor, query, 'window'),
    days: await trend(executor, query),
  };
}

// ------------------------------------------------------------ the headline, as both renderings show it

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);
const minutes = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(2)} 分钟`);
const count = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN'));

/** Each line: the figure, this month, last month, and how it is computed (docs/figures.md says the same). */
function headline(f: Figures): [string, string, string][] {
  return [
    ['来访人次', count(f.visits?.visits), '取号数，不含转移产生的新号'],
    ['号票数', count(f.visits?.issued), '全部取号（含转移）'],
    ['已办理', count(f.visits?.served), '叫号后办结的号'],
    ['过号', count(f.visits?.noShow), '叫号未到'],
    ['平均等候', minutes(f.visits?.wait.mean), '取号（转移的号自转移时）到叫号'],
    ['等候中位数', minutes(f.visits?.wait.median), '按分钟分桶的中位数'],
    ['等候 90 分位', minutes(f.visits?.wait.p90), '按分钟分桶的 90 分位'],
    ['平均办理', minutes(f.visits?.handle.mean), '开始办理到办结'],
    ['窗口利用率', percent(f.visits?.utilisation), '办理时长 ÷ 签到在岗时长'],
    ['申报办件', count(f.cases?.submitted), '当月申报的办件'],
    ['窗口 / 自助终端 / 不见面', f.cases ? `${count(f.cases.byChannel.window)} / ${count(f.cases.byChannel.terminal)} / ${count(f.cases.byChannel.online)}` : '—', '按申报渠道'],
    ['受理', count(f.cases?.accepted), '当月受理的办件'],
    ['容缺受理', count(f.cases?.acceptedDeferred), '受理时有容缺材料'],
    ['一次性告知', count(f.cases?.supplementNotices), '当月出具的一次性告知书'],
    ['不予受理', count(f.cases?.refused), '当月不予受理'],
    ['办结', count(f.cases?.completed), '当月办结'],
    ['按时办结率', percent(f.cases?.onTimeRate), '不晚于承诺期限办结 ÷ 办结'],
    ['法定时限内办结率', percent(f.cases?.legalOnTimeRate), '不晚于法定期限办结 ÷ 办结'],
    ['网上申报率', percent(f.cases?.onlineRate), '不见面申报 ÷ 申报'],
    ['评价数', count(f.ratings?.total), '不含申诉成立的评价'],
    ['好评率', percent(f.ratings?.satisfactionRate), '基本满意及以上 ÷ 评价数'],
    ['五星好评率', percent(f.ratings?.fiveStarRate), '非常满意 ÷ 评价数'],
    ['实名差评回访率', percent(f.ratings?.callbackRate), '已回访的实名差评 ÷ 实名差评'],
    ['预约', count(f.appointments?.booked), '当月时段的预约'],
    ['预约爽约率', percent(f.appointments?.noShowRate), '爽约 ÷ 未取消的预约'],
  ].map(([name, value, formula]) => [name!, value!, formula!]);
}

// ------------------------------------------------------------ Excel

export async function reportWorkbook(report: MonthlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OneDoor 一门通办';
  const overview = workbook.addWorksheet('概览');
  overview.columns = [
    { header: '指标', key: 'name', width: 22 },
    { header: report.month, key: 'now', width: 22 },
    { header: '上月', key: 'before', width: 22 },
    { header: '口径', key: 'formula', width: 44 },
  ];
  const before = headline(report.previous);
  headline(report.figures).forEach(([name, now, formula], i) => overview.addRow({ name, now, before: before[i]![1], formula }));
  overview.insertRow(1, [`${report.centerName} ${report.month} 政务服务统计月报（${report.from} 至 ${report.to}）`]);
  overview.getRow(1).font = { bold: true, size: 14 };
  overview.getRow(2).font = { bold: true };

  const table = (name: string, rows: BreakdownRow[]) => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = [
      { header: name, key: 'name', width: 28 },
      { header: '来访人次', key: 'visits', width: 10 },
      { header: '已办理', key: 'served', width: 10 },
      { header: '平均等候（分钟）', key: 'wait', width: 16 },
      { header: '平均办理（分钟）', key: 'handle', width: 16 },
      { header: '申报办件', key: 'cases', width: 10 },
      { header: '办结', key: 'completed', width: 10 },
      { header: '按时办结率', key: 'onTime', width: 12 },
      { header: '评价数', key: 'ratings', width: 10 },
      { header: '好评率', key: 'satisfaction', width: 10 },
    ];
    for (const r of rows) {
      sheet.addRow({
        name: r.name,
        visits: r.visits?.visits ?? null,
        served: r.visits?.served ?? null,
        wait: r.visits?.wait.mean === null || r.visits === null ? null : Number(r.visits.wait.mean.toFixed(2)),
        handle: r.visits?.handle.mean === null || r.visits === null ? null : Number(r.visits.handle.mean.toFixed(2)),
        cases: r.cases?.submitted ?? null,
        completed: r.cases?.completed ?? null,
        onTime: r.cases?.onTimeRate ?? null,
        ratings: r.ratings?.total ?? null,
        satisfaction: r.ratings?.satisfactionRate ?? null,
      });
    }
    sheet.getColumn('onTime').numFmt = '0.00%';
    sheet.getColumn('satisfaction').numFmt = '0.00%';
    sheet.getRow(1).font = { bold: true };
  };
  table('部门', report.departments);
  table('窗口', report.windows);

  const days = workbook.addWorksheet('每日');
  days.columns = [
    { header: '日期', key: 'day', width: 12 },
    { header: '来访人次', key: 'visits', width: 10 },
    { header: '已办理', key: 'served', width: 10 },
    { header: '平均等候（分钟）', key: 'wait', width: 16 },
    { header: '申报办件', key: 'cases', width: 10 },
    { header: '办结', key: 'completed', width: 10 },
    { header: '好评率', key: 'satisfaction', width: 10 },
  ];
  for (const d of report.days) days.addRow({ day: d.day, visits: d.visits, served: d.served, wait: d.avgWaitMinutes === null ? null : Number(d.avgWaitMinutes.toFixed(2)), cases: d.cases, completed: d.completed, satisfaction: d.satisfactionRate });
  days.getColumn('satisfaction').numFmt = '0.00%';
  days.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ------------------------------------------------------------ PDF

export async function reportPdf(report: MonthlyReport): Promise<Buffer> {
  const title = `${report.centerName} ${report.month} 政务服务统计月报`;
  const { doc, done } = chinesePdf({ margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: title, Author: report.centerName, Creator: 'OneDoor 一门通办' } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(18).text(title, { width, align: 'center' });
  doc.fontSize(10).fillColor('#555555').text(`统计期间：${report.from} 至 ${report.to}（含下级中心）`, { width, align: 'center' });
  doc.fillColor('black').moveDown(1);

  /** Rows of text in fixed columns; a new page when the next row would not fit. */
  const rows = (columns: { label: string; width: number; align?: 'left' | 'right' }[], lines: string[][]) => {
    const draw = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((cell, i) => {
        const column = columns[i]!;
        doc.fontSize(9).fillColor(bold ? '#000000' : '#222222').text(cell, x, y, { width: column.width - 6, align: column.align ?? 'left', lineBreak: false, ellipsis: true });
        x += column.width;
      });
      doc.y = y + 15;
      doc.x = left;
    };
    draw(columns.map((c) => c.label), true);
    doc.moveTo(left, doc.y - 2).lineTo(left + width, doc.y - 2).lineWidth(0.5).strokeColor('#999999').stroke();
    for (const line of lines) draw(line, false);
    doc.moveDown(1);
  };
  const section = (name: string) => doc.fontSize(13).fillColor('black').text(name, left, doc.y, { width }).moveDown(0.3);

  section('一、主要指标');
  const before = headline(report.previous);
  rows(
    [
      { label: '指标', width: 120 },
      { label: '本月', width: 95, align: 'right' },
      { label: '上月', width: 95, align: 'right' },
      { label: '口径', width: width - 310 },
    ],
    headline(report.figures).map(([name, now, formula], i) => [name, now, before[i]![1], formula]),
  );
  const breakdownRows = (list: BreakdownRow[]) =>
    list.map((r) => [r.name, count(r.visits?.visits), minutes(r.visits?.wait.mean), count(r.cases?.submitted), percent(r.cases?.onTimeRate), count(r.ratings?.total), percent(r.ratings?.satisfactionRate)]);
  const breakdownColumns = (first: string) => [
    { label: first, width: width - 390 },
    { label: '来访', width: 55, align: 'right' as const },
    { label: '平均等候', width: 75, align: 'right' as const },
    { label: '办件', width: 55, align: 'right' as const },
    { label: '按时办结率', width: 75, align: 'right' as const },
    { label: '评价', width: 55, align: 'right' as const },
    { label: '好评率', width: 75, align: 'right' as const },
  ];
  section('二、各部门');
  rows(breakdownColumns('部门'), breakdownRows(report.departments));
  section('三、各窗口');
  rows(breakdownColumns('窗口'), breakdownRows(report.windows));
  doc.end();
  return done;
}

// ------------------------------------------------------------ kept at the month's end

export type ReportFormat = 'xlsx' | 'pdf';

/**
 * At the end of a month, every center's report is made once and kept: any node may run it, one at a time.
 * It runs after the rollups of the same sweep, so the month's last day is complete.
 */
export async function storeMonthEndReports(executor: Executor, now = currentTime()): Promise<string[]> {
  const month = previousMonth(shanghaiDate(now).slice(0, 7));
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, 0x057a_7501))) return [];
    // A month before the installation's first event has nothing to report.
    const { first } = await trx.selectFrom('event_log').select(sql<Date | null>`min(at)`.as('first')).executeTakeFirstOrThrow();
    if (!first || shanghaiDate(first) > monthRange(month).to) return [];
    const done = new Set((await trx.selectFrom('stats_reports').select('center_id').where('month', '=', month).execute()).map((r) => r.center_id));
    const made: string[] = [];
    for (const center of await listCenters(trx)) {
      if (done.has(center.id)) continue;
      const report = await monthlyReport(trx, center.id, month);
      await trx.insertInto('stats_reports').values({ center_id: center.id, month, xlsx: await reportWorkbook(report), pdf: await reportPdf(report), generated_at: now }).execute();
      made.push(center.id);
    }
    return made;
  });
}

export async function listStoredReports(executor: Executor, centerId: string): Promise<{ month: string; generatedAt: string }[]> {
  const rows = await executor.selectFrom('stats_reports').select(['month', 'generated_at']).where('center_id', '=', centerId).orderBy('month', 'desc').execute();
  return rows.map((r) => ({ month: r.month, generatedAt: r.generated_at.toISOString() }));
}

/** The kept report of a month, or one made now (this month so far, or a month before the first month end). */
export async function readReport(executor: Executor, centerId: string, month: string, format: ReportFormat): Promise<{ file: Buffer; stored: boolean }> {
  const stored = await executor.selectFrom('stats_reports').select(format).where('center_id', '=', centerId).where('month', '=', month).executeTakeFirst();
  if (stored) return { file: stored[format] as Buffer, stored: true };
  const report = await monthlyReport(executor, centerId, month);
  return { file: format === 'xlsx' ? await reportWorkbook(report) : await reportPdf(report), stored: false };
}
