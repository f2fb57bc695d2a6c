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
        <div className="inspector-field">
          <label className="field-label" htmlFor={id('maxRetries')}>
            Max retries
          </label>
          <input
            id={id('maxRetries')}
            className="input"
            type="number"
            min={0}
            max={100}
            placeholder="default"
            value={s.retry?.maxRetries ?? ''}
            onChange={(e) => setRetry('maxRetries', num(e.target.value))}
            onBlur={onBlur}
          />
        </div>
        <div className="inspector-field">
          <label className="field-label" htmlFor={id('backoffMs')}>
            Backoff (ms)
          </label>
          <input
            id={id('backoffMs')}
            className="input"
            type="number"
            min={0}
            placeholder="default"
            value={s.retry?.backoffMs ?? ''}
            onChange={(e) => setRetry('backoffMs', num(e.target.value))}
            onBlur={onBlur}
          />
        </div>
        <div className="inspector-field">
          <label className="field-label" htmlFor={id('backoffType')}>
            Backoff type
          </label>
          <select
            id={id('backoffType')}
            className="input"
            value={s.retry?.backoffType ?? ''}
            onChange={(e) => setRetry('backoffType', e.target.value === '' ? undefined : e.target.value)}
          >
            <option value="">default</option>
            <option value="fixed">fixed</option>
            <option value="linear">linear</option>
            <option value="exponential">exponential</option>
          </select>
        </div>
        <div className="inspector-field">
          <label className="field-label" htmlFor={id('timeoutMs')}>
            Timeout (ms)
          </label>
          <input
            id={id('timeoutMs')}
            className="input"
            type="number"
            min={0}
            placeholder="default"
            value={s.timeoutMs ?? ''}
            onChange={(e) => onSettings(prune({ ...s, timeoutMs: num(e.target.value) }), 'timeoutMs')}
            onBlur={onBlur}
          />
        </div>
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
