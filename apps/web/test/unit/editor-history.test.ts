import { describe, expect, it } from 'vitest';
import { emptyHistory, recordChange, redoChange, sealHistory, undoChange } from '../../src/features/editor/history';

describe('editor history', () => {
  it('undoes and redoes in order', () => {
    let h = emptyHistory<number>();
    h = recordChange(h, 0); // 0 → 1
    h = recordChange(h, 1); // 1 → 2
    const u1 = undoChange(h, 2)!;
    expect(u1.state).toBe(1);
    const u2 = undoChange(u1.history, u1.state)!;
    expect(u2.state).toBe(0);
    expect(undoChange(u2.history, 0)).toBeNull();
    const r1 = redoChange(u2.history, 0)!;
    expect(r1.state).toBe(1);
    const r2 = redoChange(r1.history, 1)!;
    expect(r2.state).toBe(2);
    expect(redoChange(r2.history, 2)).toBeNull();
  });

  it('a new change clears the redo stack', () => {
    let h = recordChange(emptyHistory<string>(), 'a');
    h = undoChange(h, 'b')!.history;
    expect(h.future).toEqual(['b']);
    h = recordChange(h, 'a');
    expect(h.future).toEqual([]);
  });

  it('coalesces changes with the same key until sealed', () => {
    let h = emptyHistory<string>();
    h = recordChange(h, '', 'n:param:x');
    h = recordChange(h, 'a', 'n:param:x');
    h = recordChange(h, 'ab', 'n:param:x');
    expect(h.past).toEqual(['']);
    h = recordChange(h, 'abc', 'n:param:y');
    expect(h.past).toEqual(['', 'abc']);
    h = sealHistory(h);
    h = recordChange(h, 'abcd', 'n:param:y');
    expect(h.past).toEqual(['', 'abc', 'abcd']);
  });

  it('keeps at most `limit` entries', () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < 10; i++) h = recordChange(h, i, null, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });
});
