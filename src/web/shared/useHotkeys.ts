import { useEffect, useRef } from 'react';

export interface Hotkey {
  /** KeyboardEvent.key values, e.g. ['F1', ' ']. */
  keys: string[];
  run(): void;
  /** A key whose action does not fit right now is swallowed but does nothing. */
  enabled: boolean;
}

/** Whether a dialog or a text field has the keyboard: then only function keys … and not even those in a dialog. */
function keyboardTaken(event: KeyboardEvent): { dialog: boolean; typing: boolean } {
  const target = event.target as HTMLElement | null;
  const typing = Boolean(target?.closest('input, textarea, select, [contenteditable="true"]'));
  const dialog = Boolean(document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal, .ant-popover:not(.ant-popover-hidden)'));
  return { dialog, typing };
}

/**
 * Keyboard shortcuts for a whole screen (the window workstation): function keys work anywhere except
 * while a dialog is open; a printable key (Space) only when no field has the focus.
 */
export function useHotkeys(hotkeys: Hotkey[]): void {
  const current = useRef(hotkeys);
  current.current = hotkeys;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const hotkey = current.current.find((h) => h.keys.includes(event.key));
      if (!hotkey) return;
      const { dialog, typing } = keyboardTaken(event);
      const functionKey = /^F\d{1,2}$/.test(event.key);
      if (dialog || (!functionKey && typing)) return;
      // Space on a focused button would also click it: the shortcut is the one action.
      event.preventDefault();
      if (hotkey.enabled) hotkey.run();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
