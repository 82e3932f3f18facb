import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Collapse, Descriptions, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { addToPrecheckList, audienceLabels, formatFee, formatForm, formatLimit, formatVisits, mediumLabels, usePrecheckList, type ItemGuide, type Material } from './catalog';
import { ItemVersionTimeline } from './ItemVersions';
import { PrintButton, PublicPage, QrCode } from './PublicParts';
import { ScrollRegion } from '../shared/ScrollRegion';

function optionLabels(guide: ItemGuide, optionIds: string[]): string[] {
  const labels: string[] = [];
  for (const s of guide.situations) for (const o of s.options) if (optionIds.includes(o.id)) labels.push(`${s.question}：${o.label}`);
  return labels;
}

function Paragraphs({ text }: { text: string | null }) {
  if (!text) return <Typography.Text type="secondary">无</Typography.Text>;
  return <div style={{ whiteSpace: 'pre-wrap' }}>{text}</div>;
}

/** 办事指南（明白卡）: everything needed to do one item, on one printable page. */
export function ItemGuidePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const guide = useAsync((signal) => api.get<ItemGuide>(`/api/v1/items/${id}`, undefined, signal), [id]);
  const list = usePrecheckList();
  const g = guide.data;

  if (guide.error) {
    return (
      <PublicPage title="办事指南">
        <LoadError error={guide.error} onRetry={guide.reload} />
        <Link to="/items">返回事项查询</Link>
      </PublicPage>
    );
  }
  if (!g) {
    return (
      <PublicPage title="办事指南">
        <Skeleton active paragraph={{ rows: 12 }} />
      </PublicPage>
    );
  }

  const listed = list.some((i) => i.id === g.id);
  const materialColumns = [
    { title: '材料名称', dataIndex: 'name', key: 'name', render: (name: string, m: Material) => (
      <div>
        <div>
          {name}
          {!m.required && <Typography.Text type="secondary">（非必需）</Typography.Text>}
        </div>
        {m.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.note}</Typography.Text>}
      </div>
    ) },
    { title: '形式', key: 'form', render: (_: unknown, m: Material) => formatForm(m) },
    { title: '介质', key: 'medium', render: (_: unknown, m: Material) => mediumLabels[m.medium] ?? m.medium },
    { title: '说明', key: 'tags', render: (_: unknown, m: Material) => (
      <Flex wrap gap={4}>
        {m.elicense && <Tag color="green">可用电子证照</Tag>}
        {m.deferrable && <Tag color="gold">可容缺</Tag>}
        {m.optionIds.length > 0 && optionLabels(g, m.optionIds).map((l) => <Tag key={l} color="blue">{l}</Tag>)}
      </Flex>
    ) },
  ];

  return (
    <PublicPage
      title={g.name}
      extra={
        <Flex gap={8} className="no-print" wrap>
          <Button
            type="primary"
            icon={listed ? <CheckOutlined /> : <PlusOutlined />}
            onClick={() => {
              if (listed) {
                navigate('/precheck');
                return;
              }
              addToPrecheckList({ id: g.id, name: g.name });
              void message.success('已加入审前清单');
            }}
          >
            {listed ? '已加入审前清单，去审前服务' : '加入审前清单'}
          </Button>
          <PrintButton />
        </Flex>
      }
    >
      <Flex wrap gap={16} align="flex-start" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1} bordered style={{ flex: '1 1 300px' }}
          items={[
            { key: 'dept', label: '实施部门', children: g.department.name },
            { key: 'type', label: '事项类型', children: g.type },
            { key: 'audience', label: '服务对象', children: g.audience.map((a) => audienceLabels[a]).join('、') },
            { key: 'legal', label: '法定办结时限', children: g.legalDays ? `${g.legalDays} 个工作日` : '即办' },
            { key: 'promised', label: '承诺办结时限', children: formatLimit(g) },
            { key: 'visits', label: '到现场次数', children: formatVisits(g.visitsRequired) },
            { key: 'online', label: '网上办理', children: g.online ? <Tag color="cyan">可网办</Tag> : '不可网办' },
            ...(g.terminal ? [{ key: 'terminal', label: '自助终端', children: '可在自助终端办理' }] : []),
            { key: 'fee', label: '收费', children: (
              <div>
                {formatFee(g.feeFen)}
                {g.feeBasis && <div><Typography.Text type="secondary">收费依据：{g.feeBasis}</Typography.Text></div>}
              </div>
            ) },
            { key: 'where', label: '办理地点', children: g.centers.length ? g.centers.map((c) => <div key={c.id}>{c.name}{c.address ? `（${c.address}）` : ''}</div>) : '请电话咨询' },
            { key: 'hours', label: '办理时间', children: g.serviceHours ?? '以服务中心办公时间为准' },
            { key: 'phone', label: '咨询电话', children: g.consultPhone ? <a href={`tel:${g.consultPhone}`}>{g.consultPhone}</a> : '无' },
          ]}
        />
        <QrCode caption="扫码在手机上查看" />
      </Flex>

      <Card size="small" title="申请材料" style={{ marginBottom: 16 }} data-testid="guide-materials">
        <ScrollRegion label="申请材料">
          <Table<Material> size="small" rowKey="id" pagination={false} dataSource={g.materials} columns={materialColumns} locale={{ emptyText: '无需提交材料' }} />
        </ScrollRegion>
      </Card>

      {g.situations.length > 0 && (
        <Card size="small" title="办理情形" style={{ marginBottom: 16 }}>
          {g.situations.map((s) => (
            <div key={s.id} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{s.question}</Typography.Text>
              <div>{s.options.map((o) => <Tag key={o.id}>{o.label}</Tag>)}</div>
            </div>
          ))}
        </Card>
      )}

      {(g.conditions || g.process || g.legalBasis) && (
        <Card size="small" title="办理条件与流程" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1} items={[
            ...(g.conditions ? [{ key: 'c', label: '受理条件', children: <Paragraphs text={g.conditions} /> }] : []),
            ...(g.process ? [{ key: 'p', label: '办理流程', children: <Paragraphs text={g.process} /> }] : []),
            ...(g.legalBasis ? [{ key: 'l', label: '设定依据', children: <Paragraphs text={g.legalBasis} /> }] : []),
          ]} />
        </Card>
      )}

      {g.bundles.length > 0 && (
        <Card size="small" title="可一并办理（一件事）" style={{ marginBottom: 16 }}>
          <Flex wrap gap={8}>
            {g.bundles.map((b) => <Link key={b.id} to={`/precheck?bundle=${b.id}`}>{b.name}</Link>)}
          </Flex>
        </Card>
      )}

      <Card size="small" title="常见问题" style={{ marginBottom: 16 }}>
        {g.faqs.length ? (
          <Collapse size="small" items={g.faqs.map((f) => ({ key: f.id, label: f.question, children: <Paragraphs text={f.answer} /> }))} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无常见问题" />
        )}
      </Card>

      <Card size="small" title="变更记录" style={{ marginBottom: 16 }} data-testid="guide-versions">
        <ItemVersionTimeline itemId={g.id} reloadKey={g.version} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>当前版本：第 {g.version} 版，更新于 {formatTime(g.updatedAt, 'YYYY-MM-DD')}</Typography.Text>
      </Card>
    </PublicPage>
  );
}
