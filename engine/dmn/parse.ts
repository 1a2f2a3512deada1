// DMN 1.3 XML → CompiledDecisionModel, refusing what cannot be evaluated with every problem at once, each a
// stable code naming the decision, input, rule or entry (like BPMN deploy problems, engine/model/validate.ts).
// What is checked: the document parses as DMN 1.3 without unknown content; decision ids are keys
// (DECISION_KEY); every decision is a decision table or a literal expression; tables have inputs with
// expressions (and input values that parse as unary tests), outputs with distinct names, a supported hit policy (aggregation only with COLLECT and one
// output; PRIORITY / OUTPUT ORDER need output values); every rule has one entry per input and output; every
// input expression, unary test and output entry parses as FEEL; information requirements name decisions of
// the document and form no cycle; the size limits below.
import { DmnModdle } from 'dmn-moddle';
import { evaluate, parseUnaryTests } from 'feelin';
import { MAX_EXPRESSION_LENGTH, MAX_XML_BYTES } from '../model/limits.js';
import { checkFeel } from '../model/validate.js';
import type { DetailCode } from '../error-codes.js';
import {
  AGGREGATIONS,
  DecisionDeploymentError,
  HIT_POLICIES,
  type Aggregation,
  type CompiledDecision,
  type CompiledDecisionModel,
  type DecisionDeployError,
  type DecisionOutput,
  type DecisionTableLogic,
  type HitPolicy,
} from './types.js';

/** A decision id is its key (like a process key): the API's paths and grid:decisionRef name it. */
export const DECISION_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/** Most rules of one table, inputs and outputs of one table, decisions of one document. */
export const MAX_RULES = 500;
export const MAX_COLUMNS = 30;
export const MAX_DECISIONS = 50;

export const DMN_DOCUMENT_ID = 'definitions';

type El = { $type: string; id?: string; [k: string]: any };

export function createDmnModdle(): DmnModdle {
  return new DmnModdle();
}

