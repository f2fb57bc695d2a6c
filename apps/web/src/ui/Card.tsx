import type { HTMLAttributes, ReactNode } from 'react';

/** A bordered surface for one thing (a webhook, a schedule, a settings section). */
export function Card({ className = '', children, ...rest }: HTMLAttributes<HTMLElement>) {
  return (
    <section className={`ui-card ${className}`} {...rest}>
      {children}
    </section>
  );
}

interface CardHeaderProps {
  title: ReactNode;
  /** A line under the title (muted). */
  subtitle?: ReactNode;
  /** What sits on the right: a switch, buttons. Wraps under the title on a narrow screen. */
  actions?: ReactNode;
  /** The heading level (default h2). */
  level?: 2 | 3;
}

/** The card's title row. */
export function CardHeader({ title, subtitle, actions, level = 2 }: CardHeaderProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <header className="ui-card-header">
      <div className="ui-card-heading">
        <Heading className="ui-card-title">{title}</Heading>
        {subtitle ? <div className="muted small">{subtitle}</div> : null}
      </div>
      {actions ? <div className="ui-card-actions">{actions}</div> : null}
    </header>
  );
}
