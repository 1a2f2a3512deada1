// "No double entry": a case opened with its start form has already been reported — the start form is the
// form of its first step (engine/model/compile.ts startFormKey). On request (POST /instances with
// `claimFirstTask: true`, which the UI always sends), the first step is handed to whoever opened the case:
// once the case has settled, its open task on the start form is claimed by the starter, provided the starter
// may act on it. Its form then opens pre-filled from the case variables, so the starter only reviews and
// completes it. A step someone else claimed in between, or one the starter may not work, is left as it is.
import type { TaskDoc } from '../queue/outbox.js';
import { CommandError } from '../runtime/transition.js';

export interface FirstTaskDeps {
  waitForIdle: (instanceId: string, timeoutMs: number) => Promise<unknown>;
  openTasks: (instanceId: string) => Promise<TaskDoc[]>;
  claim: (taskId: string, actor: string) => Promise<TaskDoc>;
}

/** How long opening a case waits for its first step to exist before giving up the hand-over. */
export const FIRST_TASK_WAIT_MS = 5000;

/**
 * Claims the first step of a just-opened case for `starter`; answers that step (claimed or not), or null
 * when the case has no open step on the start form (yet).
 */
export async function claimFirstTask(
  deps: FirstTaskDeps,
  instanceId: string,
  startFormKey: string | undefined,
  starter: string,
  mayAct: (t: TaskDoc) => boolean,
): Promise<TaskDoc | null> {
  if (!startFormKey) return null;
  try {
    await deps.waitForIdle(instanceId, FIRST_TASK_WAIT_MS);
  } catch {
    return null; // still running: the case opens without the hand-over
  }
  const first = (await deps.openTasks(instanceId))
    .filter((t) => t.formKey === startFormKey)
    .sort((a, b) => a.createdAt - b.createdAt)[0];
  if (!first || first.assignee || !mayAct(first)) return first ?? null;
  try {
    return await deps.claim(first._id, starter);
  } catch (err) {
    if (err instanceof CommandError) return first; // claimed or closed in between: left as it is
    throw err;
  }
}
