// Entries of the "网格 / Grid" group: preact components of the properties panel (no JSX: the panel's
// entry functions are called directly, as bpmn-js-properties-panel does itself).
import {
  CheckboxEntry,
  isCheckboxEntryEdited,
  isNumberFieldEntryEdited,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited,
  NumberFieldEntry,
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../i18n';
import { checkSla } from '../../lib/duration';
import { gridLevels } from '../../lib/catalogue';
import { levelLabel } from '../../lib/labels';
import {
  getAttr,
  getCalledElement,
  getEscalation,
  getMappings,
  getTimerCalendar,
  setAttr,
  setCalledElement,
  setMappings,
  setSupervisionCycle,
  setTimerCalendar,
  type CheckProps,
  type MappingProps,
  type Shape,
} from './model';

interface EntryProps {
  element: Shape;
  id: string;
}

export interface GridProviderConfig {
  /** form keys known to the server (select); empty = free text */
  formKeys: string[];
  /** the roles the server serves (GET /api/roles), code → name; empty = free text */
  roles: Record<string, string>;
  /** opens the form editor for the element's form (its grid:formKey, or a new one); set by the page */
  editForm?: (element: Shape) => void;
  /** the deployed processes a call activity may call (select); empty = free text */
  processes?: Array<{ key: string; name?: string }>;
  /** the deployed decisions a business rule task may evaluate (select); empty = free text */
  decisions?: Array<{ key: string; name?: string; version?: number }>;
}

export const levelOptions = () => [
  { value: '', label: t('modeler.levelInherit') },
  ...gridLevels().map((l) => ({ value: l, label: `${levelLabel(l)} (${l})` })),
];
export const calendarOptions = (withDefault: string) => [
  { value: '', label: withDefault },
  { value: 'workday', label: t('modeler.calWorkday') },
  { value: 'natural', label: t('modeler.calNatural') },
];

export const validateSla = (v: string | undefined) =>
  checkSla(v ?? '') === 'bad' ? t('modeler.badDuration') : null;
const validateOptionalDuration = (v: string | undefined) =>
  v && checkSla(v) === 'bad' ? t('modeler.badDuration') : null;
const validateRoles = (v: string | undefined) =>
  !v || /^\s*[A-Za-z][\w-]*(\s*,\s*[A-Za-z][\w-]*)*\s*$/.test(v) ? null : t('modeler.badRoles');
const validateFormKey = (v: string | undefined) =>
  !v || /^[a-z0-9-]+$/.test(v) ? null : t('modeler.badFormKey');

/** A text attribute entry; invalid input is shown but never written to the model. */
function textAttr(
  name: string,
  label: () => string,
  validate?: (v: string | undefined) => string | null,
  description?: () => string,
) {
  return function TextAttr({ element, id }: EntryProps) {
    const injector = useService('injector');
    const debounce = useService('debounceInput');
    return TextFieldEntry({
      element,
      id,
      label: label(),
      description: description?.(),
      debounce,
      getValue: (el: Shape) => getAttr(el, name) ?? '',
      setValue: (v: string, error?: string | null) => {
        if (error) return;
        setAttr(injector, element, name, v.trim());
      },
      validate,
    });
  };
}

/** grid:unit: FEEL picking the task's unit (a unit code on the case's chain or a level), e.g. =dept */
export const UnitEntry = textAttr(
  'unit',
  () => t('modeler.unit'),
  (v) => (!v || v.trim().startsWith('=') ? null : t('modeler.unitNotFeel')),
  () => t('modeler.unitHint'),
);

export const LevelEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.level'),
    getValue: (el: Shape) => getAttr(el, 'level') ?? '',
    setValue: (v: string) => setAttr(injector, element, 'level', v),
    getOptions: levelOptions,
  });
};

export const CandidateRolesEntry = textAttr(
  'candidateRoles',
  () => t('modeler.roles'),
  validateRoles,
  () => t('modeler.rolesHint'),
);
const splitRoles = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The roles to tick: the served ones, and any other role the task already names (so it can be removed). */
export function roleChoices(
  config: GridProviderConfig,
  element: Shape,
): Array<{ code: string; name: string }> {
  const served = Object.entries(config.roles).map(([code, name]) => ({ code, name }));
  const extra = splitRoles(getAttr(element, 'candidateRoles'))
    .filter((c) => !(c in config.roles))
    .map((code) => ({ code, name: code }));
  return [...served, ...extra];
}

