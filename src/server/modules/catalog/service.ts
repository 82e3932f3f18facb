import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB, Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, recordAudits, type Actor } from '../../platform/audit.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { departmentNames, getDepartment, listCenters, windowNumbersByKind } from '../org/service.ts';
import {
  answerProblems,
  applicableMaterials,
  buildPlan,
  describeChanges,
  itemProblems,
  proposeChanges,
  type Answers,
  type ChangeKind,
  type MaterialRule,
  type Plan,
} from './rules.ts';
import { colloquialSynonyms, documentTokens, parseQuery, words } from './search.ts';
import { parseTsvector, SearchIndex } from './searchIndex.ts';
import type { ItemsTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

// ---------------------------------------------------------------- shapes

export interface MaterialInput extends MaterialRule {
  blankFormUrl: string | null;
  exampleUrl: string | null;
  note: string | null;
}

export interface SituationInput {
  id: string;
  question: string;
  options: { id: string; label: string }[];
}

export interface FaqInput {
  id: string;
  question: string;
  answer: string;
}

/** Everything of an item that an administrator edits; saved as a whole, one version per save. */
export interface ItemInput {
  code: string;
  name: string;
  departmentId: string;
  type: string;
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
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
  audience: ('person' | 'company')[];
  keywords: string[];
  issuesLicence: string | null;
  changesLicence: string | null;
  changeKinds: ChangeKind[];
  /** Centers where it is handled; empty: the center of its department. */
  centerIds: string[];
  status: 'published' | 'withdrawn';
  materials: MaterialInput[];
  situations: SituationInput[];
  faqs: FaqInput[];
}

/** What a list shows of an item: its identity, limits and fee, with the department named. */
export type ItemSummary = Pick<
  ItemInput,
  'code' | 'name' | 'type' | 'mode' | 'legalDays' | 'promisedDays' | 'visitsRequired' | 'online' | 'terminal' | 'feeFen' | 'audience' | 'status'
> & { id: string; department: { id: string; name: string } };

export interface ItemGuide extends Omit<ItemInput, 'departmentId' | 'centerIds'>, Pick<ItemSummary, 'id' | 'department'> {
  version: number;
  updatedAt: string;
  centers: { id: string; name: string; address: string | null }[];
  bundles: { id: string; name: string }[];
}

type ItemRow = Selectable<ItemsTable>;

const summaryColumns = ['id', 'code', 'name', 'department_id', 'type', 'mode', 'legal_days', 'promised_days', 'visits_required', 'online', 'terminal', 'fee_fen', 'audience', 'status'] as const;

function toSummary(row: Pick<ItemRow, (typeof summaryColumns)[number]>, departments: Map<string, string>): ItemSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    department: { id: row.department_id, name: departments.get(row.department_id) ?? '' },
    type: row.type,
    mode: row.mode,
    legalDays: row.legal_days,
    promisedDays: row.promised_days,
    visitsRequired: row.visits_required,
    online: row.online,
    terminal: row.terminal,
    feeFen: row.fee_fen,
    audience: row.audience as ('person' | 'company')[],
    status: row.status,
  };
}

async function summaries(executor: Executor, rows: Pick<ItemRow, (typeof summaryColumns)[number]>[]): Promise<ItemSummary[]> {
  const departments = await departmentNames(executor, [...new Set(rows.map((r) => r.department_id))]);
  return rows.map((r) => toSummary(r, departments));
}

// ---------------------------------------------------------------- reading

