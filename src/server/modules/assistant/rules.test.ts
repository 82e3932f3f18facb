import { describe, expect, it } from 'vitest';
import { answerFromGuide, intentOf, overlap, relevance, subjectWords, type GuideFacts } from './rules.ts';

const guide: GuideFacts = {
  id: 'i1',
  name: '食品经营许可',
  department: '市场监督管理局',
  mode: 'promised',
  legalDays: 20,
  promisedDays: 5,
  visitsRequired: 0,
  online: true,
  feeFen: 0,
  feeBasis: null,
  serviceHours: null,
  centers: [{ name: '示范市民服务中心', address: '鸿福路 99 号' }],
  materials: [
    { name: '申请书', required: true, form: 'original', copies: 1, elicense: false, conditional: false },
    { name: '营业执照', required: true, form: 'copy', copies: 1, elicense: true, conditional: false },
    { name: '授权委托书', required: false, form: 'original', copies: 1, elicense: false, conditional: true },
    { name: '可选说明', required: false, form: 'original', copies: 1, elicense: false, conditional: false },
  ],
};

describe('what a question asks', () => {
  it.each([
    ['开饭店要带什么材料', 'materials'],
    ['办身份证要多少钱', 'fee'],
    ['护照多久能拿到', 'duration'],
    ['结婚登记在哪里办', 'where'],
    ['周末开门吗', 'hours'],
    ['能在手机上办吗', 'online'],
    ['我想预约', 'book'],
    ['怎么取号', 'ticket'],
    ['我的件办到哪了', 'progress'],
    ['食品经营许可', 'general'],
  ])('%s → %s', (question, intent) => expect(intentOf(question)).toBe(intent));

  it('keeps only the words that name a subject', () => {
    expect(subjectWords(['怎么', '办理', '营业执照', '材料', '营业执照', 'sfz', '的'])).toEqual(['营业执照', 'sfz']);
  });

  it('an item is about the question by its name (2) or keywords (1); pinyin initials are left to the search', () => {
    expect(relevance(['营业执照'], { name: '营业执照变更', keywords: [] })).toBe(2);
    expect(relevance(['餐饮'], { name: '食品经营许可', keywords: ['餐饮', '开饭店'] })).toBe(1);
    expect(relevance(['天气'], { name: '食品经营许可', keywords: ['餐饮'] })).toBe(0);
    expect(relevance(['sfz'], { name: '居民身份证换领', keywords: [] })).toBe(2);
  });

  it('overlap is the share of words two questions have in common', () => {
    expect(overlap(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(overlap(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(overlap([], [])).toBe(0);
  });
});

describe('answers come only from the guide', () => {
  it('materials list what is required or needed in some situations, with their form and e-licence', () => {
    const text = answerFromGuide(guide, 'materials');
    expect(text).toContain('1. 申请书（原件 1 份）');
    expect(text).toContain('2. 营业执照（复印件 1 份，可用电子证照代替）');
    expect(text).toContain('3. 授权委托书（原件 1 份，特定情形才需要）');
    expect(text).not.toContain('可选说明');
  });

  it('fee, time limit, place, hours and the online answer', () => {
    expect(answerFromGuide(guide, 'fee')).toBe('「食品经营许可」不收费。');
    expect(answerFromGuide({ ...guide, feeFen: 2050, feeBasis: '物价文件' }, 'fee')).toBe('「食品经营许可」收费 20.50 元，依据：物价文件。');
    expect(answerFromGuide(guide, 'duration')).toBe('「食品经营许可」承诺 5 个工作日内办结（法定时限 20 个工作日），受理当天不计。');
    expect(answerFromGuide({ ...guide, mode: 'immediate' }, 'duration')).toBe('「食品经营许可」是即办件，材料齐全当场办结。');
    expect(answerFromGuide(guide, 'where')).toBe('「食品经营许可」可在示范市民服务中心（鸿福路 99 号）办理。');
    expect(answerFromGuide({ ...guide, centers: [] }, 'where')).toBe('「食品经营许可」由市场监督管理局办理。');
    expect(answerFromGuide({ ...guide, serviceHours: '工作日 9:00-17:00' }, 'hours')).toBe('「食品经营许可」的办理时间：工作日 9:00-17:00。');
    expect(answerFromGuide(guide, 'online')).toBe('「食品经营许可」可以网上办理，全程不用跑。');
    expect(answerFromGuide({ ...guide, online: false, visitsRequired: 1 }, 'online')).toBe('「食品经营许可」暂不能网上办理，需到现场办理，最多跑 1 次。');
  });

  it('says when the guide lists no materials instead of making some up', () => {
    expect(answerFromGuide({ ...guide, materials: [] }, 'materials')).toContain('没有列出');
  });
});
