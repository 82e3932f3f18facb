/** E-licences (电子证照): pure rules, no I/O. */

export const holderKinds = ['person', 'company'] as const;
export type HolderKind = (typeof holderKinds)[number];

export const licenceStatuses = ['valid', 'revoked', 'expired'] as const;
export type LicenceStatus = (typeof licenceStatuses)[number];

export const licenceStatusLabels: Record<LicenceStatus, string> = { valid: '有效', revoked: '已注销', expired: '已过期' };

/** How a holder agreed to a staff read: a personal code shown at the window, or their word recorded by the window. */
export const consentKinds = ['personal_code', 'applicant_agreed'] as const;
export type ConsentKind = (typeof consentKinds)[number];

/** A revoked licence stays revoked; otherwise it lapses after its last valid day (a day in Asia/Shanghai). */
export function licenceStatus(licence: { revokedAt: Date | null; validUntil: string | null }, today: string): LicenceStatus {
  if (licence.revokedAt) return 'revoked';
  if (licence.validUntil !== null && licence.validUntil < today) return 'expired';
  return 'valid';
}

/** The last valid day of a licence issued on `issuedOn` for `years` years (the day before the anniversary); null: 长期有效. */
export function validUntilOf(issuedOn: string, years: number | null): string | null {
  if (years === null) return null;
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a non-leap year over to 1 March, whose day before is 28 February.
  const anniversary = new Date(Date.UTC(y + years, m - 1, d));
  return new Date(anniversary.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** Licence type names and material names are typed by people: spaces and full-width brackets do not make another licence. */
export const licenceKey = (name: string): string => name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/**
 * Whether a licence of this type replaces a material of this name: the same name, or the name with a
 * holder's role before it (经营者居民身份证 is the applicant's own 居民身份证).
 */
export const licenceReplaces = (materialName: string, licenceType: string): boolean => {
  const type = licenceKey(licenceType);
  return type.length > 0 && licenceKey(materialName).endsWith(type);
};

/** The materials marked 电子证照 that no valid licence of the holder replaces, by name. */
export function unheldLicences(markedNames: readonly string[], validTypes: readonly string[]): string[] {
  return [...new Set(markedNames)].filter((name) => !validTypes.some((type) => licenceReplaces(name, type)));
}

/** `粤A12****89`: a licence number on a screen keeps its first three and last two characters. */
export function maskLicenceNo(value: string): string {
  if (value.length <= 5) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 5) + value.slice(-2);
}
