import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Radio, Segmented, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, request } from '../shared/api';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { readPrecheckList, usePrecheckList, writePrecheckList, type Answers, type Bundle, type PreCheckResult } from './catalog';
import { demoCenterName } from './ItemsPage';
import { PrintButton, PublicPage, QrCode } from './PublicParts';
import { useItemSearch } from './useItemSearch';

type Mode = 'items' | 'bundle';
type PlanMaterial = PreCheckResult['materials'][number];
type PlanStep = PreCheckResult['steps'][number];

function parseAnswers(text: string | null): Answers {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

function formatQuantity(m: PlanMaterial): string {
  const parts: string[] = [];
  if (m.original) parts.push('原件 1 份');
  if (m.copies > 0) parts.push(`复印件 ${m.copies} 份`);
  return parts.join('，') || '—';
}

function stepTitle(step: PlanStep): string {
  const where = step.windowKind === 'general' ? '综合窗口' : `${step.departmentName ?? '部门'}专窗`;
  const numbers = step.windowNumbers.length ? `（${step.windowNumbers.join('、')} 号窗口）` : '（请到现场咨询台询问窗口）';
  return `${where}${numbers}`;
}

/** Search the catalogue and add an item to the pre-check. */
function ItemAdder({ onAdd, exclude }: { onAdd(item: { id: string; name: string }): void; exclude: string[] }) {
  const { options, searching, search } = useItemSearch({ pageSize: 10 });
  return (
    <Select
      aria-label="搜索并添加事项"
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder="搜索事项并添加，如：开饭店"
      style={{ width: '100%' }}
      value={null}
      loading={searching}
      notFoundContent={searching ? '搜索中…' : '输入关键词搜索事项'}
      options={options.filter((o) => !exclude.includes(o.id)).map((o) => ({ value: o.id, label: `${o.name}（${o.department.name}）` }))}
      onChange={(id: string | null) => {
        const item = options.find((o) => o.id === id);
        if (item) onAdd({ id: item.id, name: item.name });
      }}
    />
  );
}

/** 审前服务: pick items or a 一件事, answer the situation questions, and get one plan to bring to the center. */
export function PrecheckPage() {
  const [params, setParams] = useSearchParams();
  const list = usePrecheckList();
  const centers = useCenters();
  const bundles = useAsync((signal) => api.get<Bundle[]>('/api/v1/bundles', undefined, signal), []);

  const bundleId = params.get('bundle') ?? '';
  const itemIds = useMemo(() => (params.get('items') ?? '').split(',').filter(Boolean), [params]);
  const answersText = params.get('answers');
  const answers = useMemo(() => parseAnswers(answersText), [answersText]);
  const defaultCenter = centers.data?.find((c) => c.name === demoCenterName) ?? centers.data?.[0];
  const centerId = params.get('center') ?? defaultCenter?.id ?? '';
  const [mode, setMode] = useState<Mode>(bundleId ? 'bundle' : 'items');
  const [names, setNames] = useState<Record<string, string>>({});

  function update(changes: Record<string, string | undefined>) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: false });
  }

  // Opened plainly, the page starts from the list gathered with 加入审前清单.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const stored = readPrecheckList();
    if (!bundleId && !itemIds.length && stored.length) update({ items: stored.map((i) => i.id).join(',') });
  }, []);

  const selection = mode === 'bundle' ? (bundleId ? { bundleId } : null) : itemIds.length ? { itemIds } : null;
  const plan = useAsync(
    (signal) =>
      selection && centerId
        ? request<PreCheckResult>('POST', '/api/v1/prechecks', { body: { centerId, ...selection, answers }, signal })
        : Promise.resolve(null),
    [centerId, mode, bundleId, itemIds.join(','), answersText],
  );
  const result = plan.data;

  const nameOf = (id: string) => result?.items.find((i) => i.id === id)?.name ?? names[id] ?? list.find((i) => i.id === id)?.name ?? '…';

  function setItems(ids: string[]) {
    update({ items: ids.join(',') || undefined, bundle: undefined });
  }

  function answer(itemId: string, situationId: string, optionId: string) {
    const next: Answers = { ...answers, [itemId]: { ...answers[itemId], [situationId]: optionId } };
    update({ answers: JSON.stringify(next) });
  }

  const questions = result?.items.filter((i) => i.situations.length > 0) ?? [];
  const unansweredCount = result?.items.reduce((n, i) => n + i.unanswered.length, 0) ?? 0;

  return (
    <PublicPage title="审前服务" extra={result ? <PrintButton /> : undefined}>
      <Typography.Paragraph type="secondary">选好要办的事项或「一件事」，回答几个问题，我们帮您列出要带的材料和办理顺序，争取一次办成。</Typography.Paragraph>

      <Card size="small" title="第一步：选择要办的事" style={{ marginBottom: 16 }} className="no-print">
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Flex wrap gap={8} align="center">
            <span>服务中心</span>
            <Select
              aria-label="服务中心"
              style={{ minWidth: 200, flex: '1 1 200px' }}
              loading={centers.loading}
              value={centerId || undefined}
              options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(value: string) => update({ center: value })}
            />
          </Flex>
          <Segmented<Mode>
            block
            value={mode}
            options={[
              { value: 'items', label: '选择事项' },
              { value: 'bundle', label: '一件事' },
            ]}
            onChange={(value) => {
              setMode(value);
              if (value === 'items') update({ bundle: undefined, items: itemIds.length ? itemIds.join(',') : list.map((i) => i.id).join(',') || undefined });
              else update({ items: undefined });
            }}
          />
          {mode === 'bundle' ? (
            <div>
              <Select
                aria-label="一件事"
                placeholder="请选择一件事"
                style={{ width: '100%' }}
                loading={bundles.loading}
                value={bundleId || undefined}
                showSearch={{ optionFilterProp: 'label' }}
                options={(bundles.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
                onChange={(value: string) => update({ bundle: value, items: undefined })}
              />
              {bundles.data?.find((b) => b.id === bundleId)?.description && (
                <Typography.Text type="secondary">{bundles.data.find((b) => b.id === bundleId)!.description}</Typography.Text>
              )}
            </div>
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ItemAdder
                exclude={itemIds}
                onAdd={(item) => {
                  setNames((n) => ({ ...n, [item.id]: item.name }));
                  setItems([...itemIds, item.id]);
                }}
              />
              {itemIds.length ? (
                <Flex wrap gap={6}>
                  {itemIds.map((id) => (
                    <Tag key={id} color="blue" closable closeIcon={<CloseOutlined aria-label="移除" />} onClose={() => setItems(itemIds.filter((i) => i !== id))} style={{ whiteSpace: 'normal', padding: '2px 8px' }}>
                      {nameOf(id)}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">
                  还没有选择事项。可以在上面搜索，或在<Link to="/items">办事指南</Link>里点「加入审前清单」。
                </Typography.Text>
              )}
              {list.some((i) => !itemIds.includes(i.id)) && (
                <Flex wrap gap={6} align="center">
                  <Typography.Text type="secondary">审前清单：</Typography.Text>
                  {list.filter((i) => !itemIds.includes(i.id)).map((i) => (
                    <Button key={i.id} size="small" icon={<PlusOutlined />} onClick={() => setItems([...itemIds, i.id])}>
                      {i.name}
                    </Button>
                  ))}
                </Flex>
              )}
              {list.length > 0 && (
                <Button size="small" type="link" onClick={() => writePrecheckList([])} style={{ padding: 0 }}>
                  清空审前清单
                </Button>
              )}
            </Space>
          )}
        </Space>
      </Card>

      {plan.error ? <LoadError error={plan.error} onRetry={plan.reload} /> : null}
      {!selection ? (
        <Empty description="请先选择事项或一件事" />
      ) : !result ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          {questions.length > 0 && (
            <Card size="small" title="第二步：回答几个问题" style={{ marginBottom: 16 }} data-testid="precheck-questions">
              {questions.map((item) => (
                <div key={item.id} style={{ marginBottom: 12 }}>
                  <Typography.Text strong>{item.name}</Typography.Text>
                  {item.situations.map((s) => (
                    <div key={s.id} style={{ margin: '6px 0 0 8px' }}>
                      <div>{s.question}</div>
                      <Radio.Group
                        aria-label={`${item.name}：${s.question}`}
                        value={answers[item.id]?.[s.id]}
                        onChange={(e) => answer(item.id, s.id, e.target.value as string)}
                        options={s.options.map((o) => ({ value: o.id, label: o.label }))}
                      />
                    </div>
                  ))}
                </div>
              ))}
            </Card>
          )}

          <Card size="small" title="办事方案" style={{ marginBottom: 16, opacity: plan.loading ? 0.6 : 1 }} data-testid="precheck-plan">
            <Flex wrap gap={16} align="flex-start" justify="space-between">
              <Space orientation="vertical" size={4} style={{ flex: '1 1 260px' }}>
                <Typography.Text>
                  共 {result.items.length} 个事项：{result.items.map((i) => i.name).join('、')}
                </Typography.Text>
                <Typography.Text strong data-testid="total-visits">
                  到现场：{result.totalVisits === 0 ? '零跑动' : `最多跑 ${result.totalVisits} 次`}
                </Typography.Text>
                {!result.complete && <Alert type="warning" showIcon title={`还有 ${unansweredCount} 个问题未回答，下面按所有情形列出材料，回答后会更精确。`} />}
              </Space>
              <QrCode caption="扫码打开本方案" />
            </Flex>

            <Typography.Title level={5}>需要带的材料</Typography.Title>
            <Table<PlanMaterial>
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={result.materials}
              scroll={{ x: 520 }}
              data-testid="plan-materials"
              locale={{ emptyText: '无需提交材料' }}
              columns={[
                { title: '材料', dataIndex: 'name', key: 'name', render: (name: string, m) => <span>{name}{!m.required && <Typography.Text type="secondary">（非必需）</Typography.Text>}</span> },
                { title: '份数', key: 'quantity', render: (_, m) => formatQuantity(m) },
                { title: '说明', key: 'tags', render: (_, m) => (
                  <Flex wrap gap={4}>
                    {m.elicense && <Tag color="green">电子证照可替代</Tag>}
                    {m.deferrable && <Tag color="gold">可容缺</Tag>}
                  </Flex>
                ) },
                { title: '用于事项', key: 'items', render: (_, m) => m.items.join('、') },
              ]}
            />

            <Typography.Title level={5} style={{ marginTop: 16 }}>办理顺序</Typography.Title>
            {result.steps.length ? (
              <ol style={{ paddingLeft: 20, margin: 0 }}>
                {result.steps.map((step) => (
                  <li key={step.order} data-testid="plan-step" style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{stepTitle(step)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">{step.items.join('、')}</Typography.Text>
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <Typography.Text type="secondary">无需到窗口办理</Typography.Text>
            )}

            {(result.onlineItems.length > 0 || result.terminalItems.length > 0) && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>不用排队也能办</Typography.Title>
                {result.onlineItems.length > 0 && (
                  <div style={{ marginBottom: 4 }}>
                    <Tag color="cyan">可网办</Tag>
                    {result.onlineItems.join('、')}
                  </div>
                )}
                {result.terminalItems.length > 0 && (
                  <div>
                    <Tag color="purple">自助终端</Tag>
                    {result.terminalItems.join('、')}
                  </div>
                )}
              </>
            )}
          </Card>
        </>
      )}
    </PublicPage>
  );
}
