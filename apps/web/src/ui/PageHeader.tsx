import type { ReactNode } from 'react';

interface PageHeaderProps {
  /** The heading's id (the page's `aria-labelledby`). */
  titleId: string;
  title: ReactNode;
  /** A muted line or two under the title. */
  lead: ReactNode;
  /** Above the title ("Workflows / Nightly report"). */
  breadcrumb?: ReactNode;
  /** On the right: the page's main button. */
  action?: ReactNode;
}

/** A page's title row: breadcrumb, heading, what the page is for, and its main action. */
export function PageHeader({ titleId, title, lead, breadcrumb, action }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div>
        {breadcrumb ? <p className="ui-breadcrumb small">{breadcrumb}</p> : null}
        <h1 id={titleId}>{title}</h1>
        <p className="muted">{lead}</p>
      </div>
      {action}
    </div>
  );
}
