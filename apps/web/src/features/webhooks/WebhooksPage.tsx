'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { useActivateLatest, useWebhooks, useWorkflowHeader } from './api';
import { armRefused, mayArm } from './arming';
import { CreateWebhookForm } from './CreateWebhookForm';
import { WebhookCard } from './WebhookCard';
import './webhooks.css';

type Revealed = Record<string, { secret: string; reason: 'created' | 'rotated' }>;

/** `/workflows/:id/webhooks`: the workflow's webhooks, their settings and deliveries. */
export function WebhooksPage({ workflowId }: { workflowId: string }) {
  const workflow = useWorkflowHeader(workflowId);
  const webhooks = useWebhooks(workflowId);
  const activate = useActivateLatest(workflowId);
  // Secrets live only here, in memory, until hidden: the API never returns them again.
  const [revealed, setRevealed] = useState<Revealed>({});
  const newButton = useRef<HTMLButtonElement>(null);

  const setSecret = (id: string, secret: string | null, reason: 'created' | 'rotated' = 'rotated') =>
    setRevealed(({ [id]: _old, ...rest }) => (secret === null ? rest : { ...rest, [id]: { secret, reason } }));

  const name = workflow.data?.name;
  const canEdit = workflow.data?.can.edit ?? false;
  const canArm = mayArm(workflow.data);
  return (
    <section aria-labelledby="webhooks-title" className="ui-page">
      <div className="page-header">
        <div>
          <p className="ui-breadcrumb small">
            <Link href="/">Workflows</Link> / <Link href={`/workflows/${workflowId}`}>{name ?? '…'}</Link>
          </p>
          <h1 id="webhooks-title">Webhooks{name ? ` of ${name}` : ''}</h1>
          <p className="muted">
            Each webhook is a URL that starts a run of the active version with the request as input.
          </p>
        </div>
      </div>

      {workflow.data && workflow.data.activeVersion === null ? (
        <div className="ui-warning" role="alert" data-testid="webhooks-inactive">
          <div>
            <p className="ui-warning-title">This workflow has no active version</p>
            <p className="small">
              Webhooks only run the active version, so every request is refused until you activate one.
            </p>
            {activate.isError ? <p className="field-error">{activate.error.message}</p> : null}
            {canArm ? null : (
              <p className="small muted" data-testid="activate-refused">
                {armRefused('Activating')}
              </p>
            )}
          </div>
          {canArm ? (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => activate.mutate()}
              disabled={activate.isPending}
            >
              {activate.isPending ? 'Activating…' : 'Activate latest'}
            </button>
          ) : null}
        </div>
      ) : workflow.data ? (
        <p className="ui-active-note small" data-testid="webhooks-active">
          <span className="tag tag-active">active v{workflow.data.activeVersion}</span> Deliveries run version{' '}
          {workflow.data.activeVersion}.
        </p>
      ) : null}

      {canArm ? (
        <CreateWebhookForm
          workflowId={workflowId}
          submitRef={newButton}
          onCreated={(w) => {
            // A pasted secret is the user's own and isn't echoed back: nothing to reveal.
            if (w.secret) setSecret(w.id, w.secret, 'created');
          }}
        />
      ) : workflow.data ? (
        <p className="ui-active-note small muted" data-testid="webhook-create-refused">
          {armRefused('Adding a webhook')}
        </p>
      ) : null}

      {webhooks.isPending ? (
        <LoadingPanel>Loading webhooks…</LoadingPanel>
      ) : webhooks.isError && !webhooks.data ? (
        <LoadErrorPanel
          title="Could not load the webhooks"
          message={webhooks.error.message}
          onRetry={() => void webhooks.refetch()}
        />
      ) : webhooks.data.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No webhooks yet</p>
          <p className="muted">Add one above to get a URL other services can call to start this workflow.</p>
        </div>
      ) : (
        <div className="ui-card-list">
          {webhooks.data.map((w) => (
            <WebhookCard
              key={w.id}
              workflowId={workflowId}
              webhook={w}
              revealed={revealed[w.id]}
              canEdit={canEdit}
              canArm={canArm}
              onSecret={(secret, reason) => setSecret(w.id, secret, reason)}
              onDeleted={() => {
                setSecret(w.id, null);
                newButton.current?.focus();
              }}
            />
          ))}
        </div>
      )}
    </section>
  );
}
