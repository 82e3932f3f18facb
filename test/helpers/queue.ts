import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';

/** A valid GB 11643 ID number of someone born on `birth` (YYYY-MM-DD); `serial` tells people apart. */
export function idNumberBorn(birth: string, serial = 1, region = '440106'): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(serial % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** The birth date of someone who turns (or turned) `age` today in Shanghai. */
export function bornYearsAgo(age: number, today = shanghaiDate()): string {
  const [y, m, d] = today.split('-');
  const date = `${Number(y) - age}-${m}-${d}`;
  return m === '02' && d === '29' ? `${Number(y) - age}-02-28` : date;
}

/** 1, 2, … as AA, AB, …: prefixes that do not clash within a test file. */
export function prefixes(): () => string {
  let n = 0;
  return () => {
    const i = n++;
    return String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));
  };
}
