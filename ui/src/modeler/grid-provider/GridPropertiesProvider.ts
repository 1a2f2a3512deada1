// Adds the "网格 / Grid" group (and the escalation ladder list) to user, service and business rule tasks, the
// recipients (level and roles) to send tasks, and to events what the engine reads beside the standard
// message / signal / timer groups: a message wait's correlation key, a timer's calendar, a signal throw's
// scope.
import { Group } from '@bpmn-io/properties-panel';
import { t } from '../../i18n';
import {
  CalendarEntry,
  CalledBindingEntry,
  calledElementEntry,
  CalledUnitEntry,
  CalledVersionEntry,
  CandidateRolesEntry,
  ChecksEntry,
  CompletionOutEntry,
  CorrelationKeyEntry,
  DecisionBindingEntry,
  decisionRefEntry,
  DecisionVersionEntry,
  MapDecisionResultEntry,
  ResultVariableEntry,
  InMappingsEntry,
  OutMappingsEntry,
  edited,
  formEditEntry,
  formKeyEntry,
  isRoleEdited,
  LegalBasisEntry,
  LevelEntry,
  roleCheckbox,
  roleChoices,
  RetriesEntry,
  SignalScopeEntry,
  SlaEntry,
  StartUnitEntry,
  SupervisionCycleEntry,
  TimerCalendarEntry,
  UnitEntry,
  WarnAtEntry,
  WorkerTypeEntry,
  ServiceImplEntry,
  TopicEntry,
  TopicVariablesEntry,
  type GridProviderConfig,
} from './entries';
import { ladderGroup } from './ladder';
import { multiInstanceEntries } from './multi-instance';
import {
  getAttr,
  isBusinessRuleTask,
  isCallActivity,
  isSendTask,
  isServiceTask,
  isStartEvent,
  isTimerEvent,
  isUserTask,
  throwsSignal,
  waitsForMessage,
  startTrigger,
  type Injector,
  type Shape,
} from './model';

const PRIORITY = 500;

type GroupDef = { id: string; [k: string]: unknown };

export class GridPropertiesProvider {
  static $inject = ['propertiesPanel', 'injector', 'config.gridProvider'];

