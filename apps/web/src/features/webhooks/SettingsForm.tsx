'use client';

import { useState, type FormEvent } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { useDraftForm, useFieldIds } from '@/ui/form/useDraftForm';
import { armRefused } from '@/features/triggers/arming';
import { SchemeSelect } from './SchemeSelect';
import { SecretField } from './SecretField';
import {
  draftFromWebhook,
  draftToPatch,
  isDirty,
  settingsErrorsFromDetails,
  type SettingsDraft,
  type SettingsField,
} from './settings-form';
import {
  signingDirty,
  signingErrorsFromDetails,
  signingToPatch,
  type SigningDraft,
  type SigningErrors,
} from './signing-form';
import type { Webhook } from './types';
import type { WebhookPatch } from './api';

interface SettingsFormProps {
  webhook: Webhook;
  /** Switching the scheme sends a new secret, which needs execute as well as edit: off, the scheme stays as it is. */
  canChangeSecret: boolean;
  /** Saves; resolves with the stored webhook or rejects with the API error. */
  onSave(patch: WebhookPatch): Promise<Webhook>;
}

const signingFrom = (w: Webhook): SigningDraft => ({ scheme: w.signatureScheme, secret: '' });

/** Signature scheme, response mode, rate limit and IP allowlist, saved together. */
export function SettingsForm({ webhook, canChangeSecret, onSave }: SettingsFormProps) {
  const form = useDraftForm<SettingsDraft>(() => draftFromWebhook(webhook));
  const { draft, set, errors, saving, savedNote, formError } = form;
  const [signing, setSigning] = useState<SigningDraft>(() => signingFrom(webhook));
  const [signingErrors, setSigningErrors] = useState<SigningErrors>({});
  const switching = signingDirty(signing, webhook.signatureScheme);
  const dirty = isDirty(draft, webhook) || switching;
  const { uid, id, aria: invalid, hint, error: fieldError } = useFieldIds<SettingsField>((f) => errors[f]);

  const setSigningField = <K extends keyof SigningDraft>(key: K, value: SigningDraft[K]) => {
    setSigning((d) => ({ ...d, [key]: value }));
    form.setSavedNote(null);
    setSigningErrors({});
  };

  const reset = () => {
    form.setDraft(draftFromWebhook(webhook));
    setSigning(signingFrom(webhook));
    form.setErrors({});
    setSigningErrors({});
    form.setFormError(null);
  };

  const submit = (event: FormEvent) => {
    const parsed = draftToPatch(draft);
    const sign = signingToPatch(signing, webhook.signatureScheme);
    if (!parsed.ok || !sign.ok) {
      event.preventDefault();
      form.setErrors(parsed.ok ? {} : parsed.errors);
      setSigningErrors(sign.ok ? {} : sign.errors);
      return;
    }
    void form.submit(
      event,
      async () => {
        const saved = await onSave({ ...parsed.patch, ...sign.patch });
        form.setDraft(draftFromWebhook(saved));
        setSigning(signingFrom(saved));
        form.setErrors({});
        setSigningErrors({});
        form.setSavedNote('Saved');
      },
      (err) => {
        const details = err instanceof ApiClientError ? err.details : [];
        const fieldErrs = settingsErrorsFromDetails(details);
        // A secret error with no secret field on screen (the scheme unchanged) goes in the banner.
        const { secret: secretErr, ...signErrs } = signingErrorsFromDetails(details);
        const shownSignErrs = secretErr && switching ? { ...signErrs, secret: secretErr } : signErrs;
        form.setErrors(fieldErrs);
        setSigningErrors(shownSignErrs);
        if (secretErr && !switching) form.setFormError(secretErr);
        else
          form.failed(
            err,
            Object.keys(fieldErrs).length + Object.keys(shownSignErrs).length,
            'Could not save the settings',
          );
      },
    );
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate aria-label="Webhook settings">
      <SchemeSelect
        id={`${uid}-signatureScheme`}
        value={signing.scheme}
        onChange={(s) => setSigningField('scheme', s)}
        error={signingErrors.signatureScheme}
        disabled={saving || !canChangeSecret}
        showBlurb={switching}
      />
      {canChangeSecret ? null : (
        <p className="field-hint" data-testid="scheme-refused">
          {armRefused('Changing the scheme changes the secret, which')}
        </p>
      )}
      {switching ? (
        <SecretField
          id={`${uid}-secret`}
          scheme={signing.scheme}
          value={signing.secret}
          onChange={(v) => setSigningField('secret', v)}
          error={signingErrors.secret}
          mode="switch"
        />
      ) : null}

      <div className="ui-field ui-field-check">
        <input
          id={id('requireSignature')}
          type="checkbox"
          checked={draft.requireSignature}
          onChange={(e) => set('requireSignature', e.target.checked)}
          {...invalid('requireSignature')}
        />
        <label htmlFor={id('requireSignature')}>Require a signature</label>
        {hint(
          'requireSignature',
          switching ? (
            'Reject requests without a valid signature of the chosen scheme.'
          ) : (
            <>
              Reject requests without a valid <code>{webhook.signatureHeader}</code> header.
            </>
          ),
        )}
        {fieldError('requireSignature')}
      </div>

      <div className="ui-grid">
        <div className="ui-field">
          <label htmlFor={id('responseMode')}>Response</label>
          <select
            id={id('responseMode')}
            className="ui-input"
            value={draft.responseMode}
            onChange={(e) => set('responseMode', e.target.value === 'sync' ? 'sync' : 'async')}
            {...invalid('responseMode')}
          >
            <option value="async">Async — answer 202 at once</option>
            <option value="sync">Sync — wait for the Respond node</option>
          </select>
          {hint('responseMode', 'Sync answers with the workflow’s Respond node.')}
          {fieldError('responseMode')}
        </div>
        <div className="ui-field">
          <label htmlFor={id('syncTimeoutMs')}>Sync timeout (ms)</label>
          <input
            id={id('syncTimeoutMs')}
            className="ui-input"
            inputMode="numeric"
            value={draft.syncTimeoutMs}
            onChange={(e) => set('syncTimeoutMs', e.target.value)}
            disabled={draft.responseMode !== 'sync'}
            {...invalid('syncTimeoutMs')}
          />
          {hint('syncTimeoutMs', draft.responseMode === 'sync' ? '100 – 300000' : 'Only used in sync mode')}
          {fieldError('syncTimeoutMs')}
        </div>
        <div className="ui-field">
          <label htmlFor={id('rateLimitMax')}>Rate limit (requests)</label>
          <input
            id={id('rateLimitMax')}
            className="ui-input"
            inputMode="numeric"
            value={draft.rateLimitMax}
            onChange={(e) => set('rateLimitMax', e.target.value)}
            {...invalid('rateLimitMax')}
          />
          {hint('rateLimitMax', 'At most this many…')}
          {fieldError('rateLimitMax')}
        </div>
        <div className="ui-field">
          <label htmlFor={id('rateLimitWindowSec')}>Rate limit window (s)</label>
          <input
            id={id('rateLimitWindowSec')}
            className="ui-input"
            inputMode="numeric"
            value={draft.rateLimitWindowSec}
            onChange={(e) => set('rateLimitWindowSec', e.target.value)}
            {...invalid('rateLimitWindowSec')}
          />
          {hint('rateLimitWindowSec', '…per this many seconds')}
          {fieldError('rateLimitWindowSec')}
        </div>
      </div>

      <div className="ui-field">
        <label htmlFor={id('ipAllowlist')}>IP allowlist</label>
        <textarea
          id={id('ipAllowlist')}
          className="ui-input mono"
          rows={3}
          value={draft.ipAllowlist}
          onChange={(e) => set('ipAllowlist', e.target.value)}
          placeholder={'203.0.113.7\n10.0.0.0/8'}
          spellCheck={false}
          {...invalid('ipAllowlist')}
        />
        {hint('ipAllowlist', 'One address or CIDR per line. Empty allows any address.')}
        {fieldError('ipAllowlist')}
      </div>

      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="ui-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving || !dirty}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty ? (
          <button type="button" className="button button-ghost button-small" onClick={reset} disabled={saving}>
            Reset
          </button>
        ) : null}
        <span className="muted small" aria-live="polite">
          {savedNote && !dirty ? savedNote : dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
    </form>
  );
}