/** One checkbox per served role, labelled with its Chinese name: ticking adds it to grid:candidateRoles. */
export function roleCheckbox(role: { code: string; name: string }) {
  return function RoleCheckbox({ element, id }: EntryProps) {
    const injector = useService('injector');
    const current = () => splitRoles(getAttr(element, 'candidateRoles'));
    return CheckboxEntry({
      element,
      id,
      label: role.name === role.code ? role.code : `${role.name} (${role.code})`,
      getValue: () => current().includes(role.code),
      setValue: (on: boolean) => {
        const rest = current().filter((c) => c !== role.code);
        const next = on ? [...rest, role.code] : rest;
        setAttr(injector, element, 'candidateRoles', next.length ? next.join(',') : undefined);
      },
    });
  };
}
export const isRoleEdited = isCheckboxEntryEdited;

export const SlaEntry = textAttr(
  'sla',
  () => t('modeler.sla'),
  validateSla,
  () => t('modeler.slaHint'),
);
/** grid:legalBasis: the statute and article a step rests on (shown in processes/README.md) */
export const LegalBasisEntry = textAttr(
  'legalBasis',
  () => t('modeler.legalBasis'),
  undefined,
  () => t('modeler.legalBasisHint'),
);

export const WorkerTypeEntry = textAttr(
  'workerType',
  () => t('modeler.workerType'),
  (v) => (v && !/^[\w.-]+$/.test(v) ? t('modeler.badWorkerType') : null),
);

/** grid:type of a service task: a worker of the engine (none) or an external task worker ("external") */
export const ServiceImplEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.serviceImpl'),
    getValue: (el: Shape) => getAttr(el, 'type') ?? '',
    setValue: (v: string) => setAttr(injector, element, 'type', v || undefined),
    getOptions: () => [
      { value: '', label: t('modeler.serviceInProcess') },
      { value: 'external', label: t('modeler.serviceExternal') },
    ],
  });
};

/** grid:topic: what external task workers fetch this task by */
export const TopicEntry = textAttr(
  'topic',
  () => t('modeler.topic'),
  (v) => (!v ? t('modeler.topicRequired') : !/^[A-Za-z0-9][\w.:-]*$/.test(v) ? t('modeler.badTopic') : null),
  () => t('modeler.topicHint'),
);

/** grid:topicVariables: the case variables an external worker gets (none: all) */
export const TopicVariablesEntry = textAttr(
  'topicVariables',
  () => t('modeler.topicVariables'),
  undefined,
  () => t('modeler.topicVariablesHint'),
);

export const CalendarEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.calendar'),
    getValue: (el: Shape) => getAttr(el, 'calendar') ?? '',
    setValue: (v: string) => setAttr(injector, element, 'calendar', v),
    getOptions: () => calendarOptions(t('modeler.calDefault')),
  });
};

/** A timer or message start event: the grid unit (code) of the cases it opens (grid:startUnit). */
export const StartUnitEntry = textAttr(
  'startUnit',
  () => t('modeler.startUnit'),
  (v) => (!v || /^[0-9A-Za-z_-]+$/.test(v) ? null : t('modeler.badStartUnit')),
  () => t('modeler.startUnitHint'),
);

/** A timer event (start, catch, boundary): the calendar it counts on (working days skip weekends and holidays). */
export const TimerCalendarEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.timerCalendar'),
    description: t('modeler.timerCalendarHint'),
    getValue: (el: Shape) => getTimerCalendar(el) ?? '',
    setValue: (v: string) => setTimerCalendar(injector, element, v),
    getOptions: () => calendarOptions(t('modeler.calNaturalDefault')),
  });
};

