// BPMN XML → bpmn-moddle tree (with the grid: extension). Problems are reported as DeploymentError
// details naming the element they concern, so the modeler can mark them.
import { MAX_XML_BYTES, MAX_XML_DEPTH } from './limits.js';
import { BpmnModdle } from 'bpmn-moddle';
import gridDescriptor from './grid-moddle.json' with { type: 'json' };
import type { DetailCode } from '../error-codes.js';
import { DeploymentError, problemOf, type DeployError, type DeployWarning, type Problem } from './types.js';

export const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const GRID_NS = gridDescriptor.uri;
export { gridDescriptor };

/** elementId used for problems that concern the document as a whole. */
export const DOCUMENT_ID = 'definitions';

export interface ParseResult {
  /** the bpmn:Definitions element (moddle tree, loosely typed) */
  definitions: any;
  /** moddle warnings as text ("elementId: message"), empty for a clean document */
  warnings: string[];
  /** the same warnings as deployment error details */
  problems: DeployError[];
  /** other tools' metadata and non-executable references left aside: the deploy answer lists them */
  ignored: DeployWarning[];
  /** content was dropped or references are unresolved: the flow graph is incomplete */
  incomplete: boolean;
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ grid: gridDescriptor });
}

/**
 * Parses BPMN 2.0 XML. Throws a DeploymentError (elementId 'definitions') when there is no usable
 * document: empty input, XML syntax errors, or a root element other than bpmn:definitions.
 * Non-fatal moddle warnings (unknown elements or attributes, duplicate ids, unresolved references)
 * are returned as `problems`/`warnings`; compileDefinition turns them into DeploymentError details.
 */
export async function parseBpmn(xml: string): Promise<ParseResult> {
  if (typeof xml !== 'string' || !xml.trim()) {
    throw new DeploymentError([
      {
        elementId: DOCUMENT_ID,
        message: 'empty document: expected BPMN 2.0 XML',
        code: 'document.empty',
        params: {},
      },
    ]);
  }
  const tooBig = documentLimitError(xml);
  if (tooBig) throw new DeploymentError([tooBig]);
  let result: { rootElement: any; warnings: ModdleWarning[] };
  try {
    result = await createModdle().fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    throw new DeploymentError([{ elementId: DOCUMENT_ID, ...fatalProblem(xml, err as Error) }]);
  }
  const definitions = result.rootElement;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    throw new DeploymentError([{ elementId: DOCUMENT_ID, ...notBpmn(xml) }]);
  }
  const problems: DeployError[] = [];
  const ignoredRefs: DeployError[] = [];
  let incomplete = false;
  for (const w of result.warnings) {
    // the text is already decoded (xml-encoding.ts): a declared ISO-8859-1 or GBK says nothing more here
    if (/^unsupported document encoding/.test(String(w.message))) continue;
    const p = describeWarning(xml, w);
    if (p.ignorable) {
      ignoredRefs.push(p);
      continue;
    }
    if (p.breaksGraph) incomplete = true;
    if (!problems.some((q) => q.elementId === p.elementId && q.message === p.message))
      problems.push({ elementId: p.elementId, message: p.message, code: p.code, params: p.params });
  }
  const foreign = foreignContent(definitions);
  problems.push(...foreign.refused);
  return {
    definitions,
    warnings: problems.map((p) => `${p.elementId}: ${p.message}`),
    problems,
    ignored: [...summarizeIgnored(foreign.ignored), ...ignoredReferences(ignoredRefs)],
    incomplete,
  };
}

/** Namespaces whose attributes mean something to this engine (or to XML itself). */
const KNOWN_NS = new Set([
  BPMN_NS,
  GRID_NS,
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/XML/1998/namespace',
  // presentation and modeler metadata, no execution meaning: bpmn-js colours, OMG colours, Camunda Modeler
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
  'http://camunda.org/schema/modeler/1.0',
]);

/**
 * Namespaces of other execution engines. Their attributes and extension elements (camunda:assignee,
 * zeebe:taskDefinition, a flowable:taskListener...) parse without a moddle warning, yet would be silently
 * ignored here, so a diagram relying on them is refused, naming the element. Other namespaces carry modelling
 * tools' metadata (Signavio, Trisotech, W4, ITP graphics and defaults) with no execution meaning: ignored and
 * listed in the deploy answer.
 */
const EXECUTION_ENGINE_NS = [
  /^http:\/\/camunda\.org\/schema\/1\.0\/(bpmn|dmn)/,
  /^http:\/\/camunda\.org\/schema\/zeebe\//,
  /^http:\/\/activiti\.(org|com)\/bpmn/,
  /^http:\/\/flowable\.org\/(bpmn|cmmn)/,
  /^http:\/\/www\.jboss\.org\/drools/,
  /jbpm/i,
];

