import { createHash } from 'node:crypto';
/** Checksums of Chinese identifiers (RULES.md, "Identity"): pure functions, no I/O. */

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** GB 11643-1999 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i]!;
  return idCheckChars[sum % 11]!;
}

/** The birth date in an 18-character ID number, or undefined when it is not a real calendar date. */
export function birthDateFromIdNumber(idNumber: string): { year: number; month: number; day: number } | undefined {
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1850 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/** True for an 18-character resident ID number with a valid birth date and check character. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  if (!birthDateFromIdNumber(value)) return false;
  return idNumberCheckChar(value.slice(0, 17)) === value[17];
}

/** Upper-cases the check character and strips spaces, as people type it. */
export const normaliseIdNumber = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** Full years of age on `onDate` (a YYYY-MM-DD in Asia/Shanghai) for a valid ID number. */
export function ageOnDate(idNumber: string, onDate: string): number {
  const birth = birthDateFromIdNumber(idNumber);
  if (!birth) throw new Error('not a valid ID number');
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > birth.month || (m === birth.month && d >= birth.day);
  return y - birth.year - (hadBirthday ? 0 : 1);
}

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character of the first 17 characters, or undefined if one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = creditAlphabet.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * creditWeights[i]!;
  }
  const check = 31 - (sum % 31);
  return creditAlphabet[check === 31 ? 0 : check];
}

/** True for an 18-character unified social credit code with a valid check character. */
export function isValidCreditCode(value: string): boolean {
  if (value.length !== 18) return false;
  return creditCodeCheckChar(value.slice(0, 17)) === value[17];
}

/** A mainland mobile number: 11 digits starting 13–19. */
export const isValidMobile = (value: string): boolean => /^1[3-9]\d{9}$/.test(value);

/** A stable key for finding records by an identifier (ID number, phone) without writing the value into queries. */
export const lookupHash = (value: string): string => createHash('sha256').update(`onedoor:${value}`).digest('hex');

/** 投资项目代码 (全国投资项目在线审批监管平台): year, six-digit area code, industry code, two digits, six-digit serial. */
const projectCodePattern = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

export function isValidProjectCode(code: string): boolean {
  const match = projectCodePattern.exec(code);
  if (!match) return false;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2099 && !/^0{6}$/.test(match[5]!);
}