/** Parses and checks DMN XML; throws DecisionDeploymentError with every problem found. */
export async function parseDecisions(xml: string): Promise<CompiledDecisionModel> {
  const doc = (message: string, code: DetailCode, params: Record<string, unknown> = {}) =>
    new DecisionDeploymentError([{ elementId: DMN_DOCUMENT_ID, message, code, params }]);
  if (typeof xml !== 'string' || !xml.trim()) throw doc('empty document: expected DMN 1.3 XML', 'dmn.empty');
  if (Buffer.byteLength(xml) > MAX_XML_BYTES)
    throw doc(`document larger than ${MAX_XML_BYTES} bytes`, 'dmn.too-large', { limit: MAX_XML_BYTES });
  let root: El;
  let warnings: Array<{ message: string }>;
  try {
    ({ rootElement: root, warnings } = await createDmnModdle().fromXML(xml, 'dmn:Definitions'));
  } catch (err) {
    throw doc(`not DMN 1.3 XML: ${firstLine((err as Error).message)}`, 'dmn.xml', {
      reason: firstLine((err as Error).message),
    });
  }
  if (!root || root.$type !== 'dmn:Definitions')
    throw doc(
      'not DMN 1.3 XML (expected <definitions> of https://www.omg.org/spec/DMN/20191111/MODEL/)',
      'dmn.xml',
    );
  const problems: DecisionDeployError[] = warnings.map((w) => ({
    elementId: DMN_DOCUMENT_ID,
    message: firstLine(w.message),
    code: 'dmn.xml',
    params: { reason: firstLine(w.message) },
  }));
  const report = (
    elementId: string,
    code: DetailCode,
    message: string,
    params: Record<string, unknown> = {},
  ) => problems.push({ elementId, code, message, params: { elementId, ...params } });

  const elements: El[] = (root.drgElement ?? []).filter((e: El) => e.$type === 'dmn:Decision');
  if (!elements.length) report(DMN_DOCUMENT_ID, 'dmn.no-decision', 'the document has no decision');
  if (elements.length > MAX_DECISIONS)
    report(DMN_DOCUMENT_ID, 'dmn.too-large', `more than ${MAX_DECISIONS} decisions`, {
      limit: MAX_DECISIONS,
    });
  const decisions: Record<string, CompiledDecision> = {};
  for (const el of elements.slice(0, MAX_DECISIONS)) {
    const id = String(el.id ?? '');
    if (!DECISION_KEY.test(id)) {
      report(
        id || DMN_DOCUMENT_ID,
        'dmn.decision-id',
        `decision id "${id}" is not a key (${DECISION_KEY.source})`,
        {
          decisionId: id,
        },
      );
      continue;
    }
    const requires = (el.informationRequirement ?? [])
      .map((r: El) => r.requiredDecision?.href)
      .filter((h: unknown): h is string => typeof h === 'string')
      .map((h: string) => h.replace(/^#/, ''));
    const logic = el.decisionLogic as El | undefined;
    if (logic?.$type === 'dmn:DecisionTable') {
      const table = compileTable(id, logic, report);
      if (table) decisions[id] = { id, name: el.name || undefined, logic: table, requires };
    } else if (logic?.$type === 'dmn:LiteralExpression') {
      const expression = String(logic.text ?? '').trim();
      const why = checkFeel(expression)?.message;
      if (why) report(logic.id ?? id, 'dmn.expression', why, { decisionId: id, expression });
      else
        decisions[id] = {
          id,
          name: el.name || undefined,
          logic: { kind: 'literal', id: logic.id ?? id, expression, variable: el.variable?.name || id },
          requires,
        };
    } else {
      report(id, 'dmn.decision-logic', 'a decision must be a decision table or a literal expression', {
        decisionId: id,
        logic: logic?.$type ?? null,
      });
    }
  }
  checkRequirements(decisions, report);
  if (problems.length) throw new DecisionDeploymentError(problems);
  return { id: String(root.id ?? ''), name: root.name || undefined, decisions };
}

type Report = (
  elementId: string,
  code: DetailCode,
  message: string,
  params?: Record<string, unknown>,
) => void;

function compileTable(decisionId: string, t: El, report: Report): DecisionTableLogic | undefined {
  let ok = true;
  const fail: Report = (...args) => {
    ok = false;
    report(...args);
  };
  const tableId = String(t.id ?? decisionId);
  const hitPolicy = String(t.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy))
    fail(tableId, 'dmn.hit-policy', `hit policy ${hitPolicy} is not supported (${HIT_POLICIES.join(', ')})`, {
      decisionId,
      hitPolicy,
    });
  const aggregation = t.aggregation ? (String(t.aggregation) as Aggregation) : undefined;
  if (aggregation && (!AGGREGATIONS.includes(aggregation) || hitPolicy !== 'COLLECT'))
    fail(
      tableId,
      'dmn.aggregation',
      `aggregation ${aggregation} needs hit policy COLLECT (SUM, MIN, MAX, COUNT)`,
      {
        decisionId,
        aggregation,
      },
    );
  const rawInputs: El[] = t.input ?? [];
  const rawOutputs: El[] = t.output ?? [];
  const rawRules: El[] = t.rule ?? [];
  if (rawInputs.length > MAX_COLUMNS || rawOutputs.length > MAX_COLUMNS || rawRules.length > MAX_RULES) {
    fail(tableId, 'dmn.too-large', `at most ${MAX_RULES} rules and ${MAX_COLUMNS} inputs and outputs`, {
      decisionId,
      rules: MAX_RULES,
      columns: MAX_COLUMNS,
    });
    return undefined;
  }
  const inputs = rawInputs.map((i, n) => {
    const id = String(i.id ?? `${tableId}.input${n + 1}`);
    const expression = String(i.inputExpression?.text ?? '').trim();
    const why = checkFeel(expression)?.message;
    if (why)
      fail(id, expression ? 'dmn.input-expression' : 'dmn.input-expression-missing', why, {
        decisionId,
        expression,
      });
    // the allowed values (the editor's predefined values) are unary tests too
    const allowed = String(i.inputValues?.text ?? '').trim();
    const badValues = allowed ? unaryTestsSyntaxError(allowed) : undefined;
    if (badValues)
      fail(id, 'dmn.input-values', `input values: ${badValues}`, {
        decisionId,
        text: allowed,
        reason: badValues,
      });
    return { id, label: i.label || undefined, expression, typeRef: i.inputExpression?.typeRef || undefined };
  });
  if (!rawOutputs.length) fail(tableId, 'dmn.no-output', 'a decision table needs an output', { decisionId });
  const names = new Set<string>();
  const outputs: DecisionOutput[] = rawOutputs.map((o, n) => {
    const id = String(o.id ?? `${tableId}.output${n + 1}`);
    let name = String(o.name ?? '').trim();
    if (!name && rawOutputs.length === 1) name = 'result';
    if (!name)
      fail(id, 'dmn.output-name', 'every output of a table with several outputs needs a name', {
        decisionId,
      });
    else if (names.has(name))
      fail(id, 'dmn.output-name', `two outputs are named "${name}"`, { decisionId, name });
    names.add(name);
    const out: DecisionOutput = { id, name, label: o.label || undefined, typeRef: o.typeRef || undefined };
    const values = String(o.outputValues?.text ?? '').trim();
    if (values) {
      const list = literalList(values);
      if (list) out.priority = list;
      else
        fail(id, 'dmn.output-values', `output values "${values}" are not a list of literals`, {
          decisionId,
          text: values,
        });
    }
    return out;
  });
  if (aggregation && outputs.length > 1)
    fail(tableId, 'dmn.aggregation', 'an aggregation needs a table with one output', {
      decisionId,
      aggregation,
    });
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.priority))
    fail(
      tableId,
      'dmn.priority-values',
      `hit policy ${hitPolicy} needs output values (their order is the priority)`,
      {
        decisionId,
        hitPolicy,
      },
    );
  const rules = rawRules.map((r, n) => {
    const id = String(r.id ?? `${tableId}.rule${n + 1}`);
    const inputEntries = (r.inputEntry ?? []).map((e: El, k: number) => ({
      id: String(e.id ?? `${id}.in${k + 1}`),
      text: String(e.text ?? '').trim() || '-',
    }));
    const outputEntries = (r.outputEntry ?? []).map((e: El, k: number) => ({
      id: String(e.id ?? `${id}.out${k + 1}`),
      text: String(e.text ?? '').trim(),
    }));
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length)
      fail(
        id,
        'dmn.rule-shape',
        `rule ${n + 1} has ${inputEntries.length} input and ${outputEntries.length} output entries; the table has ${inputs.length} inputs and ${outputs.length} outputs`,
        { decisionId, ruleId: id, rule: n + 1 },
      );
    inputEntries.forEach((e: { id: string; text: string }, k: number) => {
      const why = unaryTestsSyntaxError(e.text);
      if (why)
        fail(id, 'dmn.input-entry', `rule ${n + 1}, input ${k + 1}: ${why}`, {
          decisionId,
          ruleId: id,
          entryId: e.id,
          rule: n + 1,
          input: inputs[k]?.id ?? k + 1,
          text: e.text,
          reason: why,
        });
    });
    outputEntries.forEach((e: { id: string; text: string }, k: number) => {
      const why = e.text ? checkFeel(e.text)?.message : undefined;
      if (why)
        fail(id, 'dmn.output-entry', `rule ${n + 1}, output ${k + 1}: ${why}`, {
          decisionId,
          ruleId: id,
          entryId: e.id,
          rule: n + 1,
          output: outputs[k]?.name ?? k + 1,
          text: e.text,
          reason: why,
        });
    });
    return { id, description: r.description || undefined, inputEntries, outputEntries };
  });
  if (!ok) return undefined;
  return { kind: 'table', id: tableId, hitPolicy, aggregation, inputs, outputs, rules };
}

