import Type from 'typebox';
import { Id, Nullable } from '../../platform/schemas.ts';
import { codeScanPurposes } from './rules.ts';

const Phone = Type.String({ minLength: 1, maxLength: 20, description: '手机号码' });

export const SendCode = Type.Object({ phone: Phone }, { additionalProperties: false });
export const CodeSent = Type.Object({ expiresAt: Type.String({ format: 'date-time' }), resendAfterSeconds: Type.Integer() });

export const SignIn = Type.Object({ phone: Phone, code: Type.String({ minLength: 1, maxLength: 10, description: '短信验证码' }) }, { additionalProperties: false });

export const Citizen = Type.Object({
  id: Id,
  phone: Type.String({ description: '手机号（脱敏）' }),
  realName: Type.Boolean({ description: '是否已实名认证' }),
  name: Nullable(Type.String({ description: '姓名（脱敏）' })),
  idNumber: Nullable(Type.String({ description: '身份证号码（脱敏）' })),
});

export const Session = Type.Object({ token: Type.String(), citizen: Citizen });

export const RealName = Type.Object(
  { idNumber: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 30 }) },
  { additionalProperties: false },
);

export const PersonalCode = Type.Object({
  code: Type.String({ description: '二维码内容' }),
  expiresAt: Type.String({ format: 'date-time' }),
  validSeconds: Type.Integer(),
});

export const ScanCode = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 300 }),
    purpose: Type.Enum([...codeScanPurposes], { description: 'kiosk 取号 · window 窗口核验 · terminal 自助终端 · locker 智能柜' }),
  },
  { additionalProperties: false },
);

export const ScannedPerson = Type.Object({
  citizenId: Id,
  name: Type.String({ description: '窗口人员看到全名（留痕），设备看到脱敏姓名' }),
  idNumber: Type.String(),
  phone: Type.String(),
  masked: Type.Boolean(),
});
