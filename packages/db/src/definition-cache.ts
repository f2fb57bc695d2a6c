import { WorkflowDefinition } from '@weft/engine';

/**
 * Parsed workflow definitions by version id, the one cache of them (execution store, schedule
 * fires, runs started by the web app). Versions are immutable, so an entry never goes stale.
 * Entries are promises, so concurrent misses on one version read and parse it once; a failed
 * read is forgotten. Least recently used is evicted first.
 */
export class DefinitionCache {
  private readonly entries = new Map<string, Promise<WorkflowDefinition>>();

  constructor(private readonly maxEntries = 1_000) {}

  /** Version `versionId`'s definition; on a miss `read` gives the stored JSON (or the row's, already read). */
  get(versionId: string, read: () => unknown): Promise<WorkflowDefinition> {
    const cached = this.entries.get(versionId);
    if (cached) {
      this.entries.delete(versionId);
      this.entries.set(versionId, cached);
      return cached;
    }
    // Stored definitions were validated on save; parsing applies defaults (edge handles…).
    const loading = Promise.resolve()
      .then(read)
      .then((raw) => WorkflowDefinition.parse(raw));
    loading.catch(() => {
      if (this.entries.get(versionId) === loading) this.entries.delete(versionId);
    });
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(versionId, loading);
    return loading;
  }
}
