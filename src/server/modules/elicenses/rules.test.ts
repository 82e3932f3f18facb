import { describe, expect, it } from 'vitest';
import { licenceKey, licenceReplaces, licenceStatus, maskLicenceNo, unheldLicences, validUntilOf } from './rules.ts';

describe('licenceStatus', () => {
  it('is valid up to and on its last valid day, expired after it, and valid for ever without one', () => {
    expect(licenceStatus({ revokedAt: null, validUntil: '2026-11-24' }, '2026-11-24')).toBe('valid');
    expect(licenceStatus({ revokedAt: null, validUntil: '2026-11-23' }, '2026-11-24')).toBe('expired');
    expect(licenceStatus({ revokedAt: null, validUntil: null }, '2099-01-01')).toBe('valid');
  });

  it('is revoked once revoked, whatever its validity', () => {
    expect(licenceStatus({ revokedAt: new Date(), validUntil: null }, '2026-11-24')).toBe('revoked');
    expect(licenceStatus({ revokedAt: new Date(), validUntil: '2020-01-01' }, '2026-11-24')).toBe('revoked');
  });
});

describe('validUntilOf', () => {
  it('ends the day before the anniversary', () => {
    expect(validUntilOf('2026-11-24', 5)).toBe('2031-11-23');
    expect(validUntilOf('2026-01-01', 1)).toBe('2026-12-31');
  });

  it('ends on 28 February for a licence issued on 29 February, in a year without one', () => {
    expect(validUntilOf('2024-02-29', 1)).toBe('2025-02-28');
    expect(validUntilOf('2024-02-29', 4)).toBe('2028-02-28');
  });

  it('has no end without a number of years (长期有效)', () => {
    expect(validUntilOf('2026-11-24', null)).toBeNull();
  });
});

describe('unheldLicences', () => {
  it('names each marked material no valid licence replaces, once', () => {
    expect(unheldLicences(['居民身份证', '户口簿', '户口簿'], ['居民身份证'])).toEqual(['户口簿']);
    expect(unheldLicences([], [])).toEqual([]);
    expect(unheldLicences(['营业执照'], [])).toEqual(['营业执照']);
  });

  it('matches names across spaces and full- or half-width brackets', () => {
    expect(unheldLicences(['营业执照（副本）', ' 结婚证'], ['营业执照(副本)', '结婚证'])).toEqual([]);
    expect(licenceKey('食品经营许可证 （正本）')).toBe(licenceKey('食品经营许可证(正本)'));
  });

  it('lets a licence replace a material naming its holder’s role before it, never the other way round', () => {
    expect(licenceReplaces('经营者居民身份证', '居民身份证')).toBe(true);
    expect(licenceReplaces('居民身份证', '经营者居民身份证')).toBe(false);
    expect(licenceReplaces('居民身份证复印件', '居民身份证')).toBe(false);
    expect(licenceReplaces('居民身份证', ' ')).toBe(false);
    expect(unheldLicences(['法定代表人居民身份证', '营业执照'], ['居民身份证'])).toEqual(['营业执照']);
  });
});

describe('maskLicenceNo', () => {
  it('keeps the first three and last two characters', () => {
    expect(maskLicenceNo('OD20261124000123')).toBe('OD2***********23');
    expect(maskLicenceNo('12345')).toBe('*****');
    expect(maskLicenceNo('123456')).toBe('123*56');
  });
});
