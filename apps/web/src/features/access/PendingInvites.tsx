'use client';

import { useId } from 'react';
import { EmptyPanel, QueryState } from '@/ui/QueryState';
import { Cell, Table } from '@/ui/Table';
import { RevokeButton } from './RevokeButton';
import { useInvites, useRevokeInvite } from './api';
import type { PendingInvite } from './types';

const COLUMNS = ['Email', 'Role', 'Invited by', 'Created', 'Expires', { label: 'Revoke', hidden: true }] as const;

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
      <QueryState query={invites} loading="Loading invites…" errorTitle="Could not load the invites">
        {(items) => (
          <Table
            label="Pending invites"
            columns={COLUMNS}
            items={items}
            empty={
              <EmptyPanel title="No pending invites">
                Links you make above are listed here until they are used, expire or are revoked.
              </EmptyPanel>
            }
          >
            {(i) => (
              // Only an owner makes (and so revokes) admin or owner invites; the server checks too.
              <InviteRow key={i.id} invite={i} mayRevoke={isOwner || i.role === 'member'} />
            )}
          </Table>
        )}
      </QueryState>
    </section>
  );
}

function InviteRow({ invite, mayRevoke }: { invite: PendingInvite; mayRevoke: boolean }) {
  const revoke = useRevokeInvite();
  return (
    <tr data-testid="invite-row" className={invite.usable ? undefined : 'ac-inactive'}>
      <Cell primary>
        {invite.email}
        <div className="small muted">{invite.name}</div>
      </Cell>
      <Cell label="Role">{invite.role}</Cell>
      <Cell label="Invited by">
        {invite.invitedBy ? invite.invitedBy.name : <span className="muted">unknown</span>}
        {invite.usable ? null : (
          <div className="small ac-result-failure" data-testid="invite-void">
            Link no longer works: the inviter may no longer invite a {invite.role}
          </div>
        )}
      </Cell>
      <Cell label="Created" className="small muted nowrap">
        {new Date(invite.createdAt).toLocaleDateString()}
      </Cell>
      <Cell label="Expires" className="small nowrap">
        {new Date(invite.expiresAt).toLocaleDateString()}
      </Cell>
      <Cell actions>
        <RevokeButton
          revoke={revoke}
          onRevoke={() => revoke.mutate(invite.id)}
          label="Revoke"
          pendingLabel="Revoking…"
          ariaLabel={`Revoke the invite for ${invite.email}`}
          title={mayRevoke ? undefined : 'Only an owner may revoke an admin or owner invite'}
          disabled={!mayRevoke}
          confirm={`Revoke the invite for ${invite.email}? Its link stops working at once.`}
        />
      </Cell>
    </tr>
  );
}
