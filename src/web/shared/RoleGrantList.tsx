import { Space, Tag } from 'antd';
import { roleLabels } from './labels';
import { useCenters, useDepartmentsOf } from './orgData';
import type { RoleGrant } from './types';

/** Names of the centers and departments that grants refer to, loaded once for a whole list of people. */
export function useScopeNames(grants: RoleGrant[]) {
  const { data: centers } = useCenters();
  const departments = useDepartmentsOf(grants.filter((g) => g.departmentId && g.centerId).map((g) => g.centerId!));
  const centerName = (id: string) => centers?.find((c) => c.id === id)?.name ?? '（已删除的中心）';
  return (grant: RoleGrant): string => {
    if (!grant.centerId) return '全部中心';
    const center = centerName(grant.centerId);
    if (!grant.departmentId) return `${center}（含下级中心）`;
    return `${center} · ${departments.get(grant.departmentId)?.name ?? '部门'}`;
  };
}

/** A person's roles, each with the scope it holds for, e.g. 窗口工作人员：示范市民服务中心 · 公安局. */
export function RoleGrantList({ grants, scopeOf, vertical }: { grants: RoleGrant[]; scopeOf: (g: RoleGrant) => string; vertical?: boolean }) {
  if (!grants.length) return <Tag>未分配角色</Tag>;
  return (
    <Space orientation={vertical ? 'vertical' : 'horizontal'} size={4} wrap>
      {grants.map((g) => (
        <Tag key={`${g.role}|${g.centerId}|${g.departmentId}`} color={g.role === 'admin' ? 'red' : 'blue'} style={{ whiteSpace: 'normal' }}>
          {roleLabels[g.role]}：{scopeOf(g)}
        </Tag>
      ))}
    </Space>
  );
}
