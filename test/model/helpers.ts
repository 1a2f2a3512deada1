// Shared helpers of the model tests.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { compileDefinition, type CompileOptions } from '../../engine/model/compile.js';
import { DeploymentError, type DeployError } from '../../engine/model/types.js';
import { DETAIL_CODES } from '../../engine/error-codes.js';
import { codesEn, codesZh } from '../../ui/src/i18n/codes.js';
import { bpmnXml, flow, type BpmnXmlOptions } from '../fixtures/bpmn.js';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.bpmn`, import.meta.url), 'utf8');
}

/** The DeploymentError details compileDefinition rejects `xml` with (fails when it compiles). */
export async function errorsOf(xml: string, opts?: CompileOptions): Promise<DeployError[]> {
  try {
    await compileDefinition(xml, opts);
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentError);
    const details = (err as DeploymentError).details;
    expect(details).to.be.an('array').that.is.not.empty;
    for (const d of details) {
      expect(d.elementId, JSON.stringify(d)).to.be.a('string').and.not.empty;
      expect(d.message, JSON.stringify(d)).to.be.a('string').and.not.empty;
    }
    // every refusal of every model test is a machine-readable problem the UI can word
    expectCoded(details);
    return details;
  }
  throw new Error('expected a DeploymentError, but the process compiled');
}

/** Asserts that `details` holds an error for `elementId` whose message matches `message`. */
export function expectDetail(details: DeployError[], elementId: string, message: RegExp): void {
  const hit = details.find((d) => d.elementId === elementId && message.test(d.message));
  expect(hit, `no {elementId: ${elementId}, message: ${message}} in ${JSON.stringify(details, null, 1)}`).to
    .exist;
}

/** Compiles and expects exactly these problems to be among the reported ones. */
export async function expectRejected(
  xml: string,
  elementId: string,
  message: RegExp,
  opts?: CompileOptions,
): Promise<DeployError[]> {
  const details = await errorsOf(xml, opts);
  expectDetail(details, elementId, message);
  return details;
}

/** start `s` → `node` (its id must be `x`) → end `e`; `extra` is appended to the process body. */
export function around(node: string, extra = '', opts?: BpmnXmlOptions): string {
  return bpmnXml(
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'x')}${node}${flow('f1', 'x', 'e')}<bpmn:endEvent id="e"/>${extra}`,
    opts,
  );
}

/** A user task `id` with attributes and inner XML. */
export const userTask = (id: string, attrs = '', inner = '') =>
  `<bpmn:userTask id="${id}" ${attrs}>${inner}</bpmn:userTask>`;

/** grid:escalation extension with the given steps ([level, sla, calendar?]). */
export const ladder = (steps: Array<[string, string, string?]>, supervisionCycle?: string) =>
  '<bpmn:extensionElements><grid:escalation' +
  (supervisionCycle !== undefined ? ` supervisionCycle="${supervisionCycle}"` : '') +
  '>' +
  steps
    .map(
      ([level, sla, calendar]) =>
        `<grid:step level="${level}" sla="${sla}"${calendar ? ` calendar="${calendar}"` : ''}/>`,
    )
    .join('') +
  '</grid:escalation></bpmn:extensionElements>';

/** A timer event definition of the given kind. */
export const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', expr: string, calendar?: string) =>
  `<bpmn:timerEventDefinition${calendar ? ` grid:calendar="${calendar}"` : ''}><bpmn:${kind}>${expr}</bpmn:${kind}></bpmn:timerEventDefinition>`;

/**
 * The words of the UI (ui/src/i18n/render.ts) that come from params other than their own name: `{xName}`
 * from `x`, and the texts that are empty without their param (a position, the root element found).
 */
const DERIVED: Record<string, string | null> = {
  bpmnTypeName: 'bpmnType',
  loopTypeName: 'loopType',
  eventTypeName: 'eventType',
  nodeKindName: 'nodeKind',
  causeText: 'cause',
  statusName: 'status',
  typeName: 'type',
  kindName: 'kind',
  problemText: 'problem',
  namespaceText: null,
  atText: null,
  foundText: null,
  field: null,
};

/**
 * Each problem has a code of its own (never the `deploy.problem` fallback), listed in DETAIL_CODES, and
 * params holding every value the code's zh and en texts name — recursively for a nested `cause`.
 */
export function expectCoded(
  problems: ReadonlyArray<{ code?: string; params?: Record<string, unknown> }>,
): void {
  for (const p of problems) {
    const what = JSON.stringify(p);
    expect(p.code, what).to.be.a('string');
    expect(p.code, what).to.not.equal('deploy.problem');
    expect(DETAIL_CODES, what).to.have.property(p.code!);
    const params = p.params ?? {};
    for (const text of [codesZh, codesEn].map((t) => (t as Record<string, string>)[p.code!])) {
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
        const source = name in DERIVED ? DERIVED[name] : name;
        if (source !== null) expect(params, `{${name}} of ${what}`).to.have.property(source);
      }
    }
    const cause = params.cause as { code?: string; params?: Record<string, unknown> } | undefined;
    if (cause !== undefined) expectCoded([cause]);
  }
}
