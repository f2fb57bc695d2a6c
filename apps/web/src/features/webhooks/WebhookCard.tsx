'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { CopyableInput } from '@/ui/CopyButton';
import { formatDateTime, formatRelative } from '@/ui/format';
import { ConfirmDelete, ConfirmDialog } from '@/features/triggers/ConfirmDialog';
import { TriggerCard } from '@/features/triggers/TriggerCard';
import { useDeleteWebhook, useUpdateWebhook, type WebhookPatch } from './api';
import { PasteSecretDialog } from './PasteSecretDialog';
import { RecentDeliveries } from './RecentDeliveries';
import { SecretReveal } from './SecretReveal';
import { SettingsForm } from './SettingsForm';
import { isProviderMade, SCHEMES } from './signature-schemes';
import { SignatureSummary } from './SignatureSummary';
import type { Webhook } from './types';

type SecretReason = 'created' | 'rotated';
type Confirm = 'rotate' | 'paste' | 'delete';

interface WebhookCardProps {
  workflowId: string;
  webhook: Webhook;
  /** The secret from the create/rotate answer, until the user hides it. */
  revealed: { secret: string; reason: SecretReason } | undefined;
  onSecret(secret: string | null, reason?: SecretReason): void;
  /** The caller may change it (edit) / arm it: enable it or change its secret (edit and execute). */
  canEdit: boolean;
  canArm: boolean;
  /** Where focus goes after this card is deleted. */
  onDeleted(): void;
}

export function WebhookCard({ revealed, ...card }: WebhookCardProps) {
  const { workflowId, webhook, onSecret, canEdit, canArm } = card;
  const uid = useId();
  const update = useUpdateWebhook(workflowId);
  const save = async (patch: WebhookPatch) => {
    const saved = await update.mutateAsync({ id: webhook.id, patch });
    // A switch of scheme without a pasted secret made a new one: shown this once. After a
    // pasted one, a secret still on show is no longer the current one.
    if (saved.secret) onSecret(saved.secret, 'rotated');
    else if (patch.signatureScheme || patch.secret) onSecret(null);
    return saved;
  };
  return (
    <TriggerCard
      titleId={`${uid}-title`}
      title={
        <>
          Webhook <span className="mono muted">…{(webhook.token ?? webhook.id).slice(-6)}</span>
        </>
      }
      titleTag={
        <span className="tag wh-scheme-tag" title="Signature scheme">
          {SCHEMES[webhook.signatureScheme].label}
        </span>
      }
      subtitle={<WebhookActivity webhook={webhook} />}
      noun="webhook"
      enabled={webhook.enabled}
      canEdit={canEdit}
      canArm={canArm}
      togglePending={update.isPending}
      onToggle={(onError) =>
        update.mutate({ id: webhook.id, patch: { enabled: !webhook.enabled } }, { onError: (e) => onError(e.message) })
      }
      data={{ 'data-webhook-id': webhook.id }}
      footerNote={<SecretNote webhook={webhook} />}
      actions={<WebhookActions {...card} />}
    >
      <WebhookDetails uid={uid} webhook={webhook} revealed={revealed} onSecret={onSecret} save={save} canArm={canArm} />
    </TriggerCard>
  );
}

interface WebhookDetailsProps extends Pick<WebhookCardProps, 'webhook' | 'revealed' | 'onSecret' | 'canArm'> {
  uid: string;
  save(patch: WebhookPatch): Promise<Webhook>;
}

/** The URL, what the sender signs with, a secret on show, then the settings beside the deliveries. */
function WebhookDetails({ uid, webhook, revealed, onSecret, save, canArm }: WebhookDetailsProps) {
  const scheme = SCHEMES[webhook.signatureScheme];
  return (
    <>
      <WebhookUrl webhook={webhook} id={`${uid}-url`} />
      <SignatureSummary webhook={webhook} headingId={`${uid}-signature`} />
      {revealed && webhook.url && webhook.token ? (
        <SecretReveal
          url={webhook.url}
          token={webhook.token}
          secret={revealed.secret}
          scheme={webhook.signatureScheme}
          reason={revealed.reason}
          onDismiss={() => onSecret(null)}
        />
      ) : null}
      <div className="ui-card-columns">
        <section aria-labelledby={`${uid}-settings`} className="ui-section">
          <h3 id={`${uid}-settings`} className="ui-section-title">
            Settings
          </h3>
          <SettingsForm webhook={webhook} canChangeSecret={canArm} onSave={save} />
        </section>
        <RecentDeliveries
          webhookId={webhook.id}
          headingId={`${uid}-deliveries`}
          emptyText={
            webhook.signatureScheme === 'weft'
              ? 'No deliveries yet. Send one with the curl command, or from your service.'
              : `No deliveries yet. They appear here once ${scheme.label} sends one.`
          }
        />
      </div>
    </>
  );
}

