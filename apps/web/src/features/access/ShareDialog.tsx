'use client';

import { Fragment, useId, useState } from 'react';
import { Dialog } from '@/ui/Dialog';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { ApiClientError } from '@weft/contracts/client';
import { isManager, useGrants, useMe, useSaveGrants, useUsers } from './api';
import { addableUsers, GRANT_FLAGS, grantErrors, newGrant, type GrantErrors, type GrantFlag } from './grants';
import type { Grant, GrantList } from './types';
import './access.css';

/** Who may view, edit, delete and run the workflow; Save replaces every grant at once. */
export function ShareDialog({ workflowId, onClose }: { workflowId: string; onClose(): void }) {
  const grants = useGrants(workflowId);
  return (
    <Dialog title="Share workflow" onClose={onClose} wide>
      {grants.isPending ? (
        <LoadingPanel>Loading who has access…</LoadingPanel>
      ) : grants.isError ? (
        <LoadErrorPanel
          title="Could not load who has access"
          message={grants.error.message}
          onRetry={() => void grants.refetch()}
        />
      ) : (
        <GrantEditor workflowId={workflowId} initial={grants.data} onClose={onClose} />
      )}
    </Dialog>
  );
}

function GrantEditor({ workflowId, initial, onClose }: { workflowId: string; initial: GrantList; onClose(): void }) {
  const uid = useId();
  const me = useMe();
  const manager = isManager(me.data?.role);
  const users = useUsers(manager);
  const save = useSaveGrants(workflowId);
  const [rows, setRows] = useState<Grant[]>(initial.items);
  const [picked, setPicked] = useState('');
  const [errors, setErrors] = useState<GrantErrors | null>(null);
  const [saved, setSaved] = useState(false);

  const edit = (next: Grant[]) => {
    setRows(next);
    setErrors(null);
    setSaved(false);
  };
  const setFlag = (index: number, flag: GrantFlag, value: boolean) =>
    edit(rows.map((r, i) => (i === index ? { ...r, [flag]: value } : r)));
  const candidates = users.data ? addableUsers(users.data, initial.creator, rows) : [];

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

  return (
    <div className="ac-share">
      <p className="muted small">
        Owners and admins can do everything. Anyone else sees only workflows they created or were given access to here.
      </p>
      <div className="panel ac-table-wrap">
        <table className="table ac-table" aria-label="People with access">
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
            {initial.creator ? (
              <tr data-testid="share-creator">
                <td>
                  <UserCell name={initial.creator.name} email={initial.creator.email} />
                  <span className="tag">creator</span>
                </td>
                <td colSpan={5} className="muted small">
                  Every permission
                </td>
              </tr>
            ) : null}
            {rows.map((row, index) => {
              const rowErrors = errors?.rows.get(index);
              const errorId = `${uid}-row-${index}-error`;
              return (
                <Fragment key={row.userId}>
                  <tr data-testid="share-row" data-has-error={rowErrors ? true : undefined}>
                    <td>
                      <UserCell name={row.name} email={row.email} />
                    </td>
                    {GRANT_FLAGS.map((f) => (
                      <td key={f.key} className="ac-flag">
                        <input
                          type="checkbox"
                          aria-label={`${f.label} for ${row.email}`}
                          checked={row[f.key]}
                          onChange={(e) => setFlag(index, f.key, e.target.checked)}
                          aria-describedby={rowErrors ? errorId : undefined}
                          disabled={save.isPending}
                        />
                      </td>
                    ))}
                    <td className="ac-actions">
                      <button
                        type="button"
                        className="button button-ghost ac-small"
                        aria-label={`Remove ${row.email}`}
                        onClick={() => edit(rows.filter((_, i) => i !== index))}
                        disabled={save.isPending}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                  {rowErrors ? (
                    <tr className="ac-error-row">
                      <td colSpan={6}>
                        <p id={errorId} className="field-error" role="alert" data-testid="share-row-error">
                          {rowErrors.join('; ')}
                        </p>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted small" data-testid="share-empty">
                  Nobody else has access yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      {manager ? (
        <div className="ac-inline">
          <div className="field ac-grow">
            <label htmlFor={`${uid}-add`}>Add a user</label>
            <select
              id={`${uid}-add`}
              className="ac-input"
              value={picked}
              onChange={(e) => setPicked(e.target.value)}
              disabled={users.isPending || save.isPending}
            >
              <option value="">
                {users.isPending
                  ? 'Loading users…'
                  : candidates.length
                    ? 'Pick a user…'
                    : 'Everyone already has access'}
              </option>
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
              if (user) edit([...rows, newGrant(user)]);
              setPicked('');
            }}
          >
            Add
          </button>
        </div>
      ) : (
        <p className="field-hint">
          Ask an owner or admin to give someone new access; you can change the grants listed here if you may edit this
          workflow.
        </p>
      )}

      {errors?.general.length ? (
        <div className="form-error" role="alert" data-testid="share-error">
          {errors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {saved ? (
        <p className="small ac-saved" role="status">
          Saved.
        </p>
      ) : null}

      <div className="ui-dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={save.isPending}>
          {saved ? 'Done' : 'Cancel'}
        </button>
        <button type="button" className="button button-primary" onClick={submit} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save access'}
        </button>
      </div>
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
