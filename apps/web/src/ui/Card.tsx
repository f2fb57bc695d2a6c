import type { HTMLAttributes, ReactNode } from 'react';

interface CardProps extends HTMLAttributes<HTMLElement> {
  /** `article` for a card that stands alone in a list (a webhook, a schedule); `section` otherwise. */
  as?: 'section' | 'article';
  /** Drawn dashed: the thing is switched off. */
  disabled?: boolean;
}

/** A bordered surface for one thing (a webhook, a schedule, a settings section). */
export function Card({ as: Tag = 'section', disabled = false, className = '', children, ...rest }: CardProps) {
  const classes = ['ui-card', disabled ? 'is-disabled' : '', className].filter(Boolean).join(' ');
  return (
    <Tag className={classes} {...rest}>
      {children}
    </Tag>
  );
}

interface CardHeaderProps {
  title: ReactNode;
  /** The heading's id, for the card's `aria-labelledby`. */
  titleId?: string;
  /** Beside the title, outside the heading (a tag such as the webhook's scheme). */
  titleAside?: ReactNode;
  /** A line under the title (muted). */
  subtitle?: ReactNode;
  /** What sits on the right: a switch, buttons. Wraps under the title on a narrow screen. */
  actions?: ReactNode;
  /** The heading level (default h2). */
  level?: 2 | 3;
}

/** The card's title row. */
export function CardHeader({ title, titleId, titleAside, subtitle, actions, level = 2 }: CardHeaderProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const heading = (
    <Heading id={titleId} className="ui-card-title">
      {title}
    </Heading>
  );
  return (
    <header className="ui-card-header">
      <div className="ui-card-heading">
        {titleAside ? (
          <div className="ui-card-title-row">
            {heading}
            {titleAside}
          </div>
        ) : (
          heading
        )}
        {subtitle ? <p className="muted small">{subtitle}</p> : null}
      </div>
      {actions ? <div className="ui-card-actions">{actions}</div> : null}
    </header>
  );
}

/** The card's last row: a note on the left, actions on the right. */
export function CardFooter({ note, actions }: { note?: ReactNode; actions?: ReactNode }) {
  return (
    <footer className="ui-card-footer">
      {note ? <p className="muted small">{note}</p> : null}
      {actions ? <div className="ui-actions">{actions}</div> : null}
    </footer>
  );
}
