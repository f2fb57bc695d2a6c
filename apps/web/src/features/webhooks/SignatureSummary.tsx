'use client';

import { SCHEMES } from './signature-schemes';
import type { Webhook } from './types';

/**
 * What the sender must send, in the server's words (header, format, delivery id), so a person
 * can hold it against the provider's side; and, for a provider, where the URL and secret go.
 */
export function SignatureSummary({ webhook, headingId }: { webhook: Webhook; headingId: string }) {
  const scheme = SCHEMES[webhook.signatureScheme];
  return (
    <section aria-labelledby={headingId} className="ui-section wh-signing" data-testid="webhook-signing">
      <h3 id={headingId} className="ui-section-title">
        Signature
      </h3>
      <p className="wh-fact">
        <span className="wh-fact-label">Scheme:</span> <span data-testid="webhook-scheme">{scheme.label}</span>
        {webhook.requireSignature ? null : (
          <strong className="wh-fact-off">
            {' '}
            — not checked: “Require a signature” is off, so unsigned requests are accepted.
          </strong>
        )}
      </p>
      <p className="wh-fact">
        <span className="wh-fact-label">The sender sets:</span>{' '}
        <code className="wh-format" data-testid="webhook-signature-format">
          {webhook.signatureHeader}: {webhook.signatureFormat}
        </code>
      </p>
      <p className="wh-fact">
        <span className="wh-fact-label">Redeliveries are recognised by:</span>{' '}
        <span data-testid="webhook-delivery-id">{webhook.deliveryIdFrom}</span>
      </p>
      {scheme.setup ? <ProviderSetup label={scheme.label} setup={scheme.setup} /> : null}
    </section>
  );
}

/** "At Stripe: …" — where the URL and secret go on the provider's side. */
export function ProviderSetup({ label, setup }: { label: string; setup: string }) {
  return (
    <p className="wh-setup small" data-testid="webhook-setup">
      <strong>At {label}:</strong> {setup}
    </p>
  );
}