  private readonly config: GridProviderConfig;
  /** one component identity for the provider's lifetime (a new one per render would remount the input) */
  private readonly FormKeyEntry: ReturnType<typeof formKeyEntry>;
  private readonly FormEditEntry: ReturnType<typeof formEditEntry>;
  private readonly CalledElementEntry: ReturnType<typeof calledElementEntry>;
  private readonly DecisionRefEntry: ReturnType<typeof decisionRefEntry>;
  private readonly roleEntries = new Map<string, ReturnType<typeof roleCheckbox>>();

  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    private readonly injector: Injector,
    config: GridProviderConfig | undefined,
  ) {
    this.config = config ?? { formKeys: [], roles: {} };
    this.FormKeyEntry = formKeyEntry(this.config);
    this.FormEditEntry = formEditEntry(this.config);
    this.CalledElementEntry = calledElementEntry(this.config);
    this.DecisionRefEntry = decisionRefEntry(this.config);
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Shape) {
    return (groups: GroupDef[]) => {
      const mine: GroupDef[] = [];
      if (isUserTask(element)) {
        mine.push(this.userTaskGroup(element));
        // with the served roles known, candidate roles are ticked from them (names in Chinese)
        if (Object.keys(this.config.roles).length) mine.push(this.rolesGroup(element));
        mine.push(ladderGroup(element, this.injector));
      } else if (isServiceTask(element)) {
        mine.push(this.serviceTaskGroup(element));
      } else if (isSendTask(element)) {
        // who the notice goes to: the roles at the unit of the level on the case's chain
        mine.push(this.sendTaskGroup(element));
        if (Object.keys(this.config.roles).length) mine.push(this.rolesGroup(element));
      } else if (isStartEvent(element)) {
        mine.push(this.startEventGroup(element));
      } else if (isCallActivity(element)) {
        mine.push(this.callActivityGroup(element));
      } else if (isBusinessRuleTask(element)) {
        mine.push(this.businessRuleTaskGroup(element));
      }
      const events = this.eventGroup(element);
      if (events) mine.push(events);
      // a multi-instance activity: its collection, element variable and outputs join the panel's own
      // "多实例 / Multi-instance" group (cardinality, completion condition)
      const loop = multiInstanceEntries(element);
      const miGroup = groups.find((g) => g.id === 'multiInstance') as
        (GroupDef & { entries: unknown[] }) | undefined;
      if (loop.length && miGroup) miGroup.entries = [...loop, ...miGroup.entries];
      if (!mine.length) return groups;
      // right after "General"
      const at = groups.findIndex((g) => g.id === 'general') + 1;
      return [...groups.slice(0, at), ...mine, ...groups.slice(at)];
    };
  }

  private userTaskGroup(element: Shape): GroupDef {
    const id = (name: string) => `grid-${name}`;
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: [
        { id: id('level'), component: LevelEntry, isEdited: edited.select },
        { id: id('unit'), component: UnitEntry, isEdited: edited.text },
        ...(Object.keys(this.config.roles).length
          ? []
          : [{ id: id('candidateRoles'), component: CandidateRolesEntry, isEdited: edited.text }]),
        { id: id('sla'), component: SlaEntry, isEdited: edited.text },
        { id: id('calendar'), component: CalendarEntry, isEdited: edited.select },
        { id: id('warnAt'), component: WarnAtEntry, isEdited: edited.number },
        ...this.formEntries(),
        { id: id('supervisionCycle'), component: SupervisionCycleEntry, isEdited: edited.text },
        { id: id('legalBasis'), component: LegalBasisEntry, isEdited: edited.text },
        // what the completion tests and records besides the form (engine/runtime/task-completion.ts)
        { id: id('checks'), component: ChecksEntry, isEdited: edited.textArea },
        { id: id('completionOut'), component: CompletionOutEntry, isEdited: edited.textArea },
      ].map((e) => ({ ...e, element })),
    };
  }

  /** the form key, and the action opening the form editor on it */
  private formEntries() {
    return [
      {
        id: 'grid-formKey',
        component: this.FormKeyEntry,
        isEdited: this.config.formKeys.length ? edited.select : edited.text,
      },
      { id: 'grid-formEdit', component: this.FormEditEntry },
    ];
  }

  /**
   * a start event's form (the start form of the process); a timer or message start's unit of the cases it
   * opens, and a timer's calendar (the timer itself and the message name are in the standard groups)
   */
  private startEventGroup(element: Shape): GroupDef {
    const trigger = startTrigger(element);
    const entries = trigger
      ? [
          { id: 'grid-startUnit', component: StartUnitEntry, isEdited: edited.text },
          ...(trigger === 'timer'
            ? [{ id: 'grid-timerCalendar', component: TimerCalendarEntry, isEdited: edited.select }]
            : []),
        ]
      : this.formEntries();
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: entries.map((e) => ({ ...e, element })),
    };
  }

  private rolesGroup(element: Shape): GroupDef {
    return {
      id: 'grid-roles',
      label: t('modeler.roles'),
      component: Group,
      shouldOpen: true,
      entries: roleChoices(this.config, element).map((role) => {
        const key = `${role.code}|${role.name}`;
        let component = this.roleEntries.get(key);
        if (!component) this.roleEntries.set(key, (component = roleCheckbox(role)));
        return { id: `grid-role-${role.code}`, component, isEdited: isRoleEdited, element };
      }),
    };
  }

  private serviceTaskGroup(element: Shape): GroupDef {
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: [
        { id: 'grid-serviceImpl', component: ServiceImplEntry, isEdited: edited.select, element },
        // an external task (grid:type="external"): the topic workers fetch it by, not a worker type
        ...(getAttr(element, 'type') === 'external'
          ? [
              { id: 'grid-topic', component: TopicEntry, isEdited: edited.text, element },
              { id: 'grid-topicVariables', component: TopicVariablesEntry, isEdited: edited.text, element },
            ]
          : [{ id: 'grid-workerType', component: WorkerTypeEntry, isEdited: edited.text, element }]),
        { id: 'grid-retries', component: RetriesEntry, isEdited: edited.number, element },
      ],
    };
  }

  /** a message wait's correlation key, a timer's calendar, a signal throw's scope (none: no group) */
  private eventGroup(element: Shape): GroupDef | undefined {
    const entries = [
      ...(waitsForMessage(element)
        ? [{ id: 'grid-correlationKey', component: CorrelationKeyEntry, isEdited: edited.text }]
        : []),
      // (a timer start event has its calendar in its own group, startEventGroup)
      ...(isTimerEvent(element) && !isStartEvent(element)
        ? [{ id: 'grid-timerCalendar', component: TimerCalendarEntry, isEdited: edited.select }]
        : []),
      ...(throwsSignal(element)
        ? [{ id: 'grid-signalScope', component: SignalScopeEntry, isEdited: edited.select }]
        : []),
    ];
    if (!entries.length) return undefined;
    return {
      id: 'grid-event',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: entries.map((e) => ({ ...e, element })),
    };
  }

  /** the process called, which of its versions, and the variables passed in and out */
  private callActivityGroup(element: Shape): GroupDef {
    return {
      id: 'grid-call',
      label: t('modeler.callGroup'),
      component: Group,
      shouldOpen: true,
      entries: [
        { id: 'grid-calledElement', component: this.CalledElementEntry, isEdited: edited.select },
        { id: 'grid-calledBinding', component: CalledBindingEntry, isEdited: edited.select },
        ...(getAttr(element, 'calledBinding') === 'version'
          ? [{ id: 'grid-calledVersion', component: CalledVersionEntry, isEdited: edited.number }]
          : []),
        { id: 'grid-calledUnit', component: CalledUnitEntry, isEdited: edited.text },
        { id: 'grid-in', component: InMappingsEntry, isEdited: edited.textArea },
        { id: 'grid-out', component: OutMappingsEntry, isEdited: edited.textArea },
      ].map((e) => ({ ...e, element })),
    };
  }

  /** the decision evaluated, which of its versions, where and how its result is kept, the job's retries */
  private businessRuleTaskGroup(element: Shape): GroupDef {
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: [
        {
          id: 'grid-decisionRef',
          component: this.DecisionRefEntry,
          isEdited: this.config.decisions?.length ? edited.select : edited.text,
        },
        { id: 'grid-decisionBinding', component: DecisionBindingEntry, isEdited: edited.select },
        ...(getAttr(element, 'decisionRefBinding') === 'version'
          ? [{ id: 'grid-decisionVersion', component: DecisionVersionEntry, isEdited: edited.number }]
          : []),
        { id: 'grid-resultVariable', component: ResultVariableEntry, isEdited: edited.text },
        { id: 'grid-mapDecisionResult', component: MapDecisionResultEntry, isEdited: edited.select },
        { id: 'grid-retries', component: RetriesEntry, isEdited: edited.number },
      ].map((e) => ({ ...e, element })),
    };
  }

  private sendTaskGroup(element: Shape): GroupDef {
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: [
        { id: 'grid-level', component: LevelEntry, isEdited: edited.select },
        ...(Object.keys(this.config.roles).length
          ? []
          : [{ id: 'grid-candidateRoles', component: CandidateRolesEntry, isEdited: edited.text }]),
      ].map((e) => ({ ...e, element })),
    };
  }
}
