import { SearchOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Input, List, Segmented, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../shared/api';
import { useCenters, useDepartments } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { audienceLabels, formatFee, formatLimit, itemsQuery, readItemFilters, type ItemSummary } from './catalog';
import { PublicPage } from './PublicParts';

export const demoCenterName = '示范市民服务中心';

/** 事项查询: search the catalogue in plain Chinese; the query and filters live in the URL. */
export function ItemsPage() {
  const [params, setParams] = useSearchParams();
  const filters = readItemFilters(params);
  const { q, departmentId, audience, online, page, pageSize } = filters;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const { data, error, loading, reload } = useAsync(
    (signal) =>
      api
        .get<Paged<ItemSummary>>('/api/v1/items', itemsQuery(filters), signal)
        .then((result) => ({ ...result, q })),
    [q, departmentId, audience, online, page, pageSize],
  );

  // The department filter's options wait for the first results: the answer is what the visitor came for.
  const centers = useCenters();
  const center = centers.data?.find((c) => c.name === demoCenterName) ?? centers.data?.[0];
  const departments = useDepartments(data ? center?.id : undefined);

  function update(changes: Record<string, string | undefined>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  return (
    <PublicPage title="事项查询">
      <Input.Search
        size="large"
        placeholder="说说您要办什么事，如：开饭店、孩子上户口、sfz"
        enterButton={<><SearchOutlined /> 搜索</>}
        aria-label="搜索事项"
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(value) => update({ q: value.trim() })}
        style={{ marginBottom: 12 }}
      />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select
          aria-label="部门"
          placeholder="全部部门"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 180, flex: '1 1 180px' }}
          value={departmentId || undefined}
          loading={departments.loading}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          onChange={(value: string | undefined) => update({ departmentId: value })}
        />
        <Segmented
          aria-label="服务对象"
          value={audience}
          options={[
            { value: '', label: '全部' },
            { value: 'person', label: '个人' },
            { value: 'company', label: '法人' },
          ]}
          onChange={(value) => update({ audience: String(value) })}
        />
        <Flex gap={6} align="center">
          <Switch aria-label="可网办" checked={online} onChange={(checked) => update({ online: checked ? 'true' : undefined })} />
          <span>可网办</span>
        </Flex>
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {loading && !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <List<ItemSummary>
          data-testid="item-results"
          data-loaded-q={data?.q}
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有找到相关事项，换个说法试试" /> }}
          pagination={
            data && data.total > 0
              ? {
                  current: page,
                  pageSize,
                  total: data.total,
                  size: 'small',
                  showSizeChanger: true,
                  pageSizeOptions: [10, 20, 50],
                  showTotal: (total) => `共 ${total} 项`,
                  onChange: (p, size) => update({ page: size !== pageSize ? undefined : String(p), pageSize: String(size) }, true),
                }
              : false
          }
          renderItem={(item) => (
            <List.Item key={item.id} style={{ padding: 0, border: 'none' }}>
              <Card size="small" style={{ width: '100%', marginBottom: 8 }}>
                <Link to={`/items/${item.id}`} style={{ fontSize: 16, fontWeight: 600 }} data-testid="item-link">
                  {item.name}
                </Link>
                <div style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary">{item.department.name}</Typography.Text>
                </div>
                <Flex wrap gap={4} style={{ marginTop: 6 }}>
                  <Tag>{item.type}</Tag>
                  <Tag color={item.mode === 'immediate' ? 'green' : 'blue'}>{formatLimit(item)}</Tag>
                  {item.online && <Tag color="cyan">网办</Tag>}
                  {item.terminal && <Tag color="purple">自助终端</Tag>}
                  <Tag color={item.feeFen ? 'orange' : 'default'}>{formatFee(item.feeFen)}</Tag>
                  {item.audience.map((a) => (
                    <Tag key={a} bordered={false}>
                      {audienceLabels[a]}
                    </Tag>
                  ))}
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      )}
    </PublicPage>
  );
}
