import type { WeftClient } from './client';
import { CliError, EXIT } from './exit-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A workflow named on the command line by id, or by its exact name (which must be unique). */
export async function resolveWorkflowId(client: WeftClient, idOrName: string): Promise<string> {
  if (UUID.test(idOrName)) return idOrName.toLowerCase();
  const found = (await client.listWorkflows(idOrName)).filter((w) => w.name === idOrName);
  if (found.length === 1) return found[0]!.id;
  if (found.length === 0) throw new CliError(`no workflow named "${idOrName}" (that this key may view)`, EXIT.api);
  throw new CliError(
    `${found.length} workflows are named "${idOrName}": give an id instead (${found.map((w) => w.id).join(', ')})`,
    EXIT.usage,
  );
}
