'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { FormField, NumberInput } from '@/ui/form/FormField';
import { FormFooter } from '@/ui/form/FormFooter';
import { useDraftForm } from '@/ui/form/useDraftForm';
import { armRefused } from '@/features/triggers/arming';
import { SchemeSelect } from './SchemeSelect';
import { SecretField } from './SecretField';
import {
  draftFromWebhook,
  draftToPatch,
  isDirty,
  settingsErrorsFromDetails,
  type SettingsDraft,
  type SettingsErrors,
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

/** The signing half of the form: the scheme and, when switching it, the new secret. */
function useSigningDraft(webhook: Webhook, onEdit: () => void) {
  const [signing, setSigning] = useState<SigningDraft>(() => signingFrom(webhook));
  const [errors, setErrors] = useState<SigningErrors>({});
  const set = <K extends keyof SigningDraft>(key: K, value: SigningDraft[K]) => {
    setSigning((d) => ({ ...d, [key]: value }));
    onEdit();
    setErrors({});
  };
  const reset = (w: Webhook) => {
    setSigning(signingFrom(w));
    setErrors({});
  };
  return { signing, set, errors, setErrors, reset, switching: signingDirty(signing, webhook.signatureScheme) };
}

/** The form's state (settings and signing), its Save and Reset. */
function useSettingsForm(webhook: Webhook, onSave: SettingsFormProps['onSave']) {
  const form = useDraftForm<SettingsDraft>(() => draftFromWebhook(webhook));
  const sign = useSigningDraft(webhook, () => form.setSavedNote(null));
  const { draft } = form;
  const dirty = isDirty(draft, webhook) || sign.switching;
  const reset = (w: Webhook) => {
    form.setDraft(draftFromWebhook(w));
    sign.reset(w);
    form.setErrors({});
  };

  const submit = (event: FormEvent) => {
    const parsed = draftToPatch(draft);
    const signPatch = signingToPatch(sign.signing, webhook.signatureScheme);
    if (!parsed.ok || !signPatch.ok) {
      event.preventDefault();
      form.setErrors(parsed.ok ? {} : parsed.errors);
      sign.setErrors(signPatch.ok ? {} : signPatch.errors);
      return;
    }
    void form.submit(
      event,
      async () => {
        reset(await onSave({ ...parsed.patch, ...signPatch.patch }));
        form.setSavedNote('Saved');
      },
      (err) => {
        const details = err instanceof ApiClientError ? err.details : [];
        const fieldErrs = settingsErrorsFromDetails(details);
        // A secret error with no secret field on screen (the scheme unchanged) goes in the banner.
        const { secret: secretErr, ...signErrs } = signingErrorsFromDetails(details);
        const shownSignErrs = secretErr && sign.switching ? { ...signErrs, secret: secretErr } : signErrs;
        form.setErrors(fieldErrs);
        sign.setErrors(shownSignErrs);
        const placed = Object.keys(fieldErrs).length + Object.keys(shownSignErrs).length;
        if (secretErr && !sign.switching) form.setFormError(secretErr);
        else form.failed(err, placed, 'Could not save the settings');
      },
    );
  };

  return { form, sign, submit, reset, dirty };
}

/** Signature scheme, response mode, rate limit and IP allowlist, saved together. */
export function SettingsForm({ webhook, canChangeSecret, onSave }: SettingsFormProps) {
  const uid = useId();
  const { form, sign, submit, reset, dirty } = useSettingsForm(webhook, onSave);
  const { draft, saving } = form;
  const fields: SettingsFields = { uid, draft, set: form.set, errors: form.errors };
  return (
    <form className="ui-form" onSubmit={submit} noValidate aria-label="Webhook settings">
      <SchemeSelect
        id={`${uid}-signatureScheme`}
        value={sign.signing.scheme}
        onChange={(s) => sign.set('scheme', s)}
        error={sign.errors.signatureScheme}
        disabled={saving || !canChangeSecret}
        showBlurb={sign.switching}
      />
      {canChangeSecret ? null : (
        <p className="field-hint" data-testid="scheme-refused">
          {armRefused('Changing the scheme changes the secret, which')}
        </p>
      )}
      {sign.switching ? (
        <SecretField
          id={`${uid}-secret`}
          scheme={sign.signing.scheme}
          value={sign.signing.secret}
          onChange={(v) => sign.set('secret', v)}
          error={sign.errors.secret}
          mode="switch"
        />
      ) : null}
      <RequireSignatureField {...fields} header={sign.switching ? null : webhook.signatureHeader} />
      <ResponseAndRateFields {...fields} />
      <AllowlistField {...fields} />
      <FormFooter
        formError={form.formError}
        saving={saving}
        disabled={!dirty}
        submitLabel="Save settings"
        savingLabel="Saving…"
        secondary={
          dirty
            ? {
                label: 'Reset',
                onClick: () => {
                  reset(webhook);
                  form.setFormError(null);
                },
              }
            : null
        }
        note={dirty ? 'Unsaved changes' : form.savedNote}
      />
    </form>
  );
}

interface SettingsFields {
  uid: string;
  draft: SettingsDraft;
  set<K extends SettingsField>(key: K, value: SettingsDraft[K]): void;
  errors: SettingsErrors;
}

const fieldOf = ({ uid, errors }: SettingsFields, f: SettingsField) => ({
  id: `${uid}-${f}`,
  name: f,
  error: errors[f],
});

/** `header`: the current scheme's signature header; null while switching to another scheme. */
function RequireSignatureField({ header, ...fields }: SettingsFields & { header: string | null }) {
  const { draft, set } = fields;
  return (
    <FormField
      {...fieldOf(fields, 'requireSignature')}
      check
      label="Require a signature"
      hint={
        header === null ? (
          'Reject requests without a valid signature of the chosen scheme.'
        ) : (
          <>
            Reject requests without a valid <code>{header}</code> header.
          </>
        )
      }
    >
      {(control) => (
        <input
          {...control}
          type="checkbox"
          checked={draft.requireSignature}
          onChange={(e) => set('requireSignature', e.target.checked)}
        />
      )}
    </FormField>
  );
}

function ResponseAndRateFields(fields: SettingsFields) {
  const { draft, set } = fields;
  const sync = draft.responseMode === 'sync';
  return (
    <div className="ui-grid">
      <FormField
        {...fieldOf(fields, 'responseMode')}
        label="Response"
        hint="Sync answers with the workflow’s Respond node."
      >
        {(control) => (
          <select
            {...control}
            className="ui-input"
            value={draft.responseMode}
            onChange={(e) => set('responseMode', e.target.value === 'sync' ? 'sync' : 'async')}
          >
            <option value="async">Async — answer 202 at once</option>
            <option value="sync">Sync — wait for the Respond node</option>
          </select>
        )}
      </FormField>
      <FormField
        {...fieldOf(fields, 'syncTimeoutMs')}
        label="Sync timeout (ms)"
        hint={sync ? '100 – 300000' : 'Only used in sync mode'}
      >
        {(c) => (
          <NumberInput {...c} value={draft.syncTimeoutMs} onChange={(v) => set('syncTimeoutMs', v)} disabled={!sync} />
        )}
      </FormField>
      <FormField {...fieldOf(fields, 'rateLimitMax')} label="Rate limit (requests)" hint="At most this many…">
        {(c) => <NumberInput {...c} value={draft.rateLimitMax} onChange={(v) => set('rateLimitMax', v)} />}
      </FormField>
      <FormField {...fieldOf(fields, 'rateLimitWindowSec')} label="Rate limit window (s)" hint="…per this many seconds">
        {(c) => <NumberInput {...c} value={draft.rateLimitWindowSec} onChange={(v) => set('rateLimitWindowSec', v)} />}
      </FormField>
    </div>
  );
}

function AllowlistField(fields: SettingsFields) {
  const { draft, set } = fields;
  return (
    <FormField
      {...fieldOf(fields, 'ipAllowlist')}
      label="IP allowlist"
      hint="One address or CIDR per line. Empty allows any address."
    >
      {(control) => (
        <textarea
          {...control}
          className="ui-input mono"
          rows={3}
          value={draft.ipAllowlist}
          onChange={(e) => set('ipAllowlist', e.target.value)}
          placeholder={'203.0.113.7\n10.0.0.0/8'}
          spellCheck={false}
        />
      )}
    </FormField>
  );
}