export const WarnAtEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return NumberFieldEntry({
    element,
    id,
    label: t('modeler.warnAt'),
    description: t('modeler.warnAtHint'),
    debounce,
    min: 1,
    max: 99,
    step: 1,
    getValue: (el: Shape) => {
      const v = getAttr(el, 'warnAt');
      return v === undefined || v === null ? '' : String(Math.round(Number(v) * 100));
    },
    setValue: (v: string | number, error?: string | null) => {
      if (error) return;
      const s = String(v ?? '').trim();
      setAttr(injector, element, 'warnAt', s === '' ? undefined : Number(s) / 100);
    },
    validate: (v: string | number | undefined) => {
      const s = String(v ?? '').trim();
      if (!s) return null;
      const n = Number(s);
      return Number.isFinite(n) && n > 0 && n < 100 ? null : t('modeler.badWarnAt');
    },
  });
};

export const RetriesEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return NumberFieldEntry({
    element,
    id,
    label: t('modeler.retries'),
    debounce,
    min: 0,
    max: 20,
    step: 1,
    getValue: (el: Shape) => {
      const v = getAttr(el, 'retries');
      return v === undefined || v === null ? '' : String(v);
    },
    setValue: (v: string | number) => {
      const s = String(v ?? '').trim();
      setAttr(injector, element, 'retries', s === '' ? undefined : Math.max(0, Math.round(Number(s))));
    },
  });
};

export function formKeyEntry(config: GridProviderConfig) {
  const text = textAttr('formKey', () => t('modeler.formKey'), validateFormKey);
  return function FormKeyEntry(props: EntryProps) {
    const injector = useService('injector');
    if (!config.formKeys.length) return text(props);
    const { element, id } = props;
    return SelectEntry({
      element,
      id,
      label: t('modeler.formKey'),
      getValue: (el: Shape) => getAttr(el, 'formKey') ?? '',
      setValue: (v: string) => setAttr(injector, element, 'formKey', v),
      getOptions: (el: Shape) => {
        const current = getAttr(el, 'formKey');
        const keys = [...new Set([...config.formKeys, ...(current ? [current] : [])])].sort();
        return [{ value: '', label: t('modeler.noForm') }, ...keys.map((k) => ({ value: k, label: k }))];
      },
    });
  };
}

export const SupervisionCycleEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return TextFieldEntry({
    element,
    id,
    label: t('modeler.supervisionCycle'),
    description: t('modeler.supervisionCycleHint'),
    debounce,
    getValue: (el: Shape) => getEscalation(el)?.get('supervisionCycle') ?? '',
    setValue: (v: string, error?: string | null) => {
      if (error) return;
      setSupervisionCycle(injector, element, v);
    },
    validate: validateOptionalDuration,
  });
};

/** grid:correlationKey of a receive task or message catch/boundary event: what a message must match */
export const CorrelationKeyEntry = textAttr(
  'correlationKey',
  () => t('modeler.correlationKey'),
  undefined,
  () => t('modeler.correlationKeyHint'),
);

/** grid:signalScope of a signal throw or end event: the grid level whose unit bounds the cases reached */
export const SignalScopeEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.signalScope'),
    description: t('modeler.signalScopeHint'),
    getValue: (el: Shape) => getAttr(el, 'signalScope') ?? '',
    setValue: (v: string) => setAttr(injector, element, 'signalScope', v),
    getOptions: () => [
      { value: '', label: t('modeler.signalScopeDefault') },
      ...gridLevels().map((l) => ({ value: l, label: `${levelLabel(l)} (${l})` })),
    ],
  });
};

export const edited = {
  textArea: isTextAreaEntryEdited,
  text: isTextFieldEntryEdited,
  select: isSelectEntryEdited,
  number: isNumberFieldEntryEdited,
};

/** "新建表单 / 编辑表单" under the form key: opens the modeler's form editor for this element's form. */
export function formEditEntry(config: GridProviderConfig) {
  return function FormEditEntry({ element, id }: EntryProps) {
    if (!config.editForm) return null;
    const has = !!getAttr(element, 'formKey');
    return h(
      'div',
      { class: 'bio-properties-panel-entry grid-form-edit', 'data-entry-id': id },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--small',
          'data-testid': 'edit-form',
          onClick: () => config.editForm?.(element),
        },
        has ? t('formEditor.edit') : t('formEditor.new'),
      ),
    );
  };
}

// ---- call activities (engine/elements/call-activity.ts) ----------------------------------------------

