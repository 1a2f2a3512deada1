// Message start events: which start event a message name triggers, the case it opens (its unit from the
// message or the definition), and the deploy rule that a message name starts at most one process (as Camunda
// refuses a second process definition subscribing to the same start message). engine.correlateMessage asks
// here only when no case waits for the message (Camunda's order, README).
import { createHash } from 'node:crypto';
import { DefinitionRetired, type DefinitionRepository } from '../model/repository.js';
import type { CompiledProcess, DeployError, FlowNode } from '../model/types.js';
import { CommandError } from '../runtime/transition.js';
import { isDuplicateKeyError } from '../store/types.js';

export interface MessageStartTarget {
  key: string;
  version: number;
  node: FlowNode;
}

/** The message start events of a compiled process by message name. */
export function messageStartsOf(c: CompiledProcess): FlowNode[] {
  return Object.values(c.nodes).filter((n) => n.kind === 'messageStart' && n.parent === undefined);
}

export interface MessageStartDeps {
  definitions: DefinitionRepository;
  /** the chain of unit codes of a unit, the unit first (empty: no such unit) */
  chain(unit: string): Promise<string[]>;
  /** the grid a point lies in (engine/grid/locator.ts) */
  locate(lat: number, lng: number): Promise<string | undefined>;
  /** opens a case (engine.start); rejects with DuplicateKeyError when `instanceId` exists */
  start(
    key: string,
    args: {
      version: number;
      gridUnit: string;
      startNode: string;
      variables: Record<string, unknown>;
      businessKey?: string;
      instanceId?: string;
    },
    actor: string,
  ): Promise<{ _id: string }>;
}

/** A message that starts cases, as POST /api/messages sent it. */
export interface StartMessage {
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  messageId?: string;
  actor: string;
  /** the unit the sender names */
  gridUnit?: string;
  /** whether the sender may open a case at a unit (its chain of codes); default: yes */
  mayStartAt?: (unitChain: string[]) => boolean;
}

export class MessageStarts {
  private readonly definitions: DefinitionRepository;

  constructor(private readonly d: MessageStartDeps) {
    this.definitions = d.definitions;
  }

  /**
   * Opens a case at each message start event the message triggers: at the unit the message names (gridUnit,
   * else its variable gridUnit, else the grid its variable location {lat, lng} lies in), else the start
   * event's grid:startUnit; the correlation key is the business key. With a messageId the case id derives
   * from it, so a repeated message opens no second case (`duplicate`).
   */
  async start(
    targets: MessageStartTarget[],
    m: StartMessage,
  ): Promise<{ started: string[]; duplicate: boolean }> {
    const started: string[] = [];
    let duplicate = false;
    const fromMessage =
      m.gridUnit ??
      (typeof m.variables.gridUnit === 'string' ? m.variables.gridUnit : undefined) ??
      (await this.located(m.variables.location));
    for (const t of targets) {
      const unit = fromMessage ?? t.node.startUnit;
      if (!unit)
        throw new CommandError(
          'invalid',
          `message ${m.name} starts ${t.key} but names no grid unit`,
          [{ path: '/gridUnit', message: 'required: the start event has no grid:startUnit' }],
          'message.start-unit',
          { name: m.name, key: t.key },
        );
      const chain = await this.d.chain(unit);
      if (chain.length && m.mayStartAt && !m.mayStartAt(chain))
        // as POST /instances: a unit out of reach looks like one that does not exist
        throw new CommandError(
          'not-found',
          `may not open a case at ${unit}`,
          [{ path: '/gridUnit', message: 'outside your units' }],
          'unit.not-found',
          { unit },
        );
      const instanceId =
        m.messageId === undefined
          ? undefined
          : `m${createHash('sha256').update(`${t.key}\u0000${m.messageId}`).digest('hex').slice(0, 20)}`;
      try {
        const s = await this.d.start(
          t.key,
          {
            version: t.version,
            gridUnit: unit,
            startNode: t.node.id,
            variables: m.variables,
            ...(m.correlationKey ? { businessKey: m.correlationKey } : {}),
            ...(instanceId ? { instanceId } : {}),
          },
          m.actor,
        );
        started.push(s._id);
      } catch (err) {
        if (!isDuplicateKeyError(err) || !instanceId) throw err;
        duplicate = true;
        started.push(instanceId);
      }
    }
    return { started, duplicate };
  }

  /** The grid a message's `location` ({lat, lng}) lies in, if it is one and lies in one. */
  private async located(location: unknown): Promise<string | undefined> {
    const l = location as { lat?: unknown; lng?: unknown } | null;
    if (!l || typeof l !== 'object' || typeof l.lat !== 'number' || typeof l.lng !== 'number')
      return undefined;
    if (!Number.isFinite(l.lat) || !Number.isFinite(l.lng)) return undefined;
    return this.d.locate(l.lat, l.lng);
  }

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
