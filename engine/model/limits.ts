// Documented limits on what a deployed definition and its expressions may cost (README § Limits). Each one
// bounds work that a hostile or mistaken document could otherwise make unbounded: parsing, compiling,
// evaluating, or executing steps that never wait.

/** Longest FEEL expression accepted, at deploy and at run time (parsing is linear but not free). */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Largest BPMN document accepted by deploy, in bytes of UTF-8. */
export const MAX_XML_BYTES = 2 * 1024 * 1024;
/** Deepest nesting of XML elements accepted (the parser recurses per level). */
export const MAX_XML_DEPTH = 64;
/** Deepest nesting of sub-processes accepted. */
export const MAX_SUBPROCESS_DEPTH = 16;
/** Most flow elements (nodes and sequence flows) in one definition. */
export const MAX_FLOW_ELEMENTS = 5000;
/** Documents larger than this are parsed and compiled in a worker thread, off the event loop. */
export const OFF_THREAD_XML_BYTES = 64 * 1024;
/** Default of LOOP_BUDGET: automatic steps a token may take without resting at a wait state. */
export const DEFAULT_LOOP_BUDGET = 1000;
/** Most instances one multi-instance activity runs (a literal cardinality above it is refused at deploy). */
export const MAX_MULTI_INSTANCES = 1000;
/** Deepest chain of called cases (call activities, engine/elements/call-activity.ts): one more is an incident. */
export const MAX_CALL_DEPTH = 10;
