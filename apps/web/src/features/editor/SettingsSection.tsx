'use client';

import type { NodeSettings } from '@weft/engine';

interface SettingsSectionProps {
  nodeId: string;
  settings: NodeSettings | undefined;
  disabled: boolean;
  onSettings(settings: NodeSettings | undefined, key: string): void;
  onDisabled(disabled: boolean): void;
  onBlur(): void;
}

/** Drops empty fields so an untouched node saves without a `settings` key at all. */
function prune(s: NodeSettings): NodeSettings | undefined {
  const retry = s.retry ? Object.fromEntries(Object.entries(s.retry).filter(([, v]) => v !== undefined)) : {};
  const out: NodeSettings = {};
  if (Object.keys(retry).length) out.retry = retry;
  if (s.timeoutMs !== undefined) out.timeoutMs = s.timeoutMs;
  if (s.continueOnFail) out.continueOnFail = true;
  return Object.keys(out).length ? out : undefined;
}

const num = (v: string) => (v === '' ? undefined : Math.max(0, Math.trunc(Number(v))));

/** Retry, timeout, continue-on-fail and disabled, per SPEC §2 NodeSettings. */
export function SettingsSection({ nodeId, settings, disabled, onSettings, onDisabled, onBlur }: SettingsSectionProps) {
  const s = settings ?? {};
  const id = (k: string) => `setting-${nodeId}-${k}`;
  const setRetry = (k: keyof NonNullable<NodeSettings['retry']>, v: unknown) =>
    onSettings(prune({ ...s, retry: { ...s.retry, [k]: v } }), `retry.${k}`);

  return (
    <fieldset className="inspector-section">
      <legend>Settings</legend>
      <div className="inspector-grid">
        <NumberSetting
          id={id('maxRetries')}
          label="Max retries"
          max={100}
          value={s.retry?.maxRetries}
          onChange={(v) => setRetry('maxRetries', v)}
          onBlur={onBlur}
        />
        <NumberSetting
          id={id('backoffMs')}
          label="Backoff (ms)"
          value={s.retry?.backoffMs}
          onChange={(v) => setRetry('backoffMs', v)}
          onBlur={onBlur}
        />
        <BackoffTypeSetting
          id={id('backoffType')}
          value={s.retry?.backoffType}
          onChange={(v) => setRetry('backoffType', v)}
        />
        <NumberSetting
          id={id('timeoutMs')}
          label="Timeout (ms)"
          value={s.timeoutMs}
          onChange={(v) => onSettings(prune({ ...s, timeoutMs: v }), 'timeoutMs')}
          onBlur={onBlur}
        />
      </div>
      <div className="inspector-field inspector-check">
        <input
          id={id('continueOnFail')}
          type="checkbox"
          checked={s.continueOnFail === true}
          onChange={(e) => onSettings(prune({ ...s, continueOnFail: e.target.checked }), 'continueOnFail')}
        />
        <label htmlFor={id('continueOnFail')}>Continue on fail (output {'{ error }'} instead of failing)</label>
      </div>
      <div className="inspector-field inspector-check">
        <input id={id('disabled')} type="checkbox" checked={disabled} onChange={(e) => onDisabled(e.target.checked)} />
        <label htmlFor={id('disabled')}>Disabled</label>
      </div>
    </fieldset>
  );
}

/** A whole, non-negative number; empty means "the default". */
function NumberSetting(p: {
  id: string;
  label: string;
  max?: number;
  value: number | undefined;
  onChange(value: number | undefined): void;
  onBlur(): void;
}) {
  return (
    <div className="inspector-field">
      <label className="field-label" htmlFor={p.id}>
        {p.label}
      </label>
      <input
        id={p.id}
        className="input ui-control"
        type="number"
        min={0}
        max={p.max}
        placeholder="default"
        value={p.value ?? ''}
        onChange={(e) => p.onChange(num(e.target.value))}
        onBlur={p.onBlur}
      />
    </div>
  );
}

function BackoffTypeSetting(p: { id: string; value: string | undefined; onChange(value: string | undefined): void }) {
  return (
    <div className="inspector-field">
      <label className="field-label" htmlFor={p.id}>
        Backoff type
      </label>
      <select
        id={p.id}
        className="input ui-control"
        value={p.value ?? ''}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">default</option>
        <option value="fixed">fixed</option>
        <option value="linear">linear</option>
        <option value="exponential">exponential</option>
      </select>
    </div>
  );
}
