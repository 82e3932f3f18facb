import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';

const Delivery = Type.Union([Type.Literal('window'), Type.Literal('post'), Type.Literal('electronic')], { description: 'window 窗口领取 / post 邮寄 / electronic 电子送达' });
const ApplicationStatus = Type.Union([Type.Literal('pending'), Type.Literal('returned'), Type.Literal('passed')]);
const Direction = Type.Union([Type.Literal('inbound'), Type.Literal('outbound')], { description: 'inbound 申请人寄交原件 / outbound 中心寄出结果' });
const Address = Type.String({ minLength: 1, maxLength: 200 });

export const File = Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), typeLabel: Type.String(), size: Type.Integer(), sha256: Type.String(), createdAt: Type.String() });

const Upload = Type.Object({ materialId: Id, fileId: Id });

export const SubmitApplication = Type.Object({
  itemId: Id,
  centerId: Type.Optional(Id),
  optionIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: '所选情形的选项' })),
  delivery: Delivery,
  deliveryAddress: Type.Optional(Address),
  materials: Type.Array(Upload, { maxItems: 100 }),
});

export const PassApplication = Type.Object({
  notReceived: Type.Optional(Type.Array(Id, { maxItems: 100, description: '上传件不能代替、办件中记为缺少的材料（随后一次性告知）' })),
});

export const Resubmit = Type.Object({ materials: Type.Array(Upload, { minItems: 1, maxItems: 100 }) });

export const ReturnApplication = Type.Object({
  reasons: Type.Array(Type.Object({ materialId: Id, reason: Text(200) }), { minItems: 1, maxItems: 100 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const Application = Type.Object({
  id: Type.String(),
  centerId: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  optionIds: Type.Array(Type.String()),
  applicantName: Type.String(),
  delivery: Delivery,
  deliveryLabel: Type.String(),
  deliveryAddress: Nullable(Type.String()),
  status: ApplicationStatus,
  statusLabel: Type.String(),
  returnNote: Nullable(Type.String()),
  submittedAt: Type.String(),
  reviewedAt: Nullable(Type.String()),
  materials: Type.Array(Type.Object({ materialId: Type.String(), name: Type.String(), required: Type.Boolean(), file: Nullable(File), returnReason: Nullable(Type.String()) })),
  case: Nullable(
    Type.Object({
      id: Type.String(),
      caseNo: Type.String(),
      status: Type.String(),
      statusLabel: Type.String(),
      missing: Type.Array(Type.Object({ materialId: Type.String(), name: Type.String() })),
    }),
  ),
});

export const ApplicationQuery = Type.Object({ status: Type.Optional(ApplicationStatus), ...PageQuery });

export const Supply = Upload;
export const Supplement = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  materialId: Type.String(),
  materialName: Type.String(),
  file: File,
  confirmed: Type.Boolean(),
  confirmedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const SupplementParams = Type.Object({ id: Id, supplementId: Id });

export const AddShipment = Type.Object({ direction: Direction, courier: Text(30), trackingNo: Text(40), address: Type.Optional(Address) });
export const Shipment = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  direction: Direction,
  directionLabel: Type.String(),
  courier: Type.String(),
  trackingNo: Type.String(),
  address: Nullable(Type.String()),
  enteredBy: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const RemoteFacts = Type.Object({
  applicationId: Nullable(Type.String()),
  delivery: Nullable(Delivery),
  deliveryAddress: Nullable(Type.String()),
  supplements: Type.Array(Supplement),
  shipments: Type.Array(Shipment),
});
