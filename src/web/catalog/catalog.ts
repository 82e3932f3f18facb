/** The public catalogue: its shapes as the web app reads them, Chinese wording for its values, the pre-check list. */
import { useEffect, useState } from 'react';
import type { Query } from '../shared/api';

export type Audience = 'person' | 'company';

export interface ItemSummary {
  id: string;
  code: string;
  name: string;
  department: { id: string; name: string };
  type: string;
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
  visitsRequired: number;
  online: boolean;
  terminal: boolean;
  feeFen: number;
  audience: Audience[];
  status: 'published' | 'withdrawn';
}

export interface Situation {
  id: string;
  question: string;
  options: { id: string; label: string }[];
}

export interface Material {
  id: string;
  name: string;
  required: boolean;
  form: string;
  copies: number;
  medium: string;
  elicense: boolean;
  deferrable: boolean;
  blankFormUrl: string | null;
  exampleUrl: string | null;
  note: string | null;
  optionIds: string[];
}

export interface ItemGuide extends ItemSummary {
  acceptedAt: 'general' | 'dedicated';
  lenientAllowed: boolean;
  feeBasis: string | null;
  legalBasis: string | null;
  conditions: string | null;
  process: string | null;
  serviceHours: string | null;
  consultPhone: string | null;
  keywords: string[];
  issuesLicence: string | null;
  changesLicence: string | null;
  changeKinds: ChangeKind[];
  version: number;
  updatedAt: string;
  centers: { id: string; name: string; address: string | null }[];
  materials: Material[];
  situations: Situation[];
  faqs: { id: string; question: string; answer: string }[];
  bundles: { id: string; name: string }[];
}

export type MaterialForm = 'original' | 'copy' | 'original_and_copy';
export type MaterialMedium = 'paper' | 'electronic' | 'paper_or_electronic';
export type ChangeKind = 'address' | 'name' | 'legal_representative' | 'scope';

/** What POST/PUT /api/v1/items take: the whole item, saved as one new version. */
export interface ItemInput {
  code: string;
  name: string;
  departmentId: string;
  type: string;
  legalDays: number;
  promisedDays: number;
  mode: 'immediate' | 'promised';
  visitsRequired: number;
  online: boolean;
  terminal: boolean;
  acceptedAt: 'general' | 'dedicated';
  lenientAllowed: boolean;
  feeFen: number;
  feeBasis: string | null;
  legalBasis: string | null;
  conditions: string | null;
  process: string | null;
  serviceHours: string | null;
  consultPhone: string | null;
  audience: Audience[];
  keywords: string[];
  issuesLicence: string | null;
  changesLicence: string | null;
  changeKinds: ChangeKind[];
  centerIds: string[];
  status: 'published' | 'withdrawn';
  materials: (Omit<Material, 'id' | 'form' | 'medium'> & { id?: string; form: MaterialForm; medium: MaterialMedium })[];
  situations: (Omit<Situation, 'id'> & { id?: string })[];
  faqs: { id?: string; question: string; answer: string }[];
}

/** One row of 事项公开: the summary with its version and fee basis. */
export interface DisclosureItem extends ItemSummary {
  version: number;
  updatedAt: string;
  feeBasis: string | null;
}

/** A bad cell of an imported workbook, as the server lists them in `error.details`. */
export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export const itemTypes = ['行政许可', '行政给付', '行政确认', '行政裁决', '行政奖励', '行政备案', '行政征收', '其他行政权力', '公共服务'] as const;
export const changeKindLabels: Record<ChangeKind, string> = { address: '地址变更', name: '名称变更', legal_representative: '法定代表人变更', scope: '经营范围变更' };
export const acceptedAtLabels: Record<ItemInput['acceptedAt'], string> = { general: '综合窗口', dedicated: '专窗' };
export const statusLabels: Record<ItemSummary['status'], string> = { published: '已发布', withdrawn: '已撤销' };

export interface ItemVersion {
  version: number;
  at: string;
  actorName: string | null;
  changes: string[];
}

export interface Bundle {
  id: string;
  name: string;
  description: string | null;
  items: ItemSummary[];
}

/** 事项 ID → (情形 ID → 选项 ID). */
export type Answers = Record<string, Record<string, string>>;

export interface PreCheckResult {
  complete: boolean;
  totalVisits: number;
  onlineItems: string[];
  terminalItems: string[];
  items: (ItemSummary & { acceptedAt: string; situations: Situation[]; unanswered: string[] })[];
  materials: { name: string; original: boolean; copies: number; elicense: boolean; deferrable: boolean; required: boolean; items: string[] }[];
  steps: { order: number; windowKind: string; departmentName: string | null; windowNumbers: number[]; items: string[] }[];
}

export const audienceLabels: Record<Audience, string> = { person: '个人', company: '法人' };

/** 事项查询's search and filters, which live in its URL. */
export function readItemFilters(params: URLSearchParams) {
  return {
    q: params.get('q') ?? '',
    departmentId: params.get('departmentId') ?? '',
    audience: (params.get('audience') ?? '') as Audience | '',
    online: params.get('online') === 'true',
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 10) || 10,
  };
}

/** The query of GET /api/v1/items for those filters (shared by the page and its start-up prefetch, so the URLs match). */
export function itemsQuery({ q, departmentId, audience, online, page, pageSize }: ReturnType<typeof readItemFilters>): Query {
  return { q: q.trim(), departmentId, audience, online: online || undefined, page, pageSize };
}

export function formatFee(fen: number): string {
  if (!fen) return '不收费';
  return `${(fen / 100).toFixed(fen % 100 ? 2 : 0)} 元`;
}

/** 即办件, or 承诺 N 个工作日. */
export function formatLimit(item: Pick<ItemSummary, 'mode' | 'promisedDays'>): string {
  return item.mode === 'immediate' || item.promisedDays === 0 ? '即办件' : `承诺${item.promisedDays}个工作日`;
}

export function formatVisits(visits: number): string {
  return visits === 0 ? '零跑动' : `最多跑 ${visits} 次`;
}

export const formLabels: Record<string, string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' } satisfies Record<MaterialForm, string>;
export const mediumLabels: Record<string, string> = { paper: '纸质', electronic: '电子', paper_or_electronic: '纸质或电子' } satisfies Record<MaterialMedium, string>;

export function formatForm(material: Pick<Material, 'form' | 'copies'>): string {
  const label = formLabels[material.form] ?? material.form;
  return material.copies > 0 ? `${label} ${material.copies} 份` : label;
}

// The pre-check list: items a person gathered from the guides with 加入审前清单, kept in this browser.
const listKey = 'onedoor.precheck.items';
const listEvent = 'onedoor-precheck-list';

export interface ListedItem {
  id: string;
  name: string;
}

export function readPrecheckList(): ListedItem[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(listKey) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as ListedItem[]).filter((i) => i && typeof i.id === 'string') : [];
  } catch {
    return [];
  }
}

export function writePrecheckList(items: ListedItem[]): void {
  localStorage.setItem(listKey, JSON.stringify(items));
  window.dispatchEvent(new Event(listEvent));
}

export function addToPrecheckList(item: ListedItem): void {
  const list = readPrecheckList();
  if (!list.some((i) => i.id === item.id)) writePrecheckList([...list, item]);
}

/** The 审前清单 kept on this device: empty in the first render, which must match the server's (it knows no device's list). */
export function usePrecheckList(): ListedItem[] {
  const [list, setList] = useState<ListedItem[]>([]);
  useEffect(() => {
    const update = () => setList(readPrecheckList());
    update();
    window.addEventListener(listEvent, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(listEvent, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return list;
}
