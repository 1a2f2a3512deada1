// Adds the "网格 / Grid" group (and the escalation ladder list) to user and service tasks, and the
// recipients (level and roles) to send tasks.
import { Group } from '@bpmn-io/properties-panel';
import { t } from '../../i18n';
import {
  CalendarEntry,
  CalledBindingEntry,
  calledElementEntry,
  CalledUnitEntry,
  CalledVersionEntry,
  CandidateRolesEntry,
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
  SlaEntry,
  SupervisionCycleEntry,
  WarnAtEntry,
  WorkerTypeEntry,
  type GridProviderConfig,
} from './entries';
import { ladderGroup } from './ladder';
import {
  getAttr,
  isCallActivity,
  isSendTask,
  isServiceTask,
  isStartEvent,
  isUserTask,
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
      }
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
        ...(Object.keys(this.config.roles).length
          ? []
          : [{ id: id('candidateRoles'), component: CandidateRolesEntry, isEdited: edited.text }]),
        { id: id('sla'), component: SlaEntry, isEdited: edited.text },
        { id: id('calendar'), component: CalendarEntry, isEdited: edited.select },
        { id: id('warnAt'), component: WarnAtEntry, isEdited: edited.number },
        ...this.formEntries(),
        { id: id('supervisionCycle'), component: SupervisionCycleEntry, isEdited: edited.text },
        { id: id('legalBasis'), component: LegalBasisEntry, isEdited: edited.text },
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

  /** a start event's form (the start form of the process) */
  private startEventGroup(element: Shape): GroupDef {
    return {
      id: 'grid',
      label: t('modeler.gridGroup'),
      component: Group,
      shouldOpen: true,
      entries: this.formEntries().map((e) => ({ ...e, element })),
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
        { id: 'grid-workerType', component: WorkerTypeEntry, isEdited: edited.text, element },
        { id: 'grid-retries', component: RetriesEntry, isEdited: edited.number, element },
      ],
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
