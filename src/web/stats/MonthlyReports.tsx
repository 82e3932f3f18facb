import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, downloadFile } from '../shared/api';
import { dayjs, formatTime } from '../shared/format';
import type { Center } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { today } from './stats';

interface StoredReport {
  month: string;
  generatedAt: string;
}

/**
 * 统计月报: the month's figures as Excel and PDF. A month that has ended was made once at its end and is
 * downloaded as made; any other month (this one so far) is made on request from the same figures.
 */
export function MonthlyReports({ center }: { center: Center }) {
  const [month, setMonth] = useState(() => today().subtract(1, 'month').format('YYYY-MM'));
  const [busy, setBusy] = useState<'xlsx' | 'pdf'>();
  const run = useAction();
  const stored = useAsync((signal) => api.get<StoredReport[]>('/api/v1/stats/reports', { centerId: center.id }, signal), [center.id]);
  const download = async (which: string, format: 'xlsx' | 'pdf') => {
    setBusy(format);
    await run(() => downloadFile(`/api/v1/stats/reports/${center.id}/${which}.${format}`, `统计月报-${which}.${format}`), `已下载 ${which} 月报`);
    setBusy(undefined);
  };
  return (
    <Card title="统计月报" style={{ marginTop: 16 }} data-testid="monthly-reports">
      <Flex wrap gap={12} align="center">
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(value) => value && setMonth(value.format('YYYY-MM'))} aria-label="月份" />
        <Space>
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void download(month, 'xlsx')}>
            下载 Excel
          </Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void download(month, 'pdf')}>
            下载 PDF
          </Button>
        </Space>
        <Typography.Text type="secondary">已结束的月份按月末自动生成的版本下载；本月为截至目前的数据。</Typography.Text>
      </Flex>
      <List
        size="small"
        style={{ marginTop: 12 }}
        loading={stored.loading}
        locale={{ emptyText: '还没有自动生成的月报（每月月末生成）' }}
        dataSource={stored.data ?? []}
        renderItem={(report) => (
          <List.Item
            actions={[
              <Button key="xlsx" type="link" size="small" onClick={() => void download(report.month, 'xlsx')}>
                Excel
              </Button>,
              <Button key="pdf" type="link" size="small" onClick={() => void download(report.month, 'pdf')}>
                PDF
              </Button>,
            ]}
          >
            {report.month} 月报 · 生成于 {formatTime(report.generatedAt, 'YYYY-MM-DD HH:mm')}
          </List.Item>
        )}
      />
    </Card>
  );
}
