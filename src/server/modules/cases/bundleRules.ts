/**
 * The rules of a 一件事 application, without I/O: one parent over a child case per item, a material the
 * items share entered once, and the parent's status read from its children.
 */
import type { CaseStatus, MaterialStatus } from './rules.ts';

export const bundleStatuses = ['submitted', 'in_progress', 'finished'] as const;
export type BundleStatus = (typeof bundleStatuses)[number];

export const bundleStatusLabels: Record<BundleStatus, string> = { submitted: '已申报', in_progress: '办理中', finished: '已办结' };

const waiting: CaseStatus[] = ['submitted', 'supplement'];
const closed: CaseStatus[] = ['completed', 'refused'];

/** 已申报 while no child is accepted yet, 已办结 once every child is completed or refused, 办理中 between. */
export function bundleStatusOf(children: readonly CaseStatus[]): BundleStatus {
  if (children.every((s) => closed.includes(s))) return 'finished';
  if (children.every((s) => waiting.includes(s))) return 'submitted';
  return 'in_progress';
}

/** Materials of different items are the same material when they have the same name (身份证 asked by three items is brought once). */
export const sharedMaterialKey = (name: string): string => name.trim();

export interface ItemMaterial {
  id: string;
  name: string;
}

export interface GivenMaterial {
  materialId: string;
  status: MaterialStatus;
  dueDate?: string;
}

/**
 * Spreads the checklist entered once over every item: a status given for a material (under any item)
 * holds for every item's material of the same name. Returns each item's materials, or the names given
 * two different statuses.
 */
export function shareMaterials(
  checklists: readonly { itemId: string; materials: readonly ItemMaterial[] }[],
  given: readonly GivenMaterial[],
): { perItem: Map<string, GivenMaterial[]>; conflicts: string[]; unknown: string[] } {
  const nameOf = new Map(checklists.flatMap((c) => c.materials.map((m) => [m.id, sharedMaterialKey(m.name)] as const)));
  const byName = new Map<string, GivenMaterial>();
  const conflicts = new Set<string>();
  const unknown: string[] = [];
  for (const g of given) {
    const name = nameOf.get(g.materialId);
    if (name === undefined) {
      unknown.push(g.materialId);
      continue;
    }
    const before = byName.get(name);
    if (before && (before.status !== g.status || before.dueDate !== g.dueDate)) conflicts.add(name);
    else byName.set(name, g);
  }
  const perItem = new Map(
    checklists.map((c) => [
      c.itemId,
      c.materials.flatMap((m) => {
        const g = byName.get(sharedMaterialKey(m.name));
        return g ? [{ ...g, materialId: m.id }] : [];
      }),
    ]),
  );
  return { perItem, conflicts: [...conflicts], unknown };
}
