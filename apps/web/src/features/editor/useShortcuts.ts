'use client';

import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  duplicate(): void;
}

/** Typing in a field keeps the browser's own undo/copy/paste. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return (
    el.isContentEditable ||
    el.tagName === 'INPUT' ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT' ||
    !!el.closest?.('.cm-editor')
  );
}

/** Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y, Ctrl/Cmd+C, V, D on the canvas. */
export function useShortcuts(actions: ShortcutActions, enabled: boolean) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      const a = ref.current;
      if (key === 'z' && e.shiftKey) a.redo();
      else if (key === 'z') a.undo();
      else if (key === 'y') a.redo();
      else if (key === 'c' && !e.shiftKey) {
        // Leave a text selection on the page to the browser.
        if (window.getSelection()?.toString()) return;
        a.copy();
      } else if (key === 'v' && !e.shiftKey) a.paste();
      else if (key === 'd') a.duplicate();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
