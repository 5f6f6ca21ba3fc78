/**
 * The list of every page: TanStack Table for the model (columns, server-side sorting) and Fluent
 * UI's Table for the markup, fed one server page at a time by useGraphList (api/queries.ts).
 *
 * Columns are TanStack column definitions made with `columnHelper<T>()`. A column is sortable on
 * the server when it sets `enableSorting: true`; its `id` is then the Graph property `$orderby`
 * names (e.g. 'displayName', 'createdDateTime'). The first column's cell should be the row's
 * name: with `onOpen`, it is rendered as a link-button that opens the row (keyboard accessible);
 * clicking anywhere on the row does the same.
 */
import {
  Body1, Button, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import {
  createColumnHelper, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type RowData, type SortingState,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { GraphList } from '../api/queries.ts';
import { ApiErrorBar } from './ApiErrorBar.tsx';

const features = tableFeatures({ rowSortingFeature });
export type TableColumns<T extends RowData> = Array<ColumnDef<typeof features, T, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The column helper for DataTable's columns. */
export const columnHelper = <T extends RowData>() => createColumnHelper<typeof features, T>();

/** `$orderby` for a sorting state: the column id is the Graph property. */
export function orderByOf(sorting: SortingState): string | undefined {
  const [first] = sorting;
  return first ? `${first.id} ${first.desc ? 'desc' : 'asc'}` : undefined;
}

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  row: { cursor: 'pointer' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, paddingTop: tokens.spacingVerticalM, flexWrap: 'wrap' },
  open: { padding: 0, minWidth: 0, justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightSemibold },
  empty: { padding: tokens.spacingVerticalXXL, textAlign: 'center', color: tokens.colorNeutralForeground3 },
});

export interface DataTableProps<T extends { id: string }> {
  /** The table's accessible name, e.g. "Users". */
  label: string;
  columns: TableColumns<T>;
  list: GraphList<T>;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  onOpen?: (row: T) => void;
  selectedId?: string;
  /** Shown when the page has no rows. */
  empty: ReactNode;
  /** What a row is called in the footer ("users", "sign-ins"). */
  noun: string;
}

const noRows: never[] = [];

export function DataTable<T extends { id: string }>(props: DataTableProps<T>) {
  const { list, sorting } = props;
  const styles = useStyles();
  const table = useTable({
    features,
    columns: props.columns,
    data: list.rows ?? (noRows as T[]),
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange: (updater) => props.onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
  });
  const { query } = list;
  const first = list.pageIndex * list.pageSize + 1;
  const shown = list.rows?.length ?? 0;

  return (
    <div>
      {query.error && <ApiErrorBar error={query.error} />}
      <div className={styles.wrap}>
        <Table aria-label={props.label} aria-busy={query.isFetching} size="small">
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const sortable = header.column.getCanSort();
                  const direction = header.column.getIsSorted();
                  return (
                    <TableHeaderCell
                      key={header.id}
                      sortable={sortable}
                      sortDirection={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
                      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : sortable ? 'none' : undefined}
                      onClick={sortable ? header.column.getToggleSortingHandler() : undefined}
                    >
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                    </TableHeaderCell>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.map((row) => (
              <TableRow
                key={row.id}
                className={`${props.onOpen ? styles.row : ''} ${row.id === props.selectedId ? styles.selected : ''}`}
                onClick={props.onOpen ? (event) => {
                  // The link-button in the first cell handles its own click and keyboard.
                  if (!(event.target as HTMLElement).closest('button,a')) props.onOpen!(row.original);
                } : undefined}
              >
                {row.getAllCells().map((cell, index) => (
                  <TableCell key={cell.id}>
                    {index === 0 && props.onOpen ? (
                      <Button appearance="transparent" size="small" className={styles.open} onClick={() => props.onOpen!(row.original)}>
                        <table.FlexRender cell={cell} />
                      </Button>
                    ) : <table.FlexRender cell={cell} />}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {!query.isPending && shown === 0 && !query.error && <div className={styles.empty}><Body1>{props.empty}</Body1></div>}
      {query.isPending && <Spinner size="small" label="Loading…" />}
      <nav className={styles.footer} aria-label={`${props.label} pages`}>
        <Button icon={<ChevronLeftRegular />} disabled={!list.hasPrevious || query.isFetching} onClick={list.previous}>Previous</Button>
        <Button icon={<ChevronRightRegular />} iconPosition="after" disabled={!list.hasNext || query.isFetching} onClick={list.next}>Next</Button>
        <Text aria-live="polite">
          {shown > 0 ? `${first}–${first + shown - 1}` : '0'}
          {list.count !== undefined ? ` of ${list.count.toLocaleString()}` : ''} {props.noun}
          {query.isFetching && !query.isPending ? ' · loading…' : ''}
        </Text>
      </nav>
    </div>
  );
}
