import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidProjectCode,
  ageOnDate,
  birthDateFromIdNumber,
  creditCodeCheckChar,
  idNumberCheckChar,
  isValidCreditCode,
  isValidIdNumber,
  isValidMobile,
  normaliseIdNumber,
} from './identity.ts';

// Reference implementations written from RULES.md, independent of the code under test.
const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const referenceIdCheck = (first17: string) => '10X98765432'[[...first17].reduce((sum, c, i) => sum + Number(c) * idWeights[i]!, 0) % 11]!;
const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const referenceCreditCheck = (first17: string) => {
  const check = 31 - ([...first17].reduce((sum, c, i) => sum + creditAlphabet.indexOf(c) * creditWeights[i]!, 0) % 31);
  return creditAlphabet[check % 31]!;
};

/** 17 digits with a real birth date (1900-01-01 … 2099-12-28) in positions 7–14. */
const first17 = fc
  .tuple(fc.stringMatching(/^\d{6}$/), fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.stringMatching(/^\d{3}$/))
  .map(([area, y, m, d, seq]) => `${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`);

/**
 * The two properties of a check character: the first 17 characters plus the computed one are valid (and
 * the computation agrees with the reference), and replacing any one character by another of the alphabet
 * makes the code invalid.
 */
function checkProperties(first17: fc.Arbitrary<string>, alphabet: string, check: (first: string) => string | undefined, reference: (first: string) => string, isValid: (code: string) => boolean) {
  it('property: 17 characters plus the computed check character are valid', () => {
    fc.assert(
      fc.property(first17, (first) => {
        expect(check(first)).toBe(reference(first));
        expect(isValid(first + check(first))).toBe(true);
      }),
    );
  });

  it('property: changing any single character makes it invalid', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: alphabet.length - 1 }), (first, position, shift) => {
        const valid = first + check(first)!;
        const replacement = alphabet[(alphabet.indexOf(valid[position]!) + shift) % alphabet.length]!;
        const changed = valid.slice(0, position) + replacement + valid.slice(position + 1);
        expect(changed).not.toBe(valid);
        expect(isValid(changed)).toBe(false);
      }),
    );
  });
}