export const isExecutionEngineNamespace = (uri: string | undefined): boolean =>
  !!uri && EXECUTION_ENGINE_NS.some((re) => re.test(uri));

/** One piece of another tool's metadata left aside: where, what and in which namespace. */
interface IgnoredContent {
  elementId: string;
  name: string;
  namespace: string;
}

/**
 * Attributes and extension elements outside the BPMN and grid namespaces: refused when they belong to another
 * execution engine (or to no declared namespace), ignored otherwise. Diagram interchange elements may carry
 * any attributes (bpmn-js colours), and so may <definitions> itself (modeler metadata).
 */
export function foreignContent(definitions: any): { refused: DeployError[]; ignored: IgnoredContent[] } {
  const refused: DeployError[] = [];
  const ignored: IgnoredContent[] = [];
  const visit = (el: any, ns: Map<string, string>, ownerId: string): void => {
    if (!el || typeof el !== 'object' || typeof el.$type !== 'string') return;
    const attrs: Record<string, unknown> = el.$attrs ?? {};
    let scope = ns;
    for (const name of Object.keys(attrs)) {
      if (name.startsWith('xmlns:'))
        (scope === ns ? (scope = new Map(ns)) : scope).set(name.slice(6), String(attrs[name]));
    }
    const id = typeof el.id === 'string' && el.id ? el.id : ownerId;
    const semantic = el.$type.startsWith('bpmn:') && el.$type !== 'bpmn:Definitions';
    if (semantic) {
      for (const name of Object.keys(attrs)) {
        const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
        if (!prefix || prefix === 'xmlns') continue; // unprefixed unknown attributes are moddle warnings
        const uri = scope.get(prefix);
        if (uri && KNOWN_NS.has(uri)) continue;
        if (uri && !isExecutionEngineNamespace(uri)) {
          ignored.push({ elementId: id, name, namespace: uri });
          continue;
        }
        refused.push({
          elementId: id,
          message: `unsupported attribute ${name}${uri ? ` (namespace ${uri})` : ''} on ${el.$type}: this engine does not run other engines' extensions`,
          code: 'extension.other-engine',
          params: { elementId: id, name, namespace: uri ?? null },
        });
      }
    }
    if (el.$type === 'bpmn:ExtensionElements') {
      for (const v of el.values ?? []) {
        // elements of a registered package (grid:) are typed; any other namespace parses as generic
        if (v?.$descriptor && !v.$descriptor.isGeneric && v.$descriptor.ns?.prefix === gridDescriptor.prefix)
          continue;
        const uri: string | undefined = v?.$descriptor?.ns?.uri;
        const name = String(v?.$type ?? '?');
        if (uri && !isExecutionEngineNamespace(uri)) {
          ignored.push({ elementId: id, name, namespace: uri });
          continue;
        }
        refused.push({
          elementId: id,
          message: `unsupported extension element <${name}>${uri ? ` (namespace ${uri})` : ''}: only grid: extensions are supported`,
          code: 'extension.other-engine',
          params: { elementId: id, name, namespace: uri ?? null },
        });
      }
      return;
    }
    if (el.$type.startsWith('bpmndi:')) return;
    for (const key of Object.keys(el)) {
      if (key.startsWith('$')) continue;
      const v = el[key];
      if (Array.isArray(v)) for (const c of v) visit(c, scope, id);
      else if (v && typeof v === 'object' && typeof v.$type === 'string' && !isReference(el, key))
        visit(v, scope, id);
    }
  };
  visit(definitions, new Map(), DOCUMENT_ID);
  return { refused, ignored };
}

/** Elements named per ignored kind in the deploy answer (a Signavio export has one per shape). */
const IGNORED_IDS_SHOWN = 10;

/** Ignored metadata grouped by (namespace, name): one warning each, with a count and the first elements. */
function summarizeIgnored(items: IgnoredContent[]): DeployWarning[] {
  const groups = new Map<string, { namespace: string; name: string; elementIds: string[]; count: number }>();
  for (const it of items) {
    const key = `${it.namespace} ${it.name}`;
    const g = groups.get(key) ?? { namespace: it.namespace, name: it.name, elementIds: [], count: 0 };
    g.count++;
    if (g.elementIds.length < IGNORED_IDS_SHOWN && !g.elementIds.includes(it.elementId))
      g.elementIds.push(it.elementId);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    elementId: g.elementIds[0] ?? DOCUMENT_ID,
    code: 'extension.ignored',
    message: `ignored ${g.count} × ${g.name} (namespace ${g.namespace}): another tool's metadata, no execution meaning`,
    params: g,
  }));
}

