import type { Step } from '@weft/contracts';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v, null, 2));

/** The node's latest step in the live run (the rich viewer lives on the execution page). */
export function StepDetails({ step }: { step: Step | undefined }) {
  if (!step) return <p className="muted small">This node has not run in this execution.</p>;
  return (
    <div className="step-details" data-testid="step-details">
      <p className="small">
        <strong>{step.status}</strong>
        {step.attempt > 1 ? ` · attempt ${step.attempt}` : ''}
        {step.durationMs !== null ? ` · ${step.durationMs} ms` : ''}
      </p>
      {step.error ? (
        <>
          <h3 className="inspector-subheading">Error</h3>
          <pre className="json-block json-error">
            {step.error.code ? `${step.error.code}: ` : ''}
            {step.error.message}
          </pre>
        </>
      ) : null}
      <h3 className="inspector-subheading">Input</h3>
      <pre className="json-block">{show(step.input)}</pre>
      <h3 className="inspector-subheading">Output</h3>
      <pre className="json-block">{show(step.output)}</pre>
    </div>
  );
}
