import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Flex, List, Tag, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import type { Material } from '../catalog/catalog';
import { licenceStatusColors, replacingLicence, validityText, type Licence } from '../elicenses/elicenses';
import { api, errorMessage } from '../shared/api';
import { creditCodeProblem, idNumberProblem } from '../shared/identity';

/** The licences the window called for one applicant, and how the applicant agreed. */
export interface CalledLicences {
  /** The ID number or credit code they were called for: another applicant typed in does not inherit them. */
  holder: string;
  consent: 'personal_code' | 'applicant_agreed';
  licences: Licence[];
}

interface HolderFields {
  kind?: 'person' | 'company';
  idNumber?: string;
  creditCode?: string;
}

/** The applicant's identifier once it is a valid one. */
function identifiedHolder(values: HolderFields): { kind: 'person'; idNumber: string } | { kind: 'company'; creditCode: string } | undefined {
  if (values.kind === 'company') return values.creditCode && !creditCodeProblem(values.creditCode) ? { kind: 'company', creditCode: values.creditCode } : undefined;
  return values.idNumber && !idNumberProblem(values.idNumber) ? { kind: 'person', idNumber: values.idNumber } : undefined;
}

export const holderOf = (values: HolderFields) => {
  const holder = identifiedHolder(values);
  return holder && (holder.kind === 'company' ? holder.creditCode : holder.idNumber);
};

/** Marks each material a valid licence replaces as 电子证照. */
export function applyLicences(form: FormInstance, materials: readonly Material[], licences: readonly Licence[]): number {
  let replaced = 0;
  for (const m of materials) {
    if (m.elicense && replacingLicence(m.name, licences)) {
      form.setFieldValue(['materials', m.id, 'status'], 'elicense');
      replaced++;
    }
  }
  return replaced;
}

/**
 * 调用电子证照: once the applicant is identified and has agreed (or showed their personal code), their
 * licences are read (the read is audited) and every material one of them replaces is marked 电子证照.
 */
export function ElicenseCall({ form, centerId, materials, values, called, onCalled }: { form: FormInstance; centerId: string; materials: readonly Material[]; values: HolderFields; called: CalledLicences | undefined; onCalled(called: CalledLicences): void }) {
  const { message } = App.useApp();
  const [agreed, setAgreed] = useState(false);
  const [calling, setCalling] = useState(false);
  const holder = identifiedHolder(values);
  const current = called && called.holder === holderOf(values) ? called : undefined;

  async function call() {
    if (!holder) return;
    setCalling(true);
    try {
      const answer = await api.post<{ consent: 'applicant_agreed'; licences: Licence[] }>('/api/v1/elicenses/lookup', { centerId, holder, applicantAgreed: agreed });
      onCalled({ holder: holderOf(values)!, consent: answer.consent, licences: answer.licences });
      const replaced = applyLicences(form, materials, answer.licences);
      message.success(replaced ? `已调用电子证照，代替 ${replaced} 项材料` : '已调用电子证照，没有可代替本事项材料的有效证照');
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setCalling(false);
    }
  }

  if (!holder) return <Typography.Text type="secondary">录入或扫码核验申请人身份后，可调用电子证照代替纸质材料。</Typography.Text>;
  if (!current) {
    return (
      <Flex gap={12} align="center" wrap>
        <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="elicense-consent">
          申请人已同意调用电子证照
        </Checkbox>
        <Button icon={<SafetyCertificateOutlined />} disabled={!agreed} loading={calling} onClick={call} data-testid="elicense-call">
          调用电子证照
        </Button>
      </Flex>
    );
  }
  return (
    <div data-testid="elicense-list">
      <Alert
        type={current.licences.length ? 'info' : 'warning'}
        showIcon
        title={current.licences.length ? `已调用电子证照（${current.consent === 'personal_code' ? '亮码授权' : '申请人同意'}），调用已留痕` : '申请人没有电子证照，请收取纸质材料'}
        style={{ marginBottom: current.licences.length ? 8 : 0 }}
      />
      {current.licences.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={current.licences}
          renderItem={(licence) => {
            const replaces = licence.status === 'valid' ? materials.filter((m) => m.elicense && replacingLicence(m.name, [licence])?.id === licence.id) : [];
            return (
              <List.Item extra={replaces.length ? <Tag color="blue" data-testid="elicense-replaced">代替：{replaces.map((m) => m.name).join('、')}</Tag> : <Typography.Text type="secondary">本事项未用到</Typography.Text>}>
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{licence.licenceType}</Typography.Text>
                  <Tag color={licenceStatusColors[licence.status]}>{licence.statusLabel}</Tag>
                  <Typography.Text type="secondary">
                    {licence.licenceNo} · {licence.issuer} · {validityText(licence)}
                  </Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
    </div>
  );
}
