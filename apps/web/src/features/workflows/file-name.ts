/** File names for exported definitions. */

const MAX_BASE_LENGTH = 100;

/**
 * A safe, readable file name for a workflow's export: `<name>.weft.json`. Characters that
 * are reserved on common file systems (`/ \ : * ? " < > |`), control characters and
 * whitespace runs become `-`; leading/trailing dots and dashes go (no hidden files, no
 * `..`); an empty result falls back to `workflow`.
 */
export function exportFileName(workflowName: string): string {
  const base = workflowName
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|\s]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/[.-]+$/g, '');
  return `${base || 'workflow'}.weft.json`;
}
