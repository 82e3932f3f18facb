import { describe, expect, it } from 'vitest';
import { doorLabels, openRequestFor } from './lockers';

describe('openRequestFor', () => {
  it('takes six digits as the SMS pickup code, trimmed as a keyboard or scanner may pad it', () => {
    expect(openRequestFor('048213')).toEqual({ pickupCode: '048213' });
    expect(openRequestFor(' 048213\n')).toEqual({ pickupCode: '048213' });
  });

  it('takes anything else as a scanned personal code', () => {
    expect(openRequestFor('ODC1.eyJ0IjoiYSJ9.sig')).toEqual({ personalCode: 'ODC1.eyJ0IjoiYSJ9.sig' });
    expect(openRequestFor('04821')).toEqual({ personalCode: '04821' });
    expect(openRequestFor('0482131')).toEqual({ personalCode: '0482131' });
  });
});

describe('doorLabels', () => {
  it('names every door one answer opened', () => {
    expect(doorLabels([{ label: 'A03', itemName: '营业执照', caseNo: null, recipientName: '林*华' }])).toBe('A03');
    expect(
      doorLabels([
        { label: 'A03', itemName: '营业执照', caseNo: null, recipientName: '林*华' },
        { label: 'B01', itemName: '许可证', caseNo: '20261124000001', recipientName: '林*华' },
      ]),
    ).toBe('A03、B01');
  });
});
