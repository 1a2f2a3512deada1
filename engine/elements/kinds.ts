// The element kinds the engine runs: one line per module of this directory (see registry.ts). The name
// exported is the node kind (FlowNode.kind) — and equals the module's `kind`.
export { startEvent } from './start-event.js';
export { endEvent } from './end-event.js';
export { userTask } from './user-task.js';
export { serviceTask } from './service-task.js';
export { exclusiveGateway } from './exclusive-gateway.js';
export { parallelGateway } from './parallel-gateway.js';
export { inclusiveGateway } from './inclusive-gateway.js';
export { timerCatch } from './timer-catch.js';
export { messageCatch } from './message-catch.js';
export { escalationThrow } from './escalation-throw.js';
export { subProcess } from './sub-process.js';
export { boundaryTimer } from './boundary-timer.js';
export { boundaryEscalation } from './boundary-escalation.js';
export { task } from './task.js';
export { receiveTask } from './receive-task.js';
export { sendTask } from './send-task.js';
export { manualTask } from './manual-task.js';
export { errorEnd } from './error-end.js';
export { boundaryError } from './boundary-error.js';
export { boundaryMessage } from './boundary-message.js';
export { noneThrowEvent } from './none-throw-event.js';
export { businessRuleTask } from './business-rule-task.js';
export { callActivity } from './call-activity.js';
