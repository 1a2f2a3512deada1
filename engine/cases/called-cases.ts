// The I/O side of call activities (engine/elements/call-activity.ts): the jobs that create a called case,
// hand its end back to the parent, and cancel it with its parent. Each is keyed by the child's id and safe to
// run twice: a child that exists already is not created again (its id is fixed by the parent's transition),
// a parent token that no longer waits for the child ignores its end, a child that ended ignores a cancel.
import type { DefinitionDoc, DefinitionRepository } from '../model/repository.js';
import { DefinitionRetired } from '../model/repository.js';
import type { CallSpec, CompiledProcess } from '../model/types.js';
import { calledUnit, mapVariables } from '../elements/call-activity.js';
import { InstanceNotFound, type InstanceRunner } from '../queue/runner.js';
import { callFailed, calledEnded, cancelByParent } from '../runtime/semantics.js';
import type { InstanceState, ParentLink, UnitRef } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { InstanceRepository } from './instance-repository.js';

/** A called case to open: which process version, where, with what, below whom. */
export interface CalledStart {
  id: string;
  key: string;
  version: number;
  gridUnit: string;
  unitChain: UnitRef[];
  businessKey?: string;
  variables: Record<string, unknown>;
  parent: ParentLink;
  callDepth: number;
}

export interface CalledCaseDeps {
  store: Store;
  runner: InstanceRunner;
  definitions: DefinitionRepository;
  /** opens the case (engine.ts: case number, title, the unit's time limits); a duplicate id is no error */
  open(start: CalledStart): Promise<void>;
  /** a unit and its ancestors, innermost first (empty for an unknown code) */
  unitChain(code: string): Promise<UnitRef[]>;
}

/** Why no version could be called: the incident's code and words. */
interface Refusal {
  code: string;
  message: string;
}

export class CalledCases {
  constructor(private readonly d: CalledCaseDeps) {}

  private get instances() {
    return new InstanceRepository(this.d.store);
  }

  /** The 'call' job: creates the child `childId` of the parent's token, or raises the incident saying why not. */
  async call(parentId: string, tokenId: string, childId: string): Promise<{ changed: boolean }> {
    const parent = await this.instances.get(parentId);
    const token = parent?.tokens[tokenId];
    if (!parent || parent.status !== 'active' || token?.on !== 'call' || token.child !== childId)
      return { changed: false }; // stale: the token moved on
    if (await this.instances.get(childId)) return { changed: false }; // a redelivery
    const def = await this.d.definitions.compiled(parent.definitionKey, parent.definitionVersion);
    const node = def.nodes[token.nodeId];
    const spec = node.call!;
    const fail = async (r: Refusal) => {
      await this.d.runner.apply(parentId, 'system', (ctx, s) =>
        callFailed(ctx, s, tokenId, childId, r.code, r.message),
      );
      return { changed: true };
    };
    const picked = await this.version(spec, parent, node.id);
    if ('code' in picked) return fail(picked);
    let variables: Record<string, unknown>;
    try {
      variables = mapVariables(spec.in, parent.variables);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'feel.failed';
      return fail({ code, message: `call activity ${node.id}: input mapping: ${(err as Error).message}` });
    }
    // the parent's unit (and its time limits), unless grid:calledUnit names another
    let unit: { gridUnit: string; unitChain: UnitRef[] } = {
      gridUnit: parent.gridUnit,
      unitChain: parent.unitChain,
    };
    try {
      const code = calledUnit(spec, parent.variables);
      if (code !== undefined) unit = { gridUnit: code, unitChain: await this.d.unitChain(code) };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'call.unknown-unit';
      return fail({ code, message: `call activity ${node.id}: ${(err as Error).message}` });
    }
    if (!unit.unitChain.length)
      return fail({
        code: 'call.unknown-unit',
        message: `call activity ${node.id}: grid:calledUnit names no unit of the grid (${unit.gridUnit})`,
      });
    await this.d.open({
      id: childId,
      key: picked.key,
      version: picked.version,
      ...unit,
      businessKey: parent.businessKey,
      variables,
      parent: {
        instanceId: parentId,
        tokenId,
        nodeId: node.id,
        definitionKey: parent.definitionKey,
        ...(parent.caseNo ? { caseNo: parent.caseNo } : {}),
        catches: caughtErrors(def, node.id),
      },
      callDepth: (parent.callDepth ?? 0) + 1,
    });
    // the parent may have been cancelled between the read above and the insert: its cancel-called job found
    // no child then, so the orphan is cancelled here
    const now = await this.instances.get(parentId);
    if (now?.tokens[tokenId]?.child !== childId) await this.cancel(childId, parentId);
    return { changed: true };
  }

