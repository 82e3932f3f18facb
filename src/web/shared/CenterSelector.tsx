import { Space, TreeSelect, Typography } from 'antd';
import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import { coveredCenters } from './access';
import { useCurrentUser } from './auth';
import { levelLabels } from './labels';
import { useCenters } from './orgData';
import type { Center, RoleName } from './types';

export interface CenterTreeNode {
  value: string;
  title: string;
  children: CenterTreeNode[];
}

/** Centers as a tree by parentId; a center whose parent is not in the list becomes a root. */
export function centerTree(centers: Center[], label: (c: Center) => string = (c) => c.name): CenterTreeNode[] {
  const nodes = new Map(centers.map((c) => [c.id, { value: c.id, title: label(c), children: [] as CenterTreeNode[] }]));
  const roots: CenterTreeNode[] = [];
  for (const center of centers) {
    const node = nodes.get(center.id)!;
    const parent = center.parentId ? nodes.get(center.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

interface CenterTreeSelectProps {
  centers: Center[];
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
}

/** A center picker over the given centers, usable as a form control. */
export function CenterTreeSelect({ centers, value, onChange, placeholder = '请选择中心', allowClear, disabled, style, id }: CenterTreeSelectProps) {
  const treeData = useMemo(() => centerTree(centers, (c) => `${c.name}（${levelLabels[c.level]}）`), [centers]);
  return (
    <TreeSelect
      id={id}
      treeData={treeData}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      style={{ minWidth: 280, ...style }}
    />
  );
}

const storageKey = 'onedoor.centerId';

export interface CenterChoice {
  /** Centers the person's grants of the given roles cover. */
  centers: Center[];
  centerId: string | undefined;
  center: Center | undefined;
  setCenterId(id: string): void;
  loading: boolean;
  error: unknown;
  reload(): void;
}

/**
 * The center an admin screen works on: one the person's roles cover, remembered across screens and
 * visits, falling back to the first covered center when the remembered one is out of reach.
 */
export function useCenterChoice(roles: readonly RoleName[]): CenterChoice {
  const user = useCurrentUser();
  const { data, loading, error, reload } = useCenters();
  const [stored, setStored] = useState(() => localStorage.getItem(storageKey));
  const rolesKey = roles.join(',');
  const centers = useMemo(() => coveredCenters(data ?? [], user.roles, rolesKey.split(',') as RoleName[]), [data, user.roles, rolesKey]);
  const center = centers.find((c) => c.id === stored) ?? centers[0];
  const setCenterId = useCallback((id: string) => {
    localStorage.setItem(storageKey, id);
    setStored(id);
  }, []);
  return { centers, centerId: center?.id, center, setCenterId, loading, error, reload };
}

/** The toolbar control that switches the screen's center. */
export function CenterSelector({ choice }: { choice: CenterChoice }) {
  return (
    <Space wrap>
      <Typography.Text type="secondary">当前中心</Typography.Text>
      <CenterTreeSelect centers={choice.centers} value={choice.centerId} onChange={(id) => id && choice.setCenterId(id)} style={{ minWidth: 320 }} id="center-selector" />
    </Space>
  );
}
