import { Alert, Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { useCitizen, type CitizenAccount } from '../shared/citizenAuth';
import { PageLoading } from '../shared/StatusPages';

/** The 个人中心 screens reachable from every one of them. */
const myLinks = [
  { to: '/my', label: '个人中心' },
  { to: '/my/code', label: '亮码' },
  { to: '/my/tickets', label: '号票' },
  { to: '/my/appointments', label: '预约' },
  { to: '/my/cases', label: '办件' },
  { to: '/my/applications', label: '网上申报' },
  { to: '/my/licences', label: '证照' },
  { to: '/my/feedback', label: '诉求' },
  { to: '/my/assistance', label: '帮办' },
];

/** A 个人中心 page: the public frame at phone width, with the links between the person's own screens. */
export function MyPage({ title, children }: { title: string; children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <PublicPage title={title} maxWidth={560}>
      {/* A finger-sized row: each link is padded to about 44 px high. */}
      <Flex gap={4} wrap style={{ marginBottom: 8, fontSize: 16 }} className="no-print">
        {myLinks.map((link) =>
          link.to === pathname ? (
            <Typography.Text key={link.to} strong style={{ padding: '10px 8px', fontSize: 16 }}>
              {link.label}
            </Typography.Text>
          ) : (
            <Link key={link.to} to={link.to} style={{ padding: '10px 8px' }}>
              {link.label}
            </Link>
          ),
        )}
      </Flex>
      {children}
    </PublicPage>
  );
}

/** Renders a 个人中心 screen for the signed-in person, or sends them to sign in by phone and come back. */
export function RequireCitizen({ title, children }: { title: string; children: (account: CitizenAccount) => ReactNode }) {
  const { account, signedOutOnPurpose } = useCitizen();
  const location = useLocation();
  if (account === undefined) {
    return (
      <MyPage title={title}>
        <PageLoading tip="正在确认登录状态…" />
      </MyPage>
    );
  }
  // Signed out here on purpose: home, not back to sign in for the page just left.
  if (account === null && signedOutOnPurpose) return <Navigate to="/" replace />;
  if (account === null) return <Navigate to={`/my/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <MyPage title={title}>{children(account)}</MyPage>;
}

/** What a screen that needs the ID number shows to an account without one. */
export function NeedsRealName() {
  return (
    <Alert
      type="warning"
      showIcon
      title="请先完成实名认证"
      description="取号、亮码、查询办件需要实名：绑定身份证号码后，在窗口和网上以您的身份证号码办理的事项都会列在这里。"
      action={
        <Link to="/my">
          <Button type="primary">去实名认证</Button>
        </Link>
      }
    />
  );
}
