/**
 * 智能客服: answers are put together only from what the catalogue says (a guide's fields or its 百问百答),
 * each with the guide it came from; when the question matches nothing well enough the answer is "我不确定".
 */

export type Intent = 'materials' | 'fee' | 'duration' | 'where' | 'hours' | 'online' | 'book' | 'ticket' | 'progress' | 'general';

/** Phrases that say what the person wants to know, most specific first. */
const intentPhrases: [Intent, string[]][] = [
  ['progress', ['办到哪', '进度', '查询办件', '办好了没', '办结了吗', '审批到哪']],
  ['book', ['预约']],
  ['ticket', ['取号', '排队', '拿号']],
  ['materials', ['材料', '带什么', '需要什么', '要带', '证件', '准备什么', '资料']],
  ['fee', ['多少钱', '收费', '费用', '要钱', '免费', '交钱']],
  ['duration', ['多久', '几天', '多长时间', '时限', '什么时候能拿', '多少天']],
  ['hours', ['几点', '上班时间', '开门', '营业时间', '办公时间', '周末']],
  ['online', ['网上办', '线上', '不用跑', '在家办', '网上申请', '手机上办']],
  ['where', ['在哪', '哪里办', '地址', '去哪', '哪个窗口', '怎么去']],
];

export function intentOf(question: string): Intent {
  for (const [intent, phrases] of intentPhrases) if (phrases.some((p) => question.includes(p))) return intent;
  return 'general';
}

/** Words that carry no subject: asking words, and the words of every intent. */
const emptyWords = new Set([
  '怎么', '怎样', '如何', '办理', '需要', '什么', '哪些', '可以', '我要', '我想', '请问', '一下', '应该', '是否', '能不能', '要不要', '办',
  ...intentPhrases.flatMap(([, phrases]) => phrases),
]);

/** The words of a question that name its subject (at least two characters, or an ASCII word). */
export function subjectWords(words: string[]): string[] {
  return [...new Set(words.filter((w) => !emptyWords.has(w) && (w.length >= 2 || /^[a-z0-9]+$/.test(w))))];
}

/**
 * How much an item is about the subject words: two for each in its name, one for each only in its keywords;
 * 0 means the search hit is not about this. Pinyin initials (sfz) are the search's to match, so they count as met.
 */
export function relevance(subject: string[], item: { name: string; keywords: string[] }): number {
  const keywords = item.keywords.join(' ');
  return subject.reduce((score, w) => score + (/^[a-z0-9]+$/.test(w) || item.name.includes(w) ? 2 : keywords.includes(w) ? 1 : 0), 0);
}

/** Overlap of two word sets (Jaccard): a FAQ answers the question when they share most of their words. */
export function overlap(a: string[], b: string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  const common = [...left].filter((w) => right.has(w)).length;
  const union = new Set([...left, ...right]).size;
  return union === 0 ? 0 : common / union;
}

/** How close a 百问百答 question must be to be given as the answer. */
export const faqThreshold = 0.5;

export interface GuideFacts {
  id: string;
  name: string;
  department: string;
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
  visitsRequired: number;
  online: boolean;
  feeFen: number;
  feeBasis: string | null;
  serviceHours: string | null;
  centers: { name: string; address: string | null }[];
  materials: { name: string; required: boolean; form: 'original' | 'copy' | 'original_and_copy'; copies: number; elicense: boolean; conditional: boolean }[];
}

const forms = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件' };
const yuan = (fen: number) => `${(fen / 100).toFixed(2).replace(/\.00$/, '')} 元`;

/** The guide's answer to the intent, in sentences made only of its fields. */
export function answerFromGuide(guide: GuideFacts, intent: Intent): string {
  const name = `「${guide.name}」`;
  const duration = guide.mode === 'immediate' ? `${name}是即办件，材料齐全当场办结。` : `${name}承诺 ${guide.promisedDays} 个工作日内办结（法定时限 ${guide.legalDays} 个工作日），受理当天不计。`;
  const fee = guide.feeFen === 0 ? `${name}不收费。` : `${name}收费 ${yuan(guide.feeFen)}${guide.feeBasis ? `，依据：${guide.feeBasis}` : ''}。`;
  const where = guide.centers.length ? `${name}可在${guide.centers.map((c) => (c.address ? `${c.name}（${c.address}）` : c.name)).join('、')}办理。` : `${name}由${guide.department}办理。`;
  const online = guide.online ? `${name}可以网上办理，${guide.visitsRequired === 0 ? '全程不用跑' : `最多跑 ${guide.visitsRequired} 次`}。` : `${name}暂不能网上办理，需到现场办理，最多跑 ${guide.visitsRequired} 次。`;
  switch (intent) {
    case 'materials': {
      const listed = guide.materials.filter((m) => m.required || m.conditional);
      if (!listed.length) return `${name}的办事指南没有列出需要提交的材料，请以窗口告知为准。`;
      const lines = listed.map((m, i) => `${i + 1}. ${m.name}（${forms[m.form]} ${m.copies} 份${m.elicense ? '，可用电子证照代替' : ''}${m.conditional ? '，特定情形才需要' : ''}）`);
      return `办理${name}需要准备：\n${lines.join('\n')}\n不同情形所需材料不同，可用「审前服务」生成您的专属清单。`;
    }
    case 'fee':
      return fee;
    case 'duration':
      return duration;
    case 'where':
      return where;
    case 'hours':
      return guide.serviceHours ? `${name}的办理时间：${guide.serviceHours}。` : `${where}办理时间以办理地点的开放时间为准。`;
    case 'online':
      return online;
    default:
      return [`${name}由${guide.department}办理。`, duration, fee, online].join('');
  }
}
