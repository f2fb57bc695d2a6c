'use client';

import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { isUnauthenticated } from '@weft/contracts/client';
import { useUrlFilters } from '@/lib/use-url-filters';
import './workflows.css';
import { downloadExport } from './api';
import { DeleteWorkflowDialog } from './DeleteWorkflowDialog';
import { ImportWorkflowDialog } from './ImportWorkflowDialog';
import { NewWorkflowDialog } from './NewWorkflowDialog';
import { Notice, type NoticeMessage } from './Notice';
import { DEFAULT_FILTERS, WORKFLOW_FILTERS } from './list-filters';
import type { WorkflowListItem } from './types';
import { useDeleteWorkflow, useWorkflowList } from './useWorkflowList';
import { WorkflowsList } from './WorkflowsList';
import { WorkflowsToolbar } from './WorkflowsToolbar';

type OpenDialog = { kind: 'new' } | { kind: 'import' } | { kind: 'delete'; workflow: WorkflowListItem } | null;

/** Home page: every workflow the caller may view — search, filter, create, import, export, delete. */
export function WorkflowsPage() {
  const router = useRouter();
  const [filters, setFilters] = useUrlFilters(WORKFLOW_FILTERS);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const dismissNotice = useCallback(() => setNotice(null), []);
  const say = useCallback(
    (text: string, tone: NoticeMessage['tone'] = 'success') => setNotice({ id: Date.now(), text, tone }),
    [],
  );

  const list = useWorkflowList(filters);
  const remove = useDeleteWorkflow((workflow) => {
    setDialog(null);
    say(`Deleted “${workflow.name}” and its executions.`);
  });

  // The session can end while the page is open (logout elsewhere, expiry).
  useEffect(() => {
    if (isUnauthenticated(list.error)) router.replace('/login');
  }, [list.error, router]);

  function exportWorkflow(workflow: WorkflowListItem) {
    downloadExport(workflow).then(
      () => say(`Exported “${workflow.name}”.`),
      (err: unknown) =>
        say(`Couldn’t export “${workflow.name}”: ${err instanceof Error ? err.message : String(err)}`, 'error'),
    );
  }

  function closeDialog() {
    setDialog(null);
    remove.reset();
  }

  return (
    <section aria-labelledby="workflows-title">
      <WorkflowsHeader onImport={() => setDialog({ kind: 'import' })} onNew={() => setDialog({ kind: 'new' })} />
      <WorkflowsToolbar filters={filters} onChange={setFilters} searching={list.isPlaceholderData && list.isFetching} />
      <WorkflowsList
        list={list}
        filters={filters}
        onClearFilters={() => setFilters(DEFAULT_FILTERS)}
        onNew={() => setDialog({ kind: 'new' })}
        onImport={() => setDialog({ kind: 'import' })}
        onExport={exportWorkflow}
        onDelete={(workflow) => setDialog({ kind: 'delete', workflow })}
      />
      <OpenDialogView dialog={dialog} remove={remove} onClose={closeDialog} />
      <Notice notice={notice} onDismiss={dismissNotice} />
    </section>
  );
}

function WorkflowsHeader({ onImport, onNew }: { onImport: () => void; onNew: () => void }) {
  return (
    <div className="page-header">
      <div>
        <h1 id="workflows-title">Workflows</h1>
        <p className="muted">Build, run and monitor your automations.</p>
      </div>
      <div className="ui-actions">
        <button type="button" className="button" onClick={onImport}>
          Import
        </button>
        <button type="button" className="button button-primary" onClick={onNew}>
          <Plus size={16} aria-hidden="true" /> New workflow
        </button>
      </div>
    </div>
  );
}

interface OpenDialogViewProps {
  dialog: OpenDialog;
  remove: ReturnType<typeof useDeleteWorkflow>;
  onClose: () => void;
}

/** Whichever dialog is open: new, import, or the delete confirmation. */
function OpenDialogView({ dialog, remove, onClose }: OpenDialogViewProps) {
  if (dialog?.kind === 'new') return <NewWorkflowDialog onClose={onClose} />;
  if (dialog?.kind === 'import') return <ImportWorkflowDialog onClose={onClose} />;
  if (dialog?.kind !== 'delete') return null;
  return (
    <DeleteWorkflowDialog
      workflow={dialog.workflow}
      pending={remove.isPending}
      error={remove.error ? remove.error.message : null}
      onConfirm={() => remove.mutate(dialog.workflow)}
      onClose={onClose}
    />
  );
}
