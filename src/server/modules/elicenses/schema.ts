import Type from 'typebox';
import { Day, Id, Nullable, Text } from '../../platform/schemas.ts';
import { holderKinds, licenceStatuses } from './rules.ts';

const HolderKind = Type.Enum([...holderKinds], { description: 'person 个人（身份证号码）· company 企业（统一社会信用代码）' });

export const Holder = Type.Object(
  {
    kind: HolderKind,
    idNumber: Type.Optional(Type.String({ maxLength: 18, description: '个人：18 位身份证号码' })),
    creditCode: Type.Optional(Type.String({ maxLength: 18, description: '企业：18 位统一社会信用代码' })),
  },
  { additionalProperties: false },
);

export const Licence = Type.Object({
  id: Id,
  holderKind: HolderKind,
  holderName: Type.String({ description: '持证人（脱敏）' }),
  licenceType: Type.String({ description: '证照名称，与事项材料名称对应' }),
  licenceNo: Type.String({ description: '证照编号（脱敏）' }),
  issuer: Type.String(),
  issuedOn: Type.String(),
  validUntil: Nullable(Type.String({ description: '有效期至；null 为长期有效' })),
  status: Type.Enum([...licenceStatuses]),
  statusLabel: Type.String(),
  sourceCaseId: Nullable(Id),
});

export const StaffLookup = Type.Object(
  {
    centerId: Id,
    holder: Holder,
    applicantAgreed: Type.Boolean({ description: '窗口确认“申请人已同意调用电子证照”；未同意不能调用' }),
  },
  { additionalProperties: false },
);

export const PersonalCodeLookup = Type.Object(
  { centerId: Id, code: Type.String({ minLength: 1, maxLength: 500, description: '申请人出示的个人码（亮码即同意调用电子证照）' }) },
  { additionalProperties: false },
);

export const HolderLicences = Type.Object({ consent: Type.Enum(['personal_code', 'applicant_agreed']), licences: Type.Array(Licence) });

export const ScannedHolderLicences = Type.Object({
  person: Type.Object({ citizenId: Id, name: Type.String(), idNumber: Type.String(), phone: Type.String() }),
  consent: Type.Literal('personal_code'),
  licences: Type.Array(Licence),
});

export const RegisterLicence = Type.Object(
  {
    holder: Holder,
    holderName: Text(100),
    licenceType: Text(100),
    licenceNo: Text(64),
    issuer: Text(100),
    issuedOn: Day('发证日期'),
    validUntil: Type.Optional(Nullable(Day('有效期至；不填为长期有效'))),
  },
  { additionalProperties: false },
);

export const Revoke = Type.Object({ reason: Text(200) }, { additionalProperties: false });

export const ItemResult = Type.Object({
  itemId: Id,
  itemName: Type.String(),
  licenceType: Type.String(),
  validYears: Nullable(Type.Integer()),
});

export const SetItemResult = Type.Object(
  {
    licenceType: Text(100, { description: '准予后发放的证照名称' }),
    validYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: '有效年限；不填为长期有效' })),
  },
  { additionalProperties: false },
);

export const ItemParams = Type.Object({ itemId: Id });
