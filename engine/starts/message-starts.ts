// Message start events: which start event a message name triggers, and the deploy rule that a message name
// starts at most one process (as Camunda refuses a second process definition subscribing to the same start
// message). The start itself is engine.correlateMessage's, after the waiting subscriptions (README).
import { DefinitionRetired, type DefinitionRepository } from '../model/repository.js';
import type { CompiledProcess, DeployError, FlowNode } from '../model/types.js';

export interface MessageStartTarget {
  key: string;
  version: number;
  node: FlowNode;
}

/** The message start events of a compiled process by message name. */
export function messageStartsOf(c: CompiledProcess): FlowNode[] {
  return Object.values(c.nodes).filter((n) => n.kind === 'messageStart' && n.parent === undefined);
}

export class MessageStarts {
  constructor(private readonly definitions: DefinitionRepository) {}

  /**
   * The start events a message of `name` triggers: of each process, its startable version's message start
   * of that name (a retired process starts nothing). At most one process, by the deploy rule.
   */
  async targets(name: string, exceptKey?: string): Promise<MessageStartTarget[]> {
    const out: MessageStartTarget[] = [];
    for (const key of await this.definitions.keys()) {
      if (key === exceptKey) continue;
      let doc;
      try {
        doc = await this.definitions.startable(key);
      } catch (err) {
        if (err instanceof DefinitionRetired) continue;
        throw err;
      }
      if (!doc) continue;
      const compiled = await this.definitions.compiled(key, doc.version);
      const node = messageStartsOf(compiled).find((n) => n.message?.name === name);
      if (node) out.push({ key, version: doc.version, node });
    }
    return out;
  }

  /** Deploy rule: the message names that start `c` start no other (startable) process. */
  async conflicts(c: CompiledProcess): Promise<DeployError[]> {
    const errors: DeployError[] = [];
    for (const node of messageStartsOf(c)) {
      const name = node.message!.name;
      const [other] = await this.targets(name, c.key);
      if (other)
        errors.push({
          elementId: node.id,
          message: `message "${name}" starts process "${other.key}" already`,
          code: 'message-start.taken',
          params: { elementId: node.id, message: name, other: other.key },
        });
    }
    return errors;
  }
}
