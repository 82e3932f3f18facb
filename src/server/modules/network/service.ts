import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { isValidMobile } from '../../platform/identity.ts';
import { newId } from '../../platform/ids.ts';
import { maskName, maskPhone } from '../../platform/masking.ts';
import { getItemGuide, getItemSummaries, searchItems } from '../catalog/service.ts';
import { authorizeInCenter, centerSubtree, getCenter, isCenterOpen, listCenters, listDevices, type CenterView } from '../org/service.ts';
import type { CenterLevel, OpeningRule } from '../org/tables.ts';
import { queueLoad } from '../queue/service.ts';
import {
  canMoveCertificate,
  certificateKindsByStation,
  certificateStatusLabels,
  defaultKindLabels,
  isHttpsUrl,
  parseNear,
  rankPoints,
  stationKindLabels,
  wgs84ToGcj02,
  type CertificateStatus,
  type LngLat,
  type StationKind,
  type StationVideo,
} from './rules.ts';
import type { CertificateRequestTable, MicroStationTable, ServicePointProfileTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

export const managers = ['admin', 'center_manager'] as const;

// ---------------------------------------------------------------- service points

export interface PointLocationView {
  centerId: string;
  longitude: number | null;
  latitude: number | null;
  kindLabel: string;
  contactPhone: string | null;
  transportNote: string | null;
}

function toLocation(center: CenterView, row: Selectable<ServicePointProfileTable> | undefined): PointLocationView {
  return {
    centerId: center.id,
    longitude: row?.longitude ?? null,
    latitude: row?.latitude ?? null,
    kindLabel: row?.kind_label ?? defaultKindLabels[center.level],
    contactPhone: row?.contact_phone ?? null,
    transportNote: row?.transport_note ?? null,
  };
}

export async function getPointLocation(executor: Executor, centerId: string): Promise<PointLocationView> {
  const center = await getCenter(executor, centerId);
  return toLocation(center, await executor.selectFrom('service_point_profiles').selectAll().where('center_id', '=', centerId).executeTakeFirst());
}

export interface LocationInput {
  longitude: number | null;
  latitude: number | null;
  kindLabel?: string | null;
  contactPhone?: string | null;
  transportNote?: string | null;
}

/** Places a service point on the map (or takes it off with nulls), audited; the route checks who may. */
export async function setPointLocation(executor: Executor, actor: Actor, centerId: string, input: LocationInput): Promise<PointLocationView> {
  if ((input.longitude === null) !== (input.latitude === null)) throw badRequest('INVALID_LOCATION', '经度和纬度须同时填写或同时清空');
  return inTransaction(executor, async (trx) => {
    const before = await getPointLocation(trx, centerId);
    const stored = await trx.selectFrom('service_point_profiles').selectAll().where('center_id', '=', centerId).executeTakeFirst();
    const values = {
      longitude: input.longitude,
      latitude: input.latitude,
      kind_label: input.kindLabel === undefined ? (stored?.kind_label ?? null) : input.kindLabel?.trim() || null,
      contact_phone: input.contactPhone === undefined ? (stored?.contact_phone ?? null) : input.contactPhone?.trim() || null,
      transport_note: input.transportNote === undefined ? (stored?.transport_note ?? null) : input.transportNote?.trim() || null,
      updated_at: currentTime(),
    };
    await trx.insertInto('service_point_profiles').values({ center_id: centerId, ...values }).onConflict((oc) => oc.column('center_id').doUpdateSet(values)).execute();
    const after = await getPointLocation(trx, centerId);
    await recordAudit(trx, actor, { action: 'center.location', entityType: 'center', entityId: centerId, centerId, before, after });
    return after;
  });
}

export interface ServicePointView {
  id: string;
  name: string;
  level: CenterLevel;
  kindLabel: string;
  address: string | null;
  phone: string | null;
  transportNote: string | null;
  longitude: number | null;
  latitude: number | null;
  openingHours: OpeningRule[];
  openNow: boolean;
  itemCount: number;
  offersItem: boolean | null;
  terminalCount: number;
  waiting: number;
  distanceMetres: number | null;
}

export interface ServicePointQuery {
  itemId?: string;
  /** "lng,lat" as typed in a query string. */
  near?: string;
  coord?: 'gcj02' | 'wgs84';
  level?: CenterLevel;
  q?: string;
  page: number;
  pageSize: number;
}

/** The position a query sorts by, in GCJ-02; a malformed one is the caller's mistake (400). */
export function nearOf(query: Pick<ServicePointQuery, 'near' | 'coord'>): LngLat | undefined {
  if (query.near === undefined || query.near.trim() === '') return undefined;
  const parsed = parseNear(query.near);
  if (!parsed.ok) throw badRequest('INVALID_NEAR', parsed.message, { near: query.near });
  return query.coord === 'wgs84' ? wgs84ToGcj02(parsed.at) : parsed.at;
}

/**
 * The service points of the network with what a map shows of each, nearest first when a position is
 * given, only those offering `itemId` when one is named: "where can I do X nearest to me".
 */
export async function listServicePoints(executor: Executor, query: ServicePointQuery, now = currentTime()): Promise<{ items: ServicePointView[]; total: number; near: LngLat | null }> {
  const near = nearOf(query);
  const [centers, profiles, offering] = await Promise.all([
    listCenters(executor),
    executor.selectFrom('service_point_profiles').selectAll().execute(),
    query.itemId ? getItemGuide(executor, query.itemId).then((guide) => new Set(guide.centers.map((c) => c.id))) : undefined,
  ]);
  const profileOf = new Map(profiles.map((p) => [p.center_id, p]));
  const located = centers.map((c) => {
    const p = profileOf.get(c.id);
    return { ...c, location: p?.longitude != null && p.latitude != null ? { lng: p.longitude, lat: p.latitude } : null };
  });
  const ranked = rankPoints(located, { near, level: query.level, q: query.q, offering });
  const page = ranked.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const items = await Promise.all(
    page.map(async (point): Promise<ServicePointView> => {
      const [openNow, offered, kiosks, terminals, loads] = await Promise.all([
        isCenterOpen(executor, point.id, now),
        searchItems(executor, { centerId: point.id, page: 1, pageSize: 1 }),
        listDevices(executor, { centerId: point.id, kind: 'kiosk', page: 1, pageSize: 1 }),
        listDevices(executor, { centerId: point.id, kind: 'terminal', page: 1, pageSize: 1 }),
        queueLoad(executor, point.id, undefined, now),
      ]);
      const location = toLocation(point, profileOf.get(point.id));
      return {
        id: point.id,
        name: point.name,
        level: point.level,
        kindLabel: location.kindLabel,
        address: point.address,
        phone: location.contactPhone ?? point.phone,
        transportNote: location.transportNote,
        longitude: location.longitude,
        latitude: location.latitude,
        openingHours: point.openingHours,
        openNow,
        itemCount: offered.total,
        offersItem: offering ? offering.has(point.id) : null,
        terminalCount: kiosks.total + terminals.total,
        waiting: loads.reduce((sum, load) => sum + load.waiting, 0),
        distanceMetres: point.distanceMetres,
      };
    }),
  );
  return { items, total: ranked.length, near: near ?? null };
}

// ---------------------------------------------------------------- 微服务站

type StationRow = Selectable<MicroStationTable>;

export interface StationView {
  id: string;
  centerId: string;
  centerName: string;
  name: string;
  kind: StationKind;
  kindLabel: string;
  address: string | null;
  guideItemIds: string[];
  videos: StationVideo[];
  certificateKinds: string[];
  createdAt: string;
}

function toStation(row: StationRow, centerName: string): StationView {
  return {
    id: row.id,
    centerId: row.center_id,
    centerName,
    name: row.name,
    kind: row.kind,
    kindLabel: stationKindLabels[row.kind],
    address: row.address,
    guideItemIds: row.guide_item_ids,
    videos: row.videos,
    certificateKinds: certificateKindsByStation[row.kind],
    createdAt: row.created_at.toISOString(),
  };
}

async function toStations(executor: Executor, rows: StationRow[]): Promise<StationView[]> {
  const names = new Map((await listCenters(executor)).map((c) => [c.id, c.name]));
  return rows.map((row) => toStation(row, names.get(row.center_id) ?? ''));
}

async function stationRow(executor: Executor, id: string): Promise<StationRow> {
  const row = await executor.selectFrom('micro_stations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('微服务站', id);
  return row;
}

export interface StationInput {
  centerId: string;
  name: string;
  kind: StationKind;
  address?: string | null;
  guideItemIds?: string[];
  videos?: StationVideo[];
}

/** Refuses unknown guide items and video links that are not https, naming them. */
async function assertStationContent(executor: Executor, input: Partial<StationInput>): Promise<void> {
  if (input.name !== undefined && !input.name.trim()) throw badRequest('VALIDATION_FAILED', '请填写微服务站名称');
  const badVideos = (input.videos ?? []).filter((v) => !isHttpsUrl(v.url.trim()));
  if (badVideos.length) throw badRequest('INVALID_VIDEO_URL', '视频链接须为 https:// 开头的网址', { urls: badVideos.map((v) => v.url) });
  const ids = [...new Set(input.guideItemIds ?? [])];
  if (ids.length) {
    const known = new Set((await getItemSummaries(executor, ids)).map((i) => i.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw badRequest('INVALID_REFERENCE', '明白卡中有不存在的事项', { itemIds: unknown });
  }
}

const cleanVideos = (videos: StationVideo[]) => videos.map((v) => ({ title: v.title.trim(), url: v.url.trim() }));

export async function createStation(executor: Executor, principal: Principal | undefined, actor: Actor, input: StationInput): Promise<StationView> {
  await authorizeInCenter(executor, principal, managers, input.centerId);
  await assertStationContent(executor, input);
  return inTransaction(executor, async (trx) => {
    const row = await trx
      .insertInto('micro_stations')
      .values({
        id: newId(),
        center_id: input.centerId,
        name: input.name.trim(),
        kind: input.kind,
        address: input.address?.trim() || null,
        guide_item_ids: JSON.stringify([...new Set(input.guideItemIds ?? [])]),
        videos: JSON.stringify(cleanVideos(input.videos ?? [])),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await toStations(trx, [row]);
    await recordAudit(trx, actor, { action: 'station.create', entityType: 'micro_station', entityId: row.id, centerId: row.center_id, after: view });
    return view!;
  });
}

export async function updateStation(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, changes: Partial<StationInput>): Promise<StationView> {
  await assertStationContent(executor, changes);
  return inTransaction(executor, async (trx) => {
    const row = await stationRow(trx, id);
    await authorizeInCenter(trx, principal, managers, row.center_id);
    // Moving a station to another center needs the right over that one too.
    if (changes.centerId !== undefined && changes.centerId !== row.center_id) await authorizeInCenter(trx, principal, managers, changes.centerId);
    const [before] = await toStations(trx, [row]);
    const updated = await trx
      .updateTable('micro_stations')
      .set({
        ...(changes.centerId !== undefined && { center_id: changes.centerId }),
        ...(changes.name !== undefined && { name: changes.name.trim() }),
        ...(changes.kind !== undefined && { kind: changes.kind }),
        ...(changes.address !== undefined && { address: changes.address?.trim() || null }),
        ...(changes.guideItemIds !== undefined && { guide_item_ids: JSON.stringify([...new Set(changes.guideItemIds)]) }),
        ...(changes.videos !== undefined && { videos: JSON.stringify(cleanVideos(changes.videos)) }),
        updated_at: currentTime(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const [after] = await toStations(trx, [updated]);
    await recordAudit(trx, actor, { action: 'station.update', entityType: 'micro_station', entityId: id, centerId: updated.center_id, before, after });
    return after!;
  });
}

/** Removes a station once its 基层证明 requests are all 已办结; the finished ones keep its name. */
export async function deleteStation(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const row = await stationRow(trx, id);
    await authorizeInCenter(trx, principal, managers, row.center_id);
    const open = await trx.selectFrom('certificate_requests').select(sql<number>`count(*)::int`.as('n')).where('station_id', '=', id).where('status', '!=', 'completed').executeTakeFirstOrThrow();
    if (open.n > 0) throw conflict('STATION_HAS_OPEN_REQUESTS', `该微服务站还有 ${open.n} 件基层证明未办结，办结后才能删除`);
    const [before] = await toStations(trx, [row]);
    await trx.deleteFrom('micro_stations').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'station.delete', entityType: 'micro_station', entityId: id, centerId: row.center_id, before });
  });
}

/** The stations of some centers (the caller has checked who may see them), newest first. */
export async function listStations(executor: Executor, query: { centerIds: string[] | 'all'; page: number; pageSize: number }): Promise<{ items: StationView[]; total: number }> {
  const { centerIds } = query;
  if (centerIds !== 'all' && centerIds.length === 0) return { items: [], total: 0 };
  const base = executor.selectFrom('micro_stations').$if(centerIds !== 'all', (qb) => qb.where('center_id', 'in', centerIds as string[]));
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: await toStations(executor, rows), total };
}

export interface PublicStationView extends StationView {
  center: { id: string; name: string; address: string | null; phone: string | null; longitude: number | null; latitude: number | null };
  guides: { id: string; name: string; department: string }[];
}

/** What the poster's QR code opens: the station, the point it belongs to, its guides and videos. */
export async function getPublicStation(executor: Executor, id: string): Promise<PublicStationView> {
  const row = await stationRow(executor, id);
  const [[station], center, location, items] = await Promise.all([toStations(executor, [row]), getCenter(executor, row.center_id), getPointLocation(executor, row.center_id), getItemSummaries(executor, row.guide_item_ids)]);
  return {
    ...station!,
    center: { id: center.id, name: center.name, address: center.address, phone: location.contactPhone ?? center.phone, longitude: location.longitude, latitude: location.latitude },
    // A withdrawn item's guide is no longer shown to the public.
    guides: items.filter((i) => i.status === 'published').map((i) => ({ id: i.id, name: i.name, department: i.department.name })),
  };
}

// ---------------------------------------------------------------- 基层证明

type CertificateRow = Selectable<CertificateRequestTable>;

export interface CertificateView {
  id: string;
  stationId: string | null;
  stationName: string;
  centerId: string;
  kind: string;
  /** Masked like everything personal on screens. */
  name: string;
  phone: string;
  note: string | null;
  status: CertificateStatus;
  statusLabel: string;
  handledBy: string | null;
  createdAt: string;
}

function toCertificate(row: CertificateRow): CertificateView {
  return {
    id: row.id,
    stationId: row.station_id,
    stationName: row.station_name,
    centerId: row.center_id,
    kind: row.kind,
    name: maskName(row.name),
    phone: maskPhone(row.phone),
    note: row.note,
    status: row.status,
    statusLabel: certificateStatusLabels[row.status],
    handledBy: row.handled_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** Takes a 基层证明 request at a station (public); the attached center's manager handles it. */
export async function submitCertificateRequest(
  executor: Executor,
  stationId: string,
  input: { kind: string; name: string; phone: string; note?: string },
): Promise<{ id: string; status: CertificateStatus; statusLabel: string }> {
  const phone = input.phone.replace(/[\s-]/g, '');
  if (!isValidMobile(phone)) throw badRequest('INVALID_PHONE', '手机号码格式不正确，应为 11 位数字');
  const name = input.name.trim();
  const kind = input.kind.trim();
  if (!name || !kind) throw badRequest('VALIDATION_FAILED', '请填写证明类型和姓名');
  const station = await stationRow(executor, stationId);
  const row = await executor
    .insertInto('certificate_requests')
    .values({ id: newId(), station_id: station.id, station_name: station.name, center_id: station.center_id, kind, name, phone, note: input.note?.trim() || null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, status: row.status, statusLabel: certificateStatusLabels[row.status] };
}

export async function listCertificateRequests(
  executor: Executor,
  principal: Principal | undefined,
  centerId: string,
  query: { status?: CertificateStatus; page: number; pageSize: number },
): Promise<{ items: CertificateView[]; total: number }> {
  await authorizeInCenter(executor, principal, [...managers, 'supervisor'], centerId);
  const centerIds = await centerSubtree(executor, [centerId]);
  const base = executor.selectFrom('certificate_requests').where('center_id', 'in', centerIds).$if(query.status !== undefined, (qb) => qb.where('status', '=', query.status!));
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: rows.map(toCertificate), total };
}

async function certificateRow(executor: Executor, id: string, lock = false): Promise<CertificateRow> {
  const row = await executor.selectFrom('certificate_requests').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('证明申请', id);
  return row;
}

/** 已受理, then 已办结: the attached center's manager (or an admin) moves a request on, audited. */
export async function moveCertificateRequest(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, to: CertificateStatus): Promise<CertificateView> {
  return inTransaction(executor, async (trx) => {
    const row = await certificateRow(trx, id, true);
    const user = await authorizeInCenter(trx, principal, managers, row.center_id);
    if (!canMoveCertificate(row.status, to)) {
      throw conflict('INVALID_REQUEST_STATE', `该申请${certificateStatusLabels[row.status]}，不能改为${certificateStatusLabels[to]}`);
    }
    const updated = await trx.updateTable('certificate_requests').set({ status: to, handled_by: user.name, updated_at: currentTime() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: `certificate.${to}`, entityType: 'certificate_request', entityId: id, centerId: row.center_id, before: { status: row.status }, after: { status: to } });
    return toCertificate(updated);
  });
}

/** The whole name and phone, to call the applicant back; every read is audited. */
export async function readCertificateContact(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<{ name: string; phone: string }> {
  const row = await certificateRow(executor, id);
  await authorizeInCenter(executor, principal, managers, row.center_id);
  await recordAudit(executor, actor, { action: 'certificate.read_contact', entityType: 'certificate_request', entityId: id, centerId: row.center_id });
  return { name: row.name, phone: row.phone };
}
