'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { importWorkflow, workflowKeys } from './api';
import { Dialog } from '@/ui/Dialog';
import { definitionProblems, parseImportText } from './import-parse';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** "Import": a definition document from a .json file or pasted text → a new workflow. */
export function ImportWorkflowDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const importing = useMutation({
    mutationFn: importWorkflow,
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      router.push(`/workflows/${encodeURIComponent(id)}`);
    },
  });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    importing.reset();
    if (file.size > MAX_FILE_BYTES) {
      setParseError(`${file.name} is larger than 5 MB; that is not a workflow definition.`);
      return;
    }
    setFileName(file.name);
    setText(await file.text());
    setParseError(null);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    importing.reset();
    const parsed = parseImportText(text);
    if (!parsed.ok) {
      setParseError(parsed.error);
      textRef.current?.focus();
      return;
    }
    setParseError(null);
    importing.mutate(parsed.document);
  }

  const busy = importing.isPending || importing.isSuccess;
  const error = importing.error;
  const problems = error instanceof ApiClientError ? definitionProblems(error.details) : [];

  return (
    <Dialog title="Import workflow" onClose={onClose} initialFocus={textRef} busy={busy} wide>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted small">
          A definition document, as exported from Weft: <code>name</code>, <code>nodes</code>, <code>edges</code>. It
          becomes a new workflow at version 1.
        </p>
        <div className="field">
          <label htmlFor="import-file">File</label>
          <input
            id="import-file"
            type="file"
            accept=".json,application/json"
            className="wf-file"
            onChange={(e) => void onFile(e)}
          />
        </div>
        <div className="field">
          <label htmlFor="import-text">Definition JSON</label>
          <textarea
            ref={textRef}
            id="import-text"
            className="ui-input wf-code"
            rows={12}
            spellCheck={false}
            value={text}
            placeholder='{ "name": "My workflow", "nodes": [ … ], "edges": [ … ] }'
            onChange={(e) => {
              setText(e.target.value);
              setFileName(null);
              setParseError(null);
            }}
            aria-invalid={parseError ? true : undefined}
            aria-describedby={parseError ? 'import-text-error' : 'import-text-hint'}
          />
          {parseError ? (
            <p className="field-error" id="import-text-error" role="alert">
              {parseError}
            </p>
          ) : (
            <p className="field-hint" id="import-text-hint">
              {fileName ? `Loaded from ${fileName}. ` : ''}Paste the JSON here, or choose a file above.
            </p>
          )}
        </div>
        {error ? (
          <div className="form-error" role="alert" data-testid="import-errors">
            {problems.length > 0 ? (
              <>
                <p>
                  The definition was not imported: {problems.length} problem{problems.length === 1 ? '' : 's'} to fix.
                </p>
                <ul className="wf-problem-list">
                  {problems.map((p, i) => (
                    <li key={i}>
                      {p.nodeId ? <code className="wf-problem-ref">node {p.nodeId}</code> : null}
                      {p.edgeId ? <code className="wf-problem-ref">edge {p.edgeId}</code> : null} {p.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{error.message}</p>
            )}
          </div>
        ) : null}
        <div className="ui-dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
