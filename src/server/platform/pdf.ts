import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * PDFs in Chinese (notices, monthly reports). A PDF must embed its font, or a reader without one shows
 * boxes. We embed Noto Sans SC Regular from the npm package `@expo-google-fonts/noto-sans-sc` (OFL-1.1):
 * one complete TrueType file (10 MB, all GB 18030 hanzi) that fontkit reads and pdfkit subsets to the
 * glyphs a document uses. It comes with `npm install`, so documents print the same on a newcomer's
 * laptop, in CI and on a server without `fonts-noto-cjk`. Debian's NotoSansCJK-Regular.ttc is only a
 * fallback for an install that left the package out. Either file is read once per process.
 */
const systemFont = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };
let fontCache: { data: Buffer; family?: string } | undefined;

function cjkFont(): { data: Buffer; family?: string } {
  if (fontCache) return fontCache;
  let packaged: string | undefined;
  try {
    packaged = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  } catch {
    packaged = undefined;
  }
  if (packaged && existsSync(packaged)) fontCache = { data: readFileSync(packaged) };
  else if (existsSync(systemFont.path)) fontCache = { data: readFileSync(systemFont.path), family: systemFont.family };
  else throw new Error('找不到中文字体：请运行 npm install（@expo-google-fonts/noto-sans-sc）或安装 fonts-noto-cjk');
  return fontCache;
}

/** A new A4 document with the CJK font selected, and the whole file once `doc.end()` is called. */
export function chinesePdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const font = cjkFont();
  doc.registerFont('cjk', font.data, font.family);
  doc.font('cjk');
  return { doc, done };
}

/** 2026-11-23 → 2026年11月23日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The QR code as vector squares (crisp at any print size, no image). */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / count;
  doc.save().fillColor('black');
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.01, cell + 0.01);
  }
  doc.fill().restore();
}
