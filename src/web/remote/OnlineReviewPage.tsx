import { App, Button, Checkbox, Descriptions, Drawer, Flex, Input, Popconfirm, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, downloadFile } from '../shared/api';
import { formatTime } from '../shared/format';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { usePagedTable } from '../shared/usePagedTable';
import { applicationStatusColors, sizeText, type OnlineApplication } from './remote';

const columns: TableColumnsType<OnlineApplication> = [
  { title: '事项', dataIndex: 'itemName', ellipsis: true },
  { title: '申请人', dataIndex: 'applicantName', width: 110 },
  { title: '材料', key: 'files', width: 90, render: (_, a) => `${a.materials.filter((m) => m.file).length} / ${a.materials.length}` },
  { title: '送达', dataIndex: 'deliveryLabel', width: 100 },
  { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm') },
  { title: '状态', key: 'status', width: 100, render: (_, a) => <Tag color={applicationStatusColors[a.status]}>{a.statusLabel}</Tag> },
];

/** One application: its files to open, then 预审通过 or 退回补正 with a reason per material. */
function ReviewDrawer({ application, onClose, onChanged }: { application: OnlineApplication | undefined; onClose(): void; onChanged(): void }) {
  const { message } = App.useApp();
  const run = useAction();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [notReceived, setNotReceived] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const a = application;
  const filled = Object.entries(reasons).filter(([, reason]) => reason.trim());
  const act = async (path: string, body: unknown, success: string) => {
    setBusy(true);
    const done = await run(() => api.post(`/api/v1/online-applications/${a!.id}/${path}`, body), success);
    setBusy(false);
    if (done) {
      setReasons({});
      setNotReceived([]);
      onChanged();
    }
  };
  return (
    <Drawer open={Boolean(a)} size={640} title={a ? `网上申报预审：${a.itemName}` : '网上申报预审'} onClose={onClose} destroyOnHidden>
      {a && (
        <Flex vertical gap={16}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { label: '申请人', children: a.applicantName },
              { label: '提交时间', children: formatTime(a.submittedAt, 'YYYY-MM-DD HH:mm') },
              { label: '送达方式', children: a.deliveryAddress ? `${a.deliveryLabel}：${a.deliveryAddress}` : a.deliveryLabel },
              { label: '状态', children: <Tag color={applicationStatusColors[a.status]}>{a.statusLabel}</Tag> },
              ...(a.case ? [{ label: '办件编号', children: `${a.case.caseNo}（${a.case.statusLabel}）` }] : []),
            ]}
          />
          {a.materials.map((m) => (
            <Flex key={m.materialId} vertical gap={4} data-testid="review-material" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Space wrap>
                <Typography.Text strong>{m.name}</Typography.Text>
                {!m.required && <Tag>非必需</Tag>}
                {m.file ? (
                  <Button size="small" onClick={() => void run(() => downloadFile(`/api/v1/remote-files/${m.file!.id}`, m.file!.name))}>
                    查看 {m.file.name}（{m.file.typeLabel}，{sizeText(m.file.size)}）
                  </Button>
                ) : (
                  <Typography.Text type="secondary">未上传</Typography.Text>
                )}
              </Space>
              {a.status === 'pending' && (
                <>
                  <Input aria-label={`「${m.name}」退回理由`} placeholder="需要退回时填写理由，如：照片模糊、缺少签字" maxLength={200} value={reasons[m.materialId] ?? ''} onChange={(e) => setReasons({ ...reasons, [m.materialId]: e.target.value })} />
                  {m.file && (
                    <Checkbox checked={notReceived.includes(m.materialId)} onChange={(e) => setNotReceived(e.target.checked ? [...notReceived, m.materialId] : notReceived.filter((id) => id !== m.materialId))}>
                      通过时不计为已收（需补正原件）
                    </Checkbox>
                  )}
                </>
              )}
            </Flex>
          ))}
          {a.status === 'pending' && (
            <Space>
              <Popconfirm title="预审通过？" description="将生成网上办件并转入受理，短信告知申请人。" okText="通过" onConfirm={() => act('pass', { notReceived }, '预审通过，已生成办件')}>
                <Button type="primary" loading={busy} disabled={filled.length > 0}>
                  预审通过
                </Button>
              </Popconfirm>
              <Button
                danger
                loading={busy}
                onClick={() => {
                  if (!filled.length) {
                    message.warning('请在要退回的材料下写明理由');
                    return;
                  }
                  void act('return', { reasons: filled.map(([materialId, reason]) => ({ materialId, reason: reason.trim() })) }, '已退回补正，短信告知申请人');
                }}
              >
                退回补正（{filled.length} 项）
              </Button>
            </Space>
          )}
        </Flex>
      )}
    </Drawer>
  );
}

type StatusFilter = OnlineApplication['status'];

function ReviewList({ center }: { center: Center }) {
  const [open, setOpen] = useState<OnlineApplication>();
  const table = usePagedTable<OnlineApplication, { status: StatusFilter }>(
    (query, signal) => api.get<Paged<OnlineApplication>>(`/api/v1/centers/${center.id}/online-applications`, { status: query.status, page: query.page, pageSize: query.pageSize }, signal),
    { status: 'pending' },
    [center.id],
  );
  return (
    <>
      <Segmented<StatusFilter>
        style={{ marginBottom: 16 }}
        value={table.filters.status}
        onChange={(status) => table.setFilters({ status })}
        options={[
          { value: 'pending', label: '待预审' },
          { value: 'returned', label: '已退回' },
          { value: 'passed', label: '已通过' },
        ]}
      />
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<OnlineApplication>
        rowKey="id"
        size="middle"
        columns={columns}
        {...table.tableProps}
        onRow={(a) => ({ onClick: () => setOpen(a), onKeyDown: (e) => e.key === 'Enter' && setOpen(a), tabIndex: 0, style: { cursor: 'pointer' } })}
        locale={{ emptyText: <TableEmpty error={table.error} description="没有这个状态的网上申报。" /> }}
      />
      <ReviewDrawer
        key={open?.id}
        application={open}
        onClose={() => setOpen(undefined)}
        onChanged={() => {
          setOpen(undefined);
          table.reload();
        }}
      />
    </>
  );
}

/** /window/online — 网上申报预审: the center's online applications, oldest first; pass into a case or return for correction. */
export function OnlineReviewPage() {
  return (
    <CenterScopedScreen title="网上申报预审" roles={['window_staff', 'center_manager', 'admin']} description="不见面审批：查看申请人上传的材料，预审通过转入受理，或逐项写明理由退回补正">
      {(center) => <ReviewList key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
