import { Select } from 'antd';
import { useItemSearch } from '../catalog/useItemSearch';

interface ItemPickerProps {
  centerId?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** The name of the preselected item, shown before any search. */
  initialLabel?: string;
  autoFocus?: boolean;
  id?: string;
}

/** Searches the catalogue as the person types (name, keywords, pinyin initials) and picks one item; a form control. */
export function ItemPicker({ centerId, value, onChange, initialLabel, autoFocus, id }: ItemPickerProps) {
  const { options, searching, search } = useItemSearch({ centerId, pageSize: 20 });

  const listed = options.map((o) => ({ value: o.id, label: `${o.name}（${o.department.name}）` }));
  if (value && initialLabel && !options.some((o) => o.id === value)) listed.unshift({ value, label: initialLabel });

  return (
    <Select
      id={id}
      aria-label="搜索办理事项"
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder="输入事项名称、关键词或拼音首字母搜索"
      style={{ width: '100%' }}
      value={value}
      autoFocus={autoFocus}
      loading={searching}
      notFoundContent={searching ? '搜索中…' : '输入关键词搜索事项'}
      options={listed}
      onChange={(v: string | undefined) => onChange?.(v)}
    />
  );
}
