'use client';

import { useId, useState, type FormEvent } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { fieldErrors } from '@weft/contracts/client';
import type { Session } from '@weft/contracts';
import { useChangePassword, useRevokeSession, useSessions } from './api';

/** Change my password (my other sessions end) and see or end my sessions. */
export function SecuritySection() {
  return (
    <>
      <PasswordForm />
      <SessionsList />
    </>
  );
}

function PasswordForm() {
  const uid = useId();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const errors = fieldErrors(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setDone(true);
        },
      },
    );
  };
  const input = (
    key: 'currentPassword' | 'newPassword',
    label: string,
    value: string,
    set: (v: string) => void,
    autoComplete: string,
  ) => (
    <div className="field">
      <label htmlFor={`${uid}-${key}`}>{label}</label>
      <input
        id={`${uid}-${key}`}
        className="ac-input"
        type="password"
        value={value}
        autoComplete={autoComplete}
        onChange={(e) => set(e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `${uid}-${key}-error` : undefined}
      />
      {errors[key] ? (
        <p id={`${uid}-${key}-error`} className="field-error">
          {errors[key]}
        </p>
      ) : null}
    </div>
  );
  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`}>Password</h2>
      <form className="panel ac-form" onSubmit={submit} aria-label="Change password" noValidate>
        {input('currentPassword', 'Current password', current, setCurrent, 'current-password')}
        {input('newPassword', 'New password', next, setNext, 'new-password')}
        <div className="ac-form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending || !current || !next}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
          {change.isError && Object.keys(errors).length === 0 ? (
            <p className="field-error" role="alert">
              {change.error.message}
            </p>
          ) : null}
          {done ? (
            <p className="small ac-saved" role="status">
              Password changed. Your other sessions were signed out.
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function SessionsList() {
  const uid = useId();
  const sessions = useSessions();
  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`}>Sessions</h2>
      {sessions.isPending ? (
        <LoadingPanel>Loading sessions…</LoadingPanel>
      ) : sessions.isError ? (
        <LoadErrorPanel
          title="Could not load your sessions"
          message={sessions.error.message}
          onRetry={() => void sessions.refetch()}
        />
      ) : sessions.data.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No browser sessions</p>
          <p className="muted">You are signed in with an API key.</p>
        </div>
      ) : (
        <div className="panel ac-table-wrap">
          <table className="table ac-table" aria-label="Sessions">
            <thead>
              <tr>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Sign out</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <SessionRow key={s.id} session={s} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: Session }) {
  const revoke = useRevokeSession();
  return (
    <tr data-testid="session-row">
      <td className="small nowrap">
        {new Date(session.createdAt).toLocaleString()}{' '}
        {session.current ? <span className="tag tag-active">this browser</span> : null}
      </td>
      <td className="small nowrap">{new Date(session.lastSeenAt).toLocaleString()}</td>
      <td className="small nowrap">{new Date(session.expiresAt).toLocaleString()}</td>
      <td className="ac-actions">
        {revoke.isError ? (
          <span className="field-error" role="alert">
            {revoke.error.message}{' '}
          </span>
        ) : null}
        {session.current ? null : (
          <button
            type="button"
            className="button button-ghost ac-small"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate(session.id)}
          >
            {revoke.isPending ? 'Signing out…' : 'Sign out'}
          </button>
        )}
      </td>
    </tr>
  );
}
