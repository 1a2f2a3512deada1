// A migrated case's history names elements of the version(s) it ran on before (a renamed task, a removed
// event); its current definition no longer has them. For the history in people's words, the earlier versions
// lend their elements' names (newest first, a bounded number of versions read, only when an id is missing).
import type { DefinitionRepository } from '../model/repository.js';
import type { CompiledProcess } from '../model/types.js';

/** versions read back at most, per history page */
const MAX_EARLIER_VERSIONS = 20;

export async function withEarlierElements(
  definitions: Pick<DefinitionRepository, 'compiled'>,
  current: CompiledProcess,
  version: number,
  elementIds: Array<string | undefined>,
): Promise<CompiledProcess> {
  const missing = new Set(elementIds.filter((id): id is string => !!id && !current.nodes[id]));
  if (!missing.size) return current;
  const nodes = { ...current.nodes };
  for (let v = version - 1; v >= 1 && v >= version - MAX_EARLIER_VERSIONS && missing.size; v--) {
    const earlier = await definitions.compiled(current.key, v).catch(() => undefined);
    for (const id of [...missing])
      if (earlier?.nodes[id]) {
        nodes[id] = earlier.nodes[id];
        missing.delete(id);
      }
  }
  return { ...current, nodes };
}
