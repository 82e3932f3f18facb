import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTsvector, SearchIndex, type IndexedItem } from './searchIndex.ts';

const item = (id: string, over: Partial<IndexedItem> = {}): IndexedItem => ({
  id,
  code: id,
  name: `事项${id}`,
  keywords: [],
  status: 'published',
  departmentId: 'd1',
  audience: ['person'],
  online: false,
  terminal: false,
  type: '行政许可',
  centerIds: ['c1'],
  ...over,
});
const tokens = (entries: [string, number][]) => new Map(entries);
const query = (t: string[], prefixes: string[] = [], phrase = '') => ({ tokens: t, prefixes, phrase });

describe('parseTsvector', () => {
  it('reads each token with its best weight; no letter means D', () => {
    expect(parseTsvector(`'sfz':3A,9C '居民身份证':1A 'ab''c':2B 'x\\\\y':4 '材料':5C,6`)).toEqual(
      new Map([
        ['sfz', 0],
        ['居民身份证', 0],
        ["ab'c", 1],
        ['x\\y', 3],
        ['材料', 2],
      ]),
    );
  });
  it('reads an empty vector as no tokens', () => expect(parseTsvector('').size).toBe(0));
});

describe('SearchIndex', () => {
  it('ranks a name match above keyword, material and FAQ matches, and shorter names first on a tie', () => {
    const index = new SearchIndex();
    index.upsert(item('faq'), tokens([['户口', 3]]));
    index.upsert(item('name-long', { name: '户口迁移登记（跨省）' }), tokens([['户口', 0]]));
    index.upsert(item('material'), tokens([['户口', 2]]));
    index.upsert(item('name', { name: '户口迁移' }), tokens([['户口', 0]]));
    index.upsert(item('keyword'), tokens([['户口', 1]]));
    expect(index.search(query(['户口']), {}, 0, 10)).toEqual({ ids: ['name', 'name-long', 'keyword', 'material', 'faq'], total: 5 });
  });

  it('adds the weights of every token matched and a bonus when the name holds the phrase', () => {
    const index = new SearchIndex();
    index.upsert(item('one', { name: '出生医学证明' }), tokens([['出生', 0]]));
    index.upsert(item('two', { name: '出生登记' }), tokens([['出生', 0], ['登记', 0]]));
    index.upsert(item('phrase', { name: '新生儿出生登记办理' }), tokens([['出生', 3]]));
    expect(index.search(query(['出生', '登记'], [], '出生登记'), {}, 0, 10).ids).toEqual(['two', 'phrase', 'one']);
  });

  it('puts the item whose code is the query first', () => {
    const index = new SearchIndex();
    index.upsert(item('short', { code: 'GD-0010', name: '甲' }), tokens([['gd', 0], ['0010', 0]]));
    index.upsert(item('exact', { code: 'GD-0001', name: '很长的事项名称' }), tokens([['gd', 0], ['0001', 0]]));
    expect(index.search(query([], ['gd', '00'], 'gd-0001'), {}, 0, 10).ids[0]).toBe('exact');
  });

  it('matches prefixes against every token that starts with them, counting an item once', () => {
    const index = new SearchIndex();
    index.upsert(item('a'), tokens([['sfz', 0], ['sfzm', 0]]));
    index.upsert(item('b'), tokens([['sfzbl', 1]]));
    index.upsert(item('c'), tokens([['sf', 0]]));
    expect(index.search(query([], ['sfz']), {}, 0, 10)).toEqual({ ids: ['a', 'b'], total: 2 });
  });

  it('filters by center, department, audience, online, terminal, type and status', () => {
    const index = new SearchIndex();
    index.upsert(item('plain'), tokens([['证', 0]]));
    index.upsert(item('town', { centerIds: ['c2'] }), tokens([['证', 0]]));
    index.upsert(item('dept', { departmentId: 'd2' }), tokens([['证', 0]]));
    index.upsert(item('company', { audience: ['company'] }), tokens([['证', 0]]));
    index.upsert(item('online', { online: true }), tokens([['证', 0]]));
    index.upsert(item('terminal', { terminal: true }), tokens([['证', 0]]));
    index.upsert(item('type', { type: '公共服务' }), tokens([['证', 0]]));
    index.upsert(item('withdrawn', { status: 'withdrawn' }), tokens([['证', 0]]));
    const ids = (filter: object) => index.search(query(['证']), filter, 0, 10).ids.sort();
    expect(ids({})).not.toContain('withdrawn');
    expect(ids({ includeWithdrawn: true })).toContain('withdrawn');
    expect(ids({ centerId: 'c2' })).toEqual(['town']);
    expect(ids({ departmentId: 'd2' })).toEqual(['dept']);
    expect(ids({ audience: 'company' })).toEqual(['company']);
    expect(ids({ online: true })).toEqual(['online']);
    expect(ids({ terminal: true })).toEqual(['terminal']);
    expect(ids({ terminal: false })).not.toContain('terminal');
    expect(ids({ type: '公共服务' })).toEqual(['type']);
  });

  it('lists by code without a query, and pages', () => {
    const index = new SearchIndex();
    for (const code of ['C', 'A', 'B', 'D']) index.upsert(item(code), tokens([]));
    expect(index.search(query([]), {}, 0, 2)).toEqual({ ids: ['A', 'B'], total: 4 });
    expect(index.search(query([]), {}, 2, 2)).toEqual({ ids: ['C', 'D'], total: 4 });
  });

  it('replaces an item on upsert: its old tokens no longer find it', () => {
    const index = new SearchIndex();
    index.upsert(item('x', { code: 'Z' }), tokens([['旧词', 0]]));
    index.upsert(item('y', { code: 'A' }), tokens([]));
    index.upsert(item('x', { code: 'B' }), tokens([['新词', 0]]));
    expect(index.search(query(['旧词']), {}, 0, 10).total).toBe(0);
    expect(index.search(query(['新词']), {}, 0, 10).ids).toEqual(['x']);
    expect(index.search(query([]), {}, 0, 10).ids).toEqual(['y', 'x']);
    expect(index.size).toBe(2);
  });

  it('after any sequence of upserts answers as an index built from the final items alone', () => {
    const words = ['甲', '乙', '丙', '丁'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.subarray(words), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }), (ops) => {
        const incremental = new SearchIndex();
        const final = new Map<string, Map<string, number>>();
        for (const [n, ws, weight] of ops) {
          const t = tokens(ws.map((w) => [w, weight]));
          incremental.upsert(item(`i${n}`), t);
          final.set(`i${n}`, t);
        }
        const fresh = new SearchIndex();
        for (const [id, t] of final) fresh.upsert(item(id), t);
        for (const w of words) expect(incremental.search(query([w]), {}, 0, 100)).toEqual(fresh.search(query([w]), {}, 0, 100));
        expect(incremental.search(query([]), {}, 0, 100)).toEqual(fresh.search(query([]), {}, 0, 100));
      }),
    );
  });

  it('gives any page of a broad query exactly as the fully ordered list would', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray([0, 1, 2, 3]), { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (weightsOf, offset, limit) => {
        const index = new SearchIndex();
        weightsOf.forEach((ws, i) => index.upsert(item(`i${i}`, { name: '名'.repeat(1 + (i % 3)) }), tokens(ws.map((w, k) => [`t${k}`, w]))));
        const q = query(['t0', 't1', 't2', 't3']);
        const all = index.search(q, {}, 0, 10_000);
        expect(index.search(q, {}, offset, limit)).toEqual({ ids: all.ids.slice(offset, offset + limit), total: all.total });
      }),
    );
  });
});
