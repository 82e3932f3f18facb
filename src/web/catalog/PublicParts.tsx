import { HomeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';

/** Hides navigation and buttons on paper, and keeps cards from splitting across pages. */
const printCss = `
@media print {
  .no-print, .ant-back-top, .ant-float-btn { display: none !important; }
  body { background: #fff !important; }
  .print-page { max-width: none !important; padding: 0 !important; }
  .ant-card { break-inside: avoid; box-shadow: none !important; }
  .ant-collapse-content { display: block !important; height: auto !important; }
  a[href]::after { content: none !important; }
}
`;

/**
 * The frame of the public pages: phone width first, a header with links home, and the print stylesheet.
 * `maxWidth` lets a page of wide tables use a big screen.
 */
export function PublicPage({ title, extra, maxWidth = 860, children }: { title: string; extra?: ReactNode; maxWidth?: number; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} - 一门通办`;
  }, [title]);
  return (
    <div className="print-page" style={{ maxWidth, margin: '0 auto', padding: '0 12px 32px' }}>
      <style>{printCss}</style>
      <Flex className="no-print" justify="space-between" align="center" wrap gap={8} style={{ padding: '12px 0' }}>
        <Link to="/" style={{ fontSize: 18, fontWeight: 600 }}>
          <HomeOutlined /> 一门通办
        </Link>
        <Flex gap={12} wrap>
          <Link to="/items">事项查询</Link>
          <Link to="/precheck">审前服务</Link>
          <Link to="/disclosure">事项公开</Link>
        </Flex>
      </Flex>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: '8px 0' }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </div>
  );
}

export function PrintButton() {
  return (
    <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
      打印
    </Button>
  );
}

/**
 * A QR code drawn as SVG while the page renders, so a page the server rendered arrives with it (a
 * personal code, an appointment code); the code of the page's own address is drawn once in the browser,
 * which alone knows the host the phone reached.
 */
export function QrCode({ text, size = 140, caption }: { /** This page's own address when left out. */ text?: string; size?: number; caption?: string }) {
  const { pathname, search } = useLocation();
  const [ownAddress, setOwnAddress] = useState<string>();
  useEffect(() => setOwnAddress(`${window.location.origin}${pathname}${search}`), [pathname, search]);
  const shown = text ?? ownAddress;
  const path = useMemo(() => (shown ? qrPath(shown) : undefined), [shown]);
  return (
    <Flex vertical align="center" gap={4} style={{ width: size }}>
      {path ? (
        <svg role="img" aria-label={caption ?? '二维码'} width={size} height={size} viewBox={`0 0 ${path.width} ${path.width}`} shapeRendering="crispEdges" data-testid="qr-code" data-text={shown}>
          <rect width={path.width} height={path.width} fill="#fff" />
          <path d={path.d} fill="#000" />
        </svg>
      ) : (
        <div style={{ width: size, height: size }} />
      )}
      {caption && (
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {caption}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The dark modules of `text`'s QR code (error correction M, one module of margin), a run of each row per subpath. */
function qrPath(text: string): { width: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const margin = 1;
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; ) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const from = col;
      while (col < modules.size && modules.get(row, col)) col++;
      d += `M${from + margin} ${row + margin}h${col - from}v1h${from - col}z`;
    }
  }
  return { width: modules.size + 2 * margin, d };
}
