import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorBody } from './errors.ts';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue, context: string): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = issue.keyword === 'required' ? String(issue.params.missingProperty ?? '') : '';
  const where = [path, missing].filter(Boolean).join('.');
  const part = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' }[context] ?? context;
  return where ? `${part}字段「${where}」` : part;
}

/** One ajv issue in plain Chinese. */
export function describeIssue(issue: AjvIssue, context: string): string {
  const field = fieldOf(issue, context);
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `缺少${field}`;
    case 'type':
      return `${field}类型错误，应为${{ string: '文本', integer: '整数', number: '数字', boolean: '布尔值', object: '对象', array: '数组', null: '空值' }[String(p.type)] ?? String(p.type)}`;
    case 'minLength':
      return Number(p.limit) === 1 ? `${field}不能为空` : `${field}至少 ${String(p.limit)} 个字符`;
    case 'maxLength':
      return `${field}最多 ${String(p.limit)} 个字符`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${field}不能小于 ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${field}不能大于 ${String(p.limit)}`;
    case 'minItems':
      return `${field}至少 ${String(p.limit)} 项`;
    case 'maxItems':
      return `${field}最多 ${String(p.limit)} 项`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return `${field}取值不在允许范围内`;
    case 'pattern':
    case 'format':
      return `${field}格式不正确`;
    case 'additionalProperties':
      return `${field}含有不允许的字段「${String(p.additionalProperty)}」`;
    default:
      return `${field}不合法`;
  }
}

const pgErrors: Record<string, [number, string, string]> = {
  '23505': [409, 'CONFLICT', '记录已存在，与现有数据冲突'],
  '23503': [400, 'INVALID_REFERENCE', '引用的记录不存在'],
  '23514': [400, 'VALIDATION_ERROR', '数据不符合约束'],
  '23502': [400, 'VALIDATION_ERROR', '缺少必填数据'],
  '22001': [400, 'VALIDATION_ERROR', '文本过长'],
  '22003': [400, 'VALIDATION_ERROR', '数值超出范围'],
  '22007': [400, 'VALIDATION_ERROR', '日期时间格式不正确'],
  '22008': [400, 'VALIDATION_ERROR', '日期时间超出范围'],
  '22P02': [400, 'VALIDATION_ERROR', '参数格式不正确'],
  '22021': [400, 'VALIDATION_ERROR', '文本含有无效字符'],
  '54000': [400, 'VALIDATION_ERROR', '参数过大'],
};

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).send(body);
}

/** Every failure leaves in the error shape of API.md; only a fault of ours is a 5xx. */
export function installErrorHandling(app: FastifyInstance): void {
  // JSON only: Fastify would also parse text/plain into a string, answered with a misleading "body must be
  // an object" (or silently accepted where no body is expected); like any other type it gets 415.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: FastifyError & { validationContext?: string; validation?: AjvIssue[] }, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return send(reply, error.statusCode, { error: { code: error.code, message: error.message, details: error.details } });
    }
    if (error.validation) {
      const context = error.validationContext ?? 'body';
      const issues = error.validation.map((issue) => ({ field: issue.instancePath || undefined, keyword: issue.keyword, message: describeIssue(issue, context) }));
      return send(reply, 400, { error: { code: 'VALIDATION_ERROR', message: issues.map((i) => i.message).join('；'), details: issues } });
    }
    const pgCode = (error as { code?: string }).code;
    if (pgCode && pgErrors[pgCode]) {
      const [status, code, message] = pgErrors[pgCode];
      request.log.info({ pgCode, detail: (error as { detail?: string }).detail }, 'database refused a write');
      return send(reply, status, { error: { code, message } });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, { error: { code: 'INVALID_JSON', message: '请求体不是合法的 JSON' } });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' } });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型，请使用 application/json' } });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, { error: { code: 'INVALID_CONTENT_LENGTH', message: '请求长度与内容不符' } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, { error: { code: 'BAD_REQUEST', message: '请求无法处理' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, { error: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试' } });
  });

  // ajv's type coercion turns a query or path value like "Infinity" or "1e400" into Infinity and lets it
  // past minimum and maximum (it would reach the handlers and, say, a page number); no field takes one.
  app.addHook('preHandler', async (request) => {
    for (const [context, values] of [['querystring', request.query], ['params', request.params]] as const) {
      for (const [field, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if ([value].flat().some((v) => typeof v === 'number' && !Number.isFinite(v))) {
          const message = describeIssue({ keyword: 'type', instancePath: `/${field}`, params: { type: 'number' } }, context);
          throw new AppError(400, 'VALIDATION_ERROR', message, [{ field: `/${field}`, keyword: 'type', message }]);
        }
      }
    }
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, { error: { code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0]}` } }),
  );
}

/** Standard error responses for the OpenAPI document. */
export const errorResponseSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
