import type { CenterLevel } from '../org/tables.ts';

/** A position as Chinese maps give it: GCJ-02 longitude and latitude, in degrees. */
export interface LngLat {
  lng: number;
  lat: number;
}

/** GCJ-02 is defined inside China only; a point outside this box is a typo or a swapped pair. */
export const chinaBounds = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 } as const;

export function isInChina({ lng, lat }: LngLat): boolean {
  return lng >= chinaBounds.minLng && lng <= chinaBounds.maxLng && lat >= chinaBounds.minLat && lat <= chinaBounds.maxLat;
}

export const outOfChinaMessage = `坐标应在中国境内：经度 ${chinaBounds.minLng}–${chinaBounds.maxLng}，纬度 ${chinaBounds.minLat}–${chinaBounds.maxLat}（GCJ-02）`;

/** `near=lng,lat` from a query string, or a Chinese reason why it is not one. */
export function parseNear(text: string): { ok: true; at: LngLat } | { ok: false; message: string } {
  const parts = text.split(',').map((p) => p.trim());
  const numeric = /^-?\d+(\.\d+)?$/;
  if (parts.length !== 2 || !parts.every((p) => numeric.test(p))) return { ok: false, message: '位置格式应为“经度,纬度”，例如 113.75,23.02' };
  const at = { lng: Number(parts[0]), lat: Number(parts[1]) };
  return isInChina(at) ? { ok: true, at } : { ok: false, message: outOfChinaMessage };
}

/** Mean Earth radius (IUGG), metres. */
const earthRadius = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine); GCJ-02's offset of a few hundred metres cancels between two points near each other. */
export function haversineMetres(a: LngLat, b: LngLat): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadius * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Krasovsky 1940, the ellipsoid of the published GCJ-02 transform.
const krasovskyA = 6_378_245.0;
const krasovskyEe = 0.006_693_421_622_965_943;

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/**
 * A browser's GPS position (WGS-84) as Chinese maps place it (GCJ-02): without this a phone would look
 * a few hundred metres off from the points, which were placed on a Chinese map. Outside China: unchanged.
 */
export function wgs84ToGcj02(at: LngLat): LngLat {
  if (!isInChina(at)) return at;
  const x = at.lng - 105;
  const y = at.lat - 35;
  const radLat = radians(at.lat);
  const magic = 1 - krasovskyEe * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(x, y) * 180) / (((krasovskyA * (1 - krasovskyEe)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (shiftLng(x, y) * 180) / ((krasovskyA / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lng: at.lng + dLng, lat: at.lat + dLat };
}

/** What the map shows a point as when its manager has not named its kind. */
export const defaultKindLabels: Record<CenterLevel, string> = {
  province: '政务服务中心',
  city: '政务服务中心',
  district: '政务服务中心',
  town: '便民服务中心',
  village: '便民服务站',
};

export interface PointCandidate {
  id: string;
  name: string;
  level: CenterLevel;
  address: string | null;
  location: LngLat | null;
}

export interface PointFilter {
  near?: LngLat;
  level?: CenterLevel;
  /** Words in the name or the address. */
  q?: string;
  /** Only these points: those offering the item looked for. */
  offering?: ReadonlySet<string>;
}

/**
 * The points that pass the filter with their distance, nearest first when a position is given (points
 * without a location last), else by level (city before village) and name: "where can I do X nearest to me".
 */
export function rankPoints<P extends PointCandidate>(points: readonly P[], filter: PointFilter): (P & { distanceMetres: number | null })[] {
  const words = filter.q?.trim().split(/\s+/).filter(Boolean) ?? [];
  const levelOrder = (level: CenterLevel) => (['province', 'city', 'district', 'town', 'village'] as const).indexOf(level);
  return points
    .filter((p) => (!filter.level || p.level === filter.level) && (!filter.offering || filter.offering.has(p.id)))
    .filter((p) => words.every((w) => p.name.includes(w) || (p.address ?? '').includes(w)))
    .map((p) => ({ ...p, distanceMetres: filter.near && p.location ? Math.round(haversineMetres(filter.near, p.location)) : null }))
    .sort((a, b) => {
      if (filter.near && a.distanceMetres !== b.distanceMetres) {
        if (a.distanceMetres === null) return 1;
        if (b.distanceMetres === null) return -1;
        return a.distanceMetres - b.distanceMetres;
      }
      return levelOrder(a.level) - levelOrder(b.level) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
    });
}

export const stationKinds = ['company', 'park', 'community'] as const;
export type StationKind = (typeof stationKinds)[number];
export const stationKindLabels: Record<StationKind, string> = { company: '企业', park: '园区', community: '社区' };

export interface StationVideo {
  title: string;
  url: string;
}

/** Videos play from elsewhere; only https links, so a poster never sends anyone to a plain-text page. */
export function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** 基层证明 a station takes by default, by its kind (a manager may ask for any other). */
export const certificateKindsByStation: Record<StationKind, string[]> = {
  community: ['居住证明', '亲属关系证明', '其他证明'],
  company: ['在职证明', '社保缴纳证明', '其他证明'],
  park: ['在职证明', '社保缴纳证明', '居住证明', '其他证明'],
};

export const certificateStatuses = ['submitted', 'accepted', 'completed'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];
export const certificateStatusLabels: Record<CertificateStatus, string> = { submitted: '待受理', accepted: '已受理', completed: '已办结' };

/** A request moves forward one step at a time: 待受理 → 已受理 → 已办结. */
export function canMoveCertificate(from: CertificateStatus, to: CertificateStatus): boolean {
  return certificateStatuses.indexOf(to) === certificateStatuses.indexOf(from) + 1;
}
