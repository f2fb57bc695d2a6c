'use client';

import { useId, useState, type FormEvent } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { CopyButton } from '@/ui/CopyButton';
import { Field } from '@/ui/Field';
import { FormAlert } from '@/ui/FormAlert';
import { EmptyPanel, QueryState } from '@/ui/QueryState';
import { Cell, Table } from '@/ui/Table';
import { RevokeButton } from './RevokeButton';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './api';
import { apiKeyBody, type ApiKeyDraft } from './api-key-form';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from './types';

const EMPTY: ApiKeyDraft = { name: '', scopes: [...API_KEY_SCOPES], expires: '' };
const SCOPE_HINT = { read: 'every GET', write: 'every other change', execute: 'start runs' } as const;
const COLUMNS = ['Name', 'Key', 'Scopes', 'Last used', 'Expires', { label: 'Revoke', hidden: true }] as const;

/** The caller's API keys: create (the key is shown this once), list, revoke. */
export function ApiKeysSection() {
  const uid = useId();
  const keys = useApiKeys();
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`}>API keys</h2>
      <p className="muted small">
        A key acts as you (your role and grants), limited to its scopes. Send it as{' '}
        <code>Authorization: Bearer wft_…</code>.
      </p>
      <ApiKeyForm onCreated={setShown} />
      {shown ? <NewKey name={shown.name} secret={shown.key} onDone={() => setShown(null)} /> : null}
      <QueryState query={keys} loading="Loading API keys…" errorTitle="Could not load your API keys">
        {(items) => (
          <Table
            label="API keys"
            columns={COLUMNS}
            items={items}
            empty={<EmptyPanel title="No API keys">Create one above for scripts and other services.</EmptyPanel>}
          >
            {(k) => <ApiKeyRow key={k.id} apiKey={k} />}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

/** Name, optional expiry and scopes; the checks the client can make come before the request. */
function ApiKeyForm({ onCreated }: { onCreated: (created: { name: string; key: string }) => void }) {
  const uid = useId();
  const create = useCreateApiKey();
  const [draft, setDraft] = useState<ApiKeyDraft>(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const serverErrors = fieldErrors(create.error);
  const errors = { ...serverErrors, ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = apiKeyBody(draft);
    setLocal(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    create.mutate(parsed.body, {
      onSuccess: (created) => {
        onCreated({ name: created.name, key: created.key });
        setDraft(EMPTY);
      },
    });
  };

  return (
    <form className="panel ac-form" onSubmit={submit} aria-label="Create an API key" noValidate>
      <Field
        id={`${uid}-name`}
        name="name"
        label="Key name"
        className="ui-input"
        value={draft.name}
        error={errors.name}
        onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
      />
      <Field
        id={`${uid}-expires`}
        name="expires"
        label="Expires (optional)"
        className="ui-input"
        type="date"
        value={draft.expires}
        error={errors.expiresAt}
        onChange={(e) => setDraft((d) => ({ ...d, expires: e.target.value }))}
      />
      <ScopesField
        errorId={`${uid}-scopes-error`}
        scopes={draft.scopes}
        error={errors.scopes}
        onChange={(scopes) => setDraft((d) => ({ ...d, scopes }))}
      />
      <div className="ac-form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
        <FormAlert error={create.error} fieldErrors={serverErrors} />
      </div>
    </form>
  );
}

interface ScopesFieldProps {
  errorId: string;
  scopes: readonly ApiKeyScope[];
  error: string | undefined;
  onChange: (scopes: ApiKeyScope[]) => void;
}

/** One checkbox per scope; the picked scopes stay in their canonical order. */
function ScopesField({ errorId, scopes, error, onChange }: ScopesFieldProps) {
  return (
    <fieldset className="ac-scopes" aria-describedby={error ? errorId : undefined}>
      <legend>Scopes</legend>
      {API_KEY_SCOPES.map((s) => (
        <label key={s} title={SCOPE_HINT[s]}>
          <input
            type="checkbox"
            checked={scopes.includes(s)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? API_KEY_SCOPES.filter((x) => x === s || scopes.includes(x))
                  : scopes.filter((x) => x !== s),
              )
            }
          />
          {s}
        </label>
      ))}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The secret of the key just made, shown this once. */
function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const id = useId();
  return (
    <div className="ac-secret" role="status" data-testid="api-key-secret">
      <p className="panel-title">Key “{name}” — copy it now, it won’t be shown again.</p>
      <label className="visually-hidden" htmlFor={id}>
        Your new API key
      </label>
      <input id={id} className="ui-input mono" readOnly value={secret} onFocus={(e) => e.target.select()} />
      <div className="ac-inline">
        <CopyButton text={secret} label="Copy" />
        <button type="button" className="button button-ghost" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const expired = apiKey.expiresAt !== null && new Date(apiKey.expiresAt).getTime() <= Date.now();
  return (
    <tr data-testid="api-key-row">
      <Cell primary>{apiKey.name}</Cell>
      <Cell label="Key" className="mono">
        {apiKey.prefix}…
      </Cell>
      <Cell label="Scopes">
        {apiKey.scopes.map((s) => (
          <span key={s} className="tag">
            {s}
          </span>
        ))}
      </Cell>
      <Cell label="Last used" className="small nowrap">
        {apiKey.lastUsedAt ? new Date(apiKey.lastUsedAt).toLocaleString() : <span className="muted">never</span>}
      </Cell>
      <Cell label="Expires" className="small nowrap">
        {apiKey.expiresAt ? (
          <span className={expired ? 'ac-result-failure' : undefined}>
            {expired ? 'expired ' : ''}
            {new Date(apiKey.expiresAt).toLocaleDateString()}
          </span>
        ) : (
          <span className="muted">never</span>
        )}
      </Cell>
      <Cell actions>
        <RevokeButton
          revoke={revoke}
          onRevoke={() => revoke.mutate(apiKey.id)}
          label="Revoke"
          pendingLabel="Revoking…"
          ariaLabel={`Revoke ${apiKey.name}`}
          confirm={`Revoke “${apiKey.name}”? Anything using it stops working at once.`}
        />
      </Cell>
    </tr>
  );
}