/** Unresolved references in parts the engine never executes (service interfaces' operations, item types). */
function ignoredReferences(items: DeployError[]): DeployWarning[] {
  return items.map((p) => ({
    elementId: p.elementId,
    code: 'reference.ignored',
    message: `${p.message}: not used in execution, ignored`,
    params: { elementId: p.elementId, ...p.params },
  }));
}

/** moddle resolves references (sourceRef, attachedToRef...) to the referenced objects: not children. */
function isReference(el: any, key: string): boolean {
  const prop = el.$descriptor?.propertiesByName?.[key];
  return !!prop?.isReference;
}

interface ModdleWarning {
  message: string;
  element?: { id?: string; $type?: string };
  property?: string;
  value?: unknown;
}

/** References whose loss changes the flow graph (a missing messageRef does not). */
const GRAPH_REFS = new Set(['bpmn:sourceRef', 'bpmn:targetRef', 'bpmn:attachedToRef']);

/**
 * References of parts that are documentation to this engine — service interfaces and their operations, item
 * and data types — which other tools fill with placeholders (Trisotech's "triso:unspecified"): left unresolved.
 */
const NON_EXECUTED_REFS = new Set([
  'bpmn:inMessageRef',
  'bpmn:outMessageRef',
  'bpmn:errorRefs',
  'bpmn:implementationRef',
  'bpmn:operationRef',
  'bpmn:itemSubjectRef',
  'bpmn:structureRef',
  'bpmn:dataStoreRef',
]);

interface Described extends DeployError {
  breaksGraph: boolean;
  /** a problem of a part the engine does not execute: a warning, not a refusal */
  ignorable?: boolean;
}

/** Moddle's "unparsable content" messages: first line, then "\tline: n", "\tcolumn: n", "\tnested error: ...". */
function splitModdleMessage(message: string): {
  head: string;
  line?: number;
  column?: number;
  nested?: string;
} {
  const [head, ...rest] = String(message).split('\n');
  const field = (name: string) => {
    const row = rest.find((r) => r.trim().startsWith(`${name}:`));
    return row
      ?.trim()
      .slice(name.length + 1)
      .trim();
  };
  const line = field('line');
  const column = field('column');
  return {
    head: head.trim(),
    line: line !== undefined ? Number(line) : undefined,
    column: column !== undefined ? Number(column) : undefined,
    nested: field('nested error'),
  };
}

const at = (line?: number, column?: number) =>
  line !== undefined && column !== undefined ? ` (line ${line + 1}, column ${column + 1})` : '';

function describeWarning(xml: string, w: ModdleWarning): Described {
  const msg = String(w.message ?? '');
  const ownId = typeof w.element?.id === 'string' && w.element.id ? w.element.id : undefined;

  const attr = /^unknown attribute <(.+)>$/.exec(msg);
  if (attr) {
    return {
      elementId: ownId ?? DOCUMENT_ID,
      message: `unknown attribute ${attr[1]}${w.element?.$type ? ` on ${w.element.$type}` : ''}`,
      code: 'attribute.unknown',
      params: { name: attr[1], bpmnType: w.element?.$type ?? 'bpmn:Definitions' },
      breaksGraph: false,
    };
  }
  const ref = /^unresolved reference <(.*)>$/.exec(msg);
  if (ref) {
    return {
      elementId: ownId ?? DOCUMENT_ID,
      message: `unresolved reference "${ref[1]}"${w.property ? ` in ${w.property}` : ''}`,
      code: 'reference.unresolved',
      params: { ref: ref[1], ...(w.property ? { property: w.property } : {}) },
      breaksGraph: GRAPH_REFS.has(String(w.property)),
      ignorable: NON_EXECUTED_REFS.has(String(w.property)),
    };
  }
  const { head, line, column, nested } = splitModdleMessage(msg);
  const dup = nested && /^duplicate ID <(.*)>$/.exec(nested);
  if (dup && dup[1])
    return {
      elementId: dup[1],
      message: `duplicate id "${dup[1]}"${at(line, column)}`,
      code: 'id.duplicate',
      params: { id: dup[1], ...position(line, column) },
      breaksGraph: true,
    };

  const located = line !== undefined && column !== undefined ? elementAt(xml, line, column) : undefined;
  const elementId = ownId ?? located?.id ?? located?.ancestorId ?? DOCUMENT_ID;
  const named = /^unparsable content <\/?([^\s/>]+)/.exec(head)?.[1];
  const tag = named ? `<${named}>` : located?.tag;
  const where = position(line, column);
  const described = (code: DetailCode, message: string, params: Record<string, unknown>): Described => ({
    elementId,
    message: `${message}${at(line, column)}`,
    code,
    params: { ...params, ...where },
    breaksGraph: true,
  });
  const unknownType = nested && /^unknown type <(.*)>$/.exec(nested);
  const text = nested && /^unexpected body text <([\s\S]*)>$/.exec(nested);
  if (unknownType) {
    const element = tag ?? `<${unknownType[1]}>`;
    return described('element.unknown', `unknown element ${element}`, { tag: element });
  }
  if (nested && /^unrecognized element/.test(nested))
    return described('element.unexpected', `unexpected element ${tag ?? nested}`, { tag: tag ?? nested });
  if (text)
    return described('text.unexpected', `unexpected text "${text[1].trim()}"`, { text: text[1].trim() });
  // anything else the parser says: its own (English) words as the detail
  const detail = `${head.replace(/ detected$/, '')}${nested ? `: ${nested}` : ''}`;
  return described('document.unparsable', detail, { detail });
}

