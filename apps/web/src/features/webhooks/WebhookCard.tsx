'use client';

import Link from 'next/link';
import { useId, useRef, useState } from 'react';
import { Dialog } from '@/ui/Dialog';
import { Switch } from '@/ui/Switch';
import { formatDateTime, formatRelative } from '@/ui/format';
import { useDeleteWebhook, useUpdateWebhook } from './api';
import { armRefused } from './arming';
import { CopyButton } from '@/ui/CopyButton';
import { PasteSecretDialog } from './PasteSecretDialog';
import { RecentDeliveries } from './RecentDeliveries';
import { SecretReveal } from './SecretReveal';
import { SettingsForm } from './SettingsForm';
import { isProviderMade, SCHEMES } from './signature-schemes';
import { SignatureSummary } from './SignatureSummary';
import type { Webhook } from './types';

interface WebhookCardProps {
  workflowId: string;
  webhook: Webhook;
  /** The secret from the create/rotate answer, until the user hides it. */
  revealed: { secret: string; reason: 'created' | 'rotated' } | undefined;
  onSecret(secret: string | null, reason?: 'created' | 'rotated'): void;
  /** The caller may change it (edit) / arm it: enable it or change its secret (edit and execute). */
  canEdit: boolean;
  canArm: boolean;
  /** Where focus goes after this card is deleted. */
  onDeleted(): void;
}

