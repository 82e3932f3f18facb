import { useCallback, useState } from 'react';

export interface Dialog<T> {
  open: boolean;
  /** What the dialog was opened for: the record being edited, or defaults for a new one. */
  subject: T | undefined;
  show(subject: T): void;
  close(): void;
}

/** Open/closed state of a dialog together with the thing it is about. */
export function useDialog<T>(): Dialog<T> {
  const [state, setState] = useState<{ open: boolean; subject: T | undefined }>({ open: false, subject: undefined });
  const show = useCallback((subject: T) => setState({ open: true, subject }), []);
  // The subject stays while the dialog animates out, so its title does not flicker.
  const close = useCallback(() => setState((s) => ({ ...s, open: false })), []);
  return { ...state, show, close };
}
