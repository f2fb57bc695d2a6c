'use client';

import { useId } from 'react';
import { PageHeader } from '@/ui/PageHeader';
import { EmptyPanel, QueryState } from '@/ui/QueryState';
import { Cell, Table } from '@/ui/Table';
import { useResetOnLaterAction } from '@/ui/useResetOnLaterAction';
import { PendingInvites } from './PendingInvites';
import { CreateUserForm, InviteForm } from './UserForms';
import { useMe, useUpdateUser, useUsers } from './api';
import { ROLES, type Role, type ManagedUser } from './types';
import './access.css';

const COLUMNS = ['Email', 'Name', 'Role', 'Active', 'Created'] as const;

/** `/users` (owners and admins): everyone's role and whether they may sign in, and new accounts. */
export function UsersPage() {
  const users = useUsers();
  const me = useMe();
  const isOwner = me.data?.role === 'owner';
  return (
    <section aria-labelledby="users-title" className="ac-page">
      <PageHeader
        titleId="users-title"
        title="Users"
        lead="Owners and admins can do everything; members only what their own workflows and grants allow."
      />
      <InviteForm canMakeManagers={isOwner} />
      <PendingInvites isOwner={isOwner} />
      <CreateUserForm canMakeManagers={isOwner} />
      <QueryState query={users} loading="Loading users…" errorTitle="Could not load the users">
        {(items) => (
          <Table label="Users" columns={COLUMNS} items={items} empty={<EmptyPanel title="No users" />}>
            {(u) => <UserRow key={u.id} user={u} isMe={u.id === me.data?.id} />}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

function UserRow({ user, isMe }: { user: ManagedUser; isMe: boolean }) {
  const update = useUpdateUser();
  useResetOnLaterAction(update);
  const errorId = `${useId()}-error`;
  const control = {
    disabled: update.isPending,
    'aria-describedby': update.isError ? errorId : undefined,
  };
  return (
    <>
      <tr data-testid="user-row" className={user.active ? undefined : 'ac-inactive'}>
        <Cell primary>
          {user.email}
          {isMe ? <span className="tag"> you</span> : null}
        </Cell>
        <Cell label="Name">{user.name}</Cell>
        <Cell label="Role">
          <select
            className="ui-input"
            aria-label={`Role of ${user.email}`}
            value={user.role}
            {...control}
            onChange={(e) => update.mutate({ id: user.id, patch: { role: e.target.value as Role } })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Cell>
        <Cell label="Active">
          <label className="ac-inline">
            <input
              type="checkbox"
              aria-label={`${user.email} is active`}
              checked={user.active}
              {...control}
              onChange={(e) => update.mutate({ id: user.id, patch: { active: e.target.checked } })}
            />
            <span className="small" aria-hidden="true">
              {user.active ? 'Active' : 'Deactivated'}
            </span>
          </label>
        </Cell>
        <Cell label="Created" className="small muted nowrap">
          {new Date(user.createdAt).toLocaleDateString()}
        </Cell>
      </tr>
      {update.isError ? <RowError id={errorId} message={update.error.message} /> : null}
    </>
  );
}

/** The refusal of a row's last change, on a row of its own under it. */
function RowError({ id, message }: { id: string; message: string }) {
  return (
    <tr className="ac-error-row">
      <td colSpan={COLUMNS.length}>
        <p id={id} className="field-error" role="alert" data-testid="user-row-error">
          {message}
        </p>
      </td>
    </tr>
  );
}
