'use client';

import type { WorkflowDefinition } from '@weft/engine';
import { useMemo } from 'react';
import { diffDefinitions } from './version-diff';

interface VersionBannerProps {
  version: number;
  definition: WorkflowDefinition;
  current: WorkflowDefinition;
  onRestore(): void;
  onBack(): void;
}

/** "Viewing vN — read-only", with what differs from the editor's current graph. */
export function VersionBanner({ version, definition, current, onRestore, onBack }: VersionBannerProps) {
  const diff = useMemo(() => diffDefinitions(definition, current), [definition, current]);
  const same =
    !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.edgesAdded && !diff.edgesRemoved;
  return (
    <div className="version-banner" role="status">
      <div className="version-banner-row">
        <strong>Viewing v{version} — read-only</strong>
        <span className="spacer" />
        <button type="button" className="button button-small button-primary" onClick={onRestore}>
          Restore
        </button>
        <button type="button" className="button button-small" onClick={onBack}>
          Back to current
        </button>
      </div>
      <details className="version-diff">
        <summary>{same ? 'Same as the current graph' : 'Changes in the current graph since this version'}</summary>
        <ul className="small">
          {diff.added.map((id) => (
            <li key={`a${id}`}>
              + added <code>{id}</code>
            </li>
          ))}
          {diff.removed.map((id) => (
            <li key={`r${id}`}>
              − removed <code>{id}</code>
            </li>
          ))}
          {diff.changed.map((c) => (
            <li key={`c${c.id}`}>
              ~ changed <code>{c.id}</code>
              {c.parameters.length ? `: parameters ${c.parameters.join(', ')}` : ''}
              {c.other.length ? `${c.parameters.length ? ';' : ':'} ${c.other.join(', ')}` : ''}
            </li>
          ))}
          {diff.edgesAdded ? <li>+ {diff.edgesAdded} connection(s)</li> : null}
          {diff.edgesRemoved ? <li>− {diff.edgesRemoved} connection(s)</li> : null}
        </ul>
      </details>
    </div>
  );
}