describe('GB 11643 citizen ID numbers', () => {
  it.each([
    ['11010519491231002X', 'X'], // the standard's own example
    ['440524188001010014', '4'], // the other example of the standard
    ['440106199003071231', '1'],
    ['44010619900307124X', 'X'],
    ['320311197001011230', '0'],
    ['110101200002290018', '8'], // born on a leap day
  ])('accepts %s (check character %s)', (id, check) => {
    expect(idNumberCheckChar(id.slice(0, 17))).toBe(check);
    expect(isValidIdNumber(id)).toBe(true);
  });

  it.each([
    ['440106199003071232', 'wrong check digit'],
    ['11010519491231002x', 'lower-case x (normalise first)'],
    ['11010519491231002', '17 characters'],
    ['1101051949123100201', '19 characters'],
    ['11010519491231002Y', 'check character not a digit or X'],
    ['1101051949123A002X', 'a letter inside'],
    ['', 'empty'],
    [' 11010519491231002X', 'leading space'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it.each([
    ['19990230', 'February 30'],
    ['19990229', 'February 29 in a common year'],
    ['21000229', 'February 29 in 2100 (not a leap year)'],
    ['19991301', 'month 13'],
    ['19990001', 'month 0'],
    ['19990100', 'day 0'],
    ['19990431', 'April 31'],
    ['18491231', 'before 1850'],
  ])('rejects a birth date of %s (%s) even with a correct check character', (birth) => {
    const first = `440106${birth}123`;
    const id = first + referenceIdCheck(first);
    expect(birthDateFromIdNumber(id)).toBeUndefined();
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('reads the birth date', () => {
    expect(birthDateFromIdNumber('11010519491231002X')).toEqual({ year: 1949, month: 12, day: 31 });
    expect(birthDateFromIdNumber('110101200002290018')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('normalises what people type', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(isValidIdNumber(normaliseIdNumber('11010519491231002x'))).toBe(true);
  });

  describe('ageOnDate', () => {
    const id = '440106199003071231'; // born 1990-03-07
    it.each([
      ['2026-03-06', 35],
      ['2026-03-07', 36],
      ['2026-03-08', 36],
      ['2026-02-28', 35],
      ['2027-01-01', 36],
      ['1990-03-07', 0],
    ])('on %s is %i', (date, age) => {
      expect(ageOnDate(id, date)).toBe(age);
    });

    it('counts a leap-day birthday from 1 March in common years', () => {
      const leap = '110101200002290018';
      expect(ageOnDate(leap, '2001-02-28')).toBe(0);
      expect(ageOnDate(leap, '2001-03-01')).toBe(1);
      expect(ageOnDate(leap, '2004-02-29')).toBe(4);
    });

    it('throws on an ID number without a real birth date', () => {
      expect(() => ageOnDate('440106199902301231', '2026-01-01')).toThrow();
    });
  });

  // first17 keeps a real birth date, so only the check character decides
  checkProperties(first17, '0123456789X', idNumberCheckChar, referenceIdCheck, isValidIdNumber);
});

describe('GB 32100 unified social credit codes', () => {
  it.each([
    ['91350100M000100Y43'], // a published real code
    ['91110000600037341L'],
    ['91440101MA59DUN7XH'],
  ])('accepts %s', (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('maps a check value of 31 to 0', () => {
    // Σ mod 31 = 0 → 31 − 0 = 31 → "0": the first 17 characters all zero give Σ = 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(isValidCreditCode('000000000000000000')).toBe(true);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the excluded letter %s', (letter) => {
    const first = `9135010${letter}M000100Y4`;
    expect(creditCodeCheckChar(first)).toBeUndefined();
    for (const check of creditAlphabet) expect(isValidCreditCode(first + check)).toBe(false);
    // nor as the check character itself
    expect(isValidCreditCode(`91350100M000100Y4${letter}`)).toBe(false);
  });

  it.each([
    ['91350100M000100Y44', 'wrong check character'],
    ['91350100m000100y43', 'lower case'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  const creditFirst17 = fc.array(fc.constantFrom(...creditAlphabet), { minLength: 17, maxLength: 17 }).map((chars) => chars.join(''));

  checkProperties(creditFirst17, creditAlphabet, creditCodeCheckChar, referenceCreditCheck, isValidCreditCode);
});

describe('mobile numbers', () => {
  it.each(['13812345678', '19912345678', '15000000000'])('accepts %s', (phone) => expect(isValidMobile(phone)).toBe(true));
  it.each(['12812345678', '1381234567', '138123456789', '+8613812345678', '1381234567a', '23812345678'])('rejects %s', (phone) =>
    expect(isValidMobile(phone)).toBe(false),
  );
});

describe('project codes (投资项目代码)', () => {
  it('accepts the national format and refuses everything else', () => {
    expect(isValidProjectCode('2026-441900-48-01-012345')).toBe(true);
    for (const bad of ['2026-441900-48-01-01234', '2026-44190-48-01-012345', '2026/441900/48/01/012345', '1999-441900-48-01-012345', '2026-441900-48-01-000000', ' 2026-441900-48-01-012345', '2026-441900-4A-01-012345', '']) {
      expect(isValidProjectCode(bad), bad).toBe(false);
    }
  });

  it('any year 2000–2099, area, industry, kind and non-zero serial make a valid code', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), digits(6), digits(2), digits(2), fc.integer({ min: 1, max: 999_999 }), (year, area, industry, kind, serial) =>
        isValidProjectCode(`${year}-${area}-${industry}-${kind}-${String(serial).padStart(6, '0')}`),
      ),
    );
  });
});