export async function getItemGuide(executor: Executor, id: string): Promise<ItemGuide> {
  const row = await executor.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('事项', id);
  const [department, materials, situations, faqs, centerRows, bundles, allCenters] = await Promise.all([
    getDepartment(executor, row.department_id),
    executor.selectFrom('materials').selectAll().where('item_id', '=', id).orderBy('sort').execute(),
    executor.selectFrom('situations').selectAll().where('item_id', '=', id).orderBy('sort').execute(),
    executor.selectFrom('faqs').selectAll().where('item_id', '=', id).orderBy('sort').execute(),
    executor.selectFrom('item_centers').select('center_id').where('item_id', '=', id).execute(),
    executor.selectFrom('bundles').select(['id', 'name']).where(sql<boolean>`${id} = ANY(item_ids)`).orderBy('name').execute(),
    listCenters(executor),
  ]);
  const centerIds = new Set(centerRows.map((c) => c.center_id));
  return {
    ...toSummary(row, new Map([[department.id, department.name]])),
    acceptedAt: row.accepted_at,
    lenientAllowed: row.lenient_allowed,
    feeBasis: row.fee_basis,
    legalBasis: row.legal_basis,
    conditions: row.conditions,
    process: row.process,
    serviceHours: row.service_hours,
    consultPhone: row.consult_phone,
    keywords: row.keywords,
    issuesLicence: row.issues_licence,
    changesLicence: row.changes_licence,
    changeKinds: row.change_kinds as ChangeKind[],
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    centers: allCenters.filter((c) => centerIds.has(c.id)).map((c) => ({ id: c.id, name: c.name, address: c.address })),
    materials: materials.map((m) => ({
      id: m.id,
      name: m.name,
      required: m.required,
      form: m.form,
      copies: m.copies,
      medium: m.medium,
      elicense: m.elicense,
      deferrable: m.deferrable,
      blankFormUrl: m.blank_form_url,
      exampleUrl: m.example_url,
      note: m.note,
      optionIds: m.option_ids,
    })),
    situations: situations.map((s) => ({ id: s.id, question: s.question, options: s.options })),
    faqs: faqs.map((f) => ({ id: f.id, question: f.question, answer: f.answer })),
    bundles,
  };
}

/** The editable form of a stored item (what an export writes and a version snapshots). */
export function inputOf(guide: ItemGuide): ItemInput {
  const { id: _id, department, centers, bundles: _b, version: _v, updatedAt: _u, ...rest } = guide;
  return { ...rest, departmentId: department.id, centerIds: centers.map((c) => c.id) };
}

export interface ItemQuery {
  q?: string;
  centerId?: string;
  departmentId?: string;
  audience?: 'person' | 'company';
  online?: boolean;
  terminal?: boolean;
  type?: string;
  /** Staff consoles also list withdrawn items. */
  includeWithdrawn?: boolean;
  page: number;
  pageSize: number;
}

const indexes = new WeakMap<Executor, { index: SearchIndex; refreshing?: Promise<SearchIndex> }>();

/** The search index of this database, brought up to the catalogue's committed version. */
async function searchIndexOf(executor: Executor): Promise<SearchIndex> {
  let entry = indexes.get(executor);
  if (!entry) indexes.set(executor, (entry = { index: new SearchIndex() }));
  const state = entry;
  state.refreshing ??= (async () => {
    try {
      const { version } = await executor.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow();
      if (version === state.index.version) return state.index;
      if (state.index.wasteful) state.index = new SearchIndex();
      const index = state.index;
      const rows = await executor
        .selectFrom('items')
        .select(['id', 'code', 'name', 'keywords', 'status', 'department_id', 'audience', 'online', 'terminal', 'type'])
        .select(sql<string>`search_vector::text`.as('tokens'))
        .select(sql<string[]>`array(SELECT center_id FROM item_centers WHERE item_centers.item_id = items.id)`.as('center_ids'))
        .$if(index.version >= 0, (qb) => qb.where('change_seq', '>', index.version))
        .execute();
      for (const r of rows) {
        const item = { id: r.id, code: r.code, name: r.name, keywords: r.keywords, status: r.status, departmentId: r.department_id, audience: r.audience, online: r.online, terminal: r.terminal, type: r.type, centerIds: r.center_ids };
        index.upsert(item, parseTsvector(r.tokens));
      }
      // Items stamped after `version` were read too; they are simply applied again next time.
      index.version = version;
      return index;
    } finally {
      state.refreshing = undefined;
    }
  })();
  return state.refreshing;
}

