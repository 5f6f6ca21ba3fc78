import { Body1, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ApiErrorBar } from './ApiErrorBar.tsx';
import { VisuallyHidden } from './VisuallyHidden.tsx';

/** A small read-only table for a pane's tab (lists that fit on one page). An empty header ('') heads a column of actions. */
export function SimpleTable(props: {
  label: string; headers: string[]; rows: Array<{ id: string; cells: ReactNode[] }>; empty: string;
  query: { isPending: boolean; error: unknown };
}) {
  if (props.query.error) return <ApiErrorBar error={props.query.error} />;
  if (props.query.isPending) return <Spinner size="small" label="Loading…" />;
  if (props.rows.length === 0) return <Body1>{props.empty}</Body1>;
  return (
    <Table aria-label={props.label} size="small">
      <TableHeader>
        <TableRow>{props.headers.map((h, i) => <TableHeaderCell key={i}>{h || <VisuallyHidden>Actions</VisuallyHidden>}</TableHeaderCell>)}</TableRow>
      </TableHeader>
      <TableBody>
        {props.rows.map((row) => (
          <TableRow key={row.id}>{row.cells.map((cell, i) => <TableCell key={i}>{cell}</TableCell>)}</TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
