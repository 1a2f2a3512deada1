// A BPMN error (BPMN 2.0.2 §10.5.4, "Error"): a business outcome an activity reports by code — "not our
// department" — for an error boundary event to route, rather than a technical failure to retry.
// A service worker throws it (engine/queue/workers.ts); an error end event raises one (engine/elements).

export class BpmnError extends Error {
  constructor(
    /** the error code a boundary event's bpmn:error errorCode matches */
    readonly code: string,
    message = `BPMN error ${code}`,
    /** set on the case before the boundary path starts (e.g. the reason given by the other system) */
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

/** A BPMN error no boundary event caught: the token stops where it was raised, as an incident. */
export class UnhandledBpmnError extends Error {
  readonly code = 'bpmn-error.unhandled';
  constructor(
    readonly errorCode: string,
    detail?: string,
  ) {
    super(
      `BPMN error "${errorCode}" was not caught by any error boundary event${detail ? `: ${detail}` : ''}`,
    );
    this.name = 'UnhandledBpmnError';
  }
}