/** Items ranked by relevance to a free Chinese query (or by code without one), filtered. */
export async function searchItems(executor: Executor, query: ItemQuery): Promise<{ items: ItemSummary[]; total: number }> {
  const parsed = query.q?.trim() ? parseQuery(query.q) : { tokens: [], prefixes: [], phrase: '' };
  if (query.q?.trim() && !parsed.tokens.length && !parsed.prefixes.length) return { items: [], total: 0 };
  const index = await searchIndexOf(executor);
  const { ids, total } = index.search(parsed, query, (query.page - 1) * query.pageSize, query.pageSize);
  return { items: await getItemSummaries(executor, ids), total };
}

/** A question cut into words as the catalogue's search cuts it, with what its colloquial phrases mean (开饭店 → 餐饮 …). */
export function questionWords(text: string): string[] {
  const out = words(text);
  for (const [said, meant] of Object.entries(colloquialSynonyms)) if (text.includes(said)) out.push(...meant);
  return out;
}

export async function getItemSummaries(executor: Executor, ids: string[]): Promise<ItemSummary[]> {
  if (ids.length === 0) return [];
  const rows = await executor.selectFrom('items').select(summaryColumns).where('id', 'in', ids).execute();
  const byId = new Map((await summaries(executor, rows)).map((s) => [s.id, s]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function listItemVersions(executor: Executor, itemId: string): Promise<{ version: number; at: string; actorName: string | null; changes: string[] }[]> {
  await executor.selectFrom('items').select('id').where('id', '=', itemId).executeTakeFirst().then((r) => {
    if (!r) throw notFound('事项', itemId);
  });
  const rows = await executor.selectFrom('item_versions').select(['version', 'at', 'actor_name', 'changes']).where('item_id', '=', itemId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({ version: r.version, at: r.at.toISOString(), actorName: r.actor_name, changes: r.changes }));
}

/** 事项公开: every published item of a center with its limits and fees, and when it last changed. */
export async function listDisclosure(executor: Executor, centerId: string, page: number, pageSize: number) {
  const result = await searchItems(executor, { centerId, page, pageSize });
  const extra = result.items.length
    ? await executor.selectFrom('items').select(['id', 'version', 'updated_at', 'fee_basis']).where('id', 'in', result.items.map((i) => i.id)).execute()
    : [];
  const byId = new Map(extra.map((e) => [e.id, e]));
  return {
    total: result.total,
    items: result.items.map((i) => ({ ...i, version: byId.get(i.id)!.version, updatedAt: byId.get(i.id)!.updated_at.toISOString(), feeBasis: byId.get(i.id)!.fee_basis })),
  };
}

// ---------------------------------------------------------------- writing

function searchVectorOf(input: ItemInput, departmentName: string) {
  const t = documentTokens({
    code: input.code,
    name: input.name,
    keywords: input.keywords,
    materials: input.materials.map((m) => m.name),
    faqs: input.faqs.flatMap((f) => [f.question, f.answer]),
    department: departmentName,
  });
  return sql<string>`setweight(to_tsvector('simple', ${t.a}), 'A') || setweight(to_tsvector('simple', ${t.b}), 'B') || setweight(to_tsvector('simple', ${t.c}), 'C') || setweight(to_tsvector('simple', ${t.d}), 'D')`;
}

function itemColumns(input: ItemInput) {
  return {
    code: input.code,
    name: input.name,
    department_id: input.departmentId,
    type: input.type,
    mode: input.mode,
    legal_days: input.legalDays,
    promised_days: input.promisedDays,
    visits_required: input.visitsRequired,
    online: input.online,
    terminal: input.terminal,
    accepted_at: input.acceptedAt,
    lenient_allowed: input.lenientAllowed,
    fee_fen: input.feeFen,
    fee_basis: input.feeBasis,
    legal_basis: input.legalBasis,
    conditions: input.conditions,
    process: input.process,
    service_hours: input.serviceHours,
    consult_phone: input.consultPhone,
    audience: input.audience,
    keywords: input.keywords,
    issues_licence: input.issuesLicence,
    changes_licence: input.changesLicence,
    change_kinds: input.changeKinds,
    status: input.status,
  };
}

/** An item as it is saved and versioned: parts get their ids, centers default to the department's own. */
function normalise(input: ItemInput, departmentCenterId: string): ItemInput {
  return {
    ...input,
    centerIds: input.centerIds.length ? [...new Set(input.centerIds)] : [departmentCenterId],
    materials: input.materials.map((m) => ({ ...m, id: m.id || newId() })),
    situations: input.situations.map((s) => ({ ...s, id: s.id || newId() })),
    faqs: input.faqs.map((f) => ({ ...f, id: f.id || newId() })),
  };
}

async function insertParts(trx: Transaction<DB>, items: { id: string; input: ItemInput }[]): Promise<void> {
  const materials = items.flatMap(({ id, input }) =>
    input.materials.map((m, sort) => ({
      id: m.id,
      item_id: id,
      name: m.name,
      required: m.required,
      form: m.form,
      copies: m.copies,
      medium: m.medium,
      elicense: m.elicense,
      deferrable: m.deferrable,
      blank_form_url: m.blankFormUrl,
      example_url: m.exampleUrl,
      note: m.note,
      option_ids: m.optionIds,
      sort,
    })),
  );
  const situations = items.flatMap(({ id, input }) => input.situations.map((s, sort) => ({ id: s.id, item_id: id, question: s.question, options: JSON.stringify(s.options), sort })));
  const faqs = items.flatMap(({ id, input }) => input.faqs.map((f, sort) => ({ id: f.id, item_id: id, question: f.question, answer: f.answer, sort })));
  const centers = items.flatMap(({ id, input }) => input.centerIds.map((center_id) => ({ item_id: id, center_id })));
  // Parameters per statement are limited (65535 on PostgreSQL): write big imports in slices.
  for (const [table, rows, width] of [['materials', materials, 14], ['situations', situations, 5], ['faqs', faqs, 5], ['item_centers', centers, 2]] as const) {
    const slice = Math.floor(60000 / width);
    for (let i = 0; i < rows.length; i += slice) await trx.insertInto(table).values(rows.slice(i, i + slice) as never).execute();
  }
}

/** The next catalogue version; the row lock holds other writers until this transaction ends, so versions commit in order. */
async function bumpCatalogVersion(trx: Transaction<DB>): Promise<number> {
  const { version } = await trx.updateTable('catalog_state').set({ version: sql`version + 1` }).returning('version').executeTakeFirstOrThrow();
  return version;
}

export interface SaveEntry {
  /** Replace this item; without it, the item with the same code is replaced, or a new one created. */
  id?: string;
  input: ItemInput;
}

/**
 * Creates or replaces items, one version each, with an audit record per item. Everything is checked
 * before anything is written; the caller's transaction makes a batch all-or-nothing.
 */
export async function saveItems(executor: Executor, actor: Actor, entries: SaveEntry[] | ItemInput[]): Promise<{ id: string; code: string; name: string; created: boolean }[]> {
  const list: SaveEntry[] = entries.map((e) => ('input' in e ? e : { input: e }));
  const problems = list.flatMap(({ input }, index) => itemProblems(input).map((p) => (list.length > 1 ? `第 ${index + 1} 项「${input.name}」：${p}` : p)));
  if (problems.length) throw badRequest('INVALID_ITEM', problems.slice(0, 20).join('；'), problems);
  const codes = list.map((e) => e.input.code);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) throw badRequest('INVALID_ITEM', `事项编码「${duplicate}」重复`);

  return inTransaction(executor, async (trx) => {
    const departments = new Map<string, { centerId: string; name: string }>();
    for (const departmentId of new Set(list.map((e) => e.input.departmentId))) {
      const department = await getDepartment(trx, departmentId).catch(() => {
        throw badRequest('INVALID_REFERENCE', '实施部门不存在', { departmentId });
      });
      departments.set(departmentId, department);
    }
    const centerIds = new Set(list.flatMap((e) => e.input.centerIds));
    if (centerIds.size) {
      const known = new Set((await listCenters(trx)).map((c) => c.id));
      const unknown = [...centerIds].filter((id) => !known.has(id));
      if (unknown.length) throw badRequest('INVALID_REFERENCE', '办理地点中有不存在的中心', { centerIds: unknown });
    }
    const existing = new Map<string, { id: string; code: string }>();
    for (let i = 0; i < codes.length; i += 1000) {
      const rows = await trx.selectFrom('items').select(['id', 'code']).where('code', 'in', codes.slice(i, i + 1000)).execute();
      for (const r of rows) existing.set(r.code, r);
    }
    const targets = list.map(({ id, input }) => {
      const sameCode = existing.get(input.code);
      if (id && sameCode && sameCode.id !== id) throw conflict('ITEM_CODE_TAKEN', `事项编码「${input.code}」已存在`);
      const targetId = id ?? sameCode?.id;
      const department = departments.get(input.departmentId)!;
      return { id: targetId ?? newId(), created: !targetId, input: normalise(input, department.centerId), departmentName: department.name };
    });
    const updatedIds = targets.filter((t) => !t.created).map((t) => t.id);
    const previous = new Map<string, ItemInput>();
    if (updatedIds.length) {
      const locked = await trx.selectFrom('items').select('id').where('id', 'in', updatedIds).forUpdate().execute();
      if (locked.length !== updatedIds.length) throw notFound('事项', updatedIds.find((id) => !locked.some((l) => l.id === id)));
      for (const id of updatedIds) previous.set(id, inputOf(await getItemGuide(trx, id)));
      await trx.deleteFrom('materials').where('item_id', 'in', updatedIds).execute();
      await trx.deleteFrom('situations').where('item_id', 'in', updatedIds).execute();
      await trx.deleteFrom('faqs').where('item_id', 'in', updatedIds).execute();
      await trx.deleteFrom('item_centers').where('item_id', 'in', updatedIds).execute();
    }
    const change_seq = await bumpCatalogVersion(trx);
    for (const t of targets) {
      if (t.created) await trx.insertInto('items').values({ id: t.id, ...itemColumns(t.input), search_vector: searchVectorOf(t.input, t.departmentName), change_seq }).execute();
      else await trx.updateTable('items').set({ ...itemColumns(t.input), search_vector: searchVectorOf(t.input, t.departmentName), change_seq, version: sql`version + 1`, updated_at: currentTime() }).where('id', '=', t.id).execute();
    }
    await insertParts(trx, targets);
    const versions = new Map((await trx.selectFrom('items').select(['id', 'version']).where('id', 'in', targets.map((t) => t.id)).execute()).map((r) => [r.id, r.version]));
    const actorName = actor.kind === 'anonymous' ? null : actor.name;
    for (let i = 0; i < targets.length; i += 500) {
      await trx
        .insertInto('item_versions')
        .values(
          targets.slice(i, i + 500).map((t) => ({
            item_id: t.id,
            version: versions.get(t.id)!,
            snapshot: JSON.stringify(t.input),
            changes: JSON.stringify(describeChanges(previous.get(t.id) as Record<string, unknown> | undefined, t.input as unknown as Record<string, unknown>)),
            actor_name: actorName,
          })),
        )
        .execute();
    }
    await recordAudits(
      trx,
      actor,
      targets.map((t) => ({ action: t.created ? 'item.create' : 'item.update', entityType: 'item', entityId: t.id, before: previous.get(t.id), after: t.input })),
    );
    return targets.map((t) => ({ id: t.id, code: t.input.code, name: t.input.name, created: t.created }));
  });
}

export async function createItem(executor: Executor, actor: Actor, input: ItemInput): Promise<ItemGuide> {
  return inTransaction(executor, async (trx) => {
    if (await trx.selectFrom('items').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('ITEM_CODE_TAKEN', `事项编码「${input.code}」已存在`);
    const [saved] = await saveItems(trx, actor, [input]);
    return getItemGuide(trx, saved!.id);
  });
}

/** Replaces an item's whole guide; the version goes up by one and the change is kept for the disclosure history. */
export async function updateItem(executor: Executor, actor: Actor, id: string, input: ItemInput): Promise<ItemGuide> {
  return inTransaction(executor, async (trx) => {
    await saveItems(trx, actor, [{ id, input }]);
    return getItemGuide(trx, id);
  });
}

// ---------------------------------------------------------------- bundles

export interface BundleView {
  id: string;
  name: string;
  description: string | null;
  items: ItemSummary[];
}

export async function listBundles(executor: Executor): Promise<BundleView[]> {
  const rows = await executor.selectFrom('bundles').selectAll().orderBy('name').execute();
  const items = new Map((await getItemSummaries(executor, [...new Set(rows.flatMap((r) => r.item_ids))])).map((i) => [i.id, i]));
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, items: r.item_ids.flatMap((id) => (items.has(id) ? [items.get(id)!] : [])) }));
}