/** calledElement: picked from the deployed process keys (a key not deployed yet can still be typed). */
export function calledElementEntry(config: GridProviderConfig) {
  return function CalledElementEntry({ element, id }: EntryProps) {
    const injector = useService('injector');
    const debounce = useService('debounceInput');
    const processes = config.processes ?? [];
    if (!processes.length)
      return TextFieldEntry({
        element,
        id,
        label: t('modeler.calledElement'),
        description: t('modeler.calledElementHint'),
        debounce,
        getValue: (el: Shape) => getCalledElement(el),
        setValue: (v: string, error?: string | null) => {
          if (!error) setCalledElement(injector, element, v);
        },
        validate: validateProcessKey,
      });
    return SelectEntry({
      element,
      id,
      label: t('modeler.calledElement'),
      description: t('modeler.calledElementHint'),
      getValue: (el: Shape) => getCalledElement(el),
      setValue: (v: string) => setCalledElement(injector, element, v),
      getOptions: (el: Shape) => {
        const current = getCalledElement(el);
        const known = processes.some((p) => p.key === current);
        return [
          { value: '', label: t('modeler.calledNone') },
          ...processes.map((p) => ({ value: p.key, label: p.name ? `${p.name} (${p.key})` : p.key })),
          ...(current && !known
            ? [{ value: current, label: t('modeler.calledNotDeployed', { key: current }) }]
            : []),
        ];
      },
    });
  };
}
const validateProcessKey = (v: string | undefined) =>
  !v || /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v.trim()) ? null : t('modeler.badProcessKey');

/**
 * A version binding (grid:<binding>: '' = latest, 'version', …) and the version number it may carry
 * (grid:<version>): the call activity's called process and the business rule task's decision. Choosing a
 * binding other than 'version' removes the number, which deploy refuses elsewhere.
 */
function bindingEntry(binding: string, version: string, label: () => string, bindings: string[]) {
  return function BindingEntry({ element, id }: EntryProps) {
    const injector = useService('injector');
    return SelectEntry({
      element,
      id,
      label: label(),
      getValue: (el: Shape) => getAttr(el, binding) ?? '',
      setValue: (v: string) => {
        setAttr(injector, element, binding, v);
        if (v !== 'version') setAttr(injector, element, version, undefined);
      },
      getOptions: () => [
        { value: '', label: t('modeler.bindingLatest') },
        ...bindings.map((b) => ({
          value: b,
          label: t(b === 'version' ? 'modeler.bindingVersion' : 'modeler.bindingDeployment'),
        })),
      ],
    });
  };
}

/** The version number of a 'version' binding (listed only with it: the hooks run the same on every render). */
function versionEntry(version: string) {
  return function VersionEntry({ element, id }: EntryProps) {
    const injector = useService('injector');
    const debounce = useService('debounceInput');
    return NumberFieldEntry({
      element,
      id,
      label: t('modeler.calledVersion'),
      debounce,
      min: 1,
      step: 1,
      getValue: (el: Shape) => {
        const v = getAttr(el, version);
        return v === undefined || v === null ? '' : String(v);
      },
      setValue: (v: string | number) => {
        const s = String(v ?? '').trim();
        setAttr(injector, element, version, s === '' ? undefined : Math.max(1, Math.round(Number(s))));
      },
    });
  };
}

export const CalledBindingEntry = bindingEntry(
  'calledBinding',
  'calledVersion',
  () => t('modeler.calledBinding'),
  ['version', 'deployment'],
);
export const CalledVersionEntry = versionEntry('calledVersion');

/** grid:calledUnit: the unit the child case is opened at (empty: the calling case's unit) */
export const CalledUnitEntry = textAttr(
  'calledUnit',
  () => t('modeler.calledUnit'),
  (v) =>
    !v || v.trim().startsWith('=') || /^[A-Za-z0-9_-]+$/.test(v.trim()) ? null : t('modeler.badCalledUnit'),
  () => t('modeler.calledUnitHint'),
);

const MAPPING_LINE = /^\s*(?:\*|([A-Za-z_]\w*)\s*(?:=\s*(=.+|[A-Za-z_]\w*))?)\s*$/;

/**
 * The mappings as text, one per line: `*` (every variable), `name` (the same name on both sides),
 * `target = source` or `target = =FEEL`.
 */
