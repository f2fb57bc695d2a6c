'use client';

import { WorkflowRow } from './WorkflowRow';
import type { WorkflowListItem } from './types';

interface WorkflowTableProps {
  items: WorkflowListItem[];
  onExport: (workflow: WorkflowListItem) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

export function WorkflowTable({ items, onExport, onDelete }: WorkflowTableProps) {
  return (
    <div className="panel">
      <table className="table wf-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Latest</th>
            <th scope="col">Last execution</th>
            <th scope="col">Recent runs</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((workflow) => (
            <WorkflowRow key={workflow.id} workflow={workflow} onExport={onExport} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