export async function getBundle(executor: Executor, id: string): Promise<BundleView> {
  const bundle = (await listBundles(executor)).find((b) => b.id === id);
  if (!bundle) throw notFound('一件事', id);
  return bundle;
}

async function assertBundleItems(executor: Executor, itemIds: string[]) {
  if (new Set(itemIds).size !== itemIds.length) throw badRequest('INVALID_BUNDLE', '一件事中的事项有重复');
  const found = await getItemSummaries(executor, itemIds);
  if (found.length !== itemIds.length) throw badRequest('INVALID_REFERENCE', '一件事中有不存在的事项');
}

export async function saveBundle(executor: Executor, actor: Actor, id: string | undefined, input: { name: string; description: string | null; itemIds: string[] }): Promise<BundleView> {
  return inTransaction(executor, async (trx) => {
    await assertBundleItems(trx, input.itemIds);
    const taken = await trx.selectFrom('bundles').select('id').where('name', '=', input.name).$if(Boolean(id), (qb) => qb.where('id', '!=', id!)).executeTakeFirst();
    if (taken) throw conflict('BUNDLE_EXISTS', `已有名为「${input.name}」的一件事`);
    const before = id ? await getBundle(trx, id) : undefined;
    const bundleId = id ?? newId();
    if (id) await trx.updateTable('bundles').set({ name: input.name, description: input.description, item_ids: input.itemIds, updated_at: currentTime() }).where('id', '=', id).execute();
    else await trx.insertInto('bundles').values({ id: bundleId, name: input.name, description: input.description, item_ids: input.itemIds }).execute();
    const after = await getBundle(trx, bundleId);
    await recordAudit(trx, actor, { action: id ? 'bundle.update' : 'bundle.create', entityType: 'bundle', entityId: bundleId, before, after });
    return after;
  });
}

