import Type from 'typebox';
import { roleNames } from '../../platform/auth.ts';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';

export const RoleName = Type.Enum([...roleNames], { description: '角色' });

export const RoleGrant = Type.Object(
  {
    role: RoleName,
    centerId: Type.Optional(Nullable(Id)),
    departmentId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false, description: '角色及其范围：中心（含下级）或中心内的部门；都不填为全局' },
);

export const RoleGrantView = Type.Object({ role: RoleName, centerId: Nullable(Id), departmentId: Nullable(Id) });

export const User = Type.Object({
  id: Id,
  username: Type.String(),
  name: Type.String(),
  disabled: Type.Boolean(),
  roles: Type.Array(RoleGrantView),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Login = Type.Object({ username: Text(64), password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const LoginResult = Type.Object({ token: Type.String(), user: User });

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$', description: '字母、数字、下划线、点或连字符' });

export const CreateUser = Type.Object(
  { username: Username, password: Type.String({ minLength: 1, maxLength: 128 }), name: Text(50), roles: Type.Array(RoleGrant, { maxItems: 50 }) },
  { additionalProperties: false },
);
export const UpdateUser = Type.Object(
  { name: Type.Optional(Text(50)), disabled: Type.Optional(Type.Boolean()), roles: Type.Optional(Type.Array(RoleGrant, { maxItems: 50 })) },
  { additionalProperties: false },
);
export const ResetPassword = Type.Object({ password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false });
export const ChangePassword = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const UserListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), role: Type.Optional(RoleName), centerId: Type.Optional(Id), ...PageQuery });
