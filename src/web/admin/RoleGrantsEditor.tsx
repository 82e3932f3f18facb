import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Select } from 'antd';
import { CenterTreeSelect } from '../shared/CenterSelector';
import { roleLabels, roleNames } from '../shared/labels';
import { useDepartments } from '../shared/orgData';
import type { Center, RoleGrant } from '../shared/types';

const roleOptions = roleNames.map((r) => ({ value: r, label: roleLabels[r] }));

function GrantRow({ listName, fieldName, centers, centerRequired, onRemove }: { listName: string; fieldName: number; centers: Center[]; centerRequired: boolean; onRemove(): void }) {
  const form = Form.useFormInstance();
  const centerId = Form.useWatch([listName, fieldName, 'centerId'], form) as string | null | undefined;
  const { data: departments = [] } = useDepartments(centerId ?? undefined);

  return (
    <Flex gap={8} align="start" wrap>
      <Form.Item name={[fieldName, 'role']} rules={[{ required: true, message: '请选择角色' }]} style={{ marginBottom: 8 }}>
        <Select options={roleOptions} placeholder="角色" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name={[fieldName, 'centerId']} rules={centerRequired ? [{ required: true, message: '请选择中心' }] : []} style={{ marginBottom: 8 }}>
        <CenterTreeSelect
          centers={centers}
          allowClear={!centerRequired}
          placeholder={centerRequired ? '中心' : '中心（不选为全部中心）'}
          style={{ width: 260, minWidth: 0 }}
          onChange={(id) => {
            form.setFieldValue([listName, fieldName, 'centerId'], id);
            form.setFieldValue([listName, fieldName, 'departmentId'], null);
          }}
        />
      </Form.Item>
      <Form.Item name={[fieldName, 'departmentId']} style={{ marginBottom: 8 }}>
        <Select
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          disabled={!centerId}
          placeholder={centerId ? '部门（可选）' : '先选中心'}
          style={{ width: 200 }}
        />
      </Form.Item>
      <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label="删除此角色" />
    </Flex>
  );
}

/**
 * The roles of an account, each for a scope: a center (and the centers under it), optionally one
 * department of it, or, left empty, every center. A scoped administrator must name a center.
 */
export function RoleGrantsEditor({ name, centers, centerRequired }: { name: string; centers: Center[]; centerRequired: boolean }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <GrantRow key={field.key} listName={name} fieldName={field.name} centers={centers} centerRequired={centerRequired} onRemove={() => remove(field.name)} />
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: undefined, centerId: centerRequired ? (centers[0]?.id ?? null) : null, departmentId: null })}>
            添加角色
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The form's rows as the server's grants: empty choices become null. */
export const toGrants = (rows: Partial<RoleGrant>[] | undefined): RoleGrant[] =>
  (rows ?? []).map((r) => ({ role: r.role!, centerId: r.centerId ?? null, departmentId: r.departmentId ?? null }));
