'use client';

import Link from 'next/link';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export type RowAction = { label: string; href: string } | { label: string; onSelect: () => void; danger?: boolean };

/**
 * A row's "⋯" menu (WAI-ARIA menu button): Enter/Space/↓ opens on the first item, ↑ on
 * the last; ↑/↓/Home/End move; Escape closes and returns focus to the button; Tab or a
 * click elsewhere closes. Positioned `fixed` so the table's rounded, clipped panel
 * does not cut it off.
 */
export function RowActionsMenu({ label, actions }: { label: string; actions: RowAction[] }) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const [position, setPosition] = useState<{ top: number; right: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  function openAt(index: number) {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    const menuHeight = actions.length * 36 + 12;
    const below = rect.bottom + 4;
    const top = below + menuHeight > window.innerHeight ? Math.max(8, rect.top - 4 - menuHeight) : below;
    setPosition({ top, right: window.innerWidth - rect.right });
    setFocusIndex((index + actions.length) % actions.length);
    setOpen(true);
  }

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }

  useLayoutEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[focusIndex]?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    const onScrollOrResize = () => setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('resize', onScrollOrResize);
    window.addEventListener('scroll', onScrollOrResize, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('resize', onScrollOrResize);
      window.removeEventListener('scroll', onScrollOrResize, true);
    };
  }, [open]);

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    // Enter and Space arrive as a click (which opens on the first item).
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(-1);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const n = actions.length;
    const moves: Record<string, number> = { ArrowDown: focusIndex + 1, ArrowUp: focusIndex - 1, Home: 0, End: n - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setFocusIndex(((moves[event.key] ?? 0) + n) % n);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="wf-icon-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && position ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className="wf-menu"
          style={{ top: position.top, right: position.right }}
          onKeyDown={onMenuKeyDown}
        >
          {actions.map((action, i) =>
            'href' in action ? (
              <Link
                key={action.label}
                href={action.href}
                role="menuitem"
                tabIndex={i === focusIndex ? 0 : -1}
                className="wf-menu-item"
                onClick={() => setOpen(false)}
              >
                {action.label}
              </Link>
            ) : (
              <button
                key={action.label}
                type="button"
                role="menuitem"
                tabIndex={i === focusIndex ? 0 : -1}
                className={`wf-menu-item${action.danger ? ' wf-menu-item-danger' : ''}`}
                onClick={() => {
                  // Focus back on the button first, so a dialog opened next returns it there.
                  close(true);
                  action.onSelect();
                }}
              >
                {action.label}
              </button>
            ),
          )}
        </div>
      ) : null}
    </>
  );
}
