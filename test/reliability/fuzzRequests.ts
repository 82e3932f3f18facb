import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  description?: string;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** A request as app.inject takes it; the payload is sent as given (a string is not re-encoded). */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const hugeLength = 100 * 1024;

/** Strings that have broken servers before: injections, NUL bytes, odd unicode, impossible dates, huge text. */
const nastyStrings = [
  '',
  ' ',
  "' OR 1=1 --",
  "'; DROP TABLE tickets; --",
  '"; DROP TABLE cases; --',
  '1; SELECT pg_sleep(10)',
  '\u0000',
  'a\u0000b',
  '%00',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202E反转',
  '𠮷野家🙂👨‍👩‍👧',
  'Ä\u0308',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '%s%s%n',
  '\\',
  '\r\n\r\nX-Injected: 1',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e308',
  '9007199254740993',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '2026-11-24T25:61:61Z',
  '-infinity',
  '110105194912310021',
  '11010519491231002X',
  '13800000000',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
  'constructor',
  'a'.repeat(hugeLength),
  '中'.repeat(hugeLength / 3),
  '\u0000'.repeat(1000),
];

const nastyNumbers = [1e308, -1e308, -1, 0, -0, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), Number.MIN_VALUE, 1e-308, 99_999_999_999];

/** Anything that is not what a field expects: odd strings and numbers, booleans, null, arrays and objects, deep nesting. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...nastyNumbers) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], { '': '' }, JSON.parse('{"__proto__":{"admin":true}}') as unknown) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 2000 }).map(deepNesting) },
);

function deepNesting(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const datePattern = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;
const monthPattern = /\\d\{4\}-\\d\{2\}\$/;

/** A plausible value of the right kind (a real id for an id field), to get past the schema and into the handlers. */
function plausibleString(schema: JsonSchema, name: string, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (schema.pattern && datePattern.test(schema.pattern)) return fc.constantFrom('2026-11-24', '2026-02-30', '2026-13-01', '1900-01-01', '2999-12-31', '2026-11-30');
  if (schema.pattern && monthPattern.test(schema.pattern)) return fc.constantFrom('2026-11', '2026-13', '0000-00', '2026-02');
  if (schema.format === 'date-time') return fc.constantFrom('2026-11-24T10:00:00+08:00', '2026-02-30T00:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z');
  if (schema.format === 'date') return fc.constantFrom('2026-11-24', '2026-02-30', '9999-12-31');
  if (/id$/i.test(name) || /ID/.test(schema.description ?? '')) return fc.oneof(ids, fc.string({ minLength: 1, maxLength: 64 }));
  if (/phone|contact/i.test(name)) return fc.constantFrom('13800138000', '1380013800', '+8613800138000', '02088888888');
  if (/idNumber/i.test(name)) return fc.constantFrom('11010519491231002X', '110105194912310021', '441900198506123410', '11010519491231002x');
  if (/creditCode/i.test(name)) return fc.constantFrom('91350100M000100Y43', '91350100M000100Y44', 'ABCDEFGHIJKLMNOPQR');
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 30, minLength + 30);
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
}

function plausibleNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1000;
  const max = schema.maximum ?? 100_000;
  const inRange = integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : fc.double({ min, max, noNaN: true });
  const edges = [min - 1, min, max, max + 1].filter(Number.isFinite);
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/**
 * A value for a schema: mostly plausible (so some requests pass validation and reach the service), sometimes
 * wrong at any depth, with required fields dropped and unknown fields added.
 */
export function valueFor(schema: JsonSchema | undefined, ids: fc.Arbitrary<string>, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return nastyValue;
  return fc.oneof({ weight: 5, arbitrary: plausibleValue(schema, ids, name, depth) }, { weight: 1, arbitrary: nastyValue });
}

function plausibleValue(schema: JsonSchema, ids: fc.Arbitrary<string>, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((branch) => valueFor(branch, ids, name, depth + 1)));
  if (schema.allOf?.length) return valueFor(Object.assign({}, ...schema.allOf) as JsonSchema, ids, name, depth + 1);
  const kinds = types(schema);
  if (!kinds.length) return nastyValue;
  return fc.oneof(
    ...kinds.map((kind): fc.Arbitrary<unknown> => {
      switch (kind) {
        case 'string':
          return plausibleString(schema, name, ids);
        case 'integer':
          return plausibleNumber(schema, true);
        case 'number':
          return plausibleNumber(schema, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(valueFor(schema.items, ids, name, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 6) });
        case 'object':
          return objectFor(schema, ids, depth);
        default:
          return nastyValue;
      }
    }),
  );
}