export function WebhookCard({ workflowId, webhook, revealed, onSecret, onDeleted, canEdit, canArm }: WebhookCardProps) {
  const uid = useId();
  const update = useUpdateWebhook(workflowId);
  const remove = useDeleteWebhook(workflowId);
  const [confirm, setConfirm] = useState<'rotate' | 'paste' | 'delete' | null>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = `${uid}-title`;
  const rotatingUntil =
    webhook.secretRotatingUntil && new Date(webhook.secretRotatingUntil) > new Date()
      ? webhook.secretRotatingUntil
      : null;
  const scheme = SCHEMES[webhook.signatureScheme];
  // Weft can make a new secret unless the provider makes it; a secret made elsewhere can be pasted.
  const canGenerate = !isProviderMade(webhook.signatureScheme);
  const canPaste = webhook.signatureScheme !== 'weft';
  // Turning it off needs edit; turning it on starts runs again, which needs execute too.
  const toggleRefused = !canEdit
    ? 'You may view this webhook but not change it'
    : !webhook.enabled && !canArm
      ? armRefused('Enabling it')
      : null;

  const toggle = () => {
    setToggleError(null);
    update.mutate(
      { id: webhook.id, patch: { enabled: !webhook.enabled } },
      { onError: (err) => setToggleError(err.message) },
    );
  };

  const rotate = () =>
    update.mutate(
      { id: webhook.id, patch: { rotateSecret: true } },
      {
        onSuccess: (res) => {
          setConfirm(null);
          if (res.secret) onSecret(res.secret, 'rotated');
        },
      },
    );

  const del = () =>
    remove.mutate(webhook.id, {
      onSuccess: () => {
        setConfirm(null);
        onDeleted();
      },
    });

  return (
    <article
      className={`ui-card${webhook.enabled ? '' : ' is-disabled'}`}
      aria-labelledby={titleId}
      data-testid="webhook-card"
      data-webhook-id={webhook.id}
    >
      <header className="ui-card-header">
        <div className="ui-card-heading">
          <div className="wh-title-row">
            <h2 id={titleId} className="ui-card-title">
              Webhook <span className="mono muted">…{(webhook.token ?? webhook.id).slice(-6)}</span>
            </h2>
            <span className="tag wh-scheme-tag" title="Signature scheme">
              {scheme.label}
            </span>
          </div>
          <p className="muted small">
            Created {formatRelative(webhook.createdAt)} ·{' '}
            {webhook.triggerCount === 1 ? '1 delivery' : `${webhook.triggerCount} deliveries`}
            {webhook.lastTriggeredAt ? (
              <>
                {' '}
                · last{' '}
                <time dateTime={webhook.lastTriggeredAt} title={formatDateTime(webhook.lastTriggeredAt)}>
                  {formatRelative(webhook.lastTriggeredAt)}
                </time>
                {webhook.lastExecutionId ? (
                  <>
                    {' '}
                    (<Link href={`/executions/${webhook.lastExecutionId}`}>open</Link>)
                  </>
                ) : null}
              </>
            ) : null}
          </p>
        </div>
        <div className="ui-toggle-wrap">
          <Switch
            checked={webhook.enabled}
            label="Enabled"
            onClick={toggle}
            disabled={update.isPending || toggleRefused !== null}
            title={toggleRefused ?? undefined}
            data-testid="webhook-enabled"
          />
        </div>
      </header>
      {toggleError ? (
        <p className="field-error" role="alert">
          {toggleError}
        </p>
      ) : null}

      <div className="ui-field">
        <label className="ui-label" htmlFor={`${uid}-url`}>
          URL
        </label>
        {webhook.url ? (
          <div className="wh-copy-row">
            <input
              id={`${uid}-url`}
              className="ui-input mono"
              readOnly
              value={webhook.url}
              data-testid="webhook-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={webhook.url} label="Copy URL" />
          </div>
        ) : (
          <p id={`${uid}-url`} className="muted" data-testid="webhook-url-hidden">
            Hidden: the URL lets anyone start runs, so only people who may run this workflow see it.
          </p>
        )}
        <p className="field-hint">
          Any of GET, POST, PUT, PATCH, DELETE.{' '}
          {webhook.enabled ? null : <strong>Disabled: requests are refused.</strong>}
        </p>
      </div>

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
          <SettingsForm
            webhook={webhook}
            canChangeSecret={canArm}
            onSave={async (patch) => {
              const saved = await update.mutateAsync({ id: webhook.id, patch });
              // A switch of scheme without a pasted secret made a new one: shown this once. After a
              // pasted one, a secret still on show is no longer the current one.
              if (saved.secret) onSecret(saved.secret, 'rotated');
              else if (patch.signatureScheme || patch.secret) onSecret(null);
              return saved;
            }}
          />
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

      <footer className="ui-card-footer">
        <p className="muted small">
          {rotatingUntil ? (
            <>The previous secret still verifies until {formatDateTime(rotatingUntil)}.</>
          ) : canGenerate ? (
            'A secret Weft makes is shown once; a pasted one is never shown.'
          ) : (
            `${scheme.label} makes this secret; Weft keeps it encrypted and never shows it.`
          )}
        </p>
        <div className="ui-actions">
          {canGenerate && canArm ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                update.reset();
                setConfirm('rotate');
              }}
            >
              Rotate secret
            </button>
          ) : null}
          {canPaste && canArm ? (
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
        </div>
      </footer>

      {confirm === 'rotate' ? (
        <Dialog
          title="Rotate the signing secret?"
          onClose={() => {
            update.reset();
            setConfirm(null);
          }}
          busy={update.isPending}
          initialFocus={cancelRef}
        >
          <p>
            A new secret is made and shown once. The current one keeps verifying for 24 hours, so update your senders
            within that time.
          </p>
          {update.isError ? (
            <p className="form-error" role="alert">
              {update.error.message}
            </p>
          ) : null}
          <div className="ui-dialog-actions ui-actions">
            <button
              ref={cancelRef}
              type="button"
              className="button"
              onClick={() => {
                update.reset();
                setConfirm(null);
              }}
              disabled={update.isPending}
            >
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={rotate} disabled={update.isPending}>
              {update.isPending ? 'Rotating…' : 'Rotate secret'}
            </button>
          </div>
        </Dialog>
      ) : null}
      {confirm === 'paste' ? (
        <PasteSecretDialog
          scheme={webhook.signatureScheme}
          onSave={async (secret) => {
            await update.mutateAsync({ id: webhook.id, patch: { secret } });
            onSecret(null);
          }}
          onClose={() => {
            update.reset();
            setConfirm(null);
          }}
        />
      ) : null}
      {confirm === 'delete' ? (
        <Dialog
          title="Delete this webhook?"
          onClose={() => {
            remove.reset();
            setConfirm(null);
          }}
          busy={remove.isPending}
          initialFocus={cancelRef}
        >
          <p>
            Requests to <code className="mono break-anywhere">{webhook.url ?? 'this webhook'}</code> will get 404. Past
            executions are kept. This can’t be undone.
          </p>
          {remove.isError ? (
            <p className="form-error" role="alert">
              {remove.error.message}
            </p>
          ) : null}
          <div className="ui-dialog-actions ui-actions">
            <button
              ref={cancelRef}
              type="button"
              className="button"
              onClick={() => {
                remove.reset();
                setConfirm(null);
              }}
              disabled={remove.isPending}
            >
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={del} disabled={remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete webhook'}
            </button>
          </div>
        </Dialog>
      ) : null}
    </article>
  );
}
