'use client';

import { useState, type ReactNode } from 'react';
import { Card, CardFooter, CardHeader } from '@/ui/Card';
import { Switch } from '@/ui/Switch';
import { armRefused } from './arming';

interface TriggerCardProps {
  titleId: string;
  title: ReactNode;
  /** Beside the title (the webhook's scheme tag). */
  titleTag?: ReactNode;
  subtitle: ReactNode;
  /** "schedule" / "webhook": names the card's test ids and the refusal on its switch. */
  noun: 'schedule' | 'webhook';
  enabled: boolean;
  /** The user may change it (turn it off); arming it again needs `canArm` too. */
  canEdit: boolean;
  canArm: boolean;
  /** Flips `enabled`; reports a refusal through `onError`. */
  onToggle(onError: (message: string) => void): void;
  togglePending: boolean;
  /** The card's data attributes (`data-schedule-id`, …). */
  data: Record<`data-${string}`, string | boolean>;
  footerNote: ReactNode;
  actions: ReactNode;
  children: ReactNode;
}

/**
 * The card both trigger kinds share: title, subtitle and the Enabled switch (with why it is
 * disabled, and a refused toggle's error), the kind's own body, and a footer of notes and actions.
 */
export function TriggerCard({
  titleId,
  title,
  titleTag,
  subtitle,
  noun,
  data,
  footerNote,
  actions,
  children,
  ...toggle
}: TriggerCardProps) {
  const [toggleError, setToggleError] = useState<string | null>(null);
  return (
    <Card as="article" disabled={!toggle.enabled} aria-labelledby={titleId} data-testid={`${noun}-card`} {...data}>
      <CardHeader
        title={title}
        titleId={titleId}
        titleAside={titleTag}
        subtitle={subtitle}
        actions={<EnabledSwitch noun={noun} onError={setToggleError} {...toggle} />}
      />
      {toggleError ? (
        <p className="field-error" role="alert">
          {toggleError}
        </p>
      ) : null}
      {children}
      <CardFooter note={footerNote} actions={actions} />
    </Card>
  );
}

type EnabledSwitchProps = Pick<
  TriggerCardProps,
  'noun' | 'enabled' | 'canEdit' | 'canArm' | 'onToggle' | 'togglePending'
> & {
  onError(message: string | null): void;
};

/** Turning it off needs edit; turning it on starts runs again, which needs execute too. */
function EnabledSwitch({ noun, enabled, canEdit, canArm, onToggle, togglePending, onError }: EnabledSwitchProps) {
  const refused = !canEdit
    ? `You may view this ${noun} but not change it`
    : !enabled && !canArm
      ? armRefused('Enabling it')
      : null;
  return (
    <Switch
      checked={enabled}
      label="Enabled"
      onClick={() => {
        onError(null);
        onToggle(onError);
      }}
      disabled={togglePending || refused !== null}
      title={refused ?? undefined}
      data-testid={`${noun}-enabled`}
    />
  );
}
