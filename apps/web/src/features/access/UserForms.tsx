'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { CopyableInput } from '@/ui/CopyButton';
import { Field } from '@/ui/Field';
import { FormAlert, FormNote } from '@/ui/FormAlert';
import { useCreateInvite, useCreateUser, type NewInvite, type NewUser } from './api';
import { ROLES, type Role } from './types';

const NO_USER: NewUser = { email: '', name: '', password: '', role: 'member' };
const NO_INVITE: NewInvite = { email: '', name: '', role: 'member' };

interface Invited {
  email: string;
  link: string;
  expiresAt: string;
}

/** Invite by a one-time link: no e-mail server needed — copy the link and send it however you like. */
export function InviteForm({ canMakeManagers }: { canMakeManagers: boolean }) {
  const uid = useId();
  const invite = useCreateInvite();
  const [draft, setDraft] = useState<NewInvite>(NO_INVITE);
  const [invited, setInvited] = useState<Invited | null>(null);
  const errors = fieldErrors(invite.error);
  const set = (patch: Partial<NewInvite>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(draft, {
      onSuccess: (created) => {
        setDraft(NO_INVITE);
        setInvited({ email: created.email, link: created.link, expiresAt: created.expiresAt });
      },
    });
  };
  const field = (key: 'email' | 'name', label: string) => (
    <TextField id={`${uid}-${key}`} name={key} label={label} value={draft[key]} error={errors[key]} onChange={set} />
  );
  return (
    <UserForm title="Invite by link" onSubmit={submit}>
      {field('email', 'Invitee email')}
      {field('name', 'Invitee name')}
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
        <FormAlert error={invite.error} fieldErrors={errors} />
      </div>
      {invited ? <InviteLink id={`${uid}-link`} invited={invited} /> : null}
    </UserForm>
  );
}

/** The link just made: shown once, in full, with a copy button. */
function InviteLink({ id, invited }: { id: string; invited: Invited }) {
  return (
    <div className="field ac-invite-link" role="status">
      <label htmlFor={id}>
        Invite link for {invited.email} (works once, until {new Date(invited.expiresAt).toLocaleDateString()}; shown
        only now)
      </label>
      <CopyableInput id={id} value={invited.link} copyLabel="Copy link" data-testid="invite-link" />
    </div>
  );
}

/** A new account with an initial password the person is told by hand. */
export function CreateUserForm({ canMakeManagers }: { canMakeManagers: boolean }) {
  const uid = useId();
  const create = useCreateUser();
  const [draft, setDraft] = useState<NewUser>(NO_USER);
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
        setDraft(NO_USER);
        setCreated(user.email);
      },
    });
  };
  const field = (key: 'email' | 'name' | 'password', label: string) => (
    <TextField id={`${uid}-${key}`} name={key} label={label} value={draft[key]} error={errors[key]} onChange={set} />
  );
  return (
    <UserForm title="New user" onSubmit={submit}>
      {field('email', 'Email')}
      {field('name', 'Name')}
      {field('password', 'Initial password')}
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
        <FormAlert error={create.error} fieldErrors={errors} data-testid="create-user-error" />
        {created ? (
          <FormNote>Created {created}. Give them the initial password; they sign in at /login.</FormNote>
        ) : null}
      </div>
    </UserForm>
  );
}

/** The panel both user forms sit in, titled. */
function UserForm({
  title,
  onSubmit,
  children,
}: {
  title: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  const titleId = `${useId()}-title`;
  return (
    <form className="panel ac-form" onSubmit={onSubmit} aria-labelledby={titleId} noValidate>
      <h2 id={titleId} className="ac-form-title">
        {title}
      </h2>
      {children}
    </form>
  );
}

const TEXT_INPUT = {
  email: { type: 'email', autoComplete: 'off' },
  name: { type: 'text', autoComplete: 'off' },
  password: { type: 'password', autoComplete: 'new-password' },
} as const;

/** A required text input of the user forms, with the server's error for it under it. */
function TextField<K extends keyof typeof TEXT_INPUT>(p: {
  id: string;
  name: K;
  label: string;
  value: string;
  error: string | undefined;
  onChange(patch: Record<K, string>): void;
}) {
  return (
    <Field
      id={p.id}
      name={p.name}
      label={p.label}
      className="ui-input"
      {...TEXT_INPUT[p.name]}
      value={p.value}
      error={p.error}
      onChange={(e) => p.onChange({ [p.name]: e.target.value } as Record<K, string>)}
      required
    />
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
      <select id={p.id} className="ui-input" value={p.value} onChange={(e) => p.onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r} disabled={!p.canMakeManagers && r !== 'member'}>
            {r}
          </option>
        ))}
      </select>
    </div>
  );
}
