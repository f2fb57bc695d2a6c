import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, formatProblem } from '../src/check';
import { CliError } from '../src/exit-codes';
import { collectFiles, loadWorkflowFile, parseWorkflowText, serializeDocument } from '../src/workflow-files';

const ID = '0193a000-0000-7000-8000-00000000000a';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-'));
  await mkdir(join(dir, 'sub'));
  await mkdir(join(dir, '.git'));
  await writeFile(join(dir, 'b.json'), JSON.stringify({ name: 'B', nodes: [{ id: 'start', type: 'trigger' }] }));
  await writeFile(join(dir, 'a.yaml'), `id: ${ID}\nname: A\nnodes:\n  - id: start\n    type: trigger\n`);
  await writeFile(join(dir, 'sub', 'c.yml'), 'name: C\nnodes: [ { id: start, type: trigger } ]\n');
  await writeFile(join(dir, 'README.md'), '# not a workflow');
  await writeFile(join(dir, '.git', 'x.json'), '{}');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('collectFiles', () => {
  it('walks folders in name order for .json/.yaml/.yml, skipping dot folders and other files', async () => {
    expect(await collectFiles([dir])).toEqual([join(dir, 'a.yaml'), join(dir, 'b.json'), join(dir, 'sub', 'c.yml')]);
  });

  it('a path that does not exist is a usage error naming it', async () => {
    const err = await collectFiles([join(dir, 'missing')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err).toMatchObject({ exitCode: 64, message: expect.stringContaining('missing: no such file or folder') });
  });
});

describe('parseWorkflowText', () => {
  it('takes a top-level id out of the definition', () => {
    expect(parseWorkflowText(`{"id":"${ID.toUpperCase()}","name":"A","nodes":[]}`, 'json')).toEqual({
      id: ID,
      document: { name: 'A', nodes: [] },
    });
    expect(parseWorkflowText('name: A\nnodes: []\n', 'yaml')).toEqual({ document: { name: 'A', nodes: [] } });
  });

  it('says what is wrong with a file that is not a definition', () => {
    expect(() => parseWorkflowText('{"name":', 'json')).toThrow(/not valid JSON/);
    expect(() => parseWorkflowText('name: A\nname: B\n', 'yaml')).toThrow(/not valid YAML: .*unique/i);
    expect(() => parseWorkflowText('- 1\n- 2\n', 'yaml')).toThrow(/expected a workflow definition/);
    expect(() => parseWorkflowText('id: 42\nname: A\n', 'yaml')).toThrow(/id: must be the id \(a UUID\)/);
  });
});

describe('loadWorkflowFile + checkFile', () => {
  it('a valid file gives the definition with defaults and its pinned id', async () => {
    const checked = checkFile(await loadWorkflowFile(join(dir, 'a.yaml')));
    expect(checked.errors).toEqual([]);
    expect(checked.id).toBe(ID);
    expect(checked.definition).toMatchObject({
      name: 'A',
      edges: [],
      settings: {},
      variables: {},
      nodes: [{ id: 'start', name: '', position: { x: 0, y: 0 } }],
    });
  });

  it('every problem is reported with the file and the node or edge', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(
      path,
      JSON.stringify({
        name: 'Bad',
        nodes: [
          { id: 'start', type: 'trigger' },
          { id: 'x', type: 'nope' },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'ghost' }],
      }),
    );
    const checked = checkFile(await loadWorkflowFile(path));
    expect(checked.definition).toBeUndefined();
    const lines = checked.errors.map((p) => formatProblem(path, p));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${path}: error \\[node x\\] .*unknown type "nope".*\\(UNKNOWN_NODE_TYPE\\)$`)),
      expect.stringMatching(new RegExp(`^${path}: error \\[edge e1\\] .*missing node "ghost".*\\(MISSING_NODE\\)$`)),
    ]);
  });

  it('an unreadable or unparsable file is one error on that file', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'name: [unclosed\n');
    const checked = checkFile(await loadWorkflowFile(path));
    expect(checked.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_DOCUMENT', message: expect.stringContaining('not valid YAML') }),
    ]);
    expect(checkFile(await loadWorkflowFile(join(dir, 'README.md'))).errors[0]?.message).toMatch(
      /must end in \.json, \.yaml or \.yml/,
    );
  });
});

describe('serializeDocument', () => {
  it('round-trips a definition through JSON and YAML', () => {
    const doc = {
      name: 'R',
      nodes: [{ id: 'start', type: 'trigger', parameters: { s: 'yes', n: '012', multi: 'a\nb' } }],
      variables: { on: true },
    };
    for (const format of ['json', 'yaml'] as const)
      expect(parseWorkflowText(serializeDocument(doc, format), format).document).toEqual(doc);
  });
});
