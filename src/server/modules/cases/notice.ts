/**
 * Written notices of a case (办件通知书): 受理通知书 (with the 容缺 materials and their due dates),
 * 不予受理通知书 (the reason and the applicant's remedies) and 一次性告知书 (every missing material at
 * once, 行政许可法 第三十二条). `loadNotice` gathers what the case's latest step needs through the
 * services; `renderNotice` turns it into a PDF (data in, Buffer out, no I/O but reading the font once).
 *
 * The font is embedded (platform/pdf.ts), so a notice prints the same everywhere.
 */
import { conflict } from '../../platform/errors.ts';
import { chineseDate, chinesePdf, drawQrCode } from '../../platform/pdf.ts';
import type { Executor } from '../../db/types.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { getCenter } from '../org/service.ts';
import { caseSteps, getCase } from './service.ts';

export type NoticeKind = 'accept' | 'refuse' | 'supplement-notice';

export interface NoticeData {
  kind: NoticeKind;
  noticeNo: string;
  caseNo: string;
  /** The center that issues the notice (the case's center). */
  issuer: { name: string; address: string | null; phone: string | null };
  /** Masked as on every screen: 张*丰, 4401**********123X (a company's credit code is public). */
  applicant: { kind: 'person' | 'company'; name: string; identifier: string };
  itemName: string;
  /** 'YYYY-MM-DD': the day the application was made, and the day of the notice. */
  appliedOn: string;
  date: string;
  /** 受理: the deadlines in working days after the day of acceptance. */
  accepted?: { on: string; mode: 'immediate' | 'promised'; legalDays: number; promisedDays: number; legalDeadline: string | null; promisedDeadline: string | null };
  /** 受理 under 容缺: each deferred material and the day it must come by. */
  deferred?: { name: string; dueDate: string | null }[];
  /** 不予受理: the reason. */
  reason?: string;
  /** 一次性告知: every missing material. */
  missing?: string[];
  /** The public progress page for this case (the QR code). */
  progressUrl: string;
}

export const noticeTitles: Record<NoticeKind, string> = { accept: '受理通知书', refuse: '不予受理通知书', 'supplement-notice': '一次性告知书' };

/** The notice of a case's latest step, or 409 NO_NOTICE when that step gave none. */
export async function loadNotice(executor: Executor, caseId: string, progressBase: string): Promise<NoticeData> {
  const found = await getCase(executor, caseId);
  const steps = await caseSteps(executor, caseId);
  const last = steps[steps.length - 1];
  if (!last?.noticeNo || !(last.action in noticeTitles)) {
    throw conflict('NO_NOTICE', `办件当前${found.statusLabel}，最近一步${last ? `「${last.name}」` : ''}没有出具通知书`);
  }
  const kind = last.action as NoticeKind;
  const center = await getCenter(executor, found.centerId);
  const data: NoticeData = {
    kind,
    noticeNo: last.noticeNo,
    caseNo: found.caseNo,
    issuer: { name: center.name, address: center.address, phone: center.phone },
    applicant: { kind: found.applicant.kind, name: found.applicant.name, identifier: found.applicant.identifier },
    itemName: found.itemName,
    appliedOn: shanghaiDate(new Date(found.createdAt)),
    date: shanghaiDate(new Date(last.at)),
    progressUrl: `${progressBase.replace(/\/$/, '')}/progress?caseNo=${encodeURIComponent(found.caseNo)}`,
  };
  if (kind === 'accept') {
    data.accepted = {
      on: found.acceptedOn ?? data.date,
      mode: found.mode,
      legalDays: found.legalDays,
      promisedDays: found.promisedDays,
      legalDeadline: found.legalDeadline,
      promisedDeadline: found.promisedDeadline,
    };
    data.deferred = found.materials.filter((m) => m.status === 'deferred').map((m) => ({ name: m.name, dueDate: m.dueDate }));
  } else if (kind === 'refuse') {
    data.reason = found.refusalReason ?? last.note ?? '';
  } else {
    // The notice is the latest step, so nothing was supplied since: the required materials still missing are the ones it told.
    data.missing = found.materials.filter((m) => m.required && m.status === 'missing').map((m) => m.name);
  }
  return data;
}

const dateOr = (date: string | null | undefined, otherwise: string) => (date ? chineseDate(date) : otherwise);

