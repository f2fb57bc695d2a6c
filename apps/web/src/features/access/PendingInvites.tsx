'use client';

import { useId } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { useInvites, useRevokeInvite } from './api';
import type { PendingInvite } from './types';

/**
 * Invite links not used yet (never the link itself: only its hash is stored). A link whose
 * maker lost the role that could make it says so; revoking kills the link at once.
 */
export function PendingInvites({ isOwner }: { isOwner: boolean }) {
  const uid = useId();
  const invites = useInvites();
  return (
    <section aria-labelledby={`${uid}-title`} className="ac-page">
      <h2 id={`${uid}-title`} className="ac-form-title">
        Pending invites
      </h2>
      {invites.isPending ? (
        <LoadingPanel>Loading invites…</LoadingPanel>
      ) : invites.isError ? (
        <LoadErrorPanel
          title="Could not load the invites"
          message={invites.error.message}
          onRetry={() => void invites.refetch()}
        />
      ) : invites.data.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No pending invites</p>
          <p className="muted">Links you make above are listed here until they are used, expire or are revoked.</p>
        </div>
      ) : (
        <div className="panel ac-table-wrap">
          <table className="table ac-table" aria-label="Pending invites">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Invited by</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.data.map((i) => (
                // Only an owner makes (and so revokes) admin or owner invites; the server checks too.
                <InviteRow key={i.id} invite={i} mayRevoke={isOwner || i.role === 'member'} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InviteRow({ invite, mayRevoke }: { invite: PendingInvite; mayRevoke: boolean }) {
  const revoke = useRevokeInvite();
  return (
    <tr data-testid="invite-row" className={invite.usable ? undefined : 'ac-inactive'}>
      <td>
        {invite.email}
        <div className="small muted">{invite.name}</div>
      </td>
      <td>{invite.role}</td>
      <td>
        {invite.invitedBy ? invite.invitedBy.name : <span className="muted">unknown</span>}
        {invite.usable ? null : (
          <div className="small ac-result-failure" data-testid="invite-void">
            Link no longer works: the inviter may no longer invite a {invite.role}
          </div>
        )}
      </td>
      <td className="small muted nowrap">{new Date(invite.createdAt).toLocaleDateString()}</td>
      <td className="small nowrap">{new Date(invite.expiresAt).toLocaleDateString()}</td>
      <td className="ac-actions">
        {revoke.isError ? (
          <span className="field-error" role="alert">
            {revoke.error.message}{' '}
          </span>
        ) : null}
        <button
          type="button"
          className="button button-ghost ac-small"
          aria-label={`Revoke the invite for ${invite.email}`}
          title={mayRevoke ? undefined : 'Only an owner may revoke an admin or owner invite'}
          disabled={revoke.isPending || !mayRevoke}
          onClick={() => {
            if (window.confirm(`Revoke the invite for ${invite.email}? Its link stops working at once.`))
              revoke.mutate(invite.id);
          }}
        >
          {revoke.isPending ? 'Revoking…' : 'Revoke'}
        </button>
      </td>
    </tr>
  );
}
