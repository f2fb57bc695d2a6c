'use client';

import { useRef, useState } from 'react';
import { EmptyPanel, LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { ArmRefusedNote, TriggerPage } from '@/features/triggers/TriggerPage';
import { useWebhooks } from './api';
import { CreateWebhookForm } from './CreateWebhookForm';
import { WebhookCard } from './WebhookCard';
import './webhooks.css';

type Revealed = Record<string, { secret: string; reason: 'created' | 'rotated' }>;

/** `/workflows/:id/webhooks`: the workflow's webhooks, their settings and deliveries. */
export function WebhooksPage({ workflowId }: { workflowId: string }) {
  // Secrets live only here, in memory, until hidden: the API never returns them again.
  const [revealed, setRevealed] = useState<Revealed>({});
  const newButton = useRef<HTMLButtonElement>(null);
  const setSecret = (id: string, secret: string | null, reason: 'created' | 'rotated' = 'rotated') =>
    setRevealed(({ [id]: _old, ...rest }) => (secret === null ? rest : { ...rest, [id]: { secret, reason } }));
  return (
    <TriggerPage
      workflowId={workflowId}
      kind="webhooks"
      title="Webhooks"
      lead="Each webhook is a URL that starts a run of the active version with the request as input."
      inactiveText="Webhooks only run the active version, so every request is refused until you activate one."
      activeText="Deliveries run version"
    >
      {(workflow, canArm) => (
        <>
          {canArm ? (
            <CreateWebhookForm
              workflowId={workflowId}
              submitRef={newButton}
              onCreated={(w) => {
                // A pasted secret is the user's own and isn't echoed back: nothing to reveal.
                if (w.secret) setSecret(w.id, w.secret, 'created');
              }}
            />
          ) : workflow ? (
            <ArmRefusedNote what="Adding a webhook" testId="webhook-create-refused" />
          ) : null}
          <WebhookList
            workflowId={workflowId}
            canEdit={workflow?.can.edit ?? false}
            canArm={canArm}
            revealed={revealed}
            setSecret={setSecret}
            onDeleted={() => newButton.current?.focus()}
          />
        </>
      )}
    </TriggerPage>
  );
}

interface WebhookListProps {
  workflowId: string;
  canEdit: boolean;
  canArm: boolean;
  revealed: Revealed;
  setSecret(id: string, secret: string | null, reason?: 'created' | 'rotated'): void;
  onDeleted(): void;
}

function WebhookList({ workflowId, revealed, setSecret, onDeleted, ...can }: WebhookListProps) {
  const webhooks = useWebhooks(workflowId);
  if (webhooks.isPending) return <LoadingPanel>Loading webhooks…</LoadingPanel>;
  if (webhooks.isError && !webhooks.data)
    return (
      <LoadErrorPanel
        title="Could not load the webhooks"
        message={webhooks.error.message}
        onRetry={() => void webhooks.refetch()}
      />
    );
  if (webhooks.data.length === 0)
    return (
      <EmptyPanel title="No webhooks yet">
        Add one above to get a URL other services can call to start this workflow.
      </EmptyPanel>
    );
  return (
    <div className="ui-card-list">
      {webhooks.data.map((w) => (
        <WebhookCard
          key={w.id}
          workflowId={workflowId}
          webhook={w}
          revealed={revealed[w.id]}
          {...can}
          onSecret={(secret, reason) => setSecret(w.id, secret, reason)}
          onDeleted={() => {
            setSecret(w.id, null);
            onDeleted();
          }}
        />
      ))}
    </div>
  );
}