export async function deleteBundle(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const before = await getBundle(trx, id);
    await trx.deleteFrom('bundles').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'bundle.delete', entityType: 'bundle', entityId: id, before });
  });
}

/** 政务定制: the change items a company needs for a planned change, given the licences it holds. */
export async function proposeBundle(executor: Executor, heldLicences: string[], change: ChangeKind): Promise<ItemSummary[]> {
  const candidates = await executor
    .selectFrom('items')
    .select(['id', 'name', 'changes_licence', 'change_kinds'])
    .where('status', '=', 'published')
    .where('changes_licence', 'is not', null)
    .execute();
  const chosen = proposeChanges(
    candidates.map((c) => ({ id: c.id, name: c.name, changesLicence: c.changes_licence, changeKinds: c.change_kinds })),
    heldLicences,
    change,
  );
  return getItemSummaries(executor, chosen.map((c) => c.id));
}

/** Licences that change items exist for: what a company can say it holds. */
export async function listChangeableLicences(executor: Executor): Promise<string[]> {
  const rows = await executor.selectFrom('items').select('changes_licence').distinct().where('changes_licence', 'is not', null).where('status', '=', 'published').execute();
  return rows.map((r) => r.changes_licence!).sort((a, b) => a.localeCompare(b, 'zh'));
}

