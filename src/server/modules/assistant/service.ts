import type { Executor } from '../../db/types.ts';
import { getItemGuide, questionWords, searchItems, type ItemGuide } from '../catalog/service.ts';
import { answerFromGuide, faqThreshold, intentOf, overlap, relevance, subjectWords, type GuideFacts, type Intent } from './rules.ts';

export interface AssistantAnswer {
  /** answer: taken from the cited guides; unsure: nothing matched well enough to say anything. */
  kind: 'answer' | 'unsure';
  text: string;
  citations: { itemId: string; title: string; url: string; section: string }[];
  /** What the person can do next from the conversation. */
  actions: { kind: 'guide' | 'precheck' | 'book' | 'ticket' | 'progress' | 'search' | 'feedback'; label: string; url: string }[];
}

/** Items a search offers before the assistant picks the one the question is about. */
const candidates = 5;

const facts = (guide: ItemGuide): GuideFacts => ({
  id: guide.id,
  name: guide.name,
  department: guide.department.name,
  mode: guide.mode,
  legalDays: guide.legalDays,
  promisedDays: guide.promisedDays,
  visitsRequired: guide.visitsRequired,
  online: guide.online,
  feeFen: guide.feeFen,
  feeBasis: guide.feeBasis,
  serviceHours: guide.serviceHours,
  centers: guide.centers,
  materials: guide.materials.map((m) => ({ name: m.name, required: m.required, form: m.form, copies: m.copies, elicense: m.elicense, conditional: m.optionIds.length > 0 })),
});

const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
};

/** Where a person goes on from an answer about an item, by what they asked. */
function actionsFor(intent: Intent, itemId: string | undefined, centerId: string | undefined): AssistantAnswer['actions'] {
  const actions: AssistantAnswer['actions'] = [];
  if (itemId) actions.push({ kind: 'guide', label: '查看办事指南', url: `/items/${itemId}` });
  if (itemId) actions.push({ kind: 'precheck', label: '生成材料清单（审前服务）', url: `/precheck${query({ items: itemId, center: centerId })}` });
  if (intent === 'book' || itemId) actions.push({ kind: 'book', label: '预约办理', url: `/appointments/new${query({ centerId, itemId })}` });
  if (intent === 'ticket') actions.push({ kind: 'ticket', label: '远程取号', url: `/queue/take${query({ centerId })}` });
  if (intent === 'progress') actions.push({ kind: 'progress', label: '查询办件进度', url: '/progress' });
  return actions;
}

const unsure = (question: string): AssistantAnswer => ({
  kind: 'unsure',
  text: '我不确定您问的是哪个事项，不敢乱答。您可以换个说法（例如"开饭店要什么材料"），或拨打 12345 政务服务热线、留言给工作人员，我们会联系您。',
  citations: [],
  actions: [
    { kind: 'search', label: `搜索"${question.slice(0, 20)}"相关事项`, url: `/items${query({ q: question.slice(0, 50) })}` },
    { kind: 'feedback', label: '留言给工作人员', url: '/feedback' },
  ],
});

/**
 * Answers a question from the catalogue: the 百问百答 entry that matches it, or the part of the guide it
 * asks about (materials, fee, time limit, place, hours, online); "我不确定" when no item is about it.
 */
export async function askAssistant(executor: Executor, input: { question: string; centerId?: string }): Promise<AssistantAnswer> {
  const question = input.question.trim();
  const intent = intentOf(question);
  const asked = questionWords(question);
  const subject = subjectWords(asked);
  const progressAnswer: AssistantAnswer = { kind: 'answer', text: '凭办件编号和申请人证件号码后 6 位，就能查询办件进度；登录个人中心还能看到您名下的全部办件。', citations: [], actions: actionsFor('progress', undefined, input.centerId) };
  if (subject.length === 0) return intent === 'progress' ? progressAnswer : unsure(question);
  const { items } = await searchItems(executor, { q: question, centerId: input.centerId, page: 1, pageSize: candidates });
  const guides: ItemGuide[] = [];
  for (const item of items) guides.push(await getItemGuide(executor, item.id));
  const about = guides.map((g) => ({ guide: g, score: relevance(subject, g) })).filter((g) => g.score > 0);
  if (about.length === 0) return intent === 'progress' ? progressAnswer : unsure(question);

  // A 百问百答 entry answers when it asks the same kind of thing about mostly the same words.
  const faq = about
    .flatMap(({ guide }) => guide.faqs.filter((f) => intentOf(f.question) === intent).map((f) => ({ guide, faq: f, score: overlap(questionWords(f.question), asked) })))
    .sort((a, b) => b.score - a.score)[0];
  if (faq && faq.score >= faqThreshold) {
    return {
      kind: 'answer',
      text: faq.faq.answer,
      citations: [{ itemId: faq.guide.id, title: faq.guide.name, url: `/items/${faq.guide.id}`, section: `百问百答：${faq.faq.question}` }],
      actions: actionsFor(intent, faq.guide.id, input.centerId),
    };
  }
  // Among the items the question is most about, the search's order decides; the others are offered too.
  const top = Math.max(...about.map((a) => a.score));
  const [best, ...others] = about.filter((a) => a.score === top).map((a) => a.guide);
  const sections: Record<Intent, string> = { materials: '申请材料', fee: '收费标准', duration: '办理时限', where: '办理地点', hours: '办理时间', online: '办理方式', book: '办事指南', ticket: '办事指南', progress: '办事指南', general: '办事指南' };
  const alsoMeant = others.slice(0, 3);
  return {
    kind: 'answer',
    text: answerFromGuide(facts(best!), intent) + (alsoMeant.length ? `\n您问的也可能是：${alsoMeant.map((g) => `「${g.name}」`).join('、')}。` : ''),
    citations: [{ itemId: best!.id, title: best!.name, url: `/items/${best!.id}`, section: sections[intent] }],
    actions: [...actionsFor(intent, best!.id, input.centerId), ...alsoMeant.map((g) => ({ kind: 'guide' as const, label: g.name, url: `/items/${g.id}` }))],
  };
}
