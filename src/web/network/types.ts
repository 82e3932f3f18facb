import type { CenterLevel, OpeningRule } from '../shared/types';

/** A service point as GET /api/v1/service-points gives it. */
export interface ServicePoint {
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

export interface ServicePointPage {
  items: ServicePoint[];
  total: number;
  page: number;
  pageSize: number;
  near: { longitude: number; latitude: number } | null;
}

export type StationKind = 'company' | 'park' | 'community';

export const stationKindLabels: Record<StationKind, string> = { company: '企业', park: '园区', community: '社区' };

export interface Station {
  id: string;
  centerId: string;
  centerName: string;
  name: string;
  kind: StationKind;
  kindLabel: string;
  address: string | null;
  guideItemIds: string[];
  videos: { title: string; url: string }[];
  certificateKinds: string[];
  createdAt: string;
}

export interface PublicStation extends Station {
  center: { id: string; name: string; address: string | null; phone: string | null; longitude: number | null; latitude: number | null };
  guides: { id: string; name: string; department: string }[];
}

export interface CertificateRequest {
  id: string;
  stationId: string | null;
  stationName: string;
  centerId: string;
  kind: string;
  name: string;
  phone: string;
  note: string | null;
  status: 'submitted' | 'accepted' | 'completed';
  statusLabel: string;
  handledBy: string | null;
  createdAt: string;
}

/** "850 米", "3.2 公里". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${metres} 米` : `${(metres / 1000).toFixed(1)} 公里`;
}

/** Amap's public marker page: opens the Amap app on a phone for turn-by-turn directions (GCJ-02, as stored). */
export function navigationUrl(point: { longitude: number; latitude: number; name: string }): string {
  return `https://uri.amap.com/marker?position=${point.longitude},${point.latitude}&name=${encodeURIComponent(point.name)}&src=onedoor&coordinate=gaode&callnative=1`;
}

/** The /map link that sorts by a given point (a station's attached center). */
export function mapLinkFrom(centerId: string, itemId?: string): string {
  return `/map?from=${encodeURIComponent(centerId)}${itemId ? `&item=${encodeURIComponent(itemId)}` : ''}`;
}
