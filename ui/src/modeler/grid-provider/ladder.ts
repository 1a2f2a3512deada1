// The escalation ladder (升级阶梯) as a list group: one item per grid:Step with level, SLA and calendar.
import { ListGroup, SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { t } from '../../i18n';
import { gridLevels } from '../../lib/catalogue';
import { levelLabel } from '../../lib/labels';
import { calendarOptions, levelOptions, validateSla } from './entries';
import { addStep, getAttr, getSteps, removeStep, setStepProp, type Injector, type Shape } from './model';

interface StepEntryProps {
  element: Shape;
  id: string;
  step: any;
}

function StepLevel({ element, id, step }: StepEntryProps) {
  const injector = useService('injector');
  return SelectEntry({
    element: step,
    id,
    label: t('modeler.stepLevel'),
    getValue: (s: any) => s.get('level') ?? '',
    setValue: (v: string) => setStepProp(injector, element, step, 'level', v),
    getOptions: () => levelOptions().filter((o) => o.value),
  });
}

function StepSla({ element, id, step }: StepEntryProps) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  return TextFieldEntry({
    element: step,
    id,
    label: t('modeler.stepSla'),
    debounce,
    getValue: (s: any) => s.get('sla') ?? '',
    setValue: (v: string, error?: string | null) => {
      if (error) return;
      setStepProp(injector, element, step, 'sla', v.trim());
    },
    validate: (v: string | undefined) => (v?.trim() ? validateSla(v) : t('modeler.required')),
  });
}

function StepCalendar({ element, id, step }: StepEntryProps) {
  const injector = useService('injector');
  return SelectEntry({
    element: step,
    id,
    label: t('modeler.calendar'),
    getValue: (s: any) => s.get('calendar') ?? '',
    setValue: (v: string) => setStepProp(injector, element, step, 'calendar', v),
    getOptions: () => calendarOptions(t('modeler.calAsTask')),
  });
}

/** The next level above the task's level / the last step, for a new step. */
function nextLevel(element: Shape): string {
  const steps = getSteps(element);
  const last = steps.length ? steps[steps.length - 1].get('level') : (getAttr(element, 'level') ?? 'grid');
  const levels = gridLevels();
  const i = levels.indexOf(last);
  return levels[Math.min(levels.length - 1, Math.max(0, i + 1))];
}

export function ladderGroup(element: Shape, injector: Injector) {
  const steps = getSteps(element);
  return {
    id: 'grid-escalation',
    label: t('modeler.ladder'),
    component: ListGroup,
    items: steps.map((step, i) => {
      const id = `${element.id}-grid-step-${i}`;
      return {
        id,
        label: `${i + 1}. ${levelLabel(step.get('level'))} · ${step.get('sla') ?? '?'}`,
        entries: [
          { id: `${id}-level`, component: StepLevel, step },
          { id: `${id}-sla`, component: StepSla, step },
          { id: `${id}-calendar`, component: StepCalendar, step },
        ],
        autoFocusEntry: `${id}-sla`,
        remove: (e: Event) => {
          e.stopPropagation();
          removeStep(injector, element, step);
        },
      };
    }),
    add: (e: Event) => {
      e.stopPropagation();
      addStep(injector, element, { level: nextLevel(element), sla: 'P1D' });
    },
  };
}
