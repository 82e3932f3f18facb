import { HomeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState, type ReactNode } from 'react';
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

/** A QR code of a link, drawn in the browser, so a phone can pick up the printed page. */
export function QrCode({ text, size = 140, caption }: { /** This page's own address when left out. */ text?: string; size?: number; caption?: string }) {
  const [url, setUrl] = useState<string>();
  // Drawn in the browser only: the server rendering the page knows neither the address's host nor canvas.
  const { pathname, search } = useLocation();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text ?? `${window.location.origin}${pathname}${search}`, { width: size * 2, margin: 1, errorCorrectionLevel: 'M' }).then(
      (data) => live && setUrl(data),
      () => live && setUrl(undefined),
    );
    return () => {
      live = false;
    };
  }, [text, size, pathname, search]);
  return (
    <Flex vertical align="center" gap={4} style={{ width: size }}>
      {url ? <img src={url} alt={caption ?? '二维码'} width={size} height={size} data-testid="qr-code" /> : <div style={{ width: size, height: size }} />}
      {caption && (
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {caption}
        </Typography.Text>
      )}
    </Flex>
  );
}
