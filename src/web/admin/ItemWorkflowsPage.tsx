import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Input, Popconfirm, Space, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { ItemPicker } from '../cases/ItemPicker';
import { decisionStep, standardRoute, type ItemWorkflow } from '../cases/workflow';

/** The steps before 决定 of one item, edited: add, rename, reorder, remove; 决定 stays last. */
function WorkflowEditor({ itemId }: { itemId: string }) {
  const { message } = App.useApp();
  const workflow = useAsync((signal) => api.get<ItemWorkflow>(`/api/v1/items/${itemId}/workflow`, undefined, signal), [itemId]);
  const [middle, setMiddle] = useState<string[]>([]);
  const [sameHandler, setSameHandler] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!workflow.data) return;
    setMiddle(workflow.data.steps.slice(0, -1));
    setSameHandler(workflow.data.sameHandlerAllowed);
    setProblem(undefined);
  }, [workflow.data]);

  if (workflow.error) return <LoadError error={workflow.error} onRetry={workflow.reload} />;
  if (!workflow.data) return <PageLoading />;

  const steps = [...middle, decisionStep];
  const move = (i: number, by: number) => setMiddle((s) => { const next = [...s]; [next[i], next[i + by]] = [next[i + by]!, next[i]!]; return next; });
  async function save() {
    setSaving(true);
    setProblem(undefined);
    try {
      await api.put<ItemWorkflow>(`/api/v1/items/${itemId}/workflow`, { steps: steps.map((s) => s.trim()), sameHandlerAllowed: sameHandler });
      message.success('已保存办理步骤，此后受理的办件按新步骤办理');
      workflow.reload();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={<Space>办理步骤{workflow.data.configured ? <Tag color="blue">已配置</Tag> : <Tag>未配置：受理后直接决定</Tag>}</Space>}>
      <Steps size="small" current={-1} items={steps.map((title) => ({ title: title || '（未命名）' }))} style={{ marginBottom: 16 }} />
      <Flex vertical gap={8} style={{ maxWidth: 520 }}>
        {middle.map((name, i) => (
          <Space key={i}>
            <Typography.Text type="secondary">第 {i + 1} 步</Typography.Text>
            <Input aria-label={`第 ${i + 1} 步名称`} value={name} maxLength={20} onChange={(e) => setMiddle((s) => s.map((x, j) => (j === i ? e.target.value : x)))} style={{ width: 200 }} />
            <Button aria-label="上移" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button aria-label="下移" icon={<ArrowDownOutlined />} disabled={i === middle.length - 1} onClick={() => move(i, 1)} />
            <Popconfirm title={`删除步骤「${name || '未命名'}」？`} okText="删除" onConfirm={() => setMiddle((s) => s.filter((_, j) => j !== i))}>
              <Button aria-label="删除步骤" danger icon={<DeleteOutlined />} />
            </Popconfirm>
          </Space>
        ))}
        <Space>
          <Typography.Text type="secondary">最后一步</Typography.Text>
          <Tag color="green">{decisionStep}</Tag>
        </Space>
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setMiddle((s) => [...s, ''])} disabled={steps.length >= 8}>
            添加步骤
          </Button>
          <Button onClick={() => setMiddle(standardRoute.slice(0, -1))}>使用标准步骤（承办 → 审核 → 决定）</Button>
        </Space>
        <Checkbox checked={sameHandler} onChange={(e) => setSameHandler(e.target.checked)}>
          允许同一人办理「决定」之前的多个步骤（如承办与审核；一般应由不同人员办理）
        </Checkbox>
        {problem && <Alert type="error" showIcon title={problem} />}
        <div>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} disabled={middle.some((s) => !s.trim())}>
            保存
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

/** 办理步骤: an admin sets each item's back-office steps (承办 → 审核 → 决定 …). */
export function ItemWorkflowsPage() {
  const [itemId, setItemId] = useState<string>();
  return (
    <div>
      <ScreenHeader title="办理步骤" description="为事项设置后台办理步骤；未配置的事项受理后由审批人员直接作出决定" />
      <div style={{ maxWidth: 520, marginBottom: 16 }}>
        <ItemPicker value={itemId} onChange={setItemId} autoFocus />
      </div>
      {itemId ? <WorkflowEditor key={itemId} itemId={itemId} /> : <Empty description="先搜索并选择一个事项" />}
    </div>
  );
}
