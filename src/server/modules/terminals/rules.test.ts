import { describe, expect, it } from 'vitest';
import { certificateBody, certificateNumber, certificateNumberPattern, onlineWithinMinutes, paperMaterials, paperStates, printerStates, terminalHealth, yuan } from './rules.ts';

const now = new Date('2026-11-23T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const fine = { printer: 'ok', paper: 'ok' } as const;

describe('terminalHealth', () => {
  it('a terminal that never reported is down, whatever else is known', () => {
    expect(terminalHealth(null, now, null)).toEqual({ online: false, down: '从未上报心跳（终端未开机或未打开终端页面）', warning: null });
    expect(terminalHealth(null, now, fine).online).toBe(false);
    expect(terminalHealth(now, now, null).online).toBe(false);
  });

  it('is online up to exactly the limit and offline a millisecond after it', () => {
    const limit = onlineWithinMinutes * 60_000;
    expect(terminalHealth(ago(0), now, fine)).toEqual({ online: true, down: null, warning: null });
    expect(terminalHealth(ago(limit), now, fine)).toEqual({ online: true, down: null, warning: null });
    expect(terminalHealth(ago(limit + 1), now, fine)).toEqual({ online: false, down: '离线：超过 3 分钟未上报心跳', warning: null });
  });

  it('a silent terminal is offline even if its last report said the printer had failed', () => {
    expect(terminalHealth(ago(10 * 60_000), now, { printer: 'error', paper: 'out' })).toEqual({ online: false, down: '离线：超过 3 分钟未上报心跳', warning: null });
  });

  it('a heartbeat from a clock slightly ahead still counts as recent', () => {
    expect(terminalHealth(new Date(now.getTime() + 5_000), now, fine).online).toBe(true);
  });

  it('every printer and paper state of a reporting terminal, exhaustively', () => {
    const expected: Record<string, { down: string | null; warning: string | null }> = {
      'ok/ok': { down: null, warning: null },
      'ok/low': { down: null, warning: '打印纸即将用完' },
      'ok/out': { down: '打印纸已用完', warning: null },
      'error/ok': { down: '打印机故障', warning: null },
      'error/low': { down: '打印机故障', warning: '打印纸即将用完' },
      'error/out': { down: '打印机故障，打印纸已用完', warning: null },
      'offline/ok': { down: '打印机未连接', warning: null },
      'offline/low': { down: '打印机未连接', warning: '打印纸即将用完' },
      'offline/out': { down: '打印机未连接，打印纸已用完', warning: null },
    };
    for (const printer of printerStates) {
      for (const paper of paperStates) {
        expect(terminalHealth(ago(30_000), now, { printer, paper }), `${printer}/${paper}`).toEqual({ online: true, ...expected[`${printer}/${paper}`] });
      }
    }
  });
});

describe('certificates', () => {
  it('money in 分 reads as 元 with thousands separators', () => {
    expect(yuan(0)).toBe('0.00 元');
    expect(yuan(5)).toBe('0.05 元');
    expect(yuan(612_345)).toBe('6,123.45 元');
    expect(yuan(-100)).toBe('-1.00 元');
  });

  it('a social-insurance record: period, months, employer and base', () => {
    const body = certificateBody({
      kind: 'social_insurance',
      data: { employer: '示范市某科技有限公司', insuranceTypes: ['养老保险', '医疗保险'], firstMonth: '2015-07', lastMonth: '2026-10', monthsPaid: 136, baseFen: 612_300 },
    });
    expect(body.statement).toBe('经查询，该参保人自2015年7月至2026年10月在本市参加社会保险，累计缴费 136 个月。');
    expect(body.rows).toEqual([
      ['参保单位', '示范市某科技有限公司'],
      ['参保险种', '养老保险、医疗保险'],
      ['缴费起止', '2015年7月 至 2026年10月'],
      ['累计缴费月数', '136 个月'],
      ['当前月缴费基数', '6,123.00 元'],
    ]);
  });

  it('a real-estate record with properties lists each, and without any says so (a 无房证明)', () => {
    const with2 = certificateBody({
      kind: 'real_estate',
      data: { properties: [{ certificateNo: '粤（2019）示范市不动产权第0012345号', location: '东城区育才路 3 号 2 栋 501', areaM2: 89.5, use: '住宅', registeredOn: '2019-04-02' }] },
    });
    expect(with2.statement).toContain('名下登记有不动产 1 处');
    expect(with2.rows).toEqual([
      ['不动产 1', '东城区育才路 3 号 2 栋 501'],
      ['不动产权证号', '粤（2019）示范市不动产权第0012345号'],
      ['面积 / 用途', '89.5 平方米 / 住宅'],
      ['登记日期', '2019-04-02'],
    ]);
    expect(certificateBody({ kind: 'real_estate', data: { properties: [] } })).toEqual({ statement: '经查询，截至出具之日，该申请人在本市无不动产登记记录。', rows: [] });
  });

  it('numbers carry the day and ten characters nobody misreads, and match the public pattern', () => {
    const pattern = new RegExp(certificateNumberPattern);
    expect(certificateNumber('2026-11-23', () => 0)).toBe('ZM202611232222222222');
    expect(certificateNumber('2026-11-23', () => 0.999999)).toBe('ZM20261123ZZZZZZZZZZ');
    let seed = 1;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const numbers = Array.from({ length: 200 }, () => certificateNumber('2026-11-23', random));
    for (const no of numbers) expect(no).toMatch(pattern);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.map((no) => no.slice(10)).join('')).not.toMatch(/[01OIL]/);
  });
});

describe('paperMaterials', () => {
  it('names the required materials without an e-licence, and only those', () => {
    const materials = [
      { name: '居民身份证', required: true, elicense: true },
      { name: '申请书', required: true, elicense: false },
      { name: '照片', required: false, elicense: false },
      { name: '户口簿', required: false, elicense: true },
    ];
    expect(paperMaterials(materials)).toEqual(['申请书']);
    expect(paperMaterials([])).toEqual([]);
  });
});
