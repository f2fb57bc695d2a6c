/** One validation finding, tied to the node or edge it concerns (SPEC §1). */
export interface Problem {
  severity: 'error' | 'warning';
  code:
    | 'INVALID_DOCUMENT'
    | 'TRIGGER_COUNT'
    | 'DUPLICATE_ID'
    | 'UNKNOWN_NODE_TYPE'
    | 'UNKNOWN_PARAMETER'
    | 'MISSING_PARAMETER'
    | 'INVALID_PARAMETER'
    | 'INVALID_EXPRESSION'
    | 'MISSING_NODE'
    | 'INVALID_HANDLE'
    | 'INVALID_EDGE'
    | 'CYCLE'
    | 'LOOP_BODY'
    | 'UNREACHABLE';
  message: string;
  nodeId?: string;
  edgeId?: string;
  path?: string;
}

/** Where a problem is: the node, edge or parameter path the editor outlines. */
export type ProblemPlace = Pick<Problem, 'nodeId' | 'edgeId' | 'path'>;

/** An error-severity problem (every check but reachability reports errors). */
export function errorAt(code: Problem['code'], place: ProblemPlace, message: string): Problem {
  return { severity: 'error', code, ...place, message };
}
