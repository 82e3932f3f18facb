import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { OpeningRule } from '../org/schema.ts';
import { certificateStatuses, chinaBounds, stationKinds } from './rules.ts';

const CenterLevel = Type.Enum(['province', 'city', 'district', 'town', 'village']);
const Longitude = Type.Number({ minimum: chinaBounds.minLng, maximum: chinaBounds.maxLng, description: '经度（GCJ-02，高德、腾讯地图所用）' });
const Latitude = Type.Number({ minimum: chinaBounds.minLat, maximum: chinaBounds.maxLat, description: '纬度（GCJ-02）' });

export const SetLocation = Type.Object(
  {
    longitude: Nullable(Longitude),
    latitude: Nullable(Latitude),
    kindLabel: Type.Optional(Nullable(Type.String({ maxLength: 30, description: '政务服务中心、便民服务站、银行网点自助点…' }))),
    contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    transportNote: Type.Optional(Nullable(Type.String({ maxLength: 200, description: '公交、地铁、停车' }))),
  },
  { additionalProperties: false },
);

export const PointLocation = Type.Object({
  centerId: Id,
  longitude: Nullable(Type.Number()),
  latitude: Nullable(Type.Number()),
  kindLabel: Type.String(),
  contactPhone: Nullable(Type.String()),
  transportNote: Nullable(Type.String()),
});

export const ServicePointQuery = Type.Object({
  itemId: Type.Optional(Id),
  near: Type.Optional(Type.String({ maxLength: 60, description: '“经度,纬度”：按距离由近到远排列' })),
  coord: Type.Optional(Type.Enum(['gcj02', 'wgs84'], { description: 'near 的坐标系：手机定位为 wgs84，默认 gcj02' })),
  level: Type.Optional(CenterLevel),
  q: Type.Optional(Type.String({ maxLength: 50, description: '名称或地址中的词' })),
  ...PageQuery,
});

export const ServicePoint = Type.Object({
  id: Id,
  name: Type.String(),
  level: CenterLevel,
  kindLabel: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  transportNote: Nullable(Type.String()),
  longitude: Nullable(Type.Number()),
  latitude: Nullable(Type.Number()),
  openingHours: Type.Array(OpeningRule),
  openNow: Type.Boolean(),
  itemCount: Type.Integer({ description: '在此办理的事项数' }),
  offersItem: Nullable(Type.Boolean({ description: '是否可办 itemId（未指定为 null）' })),
  terminalCount: Type.Integer({ description: '取号机与自助终端数' }),
  waiting: Type.Integer({ description: '当前排队等候人数' }),
  distanceMetres: Nullable(Type.Integer()),
});

export const ServicePointPage = Type.Object({
  items: Type.Array(ServicePoint),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  near: Nullable(Type.Object({ longitude: Type.Number(), latitude: Type.Number() }, { description: '排序所用的位置（GCJ-02）' })),
});

const StationKind = Type.Enum([...stationKinds], { description: 'company 企业 · park 园区 · community 社区' });
const Video = Type.Object({ title: Text(60), url: Type.String({ minLength: 8, maxLength: 500, description: 'https 链接' }) }, { additionalProperties: false });

const stationFields = {
  centerId: Id,
  name: Text(60),
  kind: StationKind,
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  guideItemIds: Type.Optional(Type.Array(Id, { maxItems: 30, description: '明白卡：事项 ID' })),
  videos: Type.Optional(Type.Array(Video, { maxItems: 20 })),
};

export const CreateStation = Type.Object(stationFields, { additionalProperties: false });
export const UpdateStation = Type.Partial(Type.Object(stationFields), { additionalProperties: false });

export const Station = Type.Object({
  id: Id,
  centerId: Id,
  centerName: Type.String(),
  name: Type.String(),
  kind: StationKind,
  kindLabel: Type.String(),
  address: Nullable(Type.String()),
  guideItemIds: Type.Array(Id),
  videos: Type.Array(Type.Object({ title: Type.String(), url: Type.String() })),
  certificateKinds: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PublicStation = Type.Object({
  ...Station.properties,
  center: Type.Object({ id: Id, name: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()), longitude: Nullable(Type.Number()), latitude: Nullable(Type.Number()) }),
  guides: Type.Array(Type.Object({ id: Id, name: Type.String(), department: Type.String() })),
});

export const StationQuery = Type.Object({ centerId: Type.Optional(Id), ...PageQuery });

export const SubmitCertificate = Type.Object(
  {
    kind: Text(30),
    name: Text(30),
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const CertificateStatus = Type.Enum([...certificateStatuses], { description: 'submitted 待受理 · accepted 已受理 · completed 已办结' });

export const CertificateReceipt = Type.Object({ id: Id, status: CertificateStatus, statusLabel: Type.String() });

export const CertificateRequest = Type.Object({
  id: Id,
  stationId: Nullable(Id),
  stationName: Type.String(),
  centerId: Id,
  kind: Type.String(),
  name: Type.String({ description: '脱敏' }),
  phone: Type.String({ description: '脱敏' }),
  note: Nullable(Type.String()),
  status: CertificateStatus,
  statusLabel: Type.String(),
  handledBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CertificateQuery = Type.Object({ status: Type.Optional(CertificateStatus), ...PageQuery });
export const MoveCertificate = Type.Object({ status: Type.Enum(['accepted', 'completed']) }, { additionalProperties: false });
