'use client';

import { useRef, useState, type ChangeEvent, type FormEvent, type RefObject } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { Dialog, DialogActions } from '@/ui/Dialog';
import { importWorkflow } from './api';
import { definitionProblems, parseImportText } from './import-parse';
import { useOpenNewWorkflow } from './useOpenNewWorkflow';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** "Import": a definition document from a .json file or pasted text → a new workflow. */
export function ImportWorkflowDialog({ onClose }: { onClose: () => void }) {
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const importing = useOpenNewWorkflow(importWorkflow);

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
    setParseError(parsed.ok ? null : parsed.error);
    if (parsed.ok) importing.mutate(parsed.document);
    else textRef.current?.focus();
  }

  return (
    <Dialog title="Import workflow" onClose={onClose} initialFocus={textRef} busy={importing.busy} wide>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted small">
          A definition document, as exported from Weft: <code>name</code>, <code>nodes</code>, <code>edges</code>. It
          becomes a new workflow at version 1.
        </p>
        <FileField onChange={(e) => void onFile(e)} />
        <DefinitionText
          textRef={textRef}
          text={text}
          fileName={fileName}
          error={parseError}
          onChange={(value) => {
            setText(value);
            setFileName(null);
            setParseError(null);
          }}
        />
        {importing.error ? <ImportErrors error={importing.error} /> : null}
        <DialogActions onCancel={onClose} busy={importing.busy} submit="Import" busyText="Importing…" />
      </form>
    </Dialog>
  );
}

function FileField({ onChange }: { onChange: (event: ChangeEvent<HTMLInputElement>) => void }) {
  return (
    <div className="field">
      <label htmlFor="import-file">File</label>
      <input id="import-file" type="file" accept=".json,application/json" className="wf-file" onChange={onChange} />
    </div>
  );
}

interface DefinitionTextProps {
  textRef: RefObject<HTMLTextAreaElement | null>;
  text: string;
  /** The file the text came from, while it is unedited. */
  fileName: string | null;
  /** Why the text is not a definition document (not JSON, not an object). */
  error: string | null;
  onChange: (text: string) => void;
}

function DefinitionText({ textRef, text, fileName, error, onChange }: DefinitionTextProps) {
  return (
    <div className="field">
      <label htmlFor="import-text">Definition JSON</label>
      <textarea
        ref={textRef}
        id="import-text"
        className="ui-input mono"
        rows={12}
        spellCheck={false}
        value={text}
        placeholder='{ "name": "My workflow", "nodes": [ … ], "edges": [ … ] }'
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'import-text-error' : 'import-text-hint'}
      />
      {error ? (
        <p className="field-error" id="import-text-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="field-hint" id="import-text-hint">
          {fileName ? `Loaded from ${fileName}. ` : ''}Paste the JSON here, or choose a file above.
        </p>
      )}
    </div>
  );
}

/** The server's refusal: each problem with the node or edge it names, or its message. */
function ImportErrors({ error }: { error: Error }) {
  const problems = error instanceof ApiClientError ? definitionProblems(error.details) : [];
  return (
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
  );
}