/** "Created 3 days ago · 12 deliveries · last 2 min ago (open)". */
function WebhookActivity({ webhook }: { webhook: Webhook }) {
  const last = webhook.lastTriggeredAt;
  return (
    <>
      Created {formatRelative(webhook.createdAt)} ·{' '}
      {webhook.triggerCount === 1 ? '1 delivery' : `${webhook.triggerCount} deliveries`}
      {last ? (
        <>
          {' '}
          · last{' '}
          <time dateTime={last} title={formatDateTime(last)}>
            {formatRelative(last)}
          </time>
          {webhook.lastExecutionId ? (
            <>
              {' '}
              (<Link href={`/executions/${webhook.lastExecutionId}`}>open</Link>)
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The URL to call, with a copy button; hidden from those who may not run the workflow. */
function WebhookUrl({ webhook, id }: { webhook: Webhook; id: string }) {
  return (
    <div className="ui-field">
      <label className="ui-label" htmlFor={id}>
        URL
      </label>
      {webhook.url ? (
        <CopyableInput id={id} value={webhook.url} copyLabel="Copy URL" mono data-testid="webhook-url" />
      ) : (
        <p id={id} className="muted" data-testid="webhook-url-hidden">
          Hidden: the URL lets anyone start runs, so only people who may run this workflow see it.
        </p>
      )}
      <p className="field-hint">
        Any of GET, POST, PUT, PATCH, DELETE.{' '}
        {webhook.enabled ? null : <strong>Disabled: requests are refused.</strong>}
      </p>
    </div>
  );
}

/** Weft can make a new secret unless the provider makes it; a secret made elsewhere can be pasted. */
const canGenerate = (w: Webhook) => !isProviderMade(w.signatureScheme);
const canPaste = (w: Webhook) => w.signatureScheme !== 'weft';

/** Who makes the secret, and whether the previous one still verifies. */
function SecretNote({ webhook }: { webhook: Webhook }) {
  const until = webhook.secretRotatingUntil;
  if (until && new Date(until) > new Date())
    return <>The previous secret still verifies until {formatDateTime(until)}.</>;
  if (canGenerate(webhook)) return <>A secret Weft makes is shown once; a pasted one is never shown.</>;
  return <>{SCHEMES[webhook.signatureScheme].label} makes this secret; Weft keeps it encrypted and never shows it.</>;
}

type WebhookActionsProps = Pick<
  WebhookCardProps,
  'workflowId' | 'webhook' | 'canEdit' | 'canArm' | 'onSecret' | 'onDeleted'
>;

/** Rotate, paste a secret, delete: each asks first. */
function WebhookActions({ webhook, canEdit, canArm, ...dialogs }: WebhookActionsProps) {
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  return (
    <>
      {canGenerate(webhook) && canArm ? (
        <button type="button" className="button button-small" onClick={() => setConfirm('rotate')}>
          Rotate secret
        </button>
      ) : null}
      {canPaste(webhook) && canArm ? (
        <button type="button" className="button button-small" onClick={() => setConfirm('paste')}>
          Paste a new secret
        </button>
      ) : null}
      {canEdit ? (
        <button
          type="button"
          className="button button-small button-danger-outline"
          onClick={() => setConfirm('delete')}
        >
          Delete
        </button>
      ) : null}
      <WebhookDialogs {...dialogs} webhook={webhook} confirm={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}

interface WebhookDialogsProps extends Pick<WebhookCardProps, 'workflowId' | 'webhook' | 'onSecret' | 'onDeleted'> {
  confirm: Confirm | null;
  onClose(): void;
}

function WebhookDialogs({ workflowId, webhook, confirm, onClose, onSecret, onDeleted }: WebhookDialogsProps) {
  const update = useUpdateWebhook(workflowId);
  const close = () => {
    update.reset();
    onClose();
  };
  if (confirm === 'rotate')
    return (
      <ConfirmDialog
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        busyLabel="Rotating…"
        tone="primary"
        request={update}
        onClose={onClose}
        onConfirm={() =>
          update.mutate(
            { id: webhook.id, patch: { rotateSecret: true } },
            {
              onSuccess: (res) => {
                onClose();
                if (res.secret) onSecret(res.secret, 'rotated');
              },
            },
          )
        }
      >
        A new secret is made and shown once. The current one keeps verifying for 24 hours, so update your senders within
        that time.
      </ConfirmDialog>
    );
  if (confirm === 'paste')
    return (
      <PasteSecretDialog
        scheme={webhook.signatureScheme}
        onSave={async (secret) => {
          await update.mutateAsync({ id: webhook.id, patch: { secret } });
          onSecret(null);
        }}
        onClose={close}
      />
    );
  if (confirm === 'delete')
    return <DeleteWebhook workflowId={workflowId} webhook={webhook} onClose={onClose} onDeleted={onDeleted} />;
  return null;
}

interface DeleteWebhookProps extends Pick<WebhookCardProps, 'workflowId' | 'webhook' | 'onDeleted'> {
  onClose(): void;
}

function DeleteWebhook({ workflowId, webhook, onClose, onDeleted }: DeleteWebhookProps) {
  const remove = useDeleteWebhook(workflowId);
  return (
    <ConfirmDelete
      thing="webhook"
      request={remove}
      onClose={onClose}
      onConfirm={() =>
        remove.mutate(webhook.id, {
          onSuccess: () => {
            onClose();
            onDeleted();
          },
        })
      }
    >
      Requests to <code className="mono break-anywhere">{webhook.url ?? 'this webhook'}</code> will get 404. Past
      executions are kept. This can’t be undone.
    </ConfirmDelete>
  );
}
