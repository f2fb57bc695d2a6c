'use client';

import { useRef, type KeyboardEvent } from 'react';
import { IterationPicker } from './IterationPicker';
import { StepDetails } from './StepDetails';
import { iterationIndexOf, type NodeSteps } from './steps';
import type { Step } from './types';

interface NodePanelProps {
  nodeId: string;
  nodeName: string | undefined;
  nodeType: string | undefined;
  group: NodeSteps | undefined;
  selectedStepId: string | null;
  onSelectStep: (step: Step) => void;
  onClose: () => void;
}

/**
 * One node's runs. Inside a loop: an iteration picker ("Iteration 3 of 1000"), then that
 * iteration's attempts as tabs; at top level, the attempts as tabs. The chosen step below.
 * Tabs follow the WAI-ARIA pattern: arrow keys move between them.
 */
export function NodePanel({
  nodeId,
  nodeName,
  nodeType,
  group,
  selectedStepId,
  onSelectStep,
  onClose,
}: NodePanelProps) {
  return (
    <div className="node-panel" data-testid="node-panel" aria-labelledby="node-panel-title">
      <div className="node-panel-head">
        <button type="button" className="link-button small" onClick={onClose}>
          ← All nodes
        </button>
        <h2 id="node-panel-title">
          {nodeName || nodeId} <span className="muted mono small">{nodeId}</span>
        </h2>
        {nodeType ? <p className="muted small">{nodeType}</p> : null}
      </div>
      {!group || group.steps.length === 0 ? (
        <p className="muted small node-panel-empty">This node did not run in this execution.</p>
      ) : (
        <NodeRuns nodeId={nodeId} group={group} selectedStepId={selectedStepId} onSelectStep={onSelectStep} />
      )}
    </div>
  );
}

/** The picked iteration (in a loop) and attempt of a node that ran, and that step's details. */
function NodeRuns({
  nodeId,
  group,
  selectedStepId,
  onSelectStep,
}: Pick<NodePanelProps, 'nodeId' | 'selectedStepId' | 'onSelectStep'> & { group: NodeSteps }) {
  const iterations = group.iterations;
  const found = iterationIndexOf(iterations, selectedStepId);
  const iterationIndex = found >= 0 ? found : iterations.length - 1;
  const attempts = iterations[iterationIndex]?.attempts ?? [];
  const current = attempts.find((s) => s.id === selectedStepId) ?? attempts[attempts.length - 1];
  const pickIteration = (i: number) => {
    const it = iterations[i];
    if (it) onSelectStep(it.attempts[it.attempts.length - 1]!);
  };
  return (
    <>
      {group.inLoop ? (
        <IterationPicker nodeId={nodeId} iterations={iterations} index={iterationIndex} onPick={pickIteration} />
      ) : null}
      {attempts.length > 1 ? (
        <AttemptTabs
          label={group.inLoop ? `Attempts of ${nodeId} in iteration ${iterationIndex + 1}` : `Runs of ${nodeId}`}
          attempts={attempts}
          currentId={current?.id}
          onSelectStep={onSelectStep}
        />
      ) : group.inLoop ? null : (
        <p className="small step-single">{current ? `Attempt ${current.attempt} — ${current.status}` : null}</p>
      )}
      {current ? (
        <div
          role={attempts.length > 1 ? 'tabpanel' : undefined}
          id="step-tabpanel"
          aria-labelledby={attempts.length > 1 ? `step-tab-${current.id}` : undefined}
        >
          <StepDetails key={current.id} step={current} />
        </div>
      ) : null}
    </>
  );
}

interface AttemptTabsProps {
  label: string;
  attempts: readonly Step[];
  currentId: string | undefined;
  onSelectStep: (step: Step) => void;
}

/** The attempts of one run as tabs (WAI-ARIA: arrow keys move and select, wrapping around). */
function AttemptTabs({ label, attempts, currentId, onSelectStep }: AttemptTabsProps) {
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (index + delta + attempts.length) % attempts.length;
    onSelectStep(attempts[next]!);
    tabs.current[next]?.focus();
  };
  return (
    <div className="step-tabs" role="tablist" aria-label={label}>
      {attempts.map((s, i) => (
        <button
          key={s.id}
          ref={(el) => {
            tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`step-tab-${s.id}`}
          aria-selected={s.id === currentId}
          aria-controls="step-tabpanel"
          tabIndex={s.id === currentId ? 0 : -1}
          className={`step-tab ui-control tl-status-${s.status}`}
          onClick={() => onSelectStep(s)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          Attempt {s.attempt} — {s.status}
        </button>
      ))}
    </div>
  );
}