/** 1-based line and column for params (moddle counts from 0); none when unknown. */
const position = (line?: number, column?: number) =>
  line !== undefined && column !== undefined ? { line: line + 1, column: column + 1 } : {};

/** The problem of a document moddle could not read at all (the XML parser's words as the detail). */
function fatalProblem(xml: string, err: Error): Problem {
  const raw = String(err?.message ?? err);
  if (/^failed to parse document as/.test(raw)) return notBpmn(xml);
  const { head, line, column, nested } = splitModdleMessage(raw);
  const detail = `${head.replace(/ detected$/, '')}${nested ? ` (${nested})` : ''}`;
  return problemOf('document.malformed', `malformed XML${at(line, column)}: ${detail}`, {
    detail,
    ...position(line, column),
  });
}

function notBpmn(xml: string): Problem {
  const root = /<([A-Za-z_][\w:.-]*)/.exec(blankMarkup(xml))?.[1];
  return problemOf(
    'document.not-bpmn',
    `not a BPMN 2.0 document: expected a <definitions> root element in namespace ${BPMN_NS}` +
      (root ? ` (found <${root}>)` : ''),
    { namespace: BPMN_NS, ...(root ? { found: root } : {}) },
  );
}

/** Replaces comments, CDATA, processing instructions and doctypes by spaces (offsets are kept). */
function blankMarkup(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const idOf = (attrs: string) => /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);

/**
 * The element whose start tag begins at (line, column) — moddle reports 0-based positions — with its
 * id, or the id of the nearest enclosing element that has one.
 */
export function elementAt(
  xml: string,
  line: number,
  column: number,
): { tag?: string; id?: string; ancestorId?: string } | undefined {
  const lines = xml.split('\n');
  if (line < 0 || line >= lines.length) return undefined;
  let offset = column;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  const text = blankMarkup(xml);
  const stack: Array<{ name: string; id?: string }> = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const [, closing, name, attrs, selfClosing] = m;
    // an empty id (id="") names nothing: such an element is located by its tag and its named ancestor
    const id =
      idOf(attrs)
        ?.slice(1)
        .find((v) => v) || undefined;
    if (m.index >= offset) {
      const ancestorId = [...stack].reverse().find((s) => s.id)?.id;
      if (m.index > offset || closing) return { ancestorId };
      return { tag: `<${name}>`, id, ancestorId };
    }
    if (closing) {
      const i = stack.map((s) => s.name).lastIndexOf(name);
      if (i >= 0) stack.length = i;
    } else if (!selfClosing) {
      stack.push({ name, id });
    }
  }
  return { ancestorId: [...stack].reverse().find((s) => s.id)?.id };
}

/**
 * Size and nesting limits, checked by one linear scan before the parser runs: the parser recurses per level
 * of nesting (thousands of levels overflowed the stack) and its time grows with the document.
 */
export function documentLimitError(xml: string): DeployError | undefined {
  const bytes = Buffer.byteLength(xml);
  if (bytes > MAX_XML_BYTES)
    return {
      elementId: DOCUMENT_ID,
      message: `document of ${bytes} bytes: at most ${MAX_XML_BYTES} are allowed`,
      code: 'limit.xml-bytes',
      params: { limit: MAX_XML_BYTES, bytes },
    };
  let depth = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const next = xml[i + 1];
    const skipTo = (end: string) => {
      const j = xml.indexOf(end, i + 1);
      return j < 0 ? xml.length : j + end.length - 1;
    };
    if (xml.startsWith('<!--', i)) i = skipTo('-->');
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(']]>');
    else if (next === '?' || next === '!') i = skipTo('>');
    else if (next === '/') {
      depth--;
      i = skipTo('>');
    } else {
      // an opening tag: find its end outside quoted attribute values
      let j = i + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (xml[j - 1] !== '/') depth++;
      if (depth > MAX_XML_DEPTH)
        return {
          elementId: DOCUMENT_ID,
          message: `elements nested more than ${MAX_XML_DEPTH} deep`,
          code: 'limit.xml-depth',
          params: { limit: MAX_XML_DEPTH },
        };
      i = j;
    }
  }
  return undefined;
}
