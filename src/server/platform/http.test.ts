import { describe, expect, it } from 'vitest';
import { describeIssue } from './http.ts';

const issue = (keyword: string, instancePath = '/name', params: Record<string, unknown> = {}) => ({ keyword, instancePath, params });

describe('describeIssue', () => {
  it.each([
    [issue('required', '', { missingProperty: 'name' }), 'body', '缺少请求体字段「name」'],
    [issue('required', '/roles/0', { missingProperty: 'role' }), 'body', '缺少请求体字段「roles.0.role」'],
    [issue('type', '/number', { type: 'integer' }), 'body', '请求体字段「number」类型错误，应为整数'],
    [issue('type', '/name', { type: 'string' }), 'body', '请求体字段「name」类型错误，应为文本'],
    [issue('type', '/x', { type: 'number' }), 'body', '请求体字段「x」类型错误，应为数字'],
    [issue('type', '/x', { type: 'boolean' }), 'body', '请求体字段「x」类型错误，应为布尔值'],
    [issue('type', '/x', { type: 'object' }), 'body', '请求体字段「x」类型错误，应为对象'],
    [issue('type', '/x', { type: 'array' }), 'body', '请求体字段「x」类型错误，应为数组'],
    [issue('type', '/x', { type: 'null' }), 'body', '请求体字段「x」类型错误，应为空值'],
    [issue('type', '/x', { type: 'date' }), 'body', '请求体字段「x」类型错误，应为date'],
    [issue('type', '', { type: 'object' }), 'body', '请求体类型错误，应为对象'],
    [issue('minLength', '/name', { limit: 1 }), 'body', '请求体字段「name」不能为空'],
    [issue('minLength', '/username', { limit: 2 }), 'body', '请求体字段「username」至少 2 个字符'],
    [issue('maxLength', '/name', { limit: 50 }), 'body', '请求体字段「name」最多 50 个字符'],
    [issue('minimum', '/page', { limit: 1 }), 'querystring', '查询参数字段「page」不能小于 1'],
    [issue('exclusiveMinimum', '/score', { limit: 0 }), 'body', '请求体字段「score」不能小于 0'],
    [issue('maximum', '/pageSize', { limit: 200 }), 'querystring', '查询参数字段「pageSize」不能大于 200'],
    [issue('exclusiveMaximum', '/score', { limit: 6 }), 'body', '请求体字段「score」不能大于 6'],
    [issue('minItems', '/days', { limit: 1 }), 'body', '请求体字段「days」至少 1 项'],
    [issue('maxItems', '/roles', { limit: 50 }), 'body', '请求体字段「roles」最多 50 项'],
    [issue('enum', '/level', { allowedValues: ['city'] }), 'body', '请求体字段「level」取值不在允许范围内'],
    [issue('const', '/kind'), 'body', '请求体字段「kind」取值不在允许范围内'],
    [issue('anyOf', '/parentId'), 'body', '请求体字段「parentId」取值不在允许范围内'],
    [issue('oneOf', '/applicant'), 'body', '请求体字段「applicant」取值不在允许范围内'],
    [issue('pattern', '/username', { pattern: '^[a-z]+$' }), 'body', '请求体字段「username」格式不正确'],
    [issue('format', '/from', { format: 'date-time' }), 'querystring', '查询参数字段「from」格式不正确'],
    [issue('additionalProperties', '', { additionalProperty: 'extra' }), 'body', '请求体含有不允许的字段「extra」'],
    [issue('uniqueItems', '/days'), 'body', '请求体字段「days」不合法'],
    [issue('type', '/id', { type: 'string' }), 'params', '路径参数字段「id」类型错误，应为文本'],
    [issue('required', '', { missingProperty: 'x-key' }), 'headers', '缺少请求头字段「x-key」'],
    [issue('required', '', { missingProperty: 'a' }), 'cookies', '缺少cookies字段「a」'],
  ])('%o in %s → %s', (ajvIssue, context, message) => {
    expect(describeIssue(ajvIssue, context)).toBe(message);
  });
});
