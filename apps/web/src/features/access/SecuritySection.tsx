'use client';

import { useId, useState, type FormEvent } from 'react';
import type { Session } from '@weft/contracts';
import { fieldErrors } from '@weft/contracts/client';
import { Field } from '@/ui/Field';
import { FormAlert, FormNote } from '@/ui/FormAlert';
import { EmptyPanel, QueryState } from '@/ui/QueryState';
import { Cell, Table } from '@/ui/Table';
import { RevokeButton } from './RevokeButton';
import { useChangePassword, useRevokeSession, useSessions } from './api';

const COLUMNS = ['Signed in', 'Last seen', 'Expires', { label: 'Sign out', hidden: true }] as const;

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
    const onSuccess = () => {
      setCurrent('');
      setNext('');
      setDone(true);
    };
    change.mutate({ currentPassword: current, newPassword: next }, { onSuccess });
  };
  const input = (key: 'currentPassword' | 'newPassword', label: string, value: string, set: (v: string) => void) => (
    <Field
      id={`${uid}-${key}`}
      name={key}
      label={label}
      className="ui-input"
      type="password"
      value={value}
      autoComplete={key === 'currentPassword' ? 'current-password' : 'new-password'}
      onChange={(e) => set(e.target.value)}
      error={errors[key]}
    />
  );
  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`}>Password</h2>
      <form className="panel ac-form" onSubmit={submit} aria-label="Change password" noValidate>
        {input('currentPassword', 'Current password', current, setCurrent)}
        {input('newPassword', 'New password', next, setNext)}
        <div className="ac-form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending || !current || !next}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
          <FormAlert error={change.error} fieldErrors={errors} />
          {done ? <FormNote>Password changed. Your other sessions were signed out.</FormNote> : null}
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
      <QueryState query={sessions} loading="Loading sessions…" errorTitle="Could not load your sessions">
        {(items) => (
          <Table
            label="Sessions"
            columns={COLUMNS}
            items={items}
            empty={<EmptyPanel title="No browser sessions">You are signed in with an API key.</EmptyPanel>}
          >
            {(s) => <SessionRow key={s.id} session={s} />}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

function SessionRow({ session }: { session: Session }) {
  const revoke = useRevokeSession();
  return (
    <tr data-testid="session-row">
      <Cell primary className="small nowrap">
        {new Date(session.createdAt).toLocaleString()}{' '}
        {session.current ? <span className="tag tag-active">this browser</span> : null}
      </Cell>
      <Cell label="Last seen" className="small nowrap">
        {new Date(session.lastSeenAt).toLocaleString()}
      </Cell>
      <Cell label="Expires" className="small nowrap">
        {new Date(session.expiresAt).toLocaleString()}
      </Cell>
      <Cell actions>
        {session.current ? null : (
          <RevokeButton
            revoke={revoke}
            onRevoke={() => revoke.mutate(session.id)}
            label="Sign out"
            pendingLabel="Signing out…"
          />
        )}
      </Cell>
    </tr>
  );
}