// ---------------------------------------------------------------- pre-check

export interface PreCheckInput {
  centerId: string;
  itemIds?: string[];
  bundleId?: string;
  /** itemId → (situationId → optionId) */
  answers?: Record<string, Answers>;
}

export interface PreCheckResult extends Plan {
  items: (ItemSummary & { situations: SituationInput[]; unanswered: string[]; acceptedAt: 'general' | 'dedicated' })[];
  /** True while a situation question is unanswered: the materials then include every option's. */
  complete: boolean;
}

/** 审前服务: one plan for several items or a bundle, for the applicant's situation, at one center. */
export async function preCheck(executor: Executor, input: PreCheckInput): Promise<PreCheckResult> {
  const itemIds = input.bundleId ? (await getBundle(executor, input.bundleId)).items.map((i) => i.id) : [...new Set(input.itemIds ?? [])];
  if (itemIds.length === 0) throw badRequest('NO_ITEMS', '请至少选择一个事项或一件事');
  const guides = await Promise.all(
    itemIds.map((id) =>
      getItemGuide(executor, id).catch(() => {
        throw badRequest('INVALID_REFERENCE', '所选事项不存在', { id });
      }),
    ),
  );
  const windows = await windowNumbersByKind(executor, input.centerId);
  const items = guides.map((g) => {
    const answers = input.answers?.[g.id] ?? {};
    const { unanswered, invalid } = answerProblems(g.situations, answers);
    if (invalid.length) throw badRequest('INVALID_ANSWER', `「${g.name}」的情形选项不存在`, { situationIds: invalid });
    // An unanswered question keeps every option's materials: better to bring one document too many.
    const materials = unanswered.length ? g.materials : applicableMaterials(g.materials, answers);
    return { guide: g, materials, unanswered: unanswered.map((s) => s.id) };
  });
  const plan = buildPlan(
    items.map(({ guide, materials }) => ({
      id: guide.id,
      name: guide.name,
      departmentName: guide.department.name,
      acceptedAt: guide.acceptedAt,
      online: guide.online,
      terminal: guide.terminal,
      visitsRequired: guide.visitsRequired,
      materials,
    })),
    windows,
  );
  return {
    ...plan,
    complete: items.every((i) => i.unanswered.length === 0),
    items: items.map(({ guide, unanswered }) => ({
      ...toSummary(
        { id: guide.id, code: guide.code, name: guide.name, department_id: guide.department.id, type: guide.type, mode: guide.mode, legal_days: guide.legalDays, promised_days: guide.promisedDays, visits_required: guide.visitsRequired, online: guide.online, terminal: guide.terminal, fee_fen: guide.feeFen, audience: guide.audience, status: guide.status },
        new Map([[guide.department.id, guide.department.name]]),
      ),
      acceptedAt: guide.acceptedAt,
      situations: guide.situations,
      unanswered,
    })),
  };
}

