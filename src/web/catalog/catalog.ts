/** The public catalogue: its shapes as the web app reads them, Chinese wording for its values, the pre-check list. */
import { useEffect, useState } from 'react';

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
  acceptedAt: string;
  lenientAllowed: boolean;
  feeBasis: string | null;
  legalBasis: string | null;
  conditions: string | null;
  process: string | null;
  serviceHours: string | null;
  consultPhone: string | null;
  keywords: string[];
  version: number;
  updatedAt: string;
  centers: { id: string; name: string; address: string | null }[];
  materials: Material[];
  situations: Situation[];
  faqs: { id: string; question: string; answer: string }[];
  bundles: { id: string; name: string }[];
}

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

export const formLabels: Record<string, string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' };
export const mediumLabels: Record<string, string> = { paper: '纸质', electronic: '电子', paper_or_electronic: '纸质或电子' };

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

export function usePrecheckList(): ListedItem[] {
  const [list, setList] = useState(readPrecheckList);
  useEffect(() => {
    const update = () => setList(readPrecheckList());
    window.addEventListener(listEvent, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(listEvent, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return list;
}
