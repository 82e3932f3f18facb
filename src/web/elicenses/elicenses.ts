/** E-licences (电子证照) as the API answers them: the holder's name and the licence number masked. */
export interface Licence {
  id: string;
  holderKind: 'person' | 'company';
  holderName: string;
  licenceType: string;
  licenceNo: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  status: 'valid' | 'revoked' | 'expired';
  statusLabel: string;
  sourceCaseId: string | null;
}

export const licenceStatusColors: Record<Licence['status'], string> = { valid: 'green', revoked: 'red', expired: 'default' };

const licenceKey = (name: string) => name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/**
 * The valid licence that replaces a material, as the server decides (modules/elicenses/rules.ts): the same
 * name, or the name with a holder's role before it (经营者居民身份证 is the applicant's own 居民身份证).
 */
export function replacingLicence(materialName: string, licences: readonly Licence[]): Licence | undefined {
  const material = licenceKey(materialName);
  return licences.find((l) => l.status === 'valid' && licenceKey(l.licenceType).length > 0 && material.endsWith(licenceKey(l.licenceType)));
}

export const validityText = (licence: Pick<Licence, 'validUntil'>) => (licence.validUntil ? `有效期至 ${licence.validUntil}` : '长期有效');