  /** The 'called' job: hands the child's end (status, variables, error) to the parent, once. */
  async ended(parentId: string, tokenId: string, childId: string): Promise<{ changed: boolean }> {
    const child = await this.instances.get(childId);
    if (!child || child.status === 'active') return { changed: false };
    const out = await this.d.runner.apply(parentId, 'system', (ctx, s) =>
      calledEnded(ctx, s, {
        tokenId,
        childId,
        status: child.status,
        variables: child.variables,
        ...(child.endError ? { error: child.endError } : {}),
      }),
    );
    return { changed: out.changed };
  }

  /** The 'cancel-called' job: cancels the child (its own called cases follow from its transition). */
  async cancel(childId: string, parentId: string): Promise<{ changed: boolean }> {
    try {
      const out = await this.d.runner.apply(childId, 'system', (ctx, s) => cancelByParent(ctx, s, parentId));
      return { changed: out.changed };
    } catch (err) {
      if (err instanceof InstanceNotFound) return { changed: false }; // never created
      throw err;
    }
  }

  /** The version a call activity calls, by its binding; a refusal naming the element when there is none. */
  private async version(
    spec: CallSpec,
    parent: InstanceState,
    elementId: string,
  ): Promise<Pick<DefinitionDoc, 'key' | 'version'> | Refusal> {
    let doc: DefinitionDoc | null;
    try {
      doc =
        spec.binding === 'deployment'
          ? await this.d.definitions.deployedWith(spec.key, parent.definitionKey, parent.definitionVersion)
          : await this.d.definitions.startable(
              spec.key,
              spec.binding === 'version' ? spec.version : undefined,
            );
    } catch (err) {
      if (!(err instanceof DefinitionRetired)) throw err;
      return {
        code: 'call.retired',
        message: `call activity ${elementId}: ${err.message}`,
      };
    }
    if (doc) return doc;
    if (spec.binding === 'deployment')
      return {
        code: 'call.not-in-deployment',
        message: `call activity ${elementId}: process ${spec.key} was not deployed with ${parent.definitionKey} version ${parent.definitionVersion}`,
      };
    if (spec.binding === 'version')
      return {
        code: 'call.unknown-version',
        message: `call activity ${elementId}: process ${spec.key} has no version ${spec.version}`,
      };
    return {
      code: 'call.unknown-process',
      message: `call activity ${elementId}: no process ${spec.key} is deployed`,
    };
  }
}

/**
 * Error codes caught by an error boundary event on the call activity or on a sub-process around it ('*':
 * one catches every error): the child ends with such an error instead of keeping it as an incident.
 */
export function caughtErrors(def: CompiledProcess, nodeId: string): string[] {
  const codes = new Set<string>();
  const seen = new Set<string>();
  for (let id: string | undefined = nodeId; id && !seen.has(id); id = def.nodes[id]?.parent) {
    seen.add(id);
    for (const b of def.nodes[id]?.boundaries ?? []) {
      const boundary = def.nodes[b];
      if (boundary?.kind === 'boundaryError') codes.add(boundary.errorCode ?? '*');
    }
  }
  return [...codes];
}
