import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { licenceStatusColors, validityText, type Licence } from '../elicenses/elicenses';
import { citizenRequest } from '../shared/citizenAuth';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { NeedsRealName, RequireCitizen } from './MyParts';

function Licences() {
  const state = useAsync((signal) => citizenRequest<Licence[]>('GET', '/api/v1/elicenses/mine', { signal }), []);
  if (state.error) return <LoadError error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (!state.data.length) return <Empty description="还没有以您的身份证号码签发的电子证照" data-testid="my-licences-empty" />;
  return (
    <Flex vertical gap={12} data-testid="my-licences">
      <Typography.Text type="secondary">到窗口办事时出示个人码，经您同意，窗口可直接调用这些证照，不用再带纸质证件。</Typography.Text>
      {state.data.map((licence) => (
        <Card key={licence.id} size="small" data-testid="my-licence">
          <Flex justify="space-between" align="center" gap={8}>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {licence.licenceType}
            </Typography.Text>
            <Tag color={licenceStatusColors[licence.status]}>{licence.statusLabel}</Tag>
          </Flex>
          <div style={{ marginTop: 8, lineHeight: 1.9 }}>
            <div>证照编号：{licence.licenceNo}</div>
            <div>发证机关：{licence.issuer}</div>
            <div>
              发证日期：{licence.issuedOn}，{validityText(licence)}
            </div>
          </div>
        </Card>
      ))}
    </Flex>
  );
}

/** /my/licences — 我的电子证照: the licences issued under the person's ID number, masked. */
export const MyLicencesPage = () => <RequireCitizen title="我的电子证照">{(account) => (account.realName ? <Licences /> : <NeedsRealName />)}</RequireCitizen>;
