import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPersonalData, maskPhone } from './masking.ts';

describe('maskIdNumber', () => {
  it('keeps the first four and the last four characters (DESIGN.md: 4401**********123X)', () => {
    expect(maskIdNumber('44010619900307123X')).toBe('4401**********123X');
    expect(maskIdNumber('440106199003071231')).toBe('4401**********1231');
  });

  it('hides short values entirely', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('keeps the length of longer values', () => {
    expect(maskIdNumber('123456789')).toBe('1234*6789');
  });
});

describe('maskPhone', () => {
  it('keeps the first three and the last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('hides values too short to mask partially', () => {
    expect(maskPhone('123456')).toBe('******');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('81234567')).toBe('812*4567');
  });
  it('masks landlines of other lengths in the middle', () => {
    expect(maskPhone('02012345678')).toBe('020****5678');
    expect(maskPhone('076912345678')).toBe('076*****5678');
  });
});

describe('maskName', () => {
  it.each([
    ['张小三', '张*三'],
    ['李四', '李*'],
    ['王', '王'],
    ['', ''],
    ['欧阳娜娜', '欧**娜'],
    ['买买提·艾力', '买****力'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('counts characters, not UTF-16 units (a rare character outside the BMP)', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*家');
    expect(maskName('张𠮷')).toBe('张*');
  });
});

describe('maskPersonalData', () => {
  it('masks ID numbers and mobile numbers inside text', () => {
    const line = 'GET /api/v1/x?idNumber=44010619900307123X&phone=13812345678 申请人身份证11010519491231002x电话15000000000';
    const masked = maskPersonalData(line);
    expect(masked).toBe('GET /api/v1/x?idNumber=4401**********123X&phone=138****5678 申请人身份证1101**********002x电话150****0000');
    expect(masked).not.toMatch(/\d{11}/);
  });

  it('masks numbers right after URL-encoded text', () => {
    expect(maskPersonalData('/api/v1/items?q=%E5%8F%B713812345678%E7%9A%84')).toBe('/api/v1/items?q=%E5%8F%B7138****5678%E7%9A%84');
    expect(maskPersonalData('/api/v1/items?q=%E8%AF%8144010619900307123X')).toBe('/api/v1/items?q=%E8%AF%814401**********123X');
  });

  it('masks inside JSON log lines', () => {
    const line = JSON.stringify({ msg: 'incoming', url: '/a/440106199003071231/b', note: '联系 13912345678。' });
    expect(maskPersonalData(line)).toBe(JSON.stringify({ msg: 'incoming', url: '/a/4401**********1231/b', note: '联系 139****5678。' }));
  });

  it.each([
    ['a UUID', '0190f5e3-7b2a-7c41-9a3e-138123456789'],
    ['a UUID whose last group ends in eleven digits', '0190f5e3-7b2a-7c41-9a3e-a13812345678'],
    ['a UUID whose last group starts with eleven digits', '0190f5e3-7b2a-7c41-9a3e-13812345678f'],
    ['an ISO timestamp', '2026-11-05T09:38:48.123+08:00'],
    ['epoch milliseconds (13 digits)', '1731234567890'],
    ['a 12-digit number', '138123456789'],
    ['a 10-digit number', '1381234567'],
    ['a 19-digit number', '4401061990030712311'],
    ['short numbers', 'window 12, ticket A023, 3 ahead, 15 minutes'],
    ['a mobile-like number that does not start 13–19', '12812345678'],
    ['an ID-like run inside a longer token', 'odd_x44010619900307123Xy'],
    ['a hex digest', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ])('leaves %s alone', (_what, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('property: UUIDs pass unchanged', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        expect(maskPersonalData(uuid)).toBe(uuid);
      }),
    );
  });

  it('property: text around a mobile number keeps its characters, and the number is masked', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/[0-9A-Za-z]$/.test(s)), fc.stringMatching(/^1[3-9]\d{9}$/), fc.string().filter((s) => !/^[0-9A-Za-z]/.test(s)), (before, phone, after) => {
        const masked = maskPersonalData(`${before}${phone}${after}`);
        expect(masked).toContain(maskPhone(phone));
        expect(masked).not.toContain(phone);
      }),
    );
  });
});
