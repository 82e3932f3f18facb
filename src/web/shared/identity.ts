/**
 * The browser's check of what a person types (RULES.md, "Identity"), so a mistyped ID number is
 * caught before the request; the server checks again (src/server/platform/identity.ts).
 */

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** Upper-cases the check character and strips spaces, as people type it. */
export const normaliseIdNumber = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** Why an ID number is not valid, in Chinese, or undefined when it is (GB 11643: birth date, check character). */
export function idNumberProblem(raw: string): string | undefined {
  const value = normaliseIdNumber(raw);
  if (value.length !== 18) return `身份证号码应为 18 位，当前 ${value.length} 位`;
  if (!/^\d{17}[\dX]$/.test(value)) return '身份证号码只能是数字，最后一位可以是 X';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1850 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getTime() > Date.now()) {
    return '身份证号码中的出生日期不正确，请核对';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * idWeights[i]!;
  if (idCheckChars[sum % 11] !== value[17]) return '身份证号码校验不通过，请核对后重新输入';
  return undefined;
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const isValidMobile = (value: string): boolean => /^1[3-9]\d{9}$/.test(value.trim());

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper-cases a credit code and strips spaces, as people type it. */
export const normaliseCreditCode = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** Why a unified social credit code is not valid, in Chinese, or undefined when it is (GB 32100: alphabet, check character). */
export function creditCodeProblem(raw: string): string | undefined {
  const value = normaliseCreditCode(raw);
  if (value.length !== 18) return `统一社会信用代码应为 18 位，当前 ${value.length} 位`;
  if ([...value].some((c) => !creditAlphabet.includes(c))) return '统一社会信用代码只能由数字和大写字母组成（不含 I、O、Z、S、V）';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditAlphabet.indexOf(value[i]!) * creditWeights[i]!;
  const check = 31 - (sum % 31);
  if (creditAlphabet[check === 31 ? 0 : check] !== value[17]) return '统一社会信用代码校验不通过，请核对后重新输入';
  return undefined;
}
