import Type, { type TSchema } from 'typebox';

/** Building blocks shared by every module's request and response schemas. */

export const Id = Type.String({ minLength: 1, maxLength: 64, description: '不透明的 ID' });
export const IdParams = Type.Object({ id: Id });

/**
 * A value or null. Null comes first: with type coercion on, ajv would otherwise turn a null sent to clear a
 * text field into "" (the first branch, a string, accepts it after coercion).
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

/** A short single-line text: names, reasons, labels. */
export const Text = (maxLength = 100, options: Record<string, unknown> = {}) => Type.String({ minLength: 1, maxLength, ...options });

/** A calendar day, 'YYYY-MM-DD' in Asia/Shanghai; the `date` format also refuses days that do not exist (2026-02-30). */
export const Day = (description = 'YYYY-MM-DD（北京时间）', options: Record<string, unknown> = {}) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description, ...options });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) },
  { $id: 'ErrorBody', description: '错误' },
);

const errorRef = Type.Ref('ErrorBody');

/** Error responses a route may give, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorRef]));
}

export const Ok = Type.Object({ ok: Type.Literal(true) });