/**
 * An item's material checklist for the given situation answers (every question must be answered, with
 * one of its options): what window acceptance checks off.
 */
export async function itemChecklist(executor: Executor, itemId: string, given: Answers, optionIds: string[] = []): Promise<{ item: ItemGuide; materials: MaterialInput[] }> {
  const item = await getItemGuide(executor, itemId);
  // A chosen option (情形) answers its own question.
  const answers = { ...given };
  for (const optionId of optionIds) {
    const situation = item.situations.find((s) => s.options.some((o) => o.id === optionId));
    if (!situation) throw badRequest('INVALID_ANSWER', '所选情形不属于该事项', { optionId });
    answers[situation.id] = optionId;
  }
  const { unanswered, invalid } = answerProblems(item.situations, answers);
  if (invalid.length) throw badRequest('INVALID_ANSWER', '情形选择中有不存在的选项', { situationIds: invalid });
  if (unanswered.length) throw badRequest('SITUATION_REQUIRED', `请先选择情形：${unanswered.map((s) => s.question).join('；')}`, { situationIds: unanswered.map((s) => s.id) });
  return { item, materials: applicableMaterials(item.materials, answers) };
}

/** Loads the search index ahead of the first search (at start-up), so no visitor waits for it. */
export async function warmSearchIndex(executor: Executor): Promise<void> {
  await searchIndexOf(executor);
}