/** The notice as a PDF: A4, the CJK font embedded (subset), a QR code to the public progress page. */
export async function renderNotice(data: NoticeData): Promise<Buffer> {
  const title = noticeTitles[data.kind] === '受理通知书' && data.deferred?.length ? '容缺受理通知书' : noticeTitles[data.kind];
  const { doc, done } = chinesePdf({
    margins: { top: 64, bottom: 56, left: 72, right: 72 },
    info: { Title: `${title} ${data.noticeNo}`, Author: data.issuer.name, Subject: data.itemName, Creator: 'OneDoor 一门通办' },
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const paragraph = (text: string, options: PDFKit.Mixins.TextOptions = {}) => doc.fontSize(11).text(text, { width, lineGap: 4, indent: 22, ...options });
  const line = (text: string, options: PDFKit.Mixins.TextOptions = {}) => doc.fontSize(11).text(text, { width, lineGap: 4, ...options });

  // Header: issuer, title, number.
  doc.fontSize(15).text(data.issuer.name, left, doc.page.margins.top, { width, align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(22).text(title, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3);
  doc.fontSize(11).text(`编号：${data.noticeNo}`, { width, align: 'right' });
  const ruleY = doc.y + 4;
  doc.moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1).strokeColor('#c00000').stroke();
  doc.y = ruleY + 12;

  // The facts of the case.
  const idLabel = data.applicant.kind === 'person' ? '身份证号码' : '统一社会信用代码';
  for (const [label, value] of [
    ['办件编号', data.caseNo],
    ['申 请 人', data.applicant.name],
    [idLabel, data.applicant.identifier],
    ['申请事项', data.itemName],
    ['申请日期', chineseDate(data.appliedOn)],
  ] as const) {
    line(`${label}：${value}`, { lineGap: 2 });
  }
  doc.moveDown(0.8);

  const who = data.applicant.kind === 'person' ? '你' : '你单位';
  line(`${data.applicant.name}：`);
  const applied = `${who}于${chineseDate(data.appliedOn)}提出的「${data.itemName}」申请（办件编号：${data.caseNo}）`;

  if (data.kind === 'accept') {
    const a = data.accepted!;
    const deferred = data.deferred ?? [];
    paragraph(
      deferred.length
        ? `${applied}，经审查，主要申请材料齐全、符合法定形式，${who}已签署容缺受理承诺书，根据有关规定，本机关决定予以容缺受理。`
        : `${applied}，经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。`,
    );
    doc.moveDown(0.4);
    line(`受理日期：${chineseDate(a.on)}`, { indent: 24 });
    if (a.mode === 'immediate' || a.promisedDays === 0) {
      line('办理时限：即办件，当场办结', { indent: 24 });
    } else {
      line(`法定办结时限：${a.legalDays} 个工作日（${dateOr(a.legalDeadline, '—')}前）`, { indent: 24 });
      line(`承诺办结时限：${a.promisedDays} 个工作日（${dateOr(a.promisedDeadline, '—')}前）`, { indent: 24 });
    }
    paragraph('办理时限自受理之日的次日起按工作日计算；依法需要听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审和公示的，所需时间不计算在内，本机关将书面告知。');
    if (deferred.length) {
      doc.moveDown(0.4);
      paragraph('容缺补交材料：');
      deferred.forEach((m, i) => line(`${i + 1}. ${m.name}，请于${dateOr(m.dueDate, '承诺办结日期')}前补交`, { indent: 36 }));
      paragraph(
        `请按期到${data.issuer.name}窗口补交上述材料。逾期未补交或者补交的材料不符合要求的，视为${who}未履行容缺受理承诺，本机关将终止办理或者依法作出不予许可的决定，并记入${who === '你' ? '个人' : '单位'}信用记录，由此产生的后果由${who === '你' ? '申请人' : '申请单位'}承担。`,
      );
    }
  } else if (data.kind === 'refuse') {
    paragraph(`${applied}，经审查，本机关决定不予受理，理由如下：`);
    doc.moveDown(0.2);
    paragraph(data.reason ?? '');
    doc.moveDown(0.4);
    paragraph(`${who}如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。`);
  } else {
    const missing = data.missing ?? [];
    paragraph(`${applied}，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知${who}需要补正的全部材料如下：`);
    doc.moveDown(0.2);
    missing.forEach((name, i) => line(`${i + 1}. ${name}`, { indent: 36 }));
    doc.moveDown(0.2);
    paragraph(`以上为需要补正的全部内容，本机关不再要求补充本告知书所列以外的材料。请${who}补齐后持本告知书到${data.issuer.name}窗口办理，材料齐全、符合法定形式的，本机关将予以受理。`);
  }

  // Issuer and date, bottom right; QR code bottom left.
  doc.moveDown(1);
  const qrSize = 84;
  const footerY = doc.page.height - doc.page.margins.bottom - 42;
  if (doc.y + qrSize + 24 > footerY) doc.addPage();
  const blockY = doc.y;
  doc.fontSize(12).text(`${data.issuer.name}（印章）`, left, blockY + 10, { width, align: 'right' });
  doc.fontSize(12).text(chineseDate(data.date), left, doc.y + 6, { width, align: 'right' });
  drawQrCode(doc, data.progressUrl, left, blockY, qrSize);
  doc.fontSize(9).fillColor('#333333').text('扫码查询办理进度', left, blockY + qrSize + 4, { width: qrSize + 40 });
  doc.fillColor('black');

  // Footer: contact and copies.
  const contact = [data.issuer.address && `地址：${data.issuer.address}`, data.issuer.phone && `电话：${data.issuer.phone}`].filter(Boolean).join('    ');
  const footer = `${contact ? `${contact}\n` : ''}办件进度查询：${data.progressUrl}\n本通知书一式两份，一份交申请人，一份存档。`;
  doc.fontSize(9).fillColor('#555555').text(footer, left, footerY, { width, lineGap: 2, height: 48 });
  doc.end();
  return done;
}
