import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Terminal questions for `login` and `apply --prune`; only used when stdin is a terminal. */

export async function ask(question: string, opts: { secret?: boolean } = {}): Promise<string> {
  let muted = false;
  // A secret's keystrokes are not echoed: the output drops everything after the question.
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = rl.question(question);
    muted = opts.secret === true;
    const value = await answer;
    if (opts.secret) process.stderr.write('\n');
    return value.trim();
  } finally {
    rl.close();
  }
}

export async function confirm(question: string): Promise<boolean> {
  return /^y(es)?$/i.test(await ask(`${question} [y/N] `));
}
