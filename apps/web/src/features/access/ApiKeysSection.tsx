'use client';

import { useId, useState, type FormEvent } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { fieldErrors } from '@weft/contracts/client';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './api';
import { apiKeyBody, type ApiKeyDraft } from './api-key-form';
import { API_KEY_SCOPES, type ApiKey } from './types';

const EMPTY: ApiKeyDraft = { name: '', scopes: [...API_KEY_SCOPES], expires: '' };
const SCOPE_HINT = { read: 'every GET', write: 'every other change', execute: 'start runs' } as const;

/** The caller's API keys: create (the key is shown this once), list, revoke. */
export function ApiKeysSection() {
  const uid = useId();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const [draft, setDraft] = useState<ApiKeyDraft>(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const errors = { ...fieldErrors(create.error), ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = apiKeyBody(draft);
    if (!parsed.ok) {
      setLocal(parsed.errors);
      return;
    }
    setLocal({});
    create.mutate(parsed.body, {
      onSuccess: (created) => {
        setShown({ name: created.name, key: created.key });
        setDraft(EMPTY);
      },
    });
  };
  const err = (key: string) =>
    errors[key] ? (
      <p id={`${uid}-${key}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;

  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`}>API keys</h2>
      <p className="muted small">
        A key acts as you (your role and grants), limited to its scopes. Send it as{' '}
        <code>Authorization: Bearer wft_…</code>.
      </p>
      <form className="panel ac-form" onSubmit={submit} aria-label="Create an API key" noValidate>
        <div className="field">
          <label htmlFor={`${uid}-name`}>Key name</label>
          <input
            id={`${uid}-name`}
            className="ac-input"
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${uid}-name-error` : undefined}
          />
          {err('name')}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-expires`}>Expires (optional)</label>
          <input
            id={`${uid}-expires`}
            className="ac-input"
            type="date"
            value={draft.expires}
            onChange={(e) => setDraft((d) => ({ ...d, expires: e.target.value }))}
            aria-invalid={errors.expiresAt ? true : undefined}
            aria-describedby={errors.expiresAt ? `${uid}-expiresAt-error` : undefined}
          />
          {err('expiresAt')}
        </div>
        <fieldset className="ac-scopes" aria-describedby={errors.scopes ? `${uid}-scopes-error` : undefined}>
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((s) => (
            <label key={s} title={SCOPE_HINT[s]}>
              <input
                type="checkbox"
                checked={draft.scopes.includes(s)}
                onChange={(e) =>
                  setDraft((d) => ({
                    ...d,
                    scopes: e.target.checked
                      ? API_KEY_SCOPES.filter((x) => x === s || d.scopes.includes(x))
                      : d.scopes.filter((x) => x !== s),
                  }))
                }
              />
              {s}
            </label>
          ))}
          {err('scopes')}
        </fieldset>
        <div className="ac-form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </button>
          {create.isError && Object.keys(fieldErrors(create.error)).length === 0 ? (
            <p className="field-error" role="alert">
              {create.error.message}
            </p>
          ) : null}
        </div>
      </form>

      {shown ? (
        <div className="ac-secret" role="status" data-testid="api-key-secret">
          <p className="panel-title">Key “{shown.name}” — copy it now, it won’t be shown again.</p>
          <label className="visually-hidden" htmlFor={`${uid}-secret`}>
            Your new API key
          </label>
          <input
            id={`${uid}-secret`}
            className="ac-input ac-mono"
            readOnly
            value={shown.key}
            onFocus={(e) => e.target.select()}
          />
          <div className="ac-inline">
            <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(shown.key)}>
              Copy
            </button>
            <button type="button" className="button button-ghost" onClick={() => setShown(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}

      {keys.isPending ? (
        <LoadingPanel>Loading API keys…</LoadingPanel>
      ) : keys.isError ? (
        <LoadErrorPanel
          title="Could not load your API keys"
          message={keys.error.message}
          onRetry={() => void keys.refetch()}
        />
      ) : keys.data.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No API keys</p>
          <p className="muted">Create one above for scripts and other services.</p>
        </div>
      ) : (
        <div className="panel ac-table-wrap">
          <table className="table ac-table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <ApiKeyRow key={k.id} apiKey={k} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const expired = apiKey.expiresAt !== null && new Date(apiKey.expiresAt).getTime() <= Date.now();
  return (
    <tr data-testid="api-key-row">
      <td>{apiKey.name}</td>
      <td className="ac-mono">{apiKey.prefix}…</td>
      <td>
        {apiKey.scopes.map((s) => (
          <span key={s} className="tag">
            {s}
          </span>
        ))}
      </td>
      <td className="small nowrap">
        {apiKey.lastUsedAt ? new Date(apiKey.lastUsedAt).toLocaleString() : <span className="muted">never</span>}
      </td>
      <td className="small nowrap">
        {apiKey.expiresAt ? (
          <span className={expired ? 'ac-result-failure' : undefined}>
            {expired ? 'expired ' : ''}
            {new Date(apiKey.expiresAt).toLocaleDateString()}
          </span>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td className="ac-actions">
        {revoke.isError ? (
          <span className="field-error" role="alert">
            {revoke.error.message}{' '}
          </span>
        ) : null}
        <button
          type="button"
          className="button button-ghost ac-small"
          aria-label={`Revoke ${apiKey.name}`}
          disabled={revoke.isPending}
          onClick={() => {
            if (window.confirm(`Revoke “${apiKey.name}”? Anything using it stops working at once.`))
              revoke.mutate(apiKey.id);
          }}
        >
          {revoke.isPending ? 'Revoking…' : 'Revoke'}
        </button>
      </td>
    </tr>
  );
}
