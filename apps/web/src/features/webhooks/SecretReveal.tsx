'use client';

import { useId } from 'react';
import { CopyableInput, CopyButton } from '@/ui/CopyButton';
import { SAMPLE_BODY, signedCurlCommand } from './curl';
import { SCHEMES } from './signature-schemes';
import type { SignatureScheme } from './types';

interface SecretRevealProps {
  url: string;
  token: string;
  secret: string;
  scheme: SignatureScheme;
  /** "created" after New webhook, "rotated" after Rotate secret (or a switch of scheme). */
  reason: 'created' | 'rotated';
  onDismiss(): void;
}

/**
 * The signing secret Weft made, this once. For Weft's own scheme, a curl command that signs a
 * test delivery with it (how to sign by hand); for a provider, where to paste it.
 */
export function SecretReveal({ url, token, secret, scheme, reason, onDismiss }: SecretRevealProps) {
  const titleId = useId();
  const secretId = useId();
  const curlId = useId();
  const curl = scheme === 'weft' ? signedCurlCommand({ url, token, secret }) : null;
  const { label } = SCHEMES[scheme];
  return (
    <section className="wh-secret" aria-labelledby={titleId} data-testid="webhook-secret-box">
      <h3 id={titleId} className="wh-secret-title">
        {reason === 'created' ? 'Signing secret' : 'New signing secret'}
      </h3>
      <p className="wh-secret-warning" role="note">
        <strong>Copy it now — it won’t be shown again.</strong>{' '}
        {reason === 'rotated' ? 'The previous secret keeps verifying for 24 hours so senders can switch over.' : null}
      </p>
      <label className="ui-label" htmlFor={secretId}>
        Secret
      </label>
      <CopyableInput id={secretId} value={secret} copyLabel="Copy secret" mono data-testid="webhook-secret" />
      {curl !== null ? (
        <>
          <label className="ui-label" htmlFor={curlId}>
            Test it: a signed <code>curl</code> with the body <code>{SAMPLE_BODY}</code>
          </label>
          <div className="ui-copy-row ui-copy-row-top">
            <textarea
              id={curlId}
              className="ui-input mono wh-curl"
              readOnly
              value={curl}
              rows={4}
              data-testid="webhook-curl"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={curl} label="Copy curl command" />
          </div>
        </>
      ) : (
        <p className="small" data-testid="webhook-secret-where">
          Paste it at {label} together with the URL (see <strong>At {label}</strong> above).
        </p>
      )}
      <div className="ui-actions">
        <button type="button" className="button button-small" onClick={onDismiss}>
          I’ve saved it — hide
        </button>
      </div>
    </section>
  );
}
