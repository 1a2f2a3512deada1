// Timer start event: a deployed definition starts a case at each occurrence of its timer (timeDate,
// timeDuration after deployment, timeCycle R[n]/[start/]duration or cron, on the natural or working-day
// calendar — engine/model/start-timer.ts). The schedule lives outside the case (engine/starts/timer-starts.ts);
// once a case is started at this event the token passes straight on. BPMN 2.0.2 §10.5.2; Camunda's
// behaviour for versions: a new version replaces the schedule of the old one.
import { coded, problem } from '../model/compile-parts.js';
import { parseStartTimer } from '../model/start-timer.js';
import {
  checkCalendar,
  checkTimerProperties,
  DEFAULT_TIMER_CALENDAR,
  TIMER_PROPERTIES,
} from '../model/validate.js';
import type { CalendarKind } from '../model/types.js';
import { leave } from '../runtime/flow.js';
import { compileStartUnit, refuseInSubProcess } from './message-start.js';
import type { ElementType } from './element.js';
import { inEventSubProcess } from './event-sub-process-start.js';

const TIMER_KIND = { timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const;

export const timerStart: ElementType = {
  kind: 'timerStart',
  classify: (el, event) =>
    el.$type === 'bpmn:StartEvent' && event === 'bpmn:TimerEventDefinition' && !inEventSubProcess(el),
  shape: 'start',
  compile(ctx, el, node) {
    refuseInSubProcess(ctx, node, 'timer');
    const def = el.eventDefinitions[0];
    const present = TIMER_PROPERTIES.filter((p) => def[p] !== undefined);
    const propertyError = checkTimerProperties(present);
    problem(ctx, node.id, propertyError);
    const calendarError = checkCalendar(def.calendar);
    problem(ctx, node.id, calendarError);
    node.timer = {
      kind: TIMER_KIND[present[0] ?? 'timeDuration'],
      expr: String(def[present[0] ?? 'timeDuration']?.body ?? '').trim(),
      calendar: (calendarError
        ? DEFAULT_TIMER_CALENDAR
        : (def.calendar ?? DEFAULT_TIMER_CALENDAR)) as CalendarKind,
    };
    if (!propertyError) {
      const parsed = parseStartTimer(node.timer);
      if ('code' in parsed) coded(ctx, node.id, parsed.code, parsed.message);
    }
    compileStartUnit(ctx, el, node, true);
  },
  execute: (tx, token) => leave(tx, token),
};
