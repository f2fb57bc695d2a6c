import type { ReactNode, TdHTMLAttributes } from 'react';

/** A column heading; `hidden` keeps it for screen readers only (an actions column). */
export type TableColumn = string | { label: string; hidden: true };

interface TableProps<T> {
  /** Names the table for screen readers ("Users"). */
  label: string;
  columns: readonly TableColumn[];
  items: readonly T[];
  /** One `<tr>` (or a fragment of rows) per item, keyed by the caller. */
  children: (item: T) => ReactNode;
  /** Shown instead of the table when `items` is empty (an `EmptyPanel`). */
  empty?: ReactNode;
  /** Below the rows, inside the panel ("Load more"). */
  footer?: ReactNode;
  className?: string;
}

/**
 * A list as a semantic table in a panel. Where the panel is narrower than 34rem (a phone)
 * each row becomes a card: the `primary` cell is its title, the `actions` cell sits
 * beside it, and every other cell shows its column's label (`Cell label`) before it.
 */
export function Table<T>({ label, columns, items, children, empty, footer, className = '' }: TableProps<T>) {
  if (items.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="panel ui-table-wrap">
      <table className={`table ui-table ${className}`} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col">
                  <span className="visually-hidden">{column.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{items.map(children)}</tbody>
      </table>
      {footer}
    </div>
  );
}

interface CellProps extends TdHTMLAttributes<HTMLTableCellElement> {
  /** The column's heading, shown before the value when rows are cards. */
  label?: string;
  /** The row's name: the card's title on a phone. */
  primary?: boolean;
  /** The row's buttons or menu: beside the title on a phone. */
  actions?: boolean;
}

/** One cell of a `Table` row. */
export function Cell({ label, primary = false, actions = false, className, children, ...rest }: CellProps) {
  const role = primary ? 'ui-cell-primary' : actions ? 'ui-cell-actions' : '';
  const classes = [role, className].filter(Boolean).join(' ') || undefined;
  if (!label || primary || actions) {
    return (
      <td className={classes} {...rest}>
        {children}
      </td>
    );
  }
  return (
    <td className={classes} data-label={label} {...rest}>
      <div className="ui-cell-value">{children}</div>
    </td>
  );
}
