'use client';

import { useId, useState, type FormEvent } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { fieldErrors } from '@weft/contracts/client';
import { CopyButton } from '@/ui/CopyButton';
import { useResetOnLaterAction } from '@/ui/useResetOnLaterAction';
import { PendingInvites } from './PendingInvites';
import { useCreateInvite, useCreateUser, useMe, useUpdateUser, useUsers, type NewInvite, type NewUser } from './api';
import { ROLES, type Role, type ManagedUser } from './types';
import './access.css';

/** `/users` (owners and admins): everyone's role and whether they may sign in, and new accounts. */
export function UsersPage() {
  const users = useUsers();
  const me = useMe();
  return (
    <section aria-labelledby="users-title" className="ac-page">
      <div className="page-header">
        <div>
          <h1 id="users-title">Users</h1>
          <p className="muted">
            Owners and admins can do everything; members only what their own workflows and grants allow.
          </p>
        </div>
      </div>
      <InviteForm canMakeManagers={me.data?.role === 'owner'} />
      <PendingInvites isOwner={me.data?.role === 'owner'} />
      <CreateUserForm canMakeManagers={me.data?.role === 'owner'} />
      {users.isPending ? (
        <LoadingPanel>Loading users…</LoadingPanel>
      ) : users.isError ? (
        <LoadErrorPanel
          title="Could not load the users"
          message={users.error.message}
          onRetry={() => void users.refetch()}
        />
      ) : users.data.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No users</p>
        </div>
      ) : (
        <div className="panel ac-table-wrap">
          <table className="table ac-table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Active</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow key={u.id} user={u} isMe={u.id === me.data?.id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UserRow({ user, isMe }: { user: ManagedUser; isMe: boolean }) {
  const update = useUpdateUser();
  useResetOnLaterAction(update);
  const uid = useId();
  const errorId = `${uid}-error`;
  return (
    <>
      <tr data-testid="user-row" className={user.active ? undefined : 'ac-inactive'}>
        <td>
          {user.email}
          {isMe ? <span className="tag"> you</span> : null}
        </td>
        <td>{user.name}</td>
        <td>
          <select
            className="ac-input"
            aria-label={`Role of ${user.email}`}
            value={user.role}
            disabled={update.isPending}
            aria-describedby={update.isError ? errorId : undefined}
            onChange={(e) => update.mutate({ id: user.id, patch: { role: e.target.value as Role } })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </td>
        <td>
          <label className="ac-inline">
            <input
              type="checkbox"
              aria-label={`${user.email} is active`}
              checked={user.active}
              disabled={update.isPending}
              aria-describedby={update.isError ? errorId : undefined}
              onChange={(e) => update.mutate({ id: user.id, patch: { active: e.target.checked } })}
            />
            <span className="small" aria-hidden="true">
              {user.active ? 'Active' : 'Deactivated'}
            </span>
          </label>
        </td>
        <td className="small muted nowrap">{new Date(user.createdAt).toLocaleDateString()}</td>
      </tr>
      {update.isError ? (
        <tr className="ac-error-row">
          <td colSpan={5}>
            <p id={errorId} className="field-error" role="alert" data-testid="user-row-error">
              {update.error.message}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}

const EMPTY: NewUser = { email: '', name: '', password: '', role: 'member' };

const NO_INVITE: NewInvite = { email: '', name: '', role: 'member' };

/** Invite by a one-time link: no e-mail server needed — copy the link and send it however you like. */
function InviteForm({ canMakeManagers }: { canMakeManagers: boolean }) {
  const uid = useId();
  const invite = useCreateInvite();
  const [draft, setDraft] = useState<NewInvite>(NO_INVITE);
  const [link, setLink] = useState<{ email: string; link: string; expiresAt: string } | null>(null);
  const errors = fieldErrors(invite.error);
  const set = (patch: Partial<NewInvite>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(draft, {
      onSuccess: (created) => {
        setDraft(NO_INVITE);
        setLink({ email: created.email, link: created.link, expiresAt: created.expiresAt });
      },
    });
  };
  return (
    <form className="panel ac-form" onSubmit={submit} aria-labelledby={`${uid}-title`} noValidate>
      <h2 id={`${uid}-title`} className="ac-form-title">
        Invite by link
      </h2>
      <TextField
        id={`${uid}-email`}
        label="Invitee email"
        type="email"
        autoComplete="off"
        value={draft.email}
        error={errors.email}
        onChange={(email) => set({ email })}
      />
      <TextField
        id={`${uid}-name`}
        label="Invitee name"
        type="text"
        autoComplete="off"
        value={draft.name}
        error={errors.name}
        onChange={(name) => set({ name })}
      />
      <RoleField
        id={`${uid}-role`}
        label="Invitee role"
        value={draft.role}
        canMakeManagers={canMakeManagers}
        onChange={(role) => set({ role })}
      />
      <div className="ac-form-actions">
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending ? 'Creating link…' : 'Create invite link'}
        </button>
        {invite.isError && Object.keys(errors).length === 0 ? (
          <p className="field-error" role="alert">
            {invite.error.message}
          </p>
        ) : null}
      </div>
      {link ? (
        <div className="field ac-invite-link" role="status">
          <label htmlFor={`${uid}-link`}>
            Invite link for {link.email} (works once, until {new Date(link.expiresAt).toLocaleDateString()}; shown only
            now)
          </label>
          <div className="ac-form-actions">
            <input
              id={`${uid}-link`}
              className="ac-input"
              readOnly
              value={link.link}
              data-testid="invite-link"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={link.link} label="Copy link" />
          </div>
        </div>
      ) : null}
    </form>
  );
}

function CreateUserForm({ canMakeManagers }: { canMakeManagers: boolean }) {
  const uid = useId();
  const create = useCreateUser();
  const [draft, setDraft] = useState<NewUser>(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const errors = fieldErrors(create.error);
  const set = (patch: Partial<NewUser>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setCreated(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(draft, {
      onSuccess: (user) => {
        setDraft(EMPTY);
        setCreated(user.email);
      },
    });
  };
  return (
    <form className="panel ac-form" onSubmit={submit} aria-labelledby={`${uid}-title`} noValidate>
      <h2 id={`${uid}-title`} className="ac-form-title">
        New user
      </h2>
      <TextField
        id={`${uid}-email`}
        label="Email"
        type="email"
        autoComplete="off"
        value={draft.email}
        error={errors.email}
        onChange={(email) => set({ email })}
      />
      <TextField
        id={`${uid}-name`}
        label="Name"
        type="text"
        autoComplete="off"
        value={draft.name}
        error={errors.name}
        onChange={(name) => set({ name })}
      />
      <TextField
        id={`${uid}-password`}
        label="Initial password"
        type="password"
        autoComplete="new-password"
        value={draft.password}
        error={errors.password}
        onChange={(password) => set({ password })}
      />
      <RoleField
        id={`${uid}-role`}
        label="Role"
        value={draft.role}
        canMakeManagers={canMakeManagers}
        onChange={(role) => set({ role })}
      />
      <div className="ac-form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
        {create.isError && Object.keys(errors).length === 0 ? (
          <p className="field-error" role="alert" data-testid="create-user-error">
            {create.error.message}
          </p>
        ) : null}
        {created ? (
          <p className="small ac-saved" role="status">
            Created {created}. Give them the initial password; they sign in at /login.
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** A required text input of the user forms, with the server's error for it under it. */
function TextField(p: {
  id: string;
  label: string;
  type: string;
  autoComplete: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        className="ac-input"
        type={p.type}
        value={p.value}
        autoComplete={p.autoComplete}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
        required
      />
      {p.error ? (
        <p id={`${p.id}-error`} className="field-error">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** The role picker of the user forms: only an owner may pick admin or owner. */
function RoleField(p: {
  id: string;
  label: string;
  value: Role;
  canMakeManagers: boolean;
  onChange(role: Role): void;
}) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <select id={p.id} className="ac-input" value={p.value} onChange={(e) => p.onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r} disabled={!p.canMakeManagers && r !== 'member'}>
            {r}
          </option>
        ))}
      </select>
    </div>
  );
}
