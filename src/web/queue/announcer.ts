import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Voice calls in Mandarin through the browser's speechSynthesis, one after another so two calls never
 * talk over each other. Browsers allow sound only after a gesture, so a display is switched on once
 * by a tap (`enable`); until then calls are only shown.
 */
export interface Announcer {
  supported: boolean;
  enabled: boolean;
  enable(): void;
  say(text: string): void;
}

/** A sentence that never reports its end (a stuck voice engine) does not hold up the queue longer than this. */
const maxUtteranceMs = 15_000;

export function useAnnouncer(): Announcer {
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';
  const [enabled, setEnabled] = useState(false);
  const queue = useRef<string[]>([]);
  const speaking = useRef(false);
  const enabledRef = useRef(false);

  const next = useCallback(() => {
    if (speaking.current || !enabledRef.current) return;
    const text = queue.current.shift();
    if (text === undefined) return;
    speaking.current = true;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'zh-CN';
    utterance.rate = 0.9;
    const voice = window.speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').startsWith('zh-CN'));
    if (voice) utterance.voice = voice;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      speaking.current = false;
      next();
    };
    const guard = setTimeout(done, maxUtteranceMs);
    utterance.onend = done;
    utterance.onerror = done;
    window.speechSynthesis.speak(utterance);
  }, []);

  useEffect(() => () => {
    queue.current = [];
    if (supported) window.speechSynthesis.cancel();
  }, [supported]);

  const enable = useCallback(() => {
    if (!supported) return;
    enabledRef.current = true;
    setEnabled(true);
    // Speaking inside the tap unlocks audio for the calls that follow.
    queue.current.unshift('语音播报已开启');
    next();
  }, [supported, next]);

  const say = useCallback(
    (text: string) => {
      if (!supported || !enabledRef.current) return;
      queue.current.push(text);
      next();
    },
    [supported, next],
  );

  return { supported, enabled, enable, say };
}
