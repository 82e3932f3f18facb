import { AuditOutlined, CalendarOutlined, CompassOutlined, FileDoneOutlined, ClockCircleOutlined, FieldNumberOutlined, FileSearchOutlined, EnvironmentOutlined, LikeOutlined, LoginOutlined, MessageOutlined, PhoneOutlined, RobotOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ReactNode } from 'react';
import { useCitizen } from '../shared/citizenAuth';
import { formatOpeningHours } from '../shared/format';
import { levelLabels } from '../shared/labels';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import type { Center } from '../shared/types';

interface CenterNode {
  center: Center;
  children: CenterNode[];
}

function hierarchy(centers: Center[]): CenterNode[] {
  const nodes = new Map(centers.map((c) => [c.id, { center: c, children: [] as CenterNode[] }]));
  const roots: CenterNode[] = [];
  for (const c of centers) {
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(c.id)!);
  }
  return roots;
}

function CenterDetails({ center }: { center: Center }) {
  const hours = formatOpeningHours(center.openingHours);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {center.address && (
        <Typography.Text>
          <EnvironmentOutlined /> {center.address}
        </Typography.Text>
      )}
      {center.phone && (
        <Typography.Text>
          <PhoneOutlined /> 咨询电话 <a href={`tel:${center.phone}`}>{center.phone}</a>
        </Typography.Text>
      )}
      <Typography.Text>
        <ClockCircleOutlined /> 办公时间{' '}
        {hours.length ? (
          hours.map((line) => (
            <span key={line} style={{ display: 'block', paddingLeft: 20 }}>
              {line}
            </span>
          ))
        ) : (
          <Typography.Text type="secondary">请电话咨询</Typography.Text>
        )}
      </Typography.Text>
    </Space>
  );
}

/** A center and, nested below it, the centers of the network under it (district › town › village). */
function CenterBranch({ node, depth }: { node: CenterNode; depth: number }) {
  const { center, children } = node;
  return (
    <div style={{ marginLeft: depth ? 12 : 0, borderLeft: depth ? '2px solid #bae0ff' : undefined, paddingLeft: depth ? 10 : 0 }}>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Flex gap={8} align="center" wrap>
            <span style={{ whiteSpace: 'normal' }}>{center.name}</span>
            <Tag color="blue">{levelLabels[center.level]}</Tag>
          </Flex>
        }
      >
        <CenterDetails center={center} />
      </Card>
      {children.map((child) => (
        <CenterBranch key={child.center.id} node={child} depth={depth + 1} />
      ))}
    </div>
  );
}

/** What a citizen can do from the front page. */
const services: { to: string; icon: ReactNode; title: string; text: string }[] = [
  { to: '/items', icon: <SearchOutlined />, title: '事项查询', text: '查办事指南：要带什么、去哪里、多久办好' },
  { to: '/map', icon: <CompassOutlined />, title: '政务地图', text: '附近哪里能办、现在排几人、一键导航' },
  { to: '/assistant', icon: <RobotOutlined />, title: '智能客服', text: '问一句就知道：要带什么、多少钱、多久办好' },
  { to: '/precheck', icon: <AuditOutlined />, title: '审前服务', text: '出门前备齐材料，一次办成' },
  { to: '/appointments/new', icon: <CalendarOutlined />, title: '预约办事', text: '选好时段再出门，到场签到优先叫号' },
  { to: '/queue/take', icon: <FieldNumberOutlined />, title: '远程取号', text: '办公时间内手机取号，到场前看叫号进度' },
  { to: '/progress', icon: <FileDoneOutlined />, title: '办件进度', text: '凭办件编号和证件号后六位查询办理进度' },
  { to: '/disclosure', icon: <FileSearchOutlined />, title: '事项公开', text: '各中心全部事项的时限、收费、跑动次数' },
  { to: '/feedback', icon: <MessageOutlined />, title: '投诉建议', text: '投诉、建议或表扬，凭查询编号看答复' },
  { to: '/ratings', icon: <LikeOutlined />, title: '好差评公开', text: '各中心每月的评价、好评率和差评整改结果' },
];

/** 个人中心: the signed-in person (masked), or the way to sign in by phone. */
function MyEntry() {
  const { account } = useCitizen();
  if (account === undefined) return <Button type="primary" loading icon={<UserOutlined />}>个人中心</Button>;
  return (
    <Link to={account ? '/my' : '/my/login'}>
      <Button type="primary" icon={<UserOutlined />} data-testid="my-entry">
        {account ? `个人中心 · ${account.name ?? account.phone}` : '个人中心'}
      </Button>
    </Link>
  );
}

/** The public front page, phone first: where the service centers are and when they are open. */
export function LandingPage() {
  const { data, error, loading, reload } = useCenters();
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: '0 12px 32px' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 0' }} gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0, color: 'var(--ant-color-primary, #1677ff)' }}>
            一门通办
          </Typography.Title>
          <Typography.Text type="secondary">只进一扇门，能办所有事</Typography.Text>
        </div>
        <Flex gap={8} wrap justify="flex-end">
          <MyEntry />
          <Link to="/login">
            <Button icon={<LoginOutlined />}>工作人员登录</Button>
          </Link>
        </Flex>
      </Flex>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        {services.map((service) => (
          <Link key={service.to} to={service.to} style={{ flex: '1 1 160px' }}>
            <Card hoverable size="small">
              <Typography.Title level={5} style={{ margin: 0 }}>
                {service.icon} {service.title}
              </Typography.Title>
              <Typography.Text type="secondary">{service.text}</Typography.Text>
            </Card>
          </Link>
        ))}
      </Flex>
      <Typography.Title level={4}>政务服务中心</Typography.Title>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : loading && !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data && data.length ? (
        hierarchy(data).map((node) => <CenterBranch key={node.center.id} node={node} depth={0} />)
      ) : (
        <Empty description="暂无服务中心信息，请稍后再来查看。" />
      )}
    </div>
  );
}