export function formatMappings(mappings: MappingProps[]): string {
  return mappings
    .map((m) => {
      if (m.variables === 'all') return '*';
      const source = m.sourceExpression ?? m.source ?? '';
      const target = m.target ?? m.source ?? '';
      return source === target ? target : `${target} = ${source}`;
    })
    .join('\n');
}

/** The text of formatMappings back as mappings; null when a line is not one of its forms. */
export function parseMappings(text: string): MappingProps[] | null {
  const out: MappingProps[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = MAPPING_LINE.exec(line);
    if (!m) return null;
    if (!m[1]) out.push({ variables: 'all' });
    else if (!m[2]) out.push({ source: m[1], target: m[1] });
    else if (m[2].startsWith('=')) out.push({ sourceExpression: m[2].trim(), target: m[1] });
    else out.push({ source: m[2], target: m[1] });
  }
  return out;
}

/**
 * A textarea of mappings: grid:in / grid:out of a call activity, or (`completion`) the grid:out of a user
 * task — variables recorded when it completes, always named, so `*` is refused there as the deploy does.
 */
export function mappingEntry(type: 'grid:In' | 'grid:Out', completion = false) {
  const parse = (v: string | undefined) => {
    const parsed = parseMappings(v ?? '');
    return parsed && completion && parsed.some((m) => m.variables === 'all') ? null : parsed;
  };
  // one function for the entry's lifetime: the panel re-validates the stored value whenever `validate`
  // changes identity, which would clear the error of a refused input at the next render
  const validate = (v: string | undefined) =>
    parse(v) ? null : t(completion ? 'modeler.badCompletionOut' : 'modeler.badMappings');
  return function MappingEntry({ element, id }: EntryProps) {
    const injector = useService('injector');
    const debounce = useService('debounceInput');
    return TextAreaEntry({
      element,
      id,
      label: t(
        completion
          ? 'modeler.completionOut'
          : type === 'grid:In'
            ? 'modeler.inMappings'
            : 'modeler.outMappings',
      ),
      description: t(completion ? 'modeler.completionOutHint' : 'modeler.mappingsHint'),
      debounce,
      rows: 3,
      getValue: (el: Shape) =>
        formatMappings(
          getMappings(el, type).map((x) => ({
            variables: x.get('variables'),
            source: x.get('source'),
            sourceExpression: x.get('sourceExpression'),
            target: x.get('target'),
          })),
        ),
      setValue: (v: string, error?: string | null) => {
        if (error) return;
        const parsed = parse(v);
        if (parsed) setMappings(injector, element, type, parsed);
      },
      validate,
    });
  };
}
export const InMappingsEntry = mappingEntry('grid:In');
export const OutMappingsEntry = mappingEntry('grid:Out');
/** grid:out of a user task: variables recorded at completion (engine/runtime/task-completion.ts) */
export const CompletionOutEntry = mappingEntry('grid:Out', true);

/** The parts of a check line split at `|` outside FEEL string literals, trimmed. */
function checkParts(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') quoted = !quoted;
    if (c === '|' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The checks as text, one per line: `field | field.code | =test`, and `| =limit` when there is one. */
export function formatChecks(checks: CheckProps[]): string {
  return checks
    .map((c) => [c.field, c.code, c.test, ...(c.limit !== undefined ? [c.limit] : [])].join(' | '))
    .join('\n');
}

/**
 * The text of formatChecks back as checks; null when a line is not of its form (a field name, a code
 * field.…, a FEEL test, an optional FEEL limit). Whether the code is a listed one the deploy says.
 */
export function parseChecks(text: string): CheckProps[] | null {
  const out: CheckProps[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [field, code, test, limit, ...rest] = checkParts(line);
    if (rest.length || !FIELD_NAME.test(field ?? '') || !/^field\.[\w-]+$/.test(code ?? '')) return null;
    if (!test?.startsWith('=') || test.length < 2) return null;
    if (limit !== undefined && (!limit.startsWith('=') || limit.length < 2)) return null;
    out.push({ field, code, test, ...(limit !== undefined ? { limit } : {}) });
  }
  return out;
}

/** (module-level: see mappingEntry's validate) */
const validateChecks = (v: string | undefined) => (parseChecks(v ?? '') ? null : t('modeler.badChecks'));

/** grid:check of a user task: conditions on a submitted field, tested when the task completes */
export function ChecksEntry({ element, id }: EntryProps) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return TextAreaEntry({
    element,
    id,
    label: t('modeler.checks'),
    description: t('modeler.checksHint'),
    debounce,
    rows: 3,
    getValue: (el: Shape) =>
      formatChecks(
        getMappings(el, 'grid:Check').map((x) => ({
          field: x.get('field') ?? '',
          code: x.get('code') ?? '',
          test: x.get('test') ?? '',
          limit: x.get('limit'),
        })),
      ),
    setValue: (v: string, error?: string | null) => {
      if (error) return;
      const parsed = parseChecks(v ?? '');
      if (parsed) setMappings(injector, element, 'grid:Check', parsed);
    },
    validate: validateChecks,
  });
}

// ---- business rule tasks (engine/elements/business-rule-task.ts) -------------------------------------

const validateDecisionKey = (v: string | undefined) =>
  !v || /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v.trim()) ? null : t('modeler.badDecisionKey');