function objectFor(schema: JsonSchema, ids: fc.Arbitrary<string>, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, field]) =>
    // A required field is left out one time in eight; an optional one is present half the time.
    fc.tuple(fc.constant(key), fc.double({ min: 0, max: 1, noNaN: true }), valueFor(field, ids, key, depth + 1)).map(([k, roll, value]) =>
      roll < (required.has(k) ? 0.875 : 0.5) ? ([[k, value]] as [string, unknown][]) : [],
    ),
  );
  const extras = fc.oneof({ weight: 4, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.string({ maxLength: 20 }), nastyValue), { maxLength: 3 }) });
  return fc.tuple(fc.tuple(...fields), extras).map(([present, extra]) => Object.fromEntries([...present.flat(), ...extra]));
}

/** Percent-encodes a value for a URL; a lone surrogate (not encodable) goes as raw invalid UTF-8 escapes. */
function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80' + encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''));
  }
}

/** Query parameters as a string: arrays repeat the key, objects use bracket keys, plus stray and malformed pairs. */
function queryString(parameters: Parameter[], ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const known = parameters
    .filter((p) => p.in === 'query')
    .map((p) =>
      fc.option(valueFor(p.schema, ids, p.name), { freq: 2, nil: undefined }).map((value) => {
        if (value === undefined) return [];
        if (Array.isArray(value)) return value.map((v) => `${encode(p.name)}=${encode(v)}`);
        if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${encode(p.name)}[${encode(k)}]=${encode(v)}`);
        return [`${encode(p.name)}=${encode(value)}`];
      }),
    );
  const stray = fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.string({ maxLength: 10 }), nastyValue).map(([k, v]) => `${encode(k)}=${encode(v)}`), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(['%zz=1'], ['a=%E0%A4%A'], ['=&&=='], ['page=1&page=2'], [`q=${'%00'.repeat(100)}`], ['__proto__[x]=1']) },
  );
  return fc.tuple(fc.tuple(...known), stray).map(([pairs, extra]) => [...pairs.flat(), ...extra].join('&'));
}

/** The path with each `{name}` filled: a real id, a bad id, or anything at all. */
function pathFor(operation: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const schemaOf = (name: string) => operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
  const values = names.map((name) => fc.oneof({ weight: 2, arbitrary: ids }, { weight: 2, arbitrary: valueFor(schemaOf(name), ids, name) }, { weight: 3, arbitrary: nastyValue }));
  return fc.tuple(...values).map((filled) => names.reduce((path, name, i) => path.replace(`{${name}}`, encode(filled[i])), operation.path));
}

/** Bodies that never reach a schema: broken JSON, other content types, empty bodies. */
const brokenBody: fc.Arbitrary<{ payload: string; contentType?: string }> = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '{"a":"\u0000"}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '[]', '""', '0', 'true').map((payload) => ({ payload, contentType: 'application/json' })),
  fc.constant({ payload: '['.repeat(100_000), contentType: 'application/json' }),
  fc.constant({ payload: '', contentType: 'application/json' }),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/octet-stream', 'application/json-patch+json').map((contentType) => ({ payload: 'a=1&b=%00', contentType })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((payload) => ({ payload })),
);

/**
 * Requests for one operation: `credential` set means the request carries it; otherwise it carries nothing or
 * a bogus Authorization header.
 */
export function requestsFor(operation: Operation, ids: fc.Arbitrary<string>, credential: string | undefined): fc.Arbitrary<FuzzRequest> {
  const sendsBody = !['GET', 'HEAD', 'DELETE'].includes(operation.method);
  const jsonBody = valueFor(operation.body ?? { type: 'object' }, ids).map((value) => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' as string | undefined }));
  const body = sendsBody
    ? fc.oneof({ weight: 6, arbitrary: jsonBody }, { weight: 2, arbitrary: brokenBody }, { weight: 1, arbitrary: fc.constant(undefined) })
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: jsonBody }, { weight: 1, arbitrary: brokenBody });
  const authorization = credential
    ? fc.constant(`Bearer ${credential}`)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(hugeLength)}`, "Bearer ' OR 1=1 --", 'Bearer dev_x', 'Bearer cit_x', 'Bearer odk_x') },
        { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`) },
      );
  return fc.tuple(pathFor(operation, ids), queryString(operation.parameters, ids), body, authorization).map(([path, query, sent, auth]) => ({
    method: operation.method,
    url: query ? `${path}?${query}` : path,
    headers: { ...(auth !== undefined && { authorization: auth }), ...(sent?.contentType && { 'content-type': sent.contentType }) },
    ...(sent && { payload: sent.payload }),
  }));
}

/** A request as text to paste into a reproduction; strings over 200 characters are shown as their start and length. */
export function describeRequest(request: FuzzRequest): string {
  return JSON.stringify(request, (_key, value: unknown) => (typeof value === 'string' && value.length > 200 ? `${value.slice(0, 60)}…<${value.length} chars: ${JSON.stringify(value.slice(0, 3))}…>` : value), 2);
}
