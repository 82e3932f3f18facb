import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';
import type { IndexQuery } from './searchIndex.ts';

/**
 * Chinese search without a Chinese parser in the database: items are indexed as PostgreSQL tsvectors
 * over tokens made here (jieba words, character bigrams for typo tolerance, pinyin initials), and a
 * query is turned into the same kind of tokens, widened by a dictionary of colloquial phrases.
 */

const jieba = Jieba.withDict(dict);

/** What people say → what the catalogue calls it. Items also carry their own colloquial keywords. */
export const colloquialSynonyms: Record<string, string[]> = {
  上户口: ['出生登记', '户籍', '户口'],
  报户口: ['出生登记', '户籍'],
  落户: ['户籍', '迁入'],
  生孩子: ['出生', '生育'],
  生小孩: ['出生', '生育'],
  开饭店: ['餐饮', '食品经营', '个体工商户'],
  开餐馆: ['餐饮', '食品经营'],
  开餐厅: ['餐饮', '食品经营'],
  开店: ['个体工商户', '设立登记'],
  开公司: ['企业开办', '设立登记', '营业执照'],
  注册公司: ['企业开办', '设立登记'],
  办执照: ['营业执照', '设立登记'],
  身份证: ['居民身份证'],
  户口本: ['户口簿', '户籍'],
  结婚: ['结婚登记', '婚姻'],
  离婚: ['离婚登记', '婚姻'],
  驾照: ['驾驶证'],
  上牌: ['机动车登记', '号牌'],
  社保: ['社会保险', '社会保障'],
  医保: ['医疗保险', '医疗保障'],
  公积金: ['住房公积金'],
  退休: ['养老保险', '养老金'],
  失业: ['失业保险'],
  护照: ['普通护照', '出入境'],
  港澳通行证: ['往来港澳通行证'],
  去香港: ['往来港澳通行证'],
  房产证: ['不动产权', '不动产登记'],
  房本: ['不动产权', '不动产登记'],
  过户: ['转移登记', '不动产'],
  买房: ['不动产', '转移登记'],
  报税: ['纳税申报', '税务'],
  个税: ['个人所得税'],
  残疾证: ['残疾人证'],
  低保: ['最低生活保障'],
};

/** Words that say nothing about which item is meant. */
const stopWords = new Set([
  '怎么', '怎样', '如何', '办理', '需要', '什么', '哪些', '哪里', '可以', '我要', '我想', '想要', '要', '办', '去', '的', '了', '吗', '呢', '和', '与', '及', '在', '给', '我', '一下', '手续', '流程', '材料', '申请',
]);

const cjkRun = /[\u4e00-\u9fff]+/g;
const asciiWord = /[a-z0-9]+/g;

function cleanWords(words: string[]): string[] {
  return words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0 && /[\u4e00-\u9fffa-z0-9]/.test(w) && !stopWords.has(w));
}

/** jieba's search-mode words (long words and the words inside them). */
export function words(text: string): string[] {
  return cleanWords(jieba.cutForSearch(text, true));
}

/** Every pair of neighbouring Chinese characters: a query with one wrong character still shares most of them. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(cjkRun) ?? []) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

/** Pinyin initials of each Chinese word and of the whole text: 身份证 → sfz. */
export function initials(text: string): string[] {
  const out = new Set<string>();
  const of = (s: string) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
  for (const run of text.match(cjkRun) ?? []) {
    if (run.length >= 2) out.add(of(run));
    for (const word of jieba.cut(run, true)) if (word.length >= 2) out.add(of(word));
  }
  return [...out];
}

/** The tokens of one field of a document, as the text for to_tsvector('simple', …). */
function fieldTokens(texts: string[], withBigrams: boolean, withInitials: boolean): string {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const w of words(text)) tokens.add(w);
    if (withBigrams) for (const b of bigrams(text)) tokens.add(b);
    if (withInitials) for (const i of initials(text)) tokens.add(i);
    for (const a of text.toLowerCase().match(asciiWord) ?? []) tokens.add(a);
  }
  return [...tokens].join(' ');
}

export interface SearchDocument {
  code: string;
  name: string;
  keywords: string[];
  materials: string[];
  faqs: string[];
  department: string;
}

/** The weighted token texts of an item: A name, B keywords, C materials, D FAQ and department. */
export function documentTokens(doc: SearchDocument): { a: string; b: string; c: string; d: string } {
  return {
    a: `${fieldTokens([doc.name], true, true)} ${doc.code.toLowerCase()}`,
    b: fieldTokens(doc.keywords, true, true),
    c: fieldTokens(doc.materials, false, false),
    d: fieldTokens([...doc.faqs, doc.department], false, false),
  };
}

/** Turns what a person typed into the tokens to look for: words, bigrams, colloquial synonyms, pinyin-initial prefixes. */
export function parseQuery(input: string): IndexQuery {
  const phrase = input.trim().slice(0, 100);
  const lower = phrase.toLowerCase();
  const tokens = new Set<string>();
  const prefixes = new Set<string>();
  for (const a of lower.match(asciiWord) ?? []) prefixes.add(a);
  for (const w of words(phrase)) if (!/^[a-z0-9]+$/.test(w)) tokens.add(w);
  // Bigrams of what is left once the stop words are cut out: 怎么办理 must not leave 么办 behind.
  const content = jieba.cut(phrase, true).map((w) => (stopWords.has(w) ? ' ' : w)).join('');
  for (const b of bigrams(content)) if (!stopWords.has(b)) tokens.add(b);
  for (const [said, meant] of Object.entries(colloquialSynonyms)) {
    if (!phrase.includes(said)) continue;
    for (const m of meant) for (const w of words(m)) tokens.add(w);
  }
  return { tokens: [...tokens], prefixes: [...prefixes], phrase: lower };
}