/** grid:decisionRef: picked from the deployed decision keys (a key not deployed yet can still be typed). */
export function decisionRefEntry(config: GridProviderConfig) {
  const text = textAttr(
    'decisionRef',
    () => t('modeler.decisionRef'),
    validateDecisionKey,
    () => t('modeler.decisionRefHint'),
  );
  return function DecisionRefEntry(props: EntryProps) {
    const injector = useService('injector');
    const decisions = config.decisions ?? [];
    if (!decisions.length) return text(props);
    const { element, id } = props;
    return SelectEntry({
      element,
      id,
      label: t('modeler.decisionRef'),
      description: t('modeler.decisionRefHint'),
      getValue: (el: Shape) => getAttr(el, 'decisionRef') ?? '',
      setValue: (v: string) => setAttr(injector, element, 'decisionRef', v),
      getOptions: (el: Shape) => {
        const current = getAttr(el, 'decisionRef') as string | undefined;
        const known = decisions.some((d) => d.key === current);
        return [
          { value: '', label: t('modeler.decisionNone') },
          ...decisions.map((d) => ({ value: d.key, label: d.name ? `${d.name} (${d.key})` : d.key })),
          ...(current && !known
            ? [{ value: current, label: t('modeler.calledNotDeployed', { key: current }) }]
            : []),
        ];
      },
    });
  };
}

/** grid:decisionRefBinding: the latest version of the decision when the task runs, or a fixed one */
export const DecisionBindingEntry = bindingEntry(
  'decisionRefBinding',
  'decisionRefVersion',
  () => t('modeler.decisionBinding'),
  ['version'],
);
export const DecisionVersionEntry = versionEntry('decisionRefVersion');

/** grid:resultVariable: the case variable the mapped result is stored in (the engine's VARIABLE pattern) */
export const ResultVariableEntry = textAttr(
  'resultVariable',
  () => t('modeler.resultVariable'),
  (v) =>
    !v?.trim()
      ? t('modeler.resultVariableRequired')
      : /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(v.trim())
        ? null
        : t('modeler.badResultVariable'),
  () => t('modeler.resultVariableHint'),
);

/** grid:mapDecisionResult: how the matched rules become the variable's value (engine/dmn/result-mapping.ts) */
export const MapDecisionResultEntry = ({ element, id }: EntryProps) => {
  const injector = useService('injector');
  return SelectEntry({
    element,
    id,
    label: t('modeler.mapDecisionResult'),
    // resultList is the engine's default: written as no attribute
    getValue: (el: Shape) => {
      const v = getAttr(el, 'mapDecisionResult') ?? '';
      return v === 'resultList' ? '' : v;
    },
    setValue: (v: string) => setAttr(injector, element, 'mapDecisionResult', v),
    getOptions: () => [
      { value: '', label: t('modeler.mapResultList') },
      { value: 'singleEntry', label: t('modeler.mapSingleEntry') },
      { value: 'singleResult', label: t('modeler.mapSingleResult') },
      { value: 'collectEntries', label: t('modeler.mapCollectEntries') },
    ],
  });
};
