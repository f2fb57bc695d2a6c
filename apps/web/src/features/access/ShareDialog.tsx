'use client';

import { Fragment, useId, useState } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { Dialog } from '@/ui/Dialog';
import { FormNote } from '@/ui/FormAlert';
import { QueryState } from '@/ui/QueryState';
import { Cell } from '@/ui/Table';
import { isManager, useGrants, useMe, useSaveGrants, useUsers } from './api';
import { addableUsers, GRANT_FLAGS, grantErrors, newGrant, type GrantErrors, type GrantFlag } from './grants';
import type { Grant, GrantList, ManagedUser } from './types';
import './access.css';

/** Who may view, edit, delete and run the workflow; Save replaces every grant at once. */
export function ShareDialog({ workflowId, onClose }: { workflowId: string; onClose(): void }) {
  const grants = useGrants(workflowId);
  return (
    <Dialog title="Share workflow" onClose={onClose} wide>
      <QueryState query={grants} loading="Loading who has access…" errorTitle="Could not load who has access">
        {(list) => <GrantEditor workflowId={workflowId} initial={list} onClose={onClose} />}
      </QueryState>
    </Dialog>
  );
}

function GrantEditor({ workflowId, initial, onClose }: { workflowId: string; initial: GrantList; onClose(): void }) {
  const me = useMe();
  const manager = isManager(me.data?.role);
  const draft = useGrantDraft(workflowId, initial.items);
  const busy = draft.save.isPending;
  return (
    <div className="ac-share">
      <p className="muted small">
        Owners and admins can do everything. Anyone else sees only workflows they created or were given access to here.
      </p>
      <GrantTable creator={initial.creator} draft={draft} />
      {manager ? (
        <AddUser
          creator={initial.creator}
          rows={draft.rows}
          disabled={busy}
          onAdd={(user) => draft.edit([...draft.rows, newGrant(user)])}
        />
      ) : (
        <p className="field-hint">
          Ask an owner or admin to give someone new access; you can change the grants listed here if you may edit this
          workflow.
        </p>
      )}
      {draft.errors?.general.length ? (
        <div className="form-error" role="alert" data-testid="share-error">
          {draft.errors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {draft.saved ? <FormNote>Saved.</FormNote> : null}
      <div className="ui-dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          {draft.saved ? 'Done' : 'Cancel'}
        </button>
        <button type="button" className="button button-primary" onClick={draft.submit} disabled={busy}>
          {busy ? 'Saving…' : 'Save access'}
        </button>
      </div>
    </div>
  );
}

/** The grants as edited, the server's refusals sorted by row, and Save. */
function useGrantDraft(workflowId: string, initial: Grant[]) {
  const save = useSaveGrants(workflowId);
  const [rows, setRows] = useState<Grant[]>(initial);
  const [errors, setErrors] = useState<GrantErrors | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = (next: Grant[]) => {
    setRows(next);
    setErrors(null);
    setSaved(false);
  };
  const setFlag = (index: number, flag: GrantFlag, value: boolean) =>
    edit(rows.map((r, i) => (i === index ? { ...r, [flag]: value } : r)));
  const submit = () => {
    setErrors(null);
    save.mutate(rows, {
      onSuccess: (list) => {
        setRows(list.items);
        setSaved(true);
      },
      onError: (err) => {
        const sorted =
          err instanceof ApiClientError ? grantErrors(err.details) : { rows: new Map<number, string[]>(), general: [] };
        // Always say what went wrong, even if no detail names a row.
        if (sorted.rows.size === 0 && sorted.general.length === 0) sorted.general.push(err.message);
        setErrors(sorted);
      },
    });
  };
  return { rows, errors, saved, save, edit, setFlag, submit };
}

type GrantDraft = ReturnType<typeof useGrantDraft>;

/** The creator (every permission), then one row of flags per grant. */
function GrantTable({ creator, draft }: { creator: GrantList['creator']; draft: GrantDraft }) {
  const uid = useId();
  return (
    <div className="panel ui-table-wrap">
      <table className="table ui-table" aria-label="People with access">
        <thead>
          <tr>
            <th scope="col">User</th>
            {GRANT_FLAGS.map((f) => (
              <th scope="col" key={f.key} className="ac-flag">
                {f.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {creator ? (
            <tr data-testid="share-creator">
              <Cell primary>
                <UserCell name={creator.name} email={creator.email} />
                <span className="tag">creator</span>
              </Cell>
              <td colSpan={GRANT_FLAGS.length + 1} className="muted small">
                Every permission
              </td>
            </tr>
          ) : null}
          {draft.rows.map((row, index) => (
            <GrantRow key={row.userId} row={row} index={index} errorId={`${uid}-row-${index}-error`} draft={draft} />
          ))}
          {draft.rows.length === 0 ? (
            <tr>
              <td colSpan={GRANT_FLAGS.length + 2} className="muted small" data-testid="share-empty">
                Nobody else has access yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function GrantRow({ row, index, errorId, draft }: { row: Grant; index: number; errorId: string; draft: GrantDraft }) {
  const rowErrors = draft.errors?.rows.get(index);
  const busy = draft.save.isPending;
  return (
    <Fragment>
      <tr data-testid="share-row" data-has-error={rowErrors ? true : undefined}>
        <Cell primary>
          <UserCell name={row.name} email={row.email} />
        </Cell>
        {GRANT_FLAGS.map((f) => (
          <Cell key={f.key} label={f.label} className="ac-flag">
            <input
              type="checkbox"
              aria-label={`${f.label} for ${row.email}`}
              checked={row[f.key]}
              onChange={(e) => draft.setFlag(index, f.key, e.target.checked)}
              aria-describedby={rowErrors ? errorId : undefined}
              disabled={busy}
            />
          </Cell>
        ))}
        <Cell actions>
          <button
            type="button"
            className="button button-ghost button-small"
            aria-label={`Remove ${row.email}`}
            onClick={() => draft.edit(draft.rows.filter((_, i) => i !== index))}
            disabled={busy}
          >
            Remove
          </button>
        </Cell>
      </tr>
      {rowErrors ? (
        <tr className="ac-error-row">
          <td colSpan={GRANT_FLAGS.length + 2}>
            <p id={errorId} className="field-error" role="alert" data-testid="share-row-error">
              {rowErrors.join('; ')}
            </p>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

interface AddUserProps {
  creator: GrantList['creator'];
  rows: readonly Grant[];
  disabled: boolean;
  onAdd: (user: ManagedUser) => void;
}

/** Owners and admins pick anyone without a grant yet. */
function AddUser({ creator, rows, disabled, onAdd }: AddUserProps) {
  const uid = useId();
  const users = useUsers(true);
  const [picked, setPicked] = useState('');
  const candidates = users.data ? addableUsers(users.data, creator, rows) : [];
  const empty = users.isPending ? 'Loading users…' : candidates.length ? 'Pick a user…' : 'Everyone already has access';
  return (
    <div className="ac-inline">
      <div className="field ac-grow">
        <label htmlFor={`${uid}-add`}>Add a user</label>
        <select
          id={`${uid}-add`}
          className="ui-input"
          value={picked}
          onChange={(e) => setPicked(e.target.value)}
          disabled={users.isPending || disabled}
        >
          <option value="">{empty}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email}){u.role === 'member' ? '' : ` — ${u.role}`}
            </option>
          ))}
        </select>
        {users.isError ? <p className="field-error">{users.error.message}</p> : null}
      </div>
      <button
        type="button"
        className="button"
        disabled={!picked}
        onClick={() => {
          const user = users.data?.find((u) => u.id === picked);
          if (user) onAdd(user);
          setPicked('');
        }}
      >
        Add
      </button>
    </div>
  );
}

function UserCell({ name, email }: { name: string; email: string }) {
  return (
    <span className="ac-user">
      <span className="ac-user-name">{name}</span>
      <span className="muted small">{email}</span>
    </span>
  );
}
