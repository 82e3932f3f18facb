/**
 * The catalogue's search index, held in each server process and kept in step with the database.
 *
 * Why not rank in SQL: a colloquial query is an OR of words, bigrams and synonyms, so broad queries
 * match thousands of items, and PostgreSQL then spends tens of milliseconds re-reading and ts_rank-ing
 * every matched tsvector. Here the same weighted tokens (the items' `search_vector`, the canonical
 * store) sit in inverted lists, and scoring a query over 20,000 items is a few array walks.
 *
 * Freshness across nodes: every catalogue write bumps `catalog_state.version` in its transaction
 * (a row lock, so versions commit in order) and stamps the items it wrote with it. Each search reads
 * that version first and loads only the items stamped later, so a change made on any node is seen by
 * the next search on every node.
 */

export interface IndexedItem {
  id: string;
  code: string;
  name: string;
  keywords: string[];
  status: 'published' | 'withdrawn';
  departmentId: string;
  audience: string[];
  online: boolean;
  /** Offered at the 7×24 self-service terminals. */
  terminal: boolean;
  type: string;
  centerIds: string[];
}

export interface IndexQuery {
  /** Whole tokens to match. */
  tokens: string[];
  /** Tokens that match every indexed token starting with them (pinyin initials, codes). */
  prefixes: string[];
  /** The query as typed, in lower case, for the exact-phrase bonus. */
  phrase: string;
}

export interface IndexFilter {
  centerId?: string;
  departmentId?: string;
  audience?: string;
  online?: boolean;
  terminal?: boolean;
  type?: string;
  includeWithdrawn?: boolean;
}

/** ts_rank's default weights for A (name), B (keywords), C (materials), D (FAQ, department). */
const weights = [1, 0.4, 0.2, 0.1] as const;
const weightIndex: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
const weightOf = (posting: number) => weights[posting & 3]!;

/**
 * Parses PostgreSQL's text form of a tsvector (`'word':1A,4B 'x':2`) into each token's best weight
 * (0 = A … 3 = D; positions without a letter are D).
 */
export function parseTsvector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const entry = /'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g;
  for (const match of text.matchAll(entry)) {
    const token = match[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1');
    let best = 3;
    for (const position of (match[2] ?? '').split(',')) {
      const letter = position.at(-1)!;
      if (letter in weightIndex) best = Math.min(best, weightIndex[letter]!);
    }
    out.set(token, Math.min(best, out.get(token) ?? 3));
  }
  return out;
}

function passes(item: IndexedItem, filter: IndexFilter): boolean {
  if (!filter.includeWithdrawn && item.status !== 'published') return false;
  if (filter.departmentId && item.departmentId !== filter.departmentId) return false;
  if (filter.audience && !item.audience.includes(filter.audience)) return false;
  if (filter.online !== undefined && item.online !== filter.online) return false;
  if (filter.terminal !== undefined && item.terminal !== filter.terminal) return false;
  if (filter.type && item.type !== filter.type) return false;
  if (filter.centerId && !item.centerIds.includes(filter.centerId)) return false;
  return true;
}

const byCode = (a: IndexedItem, b: IndexedItem) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export class SearchIndex {
  /** The catalogue version this index has applied; -1 before the first load. */
  version = -1;
  /** One slot per stored item version; a changed item gets a new slot and its old one is emptied. */
  private slots: (IndexedItem | null)[] = [];
  private slotOf = new Map<string, number>();
  /** token → slot × 4 + weight index, one entry per item holding the token. */
  private postings = new Map<string, number[]>();
  private sortedTokens: string[] | null = null;
  private codeOrder: number[] | null = null;
  private emptied = 0;

  get size(): number {
    return this.slotOf.size;
  }

  /** Too many emptied slots: the caller should rebuild from scratch. */
  get wasteful(): boolean {
    return this.emptied > 1000 && this.emptied > this.slots.length / 4;
  }

  upsert(item: IndexedItem, tokens: Map<string, number>): void {
    const old = this.slotOf.get(item.id);
    if (old !== undefined) {
      this.slots[old] = null;
      this.emptied++;
    }
    const slot = this.slots.length;
    this.slots.push(item);
    this.slotOf.set(item.id, slot);
    for (const [token, weight] of tokens) {
      const list = this.postings.get(token);
      if (list) list.push(slot * 4 + weight);
      else {
        this.postings.set(token, [slot * 4 + weight]);
        this.sortedTokens = null;
      }
    }
    this.codeOrder = null;
  }

  /** Ids of one page of matching items, best first (or by code without a query), and how many match. */
  search(query: IndexQuery, filter: IndexFilter, offset: number, limit: number): { ids: string[]; total: number } {
    if (!query.tokens.length && !query.prefixes.length) {
      const order = this.byCode().filter((slot) => passes(this.slots[slot]!, filter));
      return { ids: order.slice(offset, offset + limit).map((slot) => this.slots[slot]!.id), total: order.length };
    }
    const scores = new Float64Array(this.slots.length);
    const touched: number[] = [];
    const add = (slot: number, score: number) => {
      if (scores[slot] === 0) touched.push(slot);
      scores[slot] = scores[slot]! + score;
    };
    for (const token of new Set(query.tokens)) for (const p of this.postings.get(token) ?? []) add(p >> 2, weightOf(p));
    for (const prefix of new Set(query.prefixes)) {
      // Several tokens may share the prefix; an item counts once, by its best one.
      const best = new Map<number, number>();
      for (const token of this.tokensStartingWith(prefix))
        for (const p of this.postings.get(token)!) best.set(p >> 2, Math.max(best.get(p >> 2) ?? 0, weightOf(p)));
      for (const [slot, score] of best) add(slot, score);
    }
    const phrase = query.phrase;
    const hits: { item: IndexedItem; score: number }[] = [];
    for (const slot of touched) {
      const item = this.slots[slot];
      if (!item || !passes(item, filter)) continue;
      const bonus = !phrase ? 0 : item.code.toLowerCase() === phrase ? 2 : item.name.toLowerCase().includes(phrase) ? 1 : item.keywords.includes(phrase) ? 0.8 : 0;
      hits.push({ item, score: scores[slot]! + bonus });
    }
    // Broad queries match thousands: order fully only those that can reach the page (a numeric sort finds the cut).
    const wanted = offset + limit;
    let candidates = hits;
    if (hits.length > wanted * 2) {
      const sorted = Float64Array.from(hits, (h) => h.score).sort();
      const cut = sorted[hits.length - wanted]!;
      candidates = hits.filter((h) => h.score >= cut);
    }
    candidates.sort((a, b) => b.score - a.score || a.item.name.length - b.item.name.length || byCode(a.item, b.item));
    return { ids: candidates.slice(offset, wanted).map((h) => h.item.id), total: hits.length };
  }

  private byCode(): number[] {
    if (!this.codeOrder) {
      const live: number[] = [];
      this.slots.forEach((item, slot) => item && live.push(slot));
      this.codeOrder = live.sort((a, b) => byCode(this.slots[a]!, this.slots[b]!));
    }
    return this.codeOrder;
  }

  private tokensStartingWith(prefix: string): string[] {
    this.sortedTokens ??= [...this.postings.keys()].sort();
    const tokens = this.sortedTokens;
    let low = 0;
    let high = tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tokens[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    const out: string[] = [];
    for (let i = low; i < tokens.length && tokens[i]!.startsWith(prefix); i++) out.push(tokens[i]!);
    return out;
  }
}
