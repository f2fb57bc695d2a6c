/**
 * Evaluates one template in a separate process and prints the outcome as JSON. Used by
 * expressions.test.ts to prove a runaway expression stops by itself: JSONata evaluates on
 * microtasks, so if the evaluator's own budget did not work the loop would starve the event
 * loop of the process it runs in, and no in-process timer (not even the test timeout) could
 * fire. Only a watchdog outside the process can turn that hang into a failing test.
 */
import { evaluateTemplate } from '../../src/expressions/evaluate';

const { template, opts } = JSON.parse(process.argv[2] ?? '{}') as {
  template: string;
  opts: { timeoutMs: number; maxDepth: number };
};
const t0 = Date.now();
evaluateTemplate(template, {}, opts).then(
  (value) => console.log(JSON.stringify({ ok: true, value, ms: Date.now() - t0 })),
  (err: { code?: string; message?: string }) =>
    console.log(JSON.stringify({ ok: false, code: err.code, message: err.message, ms: Date.now() - t0 })),
);
