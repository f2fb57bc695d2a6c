'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis } from 'lucide-react';
import Link from 'next/link';
import { useRef } from 'react';

export type MenuAction = { label: string; href: string } | { label: string; onSelect: () => void; danger?: boolean };

/**
 * A "⋯" menu button on Radix's dropdown menu (WAI-ARIA menu button: arrow keys, Home/End,
 * typeahead, Escape returns focus; it flips and shifts to stay on screen, measuring itself).
 */
export function Menu({ label, actions }: { label: string; actions: MenuAction[] }) {
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger ref={trigger} className="ui-icon-button" aria-label={label}>
        <Ellipsis size={18} aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="ui-menu" aria-label={label} align="end" sideOffset={4} collisionPadding={8}>
          {actions.map((action) =>
            'href' in action ? (
              <DropdownMenu.Item key={action.label} className="ui-menu-item" asChild>
                <Link href={action.href}>{action.label}</Link>
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item
                key={action.label}
                className={`ui-menu-item${action.danger ? ' ui-menu-item-danger' : ''}`}
                onSelect={() => {
                  // Focus back on the button first, so a dialog opened next returns focus there.
                  trigger.current?.focus();
                  action.onSelect();
                }}
              >
                {action.label}
              </DropdownMenu.Item>
            ),
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
