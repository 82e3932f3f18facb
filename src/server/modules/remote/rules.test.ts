import { describe, expect, it } from 'vitest';
import { deliveryProblem, isAllowedFileType, isTrackingNumber, nextApplicationStatus, resubmitProblems, returnProblems, shipmentEnterer, shipmentProblem, sizeLabel, uploadProblems } from './rules.ts';

const checklist = [
  { id: 'form', name: '申请书', required: true },
  { id: 'id', name: '身份证', required: true },
  { id: 'extra', name: '其他说明', required: false },
];

describe('file types', () => {
  it('accepts PDF, JPEG and PNG only, by their sniffed type', () => {
    expect(['application/pdf', 'image/jpeg', 'image/png'].map(isAllowedFileType)).toEqual([true, true, true]);
    expect(['application/x-msdownload', 'image/gif', 'text/plain', undefined, 'toString', '__proto__'].map(isAllowedFileType)).toEqual([false, false, false, false, false, false]);
  });
  it('shows sizes in MB', () => {
    expect(sizeLabel(10 * 1024 * 1024)).toBe('10 MB');
    expect(sizeLabel(512 * 1024)).toBe('0.5 MB');
  });
});

describe('application status', () => {
  it('passes or returns what waits for 预审; a return can only be resubmitted; a passed one is final', () => {
    expect(nextApplicationStatus('pending', 'pass')).toBe('passed');
    expect(nextApplicationStatus('pending', 'return')).toBe('returned');
    expect(nextApplicationStatus('pending', 'resubmit')).toBeUndefined();
    expect(nextApplicationStatus('returned', 'resubmit')).toBe('pending');
    expect(nextApplicationStatus('returned', 'pass')).toBeUndefined();
    expect(nextApplicationStatus('returned', 'return')).toBeUndefined();
    for (const action of ['pass', 'return', 'resubmit'] as const) expect(nextApplicationStatus('passed', action)).toBeUndefined();
  });
});

describe('delivery', () => {
  it('needs an address only when posted', () => {
    expect(deliveryProblem('post', undefined)).toBe('选择邮寄送达须填写收件地址');
    expect(deliveryProblem('post', '  ')).toBe('选择邮寄送达须填写收件地址');
    expect(deliveryProblem('post', '示范市人民路 1 号')).toBeUndefined();
    expect(deliveryProblem('window', undefined)).toBeUndefined();
    expect(deliveryProblem('electronic', null)).toBeUndefined();
  });
});

describe('uploads of an application', () => {
  it('needs a file for every required material; optional ones may be left out', () => {
    expect(uploadProblems(checklist, [{ materialId: 'form' }, { materialId: 'id' }])).toEqual([]);
    expect(uploadProblems(checklist, [{ materialId: 'form' }])).toEqual(['请上传「身份证」']);
  });
  it('refuses files for materials not on the checklist, and two files for one material', () => {
    expect(uploadProblems(checklist, [{ materialId: 'form' }, { materialId: 'id' }, { materialId: 'other' }])).toEqual(['上传的文件中有不属于该事项（情形）的材料']);
    expect(uploadProblems(checklist, [{ materialId: 'form' }, { materialId: 'id' }, { materialId: 'id' }])).toEqual(['同一材料只能上传一个文件']);
  });
});

describe('return and resubmission', () => {
  it('a return names materials of the application, each with one reason', () => {
    expect(returnProblems(['form', 'id'], [{ materialId: 'id', reason: '照片模糊' }])).toEqual([]);
    expect(returnProblems(['form', 'id'], [])).toEqual(['请至少写明一项材料的退回理由']);
    expect(returnProblems(['form', 'id'], [{ materialId: 'x', reason: '不清楚' }])).toEqual(['退回的材料不属于该申请']);
    expect(returnProblems(['form'], [{ materialId: 'form', reason: ' ' }])).toEqual(['每项退回的材料须写明理由']);
    expect(returnProblems(['form'], [{ materialId: 'form', reason: 'a' }, { materialId: 'form', reason: 'b' }])).toEqual(['同一材料只能写一条退回理由']);
  });
  it('a resubmission replaces every returned material and nothing else', () => {
    const returned = [checklist[1]!];
    expect(resubmitProblems(returned, [{ materialId: 'id' }])).toEqual([]);
    expect(resubmitProblems(returned, [])).toEqual(['请重新上传「身份证」']);
    expect(resubmitProblems(returned, [{ materialId: 'id' }, { materialId: 'form' }])).toEqual(['只能重新上传被退回的材料']);
  });
});

describe('shipments', () => {
  it('the applicant posts originals in; staff post results out', () => {
    expect(shipmentEnterer).toEqual({ inbound: 'citizen', outbound: 'staff' });
  });
  it('originals go in while the case is open', () => {
    for (const status of ['submitted', 'supplement', 'accepted', 'suspended', 'decided']) expect(shipmentProblem('inbound', { status, delivery: null }, undefined)).toBeUndefined();
    for (const status of ['completed', 'refused']) expect(shipmentProblem('inbound', { status, delivery: 'post' }, undefined)).toBe('办件已结束，无需再寄交原件');
  });
  it('a result goes out once completed by post, to an address', () => {
    expect(shipmentProblem('outbound', { status: 'completed', delivery: 'post' }, '示范市人民路 1 号')).toBeUndefined();
    expect(shipmentProblem('outbound', { status: 'completed', delivery: 'post' }, '')).toBe('寄出结果须填写收件地址');
    expect(shipmentProblem('outbound', { status: 'completed', delivery: 'window' }, '地址')).toBe('办件以邮寄送达方式办结后才能登记寄出');
    expect(shipmentProblem('outbound', { status: 'decided', delivery: null }, '地址')).toBe('办件以邮寄送达方式办结后才能登记寄出');
  });
  it('tracking numbers are 6–30 letters or digits', () => {
    expect(['SF1234567890', '773012345678', 'abc123'].map(isTrackingNumber)).toEqual([true, true, true]);
    expect(['12345', 'SF 123456', '单号123456', 'A'.repeat(31)].map(isTrackingNumber)).toEqual([false, false, false, false]);
  });
});
