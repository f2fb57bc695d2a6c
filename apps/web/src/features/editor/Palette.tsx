'use client';

import type { NodeTypeInfo } from '@weft/engine';
import { memo, useMemo, useState } from 'react';
import { NodeIcon } from '../graph/NodeIcon';

export const DND_MIME = 'application/x-weft-node-type';

const CATEGORY_ORDER = ['core', 'data', 'flow', 'network'];

interface PaletteProps {
  types: NodeTypeInfo[];
  hasTrigger: boolean;
  disabled: boolean;
  onAdd(type: string): void;
}

/** Every node type by category; drag one onto the canvas, or click to add it at the centre. */
export const Palette = memo(function Palette({ types, hasTrigger, disabled, onAdd }: PaletteProps) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    const hits = types.filter(
      (t) => !q || t.label.toLowerCase().includes(q) || t.type.includes(q) || t.description.toLowerCase().includes(q),
    );
    const map = new Map<string, NodeTypeInfo[]>();
    for (const t of hits) map.set(t.category, [...(map.get(t.category) ?? []), t]);
    const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
    return [...map.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  }, [types, search]);

  return (
    <aside className="editor-palette" aria-label="Node palette">
      <label className="visually-hidden" htmlFor="palette-search">
        Search nodes
      </label>
      <input
        id="palette-search"
        className="input ui-control"
        type="search"
        placeholder="Search nodes"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {groups.length === 0 ? <p className="muted small">No node type matches “{search}”.</p> : null}
      {groups.map(([category, items]) => (
        <section key={category} className="palette-group">
          <h2 className="palette-heading">{category}</h2>
          <ul className="palette-list">
            {items.map((t) => (
              <PaletteItem key={t.type} type={t} hasTrigger={hasTrigger} disabled={disabled} onAdd={onAdd} />
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
});

/** One node type: dragged onto the canvas, or clicked to add at its centre. */
function PaletteItem({ type: t, hasTrigger, disabled, onAdd }: Omit<PaletteProps, 'types'> & { type: NodeTypeInfo }) {
  const blocked = disabled || (t.starts && hasTrigger);
  return (
    <li>
      <button
        type="button"
        className="palette-item"
        data-testid={`palette-${t.type}`}
        draggable={!blocked}
        disabled={blocked}
        title={t.starts && hasTrigger ? 'This workflow already has a trigger' : t.description}
        onDragStart={(e) => {
          e.dataTransfer.setData(DND_MIME, t.type);
          e.dataTransfer.effectAllowed = 'move';
        }}
        onClick={() => onAdd(t.type)}
      >
        <span className="palette-icon">
          <NodeIcon name={t.icon} size={16} />
        </span>
        <span className="palette-label">{t.label}</span>
      </button>
    </li>
  );
}
