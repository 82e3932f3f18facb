/** Personal data as shown on screens and in logs (DESIGN.md, "Identity data"). */

/** `4401**********123X`: the first four and the last four characters stay. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return value;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

// A number counts only when no letter or digit is glued to it (so UUIDs and tokens stay intact), except
// the hex digits of a %XX escape: URL-encoded Chinese right before a number must not hide it.
const start = String.raw`(?:(?<=%[0-9A-Fa-f]{2})|(?<![0-9A-Za-z]))`;
const idNumberPattern = new RegExp(String.raw`${start}(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])`, 'g');
const mobilePattern = new RegExp(String.raw`${start}(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])`, 'g');

/** Masks anything shaped like an ID number or a mobile number inside free text (log lines, messages). */
export function maskPersonalData(text: string): string {
  return text
    .replace(idNumberPattern, (_m, head: string, _birth: string, tail: string) => `${head.slice(0, 4)}${'*'.repeat(10)}${tail}`)
    .replace(mobilePattern, (_m, head: string, _mid: string, tail: string) => `${head}****${tail}`);
}