/** Why `text` is not valid DMN unary tests, or undefined. */
export function unaryTestsSyntaxError(text: string): string | undefined {
  if (text.length > MAX_EXPRESSION_LENGTH) return `longer than ${MAX_EXPRESSION_LENGTH} characters`;
  if (/[$#]\{/.test(text)) return `JUEL "${text}" is not supported: use FEEL unary tests`;
  try {
    let errorAt = -1;
    parseUnaryTests(text, {}, undefined).iterate({
      enter: (node) => {
        if (errorAt < 0 && node.type.isError) errorAt = node.from;
      },
    });
    return errorAt < 0
      ? undefined
      : `FEEL unary tests "${text}": unexpected input at position ${errorAt + 1}`;
  } catch (err) {
    return `FEEL unary tests "${text}": ${(err as Error).message}`;
  }
}

/** `"a","b",3` → ['a','b',3]; undefined when it is not a list of literals. */
function literalList(text: string): unknown[] | undefined {
  if (checkFeel(`[${text}]`)) return undefined;
  try {
    const { value } = evaluate(`[${text}]`, {}) as { value: unknown };
    return Array.isArray(value) &&
      value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

function checkRequirements(decisions: Record<string, CompiledDecision>, report: Report) {
  for (const d of Object.values(decisions))
    for (const r of d.requires)
      if (!decisions[r])
        report(
          d.id,
          'dmn.unknown-requirement',
          `decision ${d.id} requires ${r}, which is not a decision of this document`,
          {
            decisionId: d.id,
            required: r,
          },
        );
  // a cycle of requirements: depth-first, reporting the first decision found on one
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'open') return true;
    state.set(id, 'open');
    const cyclic = (decisions[id]?.requires ?? []).some((r) => decisions[r] && visit(r));
    state.set(id, 'done');
    return cyclic;
  };
  for (const id of Object.keys(decisions))
    if (!state.has(id) && visit(id))
      report(id, 'dmn.requirement-cycle', `the requirements of decision ${id} form a cycle`, {
        decisionId: id,
      });
}

const firstLine = (text: string) => text.split('\n')[0].trim();
