import { useEffect, useRef, useState } from 'react';
import { api } from '../shared/api';
import type { Paged } from '../shared/types';
import type { ItemSummary } from './catalog';

/**
 * Searches the catalogue as a person types (names, keywords, pinyin initials): a short pause before
 * asking, and an answer to an older text dropped. An empty text keeps the last answer, so a chosen
 * option keeps its label.
 */
export function useItemSearch({ centerId, pageSize }: { centerId?: string; pageSize: number }) {
  const [options, setOptions] = useState<ItemSummary[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const controller = useRef<AbortController>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function search(q: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      controller.current?.abort();
      if (!q.trim()) return;
      const c = new AbortController();
      controller.current = c;
      setSearching(true);
      api.get<Paged<ItemSummary>>('/api/v1/items', { q: q.trim(), centerId, pageSize }, c.signal).then(
        (page) => {
          if (c.signal.aborted) return;
          setOptions(page.items);
          setSearching(false);
        },
        () => !c.signal.aborted && setSearching(false),
      );
    }, 250);
  }

  return { options, searching, search };
}
