'use client';

import { ChevronDown } from 'lucide-react';
import Link from 'next/link';
import { type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';

export interface MenuLink {
  href: string;
  label: string;
  title: string;
}

/**
 * The toolbar's secondary links behind one button (the ARIA menu-button pattern). The list
 * is placed by CSS under its button, so nothing has to guess its height.
 */
export function ToolbarMenu({ label, links }: { label: string; links: MenuLink[] }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useCloseOutside(box, open, () => setOpen(false));
  useEffect(() => {
    if (open) box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items[next]?.focus();
  };

  return (
    <div className="toolbar-menu" ref={box}>
      <button
        ref={button}
        type="button"
        className="button button-small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open ? (
        <div id={listId} role="menu" aria-label={label} className="toolbar-menu-list" onKeyDown={onKeyDown}>
          {links.map((l) => (
            <Link key={l.href} href={l.href} role="menuitem" title={l.title} className="toolbar-menu-item">
              {l.label}
            </Link>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Closes the open menu on a press outside it or when focus leaves it. */
function useCloseOutside(box: RefObject<HTMLDivElement | null>, open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) close();
    };
    const onFocus = (e: FocusEvent) => {
      if (e.target instanceof Node && !box.current?.contains(e.target)) close();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusin', onFocus);
    };
  }, [box, open, close]);
}
