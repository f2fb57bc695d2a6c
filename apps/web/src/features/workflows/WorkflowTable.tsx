'use client';

import { Table } from '@/ui/Table';
import { WorkflowRow } from './WorkflowRow';
import type { WorkflowListItem } from './types';

interface WorkflowTableProps {
  items: WorkflowListItem[];
  onExport: (workflow: WorkflowListItem) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

const COLUMNS = [
  'Name',
  'Status',
  'Latest',
  'Last execution',
  'Recent runs',
  { label: 'Actions', hidden: true },
] as const;

export function WorkflowTable({ items, onExport, onDelete }: WorkflowTableProps) {
  return (
    <Table label="Workflows" columns={COLUMNS} items={items}>
      {(workflow) => <WorkflowRow key={workflow.id} workflow={workflow} onExport={onExport} onDelete={onDelete} />}
    </Table>
  );
}
