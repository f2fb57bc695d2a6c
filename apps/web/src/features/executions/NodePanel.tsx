'use client';

import { useRef, type KeyboardEvent } from 'react';
import { StepDetails } from './StepDetails';
import { stepLabel, type NodeSteps } from './steps';
import type { Step } from './types';

/**
 * Every attempt/iteration of one node as tabs ("Attempt 1 — failed"), the chosen one
 * below. Tabs follow the WAI-ARIA pattern: arrow keys move between them.
 */
export function NodePanel({
  nodeId,
  nodeName,
  nodeType,
  group,
  selectedStepId,
  onSelectStep,
  onClose,
}: {
  nodeId: string;
  nodeName: string | undefined;
  nodeType: string | undefined;
  group: NodeSteps | undefined;
  selectedStepId: string | null;
  onSelectStep: (step: Step) => void;
  onClose: () => void;
}) {
  const steps = group?.steps ?? [];
  const current = steps.find((s) => s.id === selectedStepId) ?? steps[steps.length - 1];
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (index + delta + steps.length) % steps.length;
    onSelectStep(steps[next]!);
    tabs.current[next]?.focus();
  };

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
      {steps.length === 0 ? (
        <p className="muted small node-panel-empty">This node did not run in this execution.</p>
      ) : (
        <>
          {steps.length > 1 ? (
            <div className="step-tabs" role="tablist" aria-label={`Runs of ${nodeId}`}>
              {steps.map((s, i) => (
                <button
                  key={s.id}
                  ref={(el) => {
                    tabs.current[i] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`step-tab-${s.id}`}
                  aria-selected={s.id === current?.id}
                  aria-controls="step-tabpanel"
                  tabIndex={s.id === current?.id ? 0 : -1}
                  className={`step-tab tl-status-${s.status}`}
                  onClick={() => onSelectStep(s)}
                  onKeyDown={(e) => onKeyDown(e, i)}
                >
                  {stepLabel(s)} — {s.status}
                </button>
              ))}
            </div>
          ) : (
            <p className="small step-single">{current ? `${stepLabel(current)} — ${current.status}` : null}</p>
          )}
          {current ? (
            <div role={steps.length > 1 ? 'tabpanel' : undefined} id="step-tabpanel" aria-labelledby={steps.length > 1 ? `step-tab-${current.id}` : undefined}>
              <StepDetails key={current.id} step={current} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
