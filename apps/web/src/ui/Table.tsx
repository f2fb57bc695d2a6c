import type { ReactNode, TableHTMLAttributes } from 'react';

/**
 * A data table in a scroll box: on a narrow screen the table scrolls inside its panel
 * instead of widening the page. Write `<thead>`/`<tbody>` as children.
 */
export function Table({ className = '', children, ...rest }: TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="ui-table-wrap">
      <table className={`table ${className}`} {...rest}>
        {children}
      </table>
    </div>
  );
}

/** A `<th>` that is only for screen readers (an actions column, say). */
export function HiddenHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="col">
      <span className="visually-hidden">{children}</span>
    </th>
  );
}
