// Generated from the OpenAPI document (engine/api/openapi.ts, responses.ts) by `npm run gen:api-types`.
// Do not edit: change the response schemas and run it again (test/api/api-types.test.ts checks it).
export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: 200 while the process serves requests */
    get: operations['getHealthz'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the store and Redis answer (503 otherwise) */
    get: operations['getReadyz'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (open unless METRICS_TOKEN is set; then a bearer token is required) */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in; returns a bearer token (JWT HS256). Failed attempts are limited per client IP and per username (default 30 and 10 per 15 min, shared by all API processes) → 429 too-many-sign-ins */
    post: operations['postApiAuthLogin'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: the bearer token (if any) is revoked for good, its event streams close; forgets the dashboard cookie */
    post: operations['postApiAuthLogout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user with roles and units */
    get: operations['getApiMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change the own password (ends other sessions) */
    post: operations['postApiMePassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/roles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Role names and grid levels */
    get: operations['getApiRoles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest version of every process; `retired` when no case can start on it (the process or all its versions retired). Only admins see retired processes */
    get: operations['getApiDefinitions'];
    put?: never;
    /**
     * Deploy BPMN XML: a new version (201) unless identical to the latest version, which answers 200 with `unchanged: true`
     * @description Only the latest version is compared: XML identical to an older version while another is the latest is a deliberate rollback and becomes a new version. Refused with 400 (details with `code` and the element id as `path`): unknown candidate roles (`unknown-role`), unknown formKeys (`unknown-form`), expressions in grid:candidateRoles (`candidate-roles-expression`), besides the structural problems. A collaboration deploys each executable process (`processes`, the first also at the top level); other modelling tools' metadata (Signavio, Trisotech, W4, ITP…) is ignored and listed in `warnings` (`extension.ignored`), while other execution engines' extensions (camunda:, zeebe:, activiti:, flowable:, drools:) are refused (`extension.other-engine`). The body is decoded by its byte order mark, charset parameter or XML declaration (ISO-8859-1, GBK, UTF-16…); an unknown encoding answers 415 `xml.encoding-unsupported`.
     */
    post: operations['postApiDefinitions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check BPMN XML without deploying it (used by the modeler) */
    post: operations['postApiDefinitionsValidate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest version: XML, summary, versions */
    get: operations['getApiDefinitionsKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One version of a process */
    get: operations['getApiDefinitionsKeyVersionsVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}/retire': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retire a process (admin): new starts are refused with 409 `definition.retired`, running cases continue; a later deploy or start-up does not undo it */
    post: operations['postApiDefinitionsKeyRetire'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}/versions/{version}/retire': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retire one version (admin): no new case starts on it (a start without a version takes the latest active one); running cases continue */
    post: operations['postApiDefinitionsKeyVersionsVersionRetire'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}/reactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reactivate a retired process (admin) */
    post: operations['postApiDefinitionsKeyReactivate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/definitions/{key}/versions/{version}/reactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reactivate a retired version (admin) */
    post: operations['postApiDefinitionsKeyVersionsVersionReactivate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/forms': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Known task form keys */
    get: operations['getApiForms'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/forms/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A task form's JSON Schema: the current one of a key, or a pinned version (`key@…`) */
    get: operations['getApiFormsKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/forms/{key}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The versions of a form pinned by deployments, newest first */
    get: operations['getApiFormsKeyVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/deployments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deploy BPMN XML together with the form schemas it refers to (admin)
     * @description JSON `{bpmn, forms: {formKey: JSON Schema}}`. Each form key the processes refer to is pinned to the schema brought, or else to the current form of that key; cases of this definition version keep these forms whatever changes later. A key with neither is refused (`unknown-form`); a schema ajv refuses, or not `type: object`, is refused with `form.invalid` naming `forms/<key>` (at most 100 forms of 256 KB each). Forms brought become the current ones of their keys. Answers like `POST /definitions`, with `forms`: formKey → pinned version per process.
     */
    post: operations['postApiDeployments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest version of every decision (admin): key, name, hit policy, number of versions */
    get: operations['getApiDecisions'];
    put?: never;
    /**
     * Deploy DMN 1.3 XML (admin): a new version of each decision whose latest version differs (201), else 200 with `unchanged: true`
     * @description The key of a decision is its id. A document is compared with the latest version of each of its decisions only (as process definitions are). Refused with 400 `decision.invalid`, details naming the decision, input, rule or entry as `path` with a code: dmn.xml, dmn.no-decision, dmn.decision-id, dmn.decision-logic, dmn.hit-policy, dmn.aggregation, dmn.priority-values, dmn.no-output, dmn.output-name, dmn.output-values, dmn.input-expression, dmn.input-values, dmn.input-entry, dmn.output-entry, dmn.rule-shape, dmn.unknown-requirement, dmn.requirement-cycle, dmn.too-large.
     */
    post: operations['postApiDecisions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check DMN XML without deploying it (admin; the decision editor) */
    post: operations['postApiDecisionsValidate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest version of a decision (admin): its inputs, outputs, number of rules and versions */
    get: operations['getApiDecisionsKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/{key}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One version of a decision (admin) */
    get: operations['getApiDecisionsKeyVersionsVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/{key}/xml': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The DMN XML of the latest version (admin) */
    get: operations['getApiDecisionsKeyXml'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/{key}/versions/{version}/xml': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The DMN XML of one version (admin) */
    get: operations['getApiDecisionsKeyVersionsVersionXml'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/decisions/{key}/evaluate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Evaluate a decision with test variables (admin): `{value, matchedRules, entries}` as a business rule task would get it
     * @description Refused with 404 `decision.not-found`, or 400 with the evaluation’s code and params (naming the decision and rules): dmn.unique-violated (several rules of a UNIQUE table match), dmn.any-conflict (ANY rules disagree), dmn.expression (an expression failed), dmn.budget (an expression ran over FEEL_BUDGET_MS), dmn.aggregation-type.
     */
    post: operations['postApiDecisionsKeyEvaluate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/fetch-and-lock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Fetch and lock external tasks of the worker’s topics (role external-worker)
     * @description Locks up to maxTasks open tasks of the topics for `lockDuration` ms each (engine clock) and answers them with the case variables (only those listed for the topic by grid:topicVariables, if any). Two workers never get the same task; a task whose lock expired can be fetched again. With asyncResponseTimeout (≤ 30000 ms) the answer waits for a task when none is there. A topic the account may not fetch: 404 `external-task.topic-not-allowed`.
     */
    post: operations['postApiExternalTasksFetchAndLock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/{id}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Complete a locked external task: its variables are set and the case goes on (204)
     * @description Only the lock holder (same account and workerId; else 409 `external-task.not-lock-holder`, an expired lock 409 `external-task.lock-expired`). Repeating the same complete answers 204 again without a second effect. A task of a cancelled case or activity is gone: 404 `external-task.not-found`.
     */
    post: operations['postApiExternalTasksIdComplete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/{id}/failure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Report a failure: retries left (given, else one less); at 0 an incident on the case
     * @description With retries left the task can be fetched again after retryTimeout ms. With none the task fails and the case gets an incident at the service task; an admin’s retry of the incident creates a new task with its retries reset.
     */
    post: operations['postApiExternalTasksIdFailure'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/{id}/bpmn-error': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Raise a BPMN error from the task: caught by an error boundary event (204)
     * @description Uncaught, the error is an incident at the service task. Lock rules as for complete.
     */
    post: operations['postApiExternalTasksIdBpmnError'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/{id}/extend-lock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Extend the lock of a task the worker holds to newDuration ms from now */
    post: operations['postApiExternalTasksIdExtendLock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** External tasks, newest first, of a topic or all (admin): status, lock holder, retries */
    get: operations['getApiExternalTasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/external-tasks/workers/{username}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set the topics a service account (role external-worker) may fetch (admin) */
    put: operations['putApiExternalTasksWorkersUsername'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Cases the caller may see, filtered, sorted and paginated (案件列表)
     * @description Filters combine with AND. `overdue=1` is the dashboard's 当前超期 per case: an open task past its due date or already escalated, now. `q` matches the beginning of a case number, or cases whose number, title or address contain every two-character piece of the text. `total` is counted up to 1,000: with more matches it is 1,000 and `totalCapped: true` says "more than" (as web searches answer; counting every match cost a check of each against the caller's scope). Each item carries `handling: {workingHours, calendarHours}` (to its end, or now while open) and `dueAt`, `breachAt`, `escalated`, `openLevels`.
     */
    get: operations['getApiInstances'];
    put?: never;
    /** Open a case at a grid unit of the caller */
    post: operations['postApiInstances'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The case list as an Excel (.xlsx) or CSV file, with the same filters and sort as GET /instances
     * @description At most 50000 rows; the .xlsx title row names the unit, the period and the time of export, and says when the rows were capped. CSV is UTF-8 with a byte-order mark, header row first. Headers and values in `lang` (zh by default).
     */
    get: operations['getApiInstancesExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/saved-filters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's saved case-list filters */
    get: operations['getApiSavedFilters'];
    /**
     * Save a case-list filter under a name (replaces the caller's filter of that name)
     * @description At most 50 per user: a 51st answers 409 `{code: "saved-filters.limit"}`.
     */
    put: operations['putApiSavedFilters'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/saved-filters/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete one of the caller's saved filters */
    delete: operations['deleteApiSavedFiltersId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Case detail: state, tasks, the newest history records (`historyTotal`, `historyCursor` for GET /instances/{id}/history), escalations, supervision orders */
    get: operations['getApiInstancesId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/file': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The case file (案卷): the report, each completed step with its submitted data, supervision orders
     * @description Answers `{instanceId, caseNo, title, report, steps, stepsTotal, orders}`. `report` and every step carry `fields: [{name, title, value, labels?, format?}]`: `title` is the form field's title, `labels` the option labels of an enum value. `report` is `{by, at, taskId?, formKey, formTitle, fields}`: what the first step submitted, or while it is open the start form's fields among the case variables. `steps` are the newest `limit` (default 100, at most 200) completed steps, oldest first, `{taskId, nodeId, name, completedBy, completedAt, formKey, formTitle, fields}`; `stepsTotal` counts them all. Whoever may see the case may read it; anyone else gets 404.
     */
    get: operations['getApiInstancesIdFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A page of a case's history, oldest first (newest page without a cursor)
     * @description Answers `{items, total, cursor, limit}`: `items` are the `limit` records (at most 500, default 100) before `cursor`, or the newest ones without it; `cursor` is the cursor of the page of older records, null at the oldest. Records written later never shift older pages. Bad `cursor` or `limit`: 400 with `code: "http.invalid-query"` and details `{path: "/limit", code: "invalid-parameter", params: {field: "limit", problem: "field.maximum", limit: 500}}`.
     */
    get: operations['getApiInstancesIdHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a case (supervisor of its units, or admin) */
    post: operations['postApiInstancesIdCancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/diagram': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** BPMN XML of the case with active and completed elements */
    get: operations['getApiInstancesIdDiagram'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Correlate a message to the waiting cases in the caller's jurisdiction (admin: all; supervisors: their subtree); messageId makes it idempotent
     * @description The caller is recorded as the actor in the history of the cases it reaches. A message that reaches no waiting case answers `{correlated: 0}` and does not use up its messageId: it may be sent again with the same id once the case waits for it. When no case waits, a deployed message start event of that name opens a case (`started`; its unit: `gridUnit`, else `variables.gridUnit`, else the start event's grid:startUnit; the correlation key becomes the business key); else, with `ttl` (seconds, bounded by MESSAGE_BUFFER_MAX_TTL_S), the message is buffered and the first receive task, catch or boundary event of that name and key created in time receives it (`buffered`).
     */
    post: operations['postApiMessages'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/signals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Throw a signal to the cases waiting for it in the subtree of a unit (admin: any unit; supervisors: a unit of their subtree); signalId makes it idempotent
     * @description Every signal catch event, signal boundary event and event-based gateway waiting for the name in a case whose grid unit is `unit` or below it catches the signal, and `variables` are set on that case. A unit outside the caller’s subtree answers 404. The answer counts the cases reached.
     */
    post: operations['postApiSignals'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents (admin) */
    get: operations['getApiIncidents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/incidents/{instanceId}/{incidentId}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retry the step of an open incident, optionally setting variables first (admin) */
    post: operations['postApiIncidentsInstanceIdIncidentIdRetry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/supervision-orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue a 督办单/交办单 on a case (supervisor of the case's units, or admin) */
    post: operations['postApiInstancesIdSupervisionOrders'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/supervision-orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Supervision orders issued by, addressed to, or under the supervision of the caller */
    get: operations['getApiSupervisionOrders'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/supervision-orders/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One supervision order */
    get: operations['getApiSupervisionOrdersId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/supervision-orders/{id}/reply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reply to an order (someone holding the target role/unit); replies after the deadline are marked late */
    post: operations['postApiSupervisionOrdersIdReply'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The comments of a case, oldest first (the newest 200, with `total`) */
    get: operations['getApiInstancesIdComments'];
    put?: never;
    /**
     * Comment on a case, mentioning people who may see it (each gets a notification)
     * @description `text`: 1–2000 characters, not blank (line breaks allowed). `mentions`: up to 20 usernames, each of someone who may see the case — otherwise 400 with code `comment.mention-not-visible` and `params.username`. `requestId` (optional) makes a repeat of the same request add nothing: the comment and its notifications are written once. Answers 201 `{id, instanceId, author, authorName, text, mentions: [{username, displayName}], at}`; the comment is a history record (`action: "comment"`) and part of the case file. Outside jurisdiction: 404.
     */
    post: operations['postApiInstancesIdComments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/attachments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The attachments of a case, oldest first */
    get: operations['getApiInstancesIdAttachments'];
    put?: never;
    /**
     * Upload a photo or file to a case (multipart field `file`)
     * @description One file per request in the multipart field `file`, at most 20971520 bytes (ATTACHMENT_MAX_BYTES; larger: 413 `attachment.too-large`). Accepted kinds (ATTACHMENT_KINDS): image, pdf, office — decided from the bytes (JPEG, PNG, WebP, GIF; PDF; Office documents), never from the declared type or name; anything else: 400 `attachment.type-not-allowed`, nothing stored. Optional fields: `taskId` (a step of the case the caller may work on, still open), `field` (the form field it goes into: the step's form opens with it there) and `requestId` (a repeat answers the first upload). The case must be open and visible to the caller (else 409 / 404). Answers 201 `{id, name, size, contentType, sha256, takenAt?, location?, hasThumbnail, …}`: the name sanitised, the photo time and GPS position read from its EXIF.
     */
    post: operations['postApiInstancesIdAttachments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/attachments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The bytes of an attachment, with its content type (404 outside the case’s jurisdiction) */
    get: operations['getApiAttachmentsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/attachments/{id}/thumbnail': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A 320 px JPEG of an image attachment, upright (404 for other files and outside jurisdiction) */
    get: operations['getApiAttachmentsIdThumbnail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/attachments/{id}/info': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What an attachment is: name, size, type, sha256, photo time and place */
    get: operations['getApiAttachmentsIdInfo'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Open a case from a report written on a device (once per draftId, however often it is sent)
     * @description The body of POST /instances plus `draftId`, the id the device gave the report. The first request opens the case (201, as POST /instances, with `firstTask` when `claimFirstTask`); any later one with the same `draftId` from the same user answers 200 with that case and `duplicate: true`. `patrolId`: the caller's patrol the problem was found on; the case is listed on the patrol (404 patrol.not-found for a patrol not theirs).
     */
    post: operations['postApiReports'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/supervise': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 挂牌督办: list a case for formal supervision {reason} (supervisor of a unit on its path); 409 when already listed */
    post: operations['postApiInstancesIdSupervise'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/unsupervise': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 摘牌: end the formal supervision of a case {reason} (supervisor of a unit on its path); 409 when not listed */
    post: operations['postApiInstancesIdUnsupervise'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Tasks the caller may see, by due date (mine=1: assigned to / delegated by me; withForm=1: with form schemas) */
    get: operations['getApiTasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A task with its form schema and case variables */
    get: operations['getApiTasksId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Claim (签收) an unassigned task */
    post: operations['postApiTasksIdClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/unclaim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Give a claimed task back to the pool (supervisors may force it) */
    post: operations['postApiTasksIdUnclaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/delegate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Delegate to a candidate of the task at its unit (or a supervisor of it); they return it with /resolve */
    post: operations['postApiTasksIdDelegate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Return a delegated task to its owner */
    post: operations['postApiTasksIdResolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause (挂起) the task: a personal marker with a reason — reminders, escalation and the due date run on (its assignee, a candidate while unclaimed, or a supervisor) */
    post: operations['postApiTasksIdPause'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End a pause (its assignee, a candidate while unclaimed, or a supervisor) */
    post: operations['postApiTasksIdResume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/reassign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reassign (改派) to a candidate of the task at its unit or a supervisor of it (supervisors of the task unit) */
    post: operations['postApiTasksIdReassign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/takeover': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Take the task over (接管) (supervisors of the task unit) */
    post: operations['postApiTasksIdTakeover'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Complete with form data (400 with field paths when the form is invalid; 202 while still applying) */
    post: operations['postApiTasksIdComplete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/return': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 退单: return a task outside the unit’s remit to its dispatcher within RETURN_WINDOW working days (409 return.window-closed after it; a second return of the case by the same unit needs its supervisor: 409 return.repeat-needs-supervisor) */
    post: operations['postApiTasksIdReturn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/dispatch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 再派遣: send a returned task to a unit on the case’s chain and its roles (the dispatcher’s supervisors) */
    post: operations['postApiTasksIdDispatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/tasks/{id}/extensions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 延期申请 by the task’s holder: reason and a new due date, decided by a supervisor one level above (409 extension.overdue once the time limit has passed, request.pending while one waits) */
    post: operations['postApiTasksIdExtensions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/backlog': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 挂账申请 by the holder of one of the case’s open tasks (taskId, default: the caller’s): reason and review date, decided at street level (BACKLOG_APPROVAL_LEVEL) */
    post: operations['postApiInstancesIdBacklog'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pending 延期 / 挂账 requests the caller may approve or refuse, oldest first */
    get: operations['getApiRequests'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/requests/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a pending request: an extension moves the due date (once: a replayed approval changes nothing), a 挂账 parks the case until its review date */
    post: operations['postApiRequestsIdApprove'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/requests/{id}/refuse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Refuse a pending request */
    post: operations['postApiRequestsIdRefuse'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/locate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Location → grid: the grid whose boundary contains the point and its chain ({grid, path}); 404 {error: {code: locate.no-grid}, grid: null, path: [], within} when the point lies in no grid. On a border shared by grids the smallest unit code wins. */
    get: operations['getApiLocate'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/categories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The report categories (each starts its configured process) and the channels */
    get: operations['getApiIntakeCategories'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The intake queue of the caller’s units (default: 待受理, status=received), newest first */
    get: operations['getApiIntake'];
    put?: never;
    /** Register a report on behalf of a citizen (intake staff): a point in a grid of the operator’s reach is accepted at once (立案, the case started in that grid); otherwise it waits in the 待受理 queue */
    post: operations['postApiIntake'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/{receipt}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A report with its 并案 suggestions (same category within 200 m and 7 days) */
    get: operations['getApiIntakeReceipt'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/{receipt}/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 立案: start the category’s process in the located grid (or `gridUnit`, a grid in the operator’s reach; required when the point is in no grid: 400 intake.no-grid); exactly once per report */
    post: operations['postApiIntakeReceiptAccept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/{receipt}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 并案: the report joins an existing case in the operator’s reach */
    post: operations['postApiIntakeReceiptMerge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/{receipt}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** 不予受理: reject the report with a reason */
    post: operations['postApiIntakeReceiptReject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/reporter': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The citizen who reported the case (from intake): in full to intake staff of its area and the case’s supervisors, masked (138****1234) to everyone else who sees the case; null when not from intake */
    get: operations['getApiInstancesIdReporter'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/map/cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cases from intake as map points (the newest 500 in the caller’s reach), with overdue */
    get: operations['getApiMapCases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/map/boundaries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Boundaries of the units in the caller’s reach, as a GeoJSON FeatureCollection */
    get: operations['getApiMapBoundaries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/ui-config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Settings the UI needs: the map tile source (MAP_TILE_URL; null draws on a blank base) */
    get: operations['getApiUiConfig'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/boundaries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Grid boundaries for the public page’s map (name and outline only) */
    get: operations['getApiPublicBoundaries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/challenge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An arithmetic question for the public report page (answer once, within 10 minutes) */
    get: operations['getApiPublicChallenge'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A citizen’s report (no sign-in): rate-limited per IP and per phone (429 too-many-reports), with a challenge (400 challenge.failed); it waits in the 待受理 queue and answers a receipt number */
    post: operations['postApiPublicReports'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/reports/{receipt}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The state of a report by its receipt number (received, accepted, merged, rejected, closed) */
    get: operations['getApiPublicReportsReceipt'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/intake/{receipt}/photos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a photo to a report (intake staff of its area)
     * @description One image (JPEG, PNG, WebP, GIF — decided from the bytes) in the multipart field `file`, at most 20971520 bytes (413 attachment.too-large); at most 3 per report (409 intake.too-many-photos). Before 立案 the photo belongs to the report and moves to its case at 立案 / 并案; on an accepted report it goes to the case.
     */
    post: operations['postApiIntakeReceiptPhotos'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/reports/{receipt}/photos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a photo to the report just filed on the public page (no sign-in): header X-Upload-Token, the `uploadToken` POST /public/reports answered; within 30 minutes and while the report waits (else 404)
     * @description One image (JPEG, PNG, WebP, GIF — decided from the bytes) in the multipart field `file`, at most 20971520 bytes (413 attachment.too-large); at most 3 per report (409 intake.too-many-photos). Before 立案 the photo belongs to the report and moves to its case at 立案 / 并案; on an accepted report it goes to the case.
     */
    post: operations['postApiPublicReportsReceiptPhotos'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/visits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** 回访 queue: the visits of closed cases from intake in the caller’s units (intake staff, supervisors), status=due (default, oldest closing first) or done (newest first), paged */
    get: operations['getApiVisits'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/instances/{id}/visit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The reply (反馈) and 回访 of a case round from intake: replies with the text and the phone masked, the visit (null: none — the case is not from intake or has not closed), and whether the caller may record it */
    get: operations['getApiInstancesIdVisit'];
    put?: never;
    /** 回访: record the reporter’s satisfaction (satisfied 满意 / basic 基本满意 / dissatisfied 不满意), a note, how it was taken (phone, sms); `reopen` with 不满意 and a note starts a new round of the case (same case number; 409 visit.reopen-limit after VISIT_MAX_ROUNDS). 409 visit.case-open before the case closed, visit.already-recorded for a different second answer; a repeat of the same answer returns the record */
    post: operations['postApiInstancesIdVisit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sms-outbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The SMS the recording gateway kept (no SMS_GATEWAY_URL: development and tests), newest first, phone masked */
    get: operations['getApiSmsOutbox'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/escalations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Escalations into the caller's supervised subtrees, and into the caller's units for tasks of the caller's roles; newest first */
    get: operations['getApiEscalations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's notifications, newest first */
    get: operations['getApiNotifications'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/read-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark all own notifications read */
    post: operations['postApiNotificationsReadAll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark one own notification read */
    post: operations['postApiNotificationsIdRead'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/grid/units': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Grid units in the caller's jurisdiction (flat with level/parent, or format=tree); ancestors by name only */
    get: operations['getApiGridUnits'];
    put?: never;
    /** Create a unit (admin) */
    post: operations['postApiGridUnits'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/grid/units/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A unit with its chain, children and people */
    get: operations['getApiGridUnitsCode'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename / move / re-level a unit (admin); running cases keep the unit chain they started with */
    patch: operations['patchApiGridUnitsCode'];
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Users (admin) */
    get: operations['getApiUsers'];
    put?: never;
    /** Create a user (admin) */
    post: operations['postApiUsers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{username}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change roles, disable/enable, reset the password (admin); a reset or disable ends the user's sessions */
    patch: operations['patchApiUsersUsername'];
    trace?: never;
  };
  '/api/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Assessment of a unit subtree over [from, to): cases received/closed, 按期结案率 per case (onTimeRate) and per task (taskOnTimeRate), overdue, escalations by level, working-hour handling times without paused time, rework (返工) and its rate, per-child breakdown by the cases' grid, task figures by handling unit and level (byUnit, byLevel), daily escalation series (default: last 30 days) */
    get: operations['getApiStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/stats/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The per-unit assessment table of GET /stats (each child unit and the unit itself) as .xlsx or CSV
     * @description Same unit and period as GET /stats. The .xlsx title row names the unit, the period and the time of export. Handling times in working hours (workday calendar, paused time left out) and in calendar hours (the same stretches on the wall clock).
     */
    get: operations['getApiStatsExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/assessment': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * 考核: figures, score and grade per unit (the children and the unit itself), per department (a role at a unit) or per person of a subtree over a month, a quarter or a range of days; format=xlsx answers the same rows as the workbook handed in (title, unit, period, scheme version, time of export, signatures row)
     * @description Figures (defined in engine/sla/assessment.ts and the README): received, closed, tasksCompleted, onTimeRate (按期结案率 per case, units only), taskOnTimeRate (per task), reworkRate (返工率), extensionRate (延期率), returns / returnRate (退单率), supervised (挂牌督办), escalations, avgHandlingHours / avgCalendarHours, reports / validReports (persons: cases reported; those closed, not cancelled); persons: patrolHours (hours of ended patrols started in the period, each within its day), patrolDays (days with ≥ 1 h), dailyPatrolHours (patrolHours ÷ working days of the period up to now), missedPatrolDays (working days up to now with < 1 h), meetingsInvited / meetingsAttended / meetingAttendanceRate (例会签到); units: meetingsHeld (meetings recorded at the unit). A figure a row does not have is null. Scored with the scheme version in force on the first day of the period (score.items: the points of each item with a note). A period closed for that unit (POST /assessment/close) answers its frozen rows, not recomputed: `closed` {by, at}, each row's rank / rankOf within its kind and level, its `adjustment` (summed points, adjusted total and grade) and the `adjustments` listed; open periods have closed null. Supervisors: their subtree; admins: all; others 404.
     */
    get: operations['getApiAssessment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/assessment/schemes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Versions of the scoring scheme, newest first (version 0: the shipped default) */
    get: operations['getApiAssessmentSchemes'];
    put?: never;
    /** Save a new version of the scoring scheme (admin); 400 names the fields of an invalid scheme */
    post: operations['postApiAssessmentSchemes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/assessment/entries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An assessor's manual entry for an item of a row (points for manual items, a count for per-event items without a figure) with a reason; refused with 409 assessment.recusal for their own unit or person (回避) */
    post: operations['postApiAssessmentEntries'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/assessment/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close (归档) a month or a quarter that has ended for a unit subtree (its supervisors, admins): every row of every kind is scored with the scheme in force then and frozen, ranked per level, and each scored unit is notified of its rank (notification type assessment.ranking-published with params)
     * @description Later reads of that unit and period (GET /assessment) answer the frozen rows with `closed` set, without recomputing; corrections go in as adjustments (POST /assessment/adjustments). Refusals: 409 assessment.period-closed (closed already: closing twice changes nothing), 409 assessment.period-running (the period has not ended), 400 assessment.period-not-closable (a range of days), 404 outside the caller's subtrees.
     */
    post: operations['postApiAssessmentClose'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/assessment/adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A correction of a row of a closed period (points with a reason; the author is the caller): listed beside the frozen row, which keeps its score; the row shows its adjusted total and grade
     * @description Refusals: 409 assessment.period-open (not closed: make a manual entry), 404 assessment.unknown-subject (no such row in the closed table), 409 assessment.recusal (回避: own unit or person).
     */
    post: operations['postApiAssessmentAdjustments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Patrols newest first, paged: a head's subtrees (or `unit`'s subtree within them), a worker's own, everything for admins
     * @description Each patrol: worker, unit, day, startedAt / endedAt, endedBy (worker | auto), countedMs (the patrol time it counts for: within its day), consent, pointCount, photos (attachment ids), cases (ids of cases started from it), notes.
     */
    get: operations['getApiPatrols'];
    put?: never;
    /**
     * Start a patrol (巡查) at a unit where the caller holds a role; one open patrol at a time
     * @description `consent`: the worker agrees to send the phone's position (no consent: POST …/points is 409 patrol.no-consent). 409 patrol.already-open names the open patrol (`patrolId`); 400 patrol.not-your-unit. A patrol left open is closed at the end of its business day, counted to the worker's last point, photo or note.
     */
    post: operations['postApiPatrols'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's open patrol, or null (patrols left from an earlier day are closed first) */
    get: operations['getApiPatrolsCurrent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A patrol with its track (time order) and its photos */
    get: operations['getApiPatrolsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols/{id}/points': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * GPS track points of the caller's open patrol, at most 50 a batch
     * @description Kept only with consent (409 patrol.no-consent), within the patrol's time, at least 10 s after the previous kept point, at most 2000 a patrol; the answer counts the points kept and dropped. A repeated batch adds nothing. At most 12 batches a minute (429 patrol.too-many-requests).
     */
    post: operations['postApiPatrolsIdPoints'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols/{id}/photos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A photo of the caller's open patrol (multipart field `file`, as case attachments)
     * @description Stored as an attachment owned by the patrol (GET /attachments/{id} and its thumbnail serve it to whoever sees the patrol); `requestId` makes a repeat answer the first upload.
     */
    post: operations['postApiPatrolsIdPhotos'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patrols/{id}/end': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the caller's open patrol (its time counts to now, within its day); 409 patrol.not-open */
    post: operations['postApiPatrolsIdEnd'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/meetings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Meetings newest first, paged: a head's subtrees (or `unit`'s), or with invited=1 (and for anyone who heads nothing) the ones the caller is invited to */
    get: operations['getApiMeetings'];
    put?: never;
    /**
     * 例会: record a meeting of a unit the caller heads, with the people invited (of its subtree)
     * @description 400 meeting.unknown-attendee names usernames that hold no role in the unit or below; 404 for a unit outside the caller's subtrees. Attendance becomes the figures meetingsInvited, meetingsAttended, meetingAttendanceRate (persons) and meetingsHeld (units) of GET /assessment.
     */
    post: operations['postApiMeetings'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/meetings/candidates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The people a meeting of a unit may invite (a role in it or below), for the head to pick from */
    get: operations['getApiMeetingsCandidates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/meetings/{id}/sign-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * An invited person signs in at a meeting, on its day (a repeat answers the first sign-in)
     * @description 404 meeting.not-invited (also for a meeting that does not exist); 409 meeting.not-today.
     */
    post: operations['postApiMeetingsIdSignIn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit trail of user, unit and supervision-order changes with their actor, newest first (admin) */
    get: operations['getApiAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/history-cleanup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run the history cleanup now: archive and remove the cases past their time to live (admin) */
    post: operations['postApiAdminHistoryCleanup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/migrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recent migrations with their progress (admin) */
    get: operations['getApiMigrations'];
    put?: never;
    /**
     * Migrate every open case of the source version to the target version (admin); 202 with the job
     * @description Checked against every open case first: refused with 400 `migration.invalid` and one detail per problem (path = the old element id; codes migration.unmapped, migration.incompatible, migration.scope, migration.boundary-host, migration.drop, migration.join-flows, migration.unknown-source, migration.unknown-target; params.cases = some of the cases concerned). Runs in batches; GET /migrations/{id} shows total, done and failed.
     */
    post: operations['postApiMigrations'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/migrations/plan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A plan with its defaults (identical ids), the elements of both versions and the problems of its own entries (admin) */
    post: operations['postApiMigrationsPlan'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/migrations/shipped': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The migration plan shipped with the bundled process for these two versions, or plan: null (admin)
     * @description A plan of processes/migrations fits when the source version is the shipped version it was written for (by canonical hash) and the target is the current bundled file: {plan: {file, title, mapping, enter, notes}}. The mapping in the body is ignored. Writes nothing.
     */
    post: operations['postApiMigrationsShipped'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/migrations/dry-run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What a migration would do to each open case of the source version, without writing (admin) */
    post: operations['postApiMigrationsDryRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/migrations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Progress of a migration: total, done, failed (admin) */
    get: operations['getApiMigrationsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-Sent Events: `task`, `escalation`, `notification` (and `instance`) events the caller may see; token in the Authorization header or ?token= (EventSource cannot set headers); heartbeat comment every 15 s. Event ids are stable: reconnecting with `Last-Event-ID` (or ?lastEventId=) replays what was missed, or sends `reset` when that is no longer known (reload). `end` when the session ends. */
    get: operations['getApiEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    LoginBody: {
      username: string;
      password: string;
    };
    ChangePasswordBody: {
      currentPassword: string;
      newPassword: string;
    };
    ReportBody: {
      /** @description the device's id of the report: sending it again opens no second case */
      draftId: string;
      definitionKey: string;
      businessKey?: string;
      /** @description grid unit code, e.g. 310117001001001 */
      gridUnit: string;
      variables?: Record<string, unknown>;
      claimFirstTask?: boolean;
      /** @description the patrol the problem was found on */
      patrolId?: string;
    };
    StartInstanceBody: {
      definitionKey: string;
      businessKey?: string;
      /** @description grid unit code, e.g. 310117001001001 */
      gridUnit: string;
      variables?: Record<string, unknown>;
      version?: number;
      /** @description hand the first step (the start form) to the caller, pre-filled from the start variables: the answer names it as `firstTask` */
      claimFirstTask?: boolean;
    };
    CancelBody: {
      reason?: string;
    };
    DecisionEvaluateBody: {
      /** @description the variables the input expressions read */
      variables: Record<string, unknown>;
      /** @description a fixed version (default: the latest) */
      version?: number;
    };
    ListingBody: {
      reason: string;
    };
    MessageBody: {
      name: string;
      correlationKey: string | number;
      variables?: Record<string, unknown>;
      messageId?: string;
      /** @description seconds to buffer the message when nothing takes it (bounded by MESSAGE_BUFFER_MAX_TTL_S) */
      ttl?: number;
      /** @description grid unit code, e.g. 310117001001001 */
      gridUnit?: string;
    };
    SignalBody: {
      name: string;
      unit: string;
      variables?: Record<string, unknown>;
      signalId?: string;
    };
    RetryBody: {
      variables?: Record<string, unknown>;
    };
    ExternalFetchBody: {
      /** @description the worker instance (a service account may run several) */
      workerId: string;
      topics: {
        name: string;
        /** @description ms */
        lockDuration: number;
      }[];
      maxTasks: number;
      /** @description long polling: wait up to this many ms for a task when none is there (at most 30 s) */
      asyncResponseTimeout?: number;
    };
    ExternalCompleteBody: {
      /** @description the worker instance (a service account may run several) */
      workerId: string;
      variables?: Record<string, unknown>;
    };
    ExternalFailureBody: {
      /** @description the worker instance (a service account may run several) */
      workerId: string;
      errorMessage: string;
      /** @description retries left (default: one less) */
      retries?: number;
      /** @description ms before a retry */
      retryTimeout?: number;
    };
    ExternalBpmnErrorBody: {
      /** @description the worker instance (a service account may run several) */
      workerId: string;
      errorCode: string;
      errorMessage?: string;
      variables?: Record<string, unknown>;
    };
    ExternalExtendLockBody: {
      /** @description the worker instance (a service account may run several) */
      workerId: string;
      newDuration: number;
    };
    ExternalWorkerTopicsBody: {
      topics: string[];
    };
    DeploymentBundle: {
      /** @description BPMN 2.0 XML */
      bpmn: string;
      /** @description formKey → JSON Schema of the form (type object) */
      forms?: Record<string, unknown>;
    };
    CompleteBody: {
      data?: Record<string, unknown>;
    };
    MigrationBody: {
      definitionKey: string;
      fromVersion: number;
      toVersion: number;
      /** @description old element id → new element id (null: drop a boundary event); identical ids map by default */
      mapping?: {
        [key: string]: string | null;
      };
      /** @description old element ids whose waiting tokens enter the element they map to anew (old wait cancelled; a new task, timer or subscription from now) */
      enter?: string[];
    };
    DelegateBody: {
      to: string;
    };
    ReassignBody: {
      to: string;
    };
    SavedFilterBody: {
      name: string;
      /** @description the case list query string, without page */
      query: string;
    };
    PauseBody: {
      reason?: string;
    };
    IntakeBody: {
      /** @enum {string} */
      channel: '12345' | '96119' | 'app' | 'wechat' | 'walk-in' | 'patrol' | 'web';
      reporter: {
        name: string;
        /** @description digits, e.g. 13812341234 */
        phone: string;
      };
      category: string;
      description: string;
      location: {
        lat: number;
        lng: number;
        address?: string;
      };
    };
    PublicReportBody: {
      /**
       * @default web
       * @enum {string}
       */
      channel: 'web' | 'app' | 'wechat';
      reporter: {
        name: string;
        /** @description digits, e.g. 13812341234 */
        phone: string;
      };
      category: string;
      description: string;
      location: {
        lat: number;
        lng: number;
        address?: string;
      };
      challengeId: string;
      challengeAnswer: number;
    };
    IntakeAcceptBody: {
      /** @description grid unit code, e.g. 310117001001001 */
      gridUnit?: string;
    };
    IntakeMergeBody: {
      instanceId: string;
    };
    IntakeRejectBody: {
      reason: string;
    };
    VisitBody: {
      /** @enum {string} */
      satisfaction: 'satisfied' | 'basic' | 'dissatisfied';
      note?: string;
      /**
       * @default phone
       * @enum {string}
       */
      via: 'phone' | 'sms';
      /** @default false */
      reopen: boolean;
    };
    ReturnBody: {
      reason: string;
    };
    DispatchBody: {
      /** @description grid unit code, e.g. 310117001001001 */
      unit: string;
      roles: string[];
    };
    ExtensionBody: {
      reason: string;
      /** @description YYYY-MM-DD (business time zone) or an ISO date-time */
      dueAt: string | unknown | unknown;
    };
    BacklogBody: {
      reason: string;
      /** @description YYYY-MM-DD (business time zone) or an ISO date-time */
      reviewAt: string | unknown | unknown;
      taskId?: string;
    };
    DecisionBody: {
      comment?: string;
    };
    UnitCreateBody: {
      /** @description grid unit code, e.g. 310117001001001 */
      code: string;
      name: string;
      level: string;
      /** @description grid unit code, e.g. 310117001001001 */
      parent?: string;
      info?: Record<string, unknown>;
      /** @description time limits of this unit and the units below it, e.g. {"checkSla": "P5D"} */
      timeLimits?: {
        [key: string]: string;
      };
    };
    UnitPatchBody: {
      name?: string;
      level?: string;
      /** @description grid unit code, e.g. 310117001001001 */
      parent?: string;
      info?: Record<string, unknown>;
      /** @description time limits of this unit and the units below it, e.g. {"checkSla": "P5D"} */
      timeLimits?: {
        [key: string]: string;
      };
      disabled?: boolean;
    };
    UserCreateBody: {
      username: string;
      displayName: string;
      password: string;
      roles: {
        role: string;
        /** @description grid unit code, e.g. 310117001001001 */
        unit: string;
      }[];
      phone?: string;
      disabled?: boolean;
    };
    UserPatchBody: {
      displayName?: string;
      password?: string;
      roles?: {
        role: string;
        /** @description grid unit code, e.g. 310117001001001 */
        unit: string;
      }[];
      phone?: string;
      disabled?: boolean;
    };
    SupervisionOrderBody: {
      /**
       * @description duban = 督办单, jiaoban = 交办单
       * @enum {string}
       */
      kind: 'duban' | 'jiaoban';
      /** @description a unit code, a role@unit key, or a department role found on the case path */
      to: string;
      content: string;
      /** Format: date-time */
      replyDueAt?: string;
      /** @description ISO-8601 duration, counted in working time (e.g. P2D, PT4H) */
      replySla?: string;
    } & (unknown | unknown);
    SupervisionReplyBody: {
      content: string;
    };
    CommentBody: {
      text: string;
      mentions?: string[];
      /** @description the same id on a repeated request adds nothing twice */
      requestId?: string;
    };
    AssessmentSchemeBody: {
      /** @description the scheme body: name, validFrom, base, items, grades, min, max */
      scheme: Record<string, unknown>;
      /** @description the version the editor started from */
      baseVersion?: number;
    };
    AssessmentEntryBody: {
      period: string;
      /** @enum {string} */
      by: 'unit' | 'department' | 'person';
      /** @description unit code, `unit|role` or username (a row key of GET /assessment) */
      subject: string;
      itemId: string;
      points?: number;
      count?: number;
      reason: string;
      /** @description the table the entry is made on: refused once its period is closed */
      unit?: string;
    };
    AssessmentCloseBody: {
      /** @description grid unit code, e.g. 310117001001001 */
      unit: string;
      /** @description a month (2026-11) or a quarter (2026-Q4) that has ended */
      period: string;
    };
    AssessmentAdjustmentBody: {
      /** @description the unit whose closed table holds the row */
      unit: string;
      period: string;
      /** @enum {string} */
      by: 'unit' | 'department' | 'person';
      /** @description a row key of the closed table (unit code, `unit|role` or username) */
      subject: string;
      points: number;
      reason: string;
    };
    PatrolStartBody: {
      /** @description the unit patrolled (default: the caller's first unit) */
      unit?: string;
      /** @description the worker agrees to send the position: without it no track points are accepted */
      consent: boolean;
      notes?: string;
    };
    PatrolPointsBody: {
      points: {
        /** @description ms since the epoch */
        at: number;
        lat: number;
        lng: number;
        accuracy?: number;
      }[];
    };
    PatrolEndBody: {
      notes?: string;
    };
    MeetingBody: {
      /** @description grid unit code, e.g. 310117001001001 */
      unit: string;
      /**
       * Format: date
       * @description YYYY-MM-DD: the day it is held (sign-in is open that day)
       */
      date: string;
      topic: string;
      /** @description usernames of people with a role in the unit or below */
      attendees: string[];
    };
    /** @description old element id → new element id (null: the element is dropped) */
    MigrationMapping: {
      [key: string]: string | null;
    };
    PlanNode: {
      id: string;
      kind: string;
      name?: string;
      parent?: string;
      attachedTo?: string;
    };
    /** @description what a migration would do to one case */
    DryRunCase: {
      instanceId: string;
      caseNo?: string;
      /** @enum {string} */
      status: 'migrated' | 'refused' | 'skipped';
      problems?: {
        elementId: string;
        code: string;
        message: string;
        params: {
          [key: string]: unknown;
        };
      }[];
      report?: {
        moved: {
          tokenId: string;
          from: string;
          to: string;
        }[];
        entered: {
          tokenId: string;
          from: string;
          to: string;
          newTokenId: string;
        }[];
        tasks: {
          taskId: string;
          from: string;
          to: string;
          /** @enum {string} */
          sla: 'kept' | 'replanned' | 'none';
        }[];
        timers?: {
          [key: string]: unknown;
        }[];
        subscriptions?: {
          [key: string]: unknown;
        }[];
        incidents?: {
          [key: string]: unknown;
        }[];
      };
    };
    /** @description a migration run: its plan, progress (total, done, failed) and status */
    MigrationJob: {
      id: string;
      definitionKey: string;
      fromVersion: number;
      toVersion: number;
      /** @enum {string} */
      status: 'running' | 'completed' | 'completed-with-failures';
      total: number;
      done: number;
      failed: number;
      failures: {
        instanceId: string;
        reason: string;
      }[];
      mapping?: components['schemas']['MigrationMapping'];
      enter?: string[];
      createdBy: string;
      /** @description epoch milliseconds */
      createdAt: number;
    };
    /** @description A case (案件) in lists and after commands on it */
    InstanceSummary: {
      id: string;
      definitionKey: string;
      definitionVersion: number;
      processName?: string;
      businessKey?: string;
      caseNo?: string;
      title?: string;
      gridUnit: string;
      gridUnitName?: string;
      unitChain?: {
        code: string;
        level: string;
        name?: string;
      }[];
      /** @enum {string} */
      status: 'active' | 'completed' | 'cancelled' | 'terminated';
      supervised?: boolean;
      /** @description epoch milliseconds */
      startedAt: number;
      startedBy?: string;
      /** @description epoch milliseconds */
      endedAt?: number;
      /** @description epoch milliseconds */
      removalAt?: number;
      /** @description epoch milliseconds */
      updatedAt?: number;
      openTaskCount?: number;
      holders?: {
        taskId: string;
        name: string;
        unit: string;
        unitName?: string;
        level?: string;
        assignee: string | null;
      }[];
      overdue?: boolean;
      openIncidents?: number;
      parentInstanceId?: string;
    };
    /** @description A case with its tasks, newest history, escalations and supervision orders */
    Instance: components['schemas']['InstanceSummary'] & {
      variables: {
        [key: string]: unknown;
      };
      incidents?: {
        [key: string]: unknown;
      }[];
      openTasks?: components['schemas']['Task'][];
      tasks: components['schemas']['Task'][];
      history: components['schemas']['HistoryRecord'][];
      historyTotal?: number;
      historyCursor?: string | null;
      escalations?: components['schemas']['Escalation'][];
      supervisionOrders?: components['schemas']['SupervisionOrder'][];
      can: {
        cancel: boolean;
        supervise: boolean;
      };
      listing?: {
        by: string;
        /** @description epoch milliseconds */
        at: number;
        reason: string;
      } | null;
      parent?: {
        instanceId: string;
        tokenId: string;
        nodeId: string;
        definitionKey: string;
        caseNo?: string;
      } | null;
      callDepth?: number;
      children?: {
        id: string;
        tokenId: string;
        nodeId: string;
        key: string;
        /** @description epoch milliseconds */
        at: number;
        ended?: {
          /** @enum {string} */
          status: 'active' | 'completed' | 'cancelled' | 'terminated';
          /** @description epoch milliseconds */
          at: number;
          error?: string;
        };
        caseNo?: string;
        title?: string;
        definitionVersion?: number;
        /** @enum {string} */
        status?: 'active' | 'completed' | 'cancelled' | 'terminated';
        openIncidents?: number;
      }[];
      childIncidents?: {
        id: string;
        instanceId: string;
        caseNo?: string;
        definitionKey: string;
        nodeId: string;
        message: string;
        code?: string;
        /** @description epoch milliseconds */
        at: number;
      }[];
    };
    /** @description A row of the case list: the case with its due dates, levels and handling time so far */
    CaseListItem: components['schemas']['InstanceSummary'] & {
      dueAt: number | null;
      breachAt: number | null;
      overdueNow: boolean;
      escalated: boolean;
      openLevels: string[];
      handling: {
        workingHours: number;
        calendarHours: number;
      };
    };
    /** @description A case just opened (or, for a report sent again, the one it opened) */
    StartedCase: components['schemas']['InstanceSummary'] & {
      /** @description with claimFirstTask: the first step, handed to the starter (null: not theirs) */
      firstTask?: {
        id: string;
        name?: string;
        assignee: string | null;
        status?: string;
      } | null;
      /** @description a report already received under this draftId: its case */
      duplicate?: boolean;
    };
    /** @description An entry of a case's history, with the names of the element, people and units it mentions */
    HistoryRecord: {
      _id?: string;
      instanceId?: string;
      /** @description epoch milliseconds */
      at: number;
      seq?: number;
      actor: string;
      action: string;
      elementId?: string;
      from?: string;
      to?: string;
      details?: {
        [key: string]: unknown;
      };
      elementName?: string;
      actorName?: string;
      unitName?: string;
      fromUnitName?: string;
      toName?: string;
      assigneeName?: string;
      ownerName?: string;
      changes?: components['schemas']['FieldChange'][];
    };
    /** @description A changed form field, labelled by its form: its value before and after */
    FieldChange: {
      name: string;
      /** @description the form field's title */
      title: string;
      value: unknown;
      /** @description the option labels of an enum value */
      labels?: string[];
      format?: string;
      /** @description absent when the field had no value before */
      previous?: unknown;
      previousLabels?: string[];
    };
    /** @description A submitted value of the case file, labelled by its form */
    CaseFileField: {
      name: string;
      /** @description the form field's title */
      title: string;
      value: unknown;
      /** @description the option labels of an enum value */
      labels?: string[];
      format?: string;
      /**
       * @description 处置前/处置后 photos (the form's x-stage)
       * @enum {string}
       */
      stage?: 'before' | 'after';
      /** @description a list of objects (当事人 …): each row's fields, labelled */
      rows?: components['schemas']['CaseFileField'][][];
    };
    /** @description A completed step of the case file with what it submitted */
    CaseFileStep: {
      taskId: string;
      nodeId: string;
      name?: string;
      completedBy?: string;
      /** @description epoch milliseconds */
      completedAt?: number;
      formKey?: string;
      formTitle?: string;
      fields: components['schemas']['CaseFileField'][];
    };
    /** @description The case file (案卷): every step with what it submitted */
    CaseFile: {
      instanceId: string;
      caseNo?: string;
      title?: string;
      /** @enum {string} */
      status: 'active' | 'completed' | 'cancelled' | 'terminated';
      report: {
        by: string;
        /** @description epoch milliseconds */
        at: number;
        taskId?: string;
        formKey?: string;
        formTitle?: string;
        fields: components['schemas']['CaseFileField'][];
      } | null;
      steps: components['schemas']['CaseFileStep'][];
      stepsTotal: number;
      /** @description login → display name */
      people: {
        [key: string]: string;
      };
      comments: components['schemas']['Comment'][];
      commentsTotal: number;
      attachments: components['schemas']['Attachment'][];
      orders: components['schemas']['SupervisionOrder'][];
    };
    /** @description Older history records of a case, oldest first */
    HistoryPage: {
      items: components['schemas']['HistoryRecord'][];
      total: number;
      /** @description the page before this one; null at the oldest record */
      cursor: string | null;
      limit: number;
    };
    /** @description The case's diagram with where it stands: active, completed and failed elements, flows taken */
    DiagramState: {
      xml: string;
      definitionKey?: string;
      definitionVersion?: number;
      activeNodeIds: string[];
      completedNodeIds: string[];
      takenFlowIds: string[];
      incidentNodeIds: string[];
    };
    /** @description A task moved up a level when its time ran out (升级) */
    Escalation: {
      _id?: string;
      id?: string;
      instanceId?: string;
      taskId?: string;
      taskName?: string;
      nodeId?: string;
      definitionKey?: string;
      businessKey?: string;
      caseNo?: string;
      caseTitle?: string;
      gridUnit?: string;
      fromLevel: string;
      toLevel: string;
      fromUnit: string;
      toUnit: string;
      fromUnitName?: string;
      toUnitName?: string;
      /** @description epoch milliseconds */
      dueAt: number;
      /** @description epoch milliseconds */
      firedAt: number;
      latenessMs?: number;
      supervised?: boolean;
      taskStatus?: string;
      assignee?: string;
    };
    /** @description A user task as the caller may see it (`can`: what the caller may do with it) */
    Task: {
      id: string;
      _id?: string;
      instanceId: string;
      nodeId: string;
      tokenId?: string;
      name?: string;
      /** @enum {string} */
      status: 'open' | 'completed' | 'cancelled';
      unit: string;
      unitName?: string;
      unitPath?: string[];
      level?: string;
      candidateRoles?: string[];
      assignee?: string;
      owner?: string;
      formKey?: string;
      formVersion?: string;
      /** @description epoch milliseconds */
      createdAt: number;
      /** @description epoch milliseconds */
      dueAt?: number;
      /** @description the due date the assessment reads (moved by 延期 or 挂账, not 挂起) */
      assessDueAt?: number;
      /** @description epoch milliseconds */
      warnDueAt?: number;
      /** @enum {string} */
      slaState: 'ontime' | 'warned' | 'overdue' | 'escalated' | 'supervised';
      paused?: {
        /** @description epoch milliseconds */
        since: number;
        reason?: string;
        by?: string;
      };
      definitionKey?: string;
      definitionVersion?: number;
      processName?: string;
      businessKey?: string;
      caseNo?: string;
      caseTitle?: string;
      gridUnit?: string;
      supervised?: boolean;
      completing?: {
        by?: string;
        /** @description epoch milliseconds */
        at?: number;
      };
      /** @description epoch milliseconds */
      completedAt?: number;
      completedBy?: string;
      data?: {
        [key: string]: unknown;
      };
      escalations?: components['schemas']['Escalation'][];
      watchers?: string[];
      overdue?: boolean;
      can: {
        act: boolean;
        claim: boolean;
        supervise: boolean;
      };
      returned?: {
        unit: string;
        roles: string[];
        reason: string;
        by: string;
        /** @description epoch milliseconds */
        at: number;
      };
      request?: components['schemas']['TaskRequest'];
      parked?: {
        /** @description epoch milliseconds */
        since: number;
        /** @description epoch milliseconds */
        reviewAt: number;
      };
      extensions?: {
        id: string;
        /** @description epoch milliseconds */
        from: number;
        /** @description epoch milliseconds */
        to: number;
        /** @description epoch milliseconds */
        at: number;
        by: string;
      }[];
      formSchema?: {
        [key: string]: unknown;
      } | null;
    };
    /** @description A 延期 / 挂账 request waiting for a supervisor */
    TaskRequest: {
      /** @description public id (`taskId~rq…`) for /api/requests/{id}/approve|refuse */
      id: string;
      /** @enum {string} */
      kind: 'extension' | 'backlog';
      by: string;
      /** @description epoch milliseconds */
      at: number;
      reason: string;
      /** @description epoch milliseconds */
      dueAt?: number;
      /** @description epoch milliseconds */
      reviewAt?: number;
    };
    DefinitionListItem: {
      key: string;
      name?: string;
      version: number;
      /** @description epoch milliseconds */
      deployedAt?: number;
      deployedBy?: string;
      versions: number;
      /** @description no case can start on it (the process or all its versions retired) */
      retired: boolean;
      retiredVersions?: number[];
      /** @description false: only a timer or message start event opens its cases */
      manualStart?: boolean;
    };
    /** @description A deployed process definition version */
    Definition: {
      key: string;
      name?: string;
      version: number;
      /** @description epoch milliseconds */
      deployedAt?: number;
      deployedBy?: string;
      retired?: boolean;
      versionRetired?: boolean;
      summary?: {
        key: string;
        name?: string;
        nodes?: {
          id: string;
          kind: string;
          name?: string;
          level?: string;
          formKey?: string;
          formVersion?: string;
          candidateRoles?: string[];
        }[];
        flows?: number;
        startFormKey?: string;
        startFormVersion?: string;
        manualStart?: boolean;
      };
      xml: string;
      versions?: {
        version: number;
        name?: string;
        /** @description epoch milliseconds */
        deployedAt?: number;
        deployedBy?: string;
        retired?: boolean;
      }[];
      timerSchedules?: {
        version?: number;
        nodeId: string;
        nextAt?: number | null;
        lastAt?: number | null;
        stopped?: boolean;
      }[];
    };
    DeployResult: {
      key: string;
      version: number;
      name?: string;
      created: boolean;
      unchanged: boolean;
      processes: {
        key: string;
        version: number;
        name?: string;
        created: boolean;
        unchanged?: boolean;
      }[];
      warnings: {
        path: string;
        message?: string;
        code: string;
        params: {
          [key: string]: unknown;
        };
      }[];
    };
    /** @description A check without deploying: `valid: false` with the coded problems as details */
    ValidationResult: {
      valid: boolean;
      details: {
        path: string;
        message: string;
        code: string;
        params?: Record<string, unknown>;
      }[];
      warnings?: {
        path: string;
        message: string;
        code: string;
        params?: Record<string, unknown>;
      }[];
      processes?: Record<string, unknown>[];
    };
    /** @description A deployed DMN decision (its latest version, and how many versions there are) */
    Decision: {
      key: string;
      name?: string;
      version: number;
      hitPolicy?: string;
      versions: number;
      /** @description epoch milliseconds */
      deployedAt: number;
      deployedBy: string;
    };
    /** @description One version of a DMN decision: a table (inputs, outputs, number of rules) or a literal expression */
    DecisionDetail: {
      key: string;
      name?: string;
      version: number;
      hitPolicy?: string;
      /** @description epoch milliseconds */
      deployedAt: number;
      deployedBy: string;
      requires: string[];
      aggregation?: string;
      inputs?: {
        id: string;
        label?: string;
        expression: string;
      }[];
      outputs?: {
        id: string;
        name: string;
        label?: string;
      }[];
      rules?: number;
      expression?: string;
      versions: {
        version: number;
        name?: string;
        hitPolicy?: string;
        /** @description epoch milliseconds */
        deployedAt: number;
        deployedBy: string;
      }[];
    };
    /** @description A notification: the first items of a batch and how many there are */
    Notification: {
      id: string;
      _id?: string;
      kind: string;
      user?: string;
      /** @description the Chinese sentence: shown only for notifications without `message` */
      title: string;
      body?: string;
      message?: components['schemas']['NotificationMessage'];
      items?: {
        taskId?: string;
        instanceId: string;
        caseNo?: string;
        caseTitle?: string;
        title: string;
        body?: string;
        message?: components['schemas']['NotificationMessage'];
      }[];
      itemCount?: number;
      read: boolean;
      /** @description epoch milliseconds */
      at: number;
      /** @description epoch milliseconds */
      createdAt?: number;
    };
    User: {
      username: string;
      displayName: string;
      roles: {
        role: string;
        unit: string;
      }[];
      roleKeys?: string[];
      disabled?: boolean;
      phone?: string;
    };
    Me: {
      username: string;
      displayName?: string;
      phone?: string;
      roles: {
        role: string;
        roleName?: string;
        unit: string;
        unitName?: string;
        unitLevel?: string;
      }[];
      units?: {
        code: string;
        name: string;
        level: string;
        roles: string[];
      }[];
      admin?: boolean;
      /** @description a generated first password: nothing works until it is changed */
      mustChangePassword?: boolean;
      /** @description units where the user is supervisor */
      supervises?: string[];
    };
    Unit: {
      code: string;
      name: string;
      level: string;
      parent?: string;
      info?: {
        [key: string]: unknown;
      };
      timeLimits?: {
        [key: string]: string;
      };
      disabled?: boolean;
      /** @description shown by name only (above the caller's jurisdiction) */
      ancestorOnly?: boolean;
      children?: components['schemas']['Unit'][];
      chain?: components['schemas']['Unit'][];
      people?: {
        username: string;
        displayName?: string;
        phone?: string;
        disabled?: boolean;
        roles?: {
          role: string;
          roleName?: string;
        }[];
      }[];
    };
    /** @description A 督办单 / 交办单 and its reply; `overdue`: open past its reply date */
    SupervisionOrder: {
      id: string;
      _id?: string;
      instanceId?: string;
      /** @enum {string} */
      kind: 'duban' | 'jiaoban';
      to: string;
      target: {
        unit: string;
        unitName?: string;
        role?: string;
      };
      content: string;
      /** @enum {string} */
      status: 'open' | 'replied' | 'overdue';
      /** @description epoch milliseconds */
      replyDueAt: number;
      /** @description epoch milliseconds */
      createdAt: number;
      createdBy: string;
      caseNo?: string;
      caseTitle?: string;
      reply?: {
        content: string;
        /** @description epoch milliseconds */
        at: number;
        by: string;
        late: boolean;
      };
    };
    /** @description The assessment figures of a period, every one always present (handling hours are working hours) */
    Figures: {
      received: number;
      closed: number;
      closedOnTime: number;
      cancelled: number;
      due: number;
      dueOnTime: number;
      onTimeRate: number | null;
      taskDue: number;
      taskDueOnTime: number;
      taskOnTimeRate: number | null;
      overdueNow: number;
      escalations: {
        total: number;
        byLevel: {
          [key: string]: number;
        };
      };
      avgTaskHandlingHours: number | null;
      avgCaseHandlingHours: number | null;
      avgTaskCalendarHours: number | null;
      avgCaseCalendarHours: number | null;
      rework: number;
      reworkRate: number | null;
      returns: number;
      returnRate: number | null;
      extensions: number;
      extensionRate: number | null;
      backlogs: number;
      backlogNow: number;
      repliesDue: number;
      replies: number;
      replyRate: number | null;
      visits: number;
      satisfied: number;
      basic: number;
      dissatisfied: number;
      satisfactionRate: number | null;
      reopened: number;
    };
    /** @description Figures of the period for the unit (and its subtree) the query names, and per child unit */
    Stats: components['schemas']['Figures'] & {
      unit: {
        code: string;
        name: string;
        level: string;
      };
      period: {
        /** @description epoch milliseconds */
        from: number;
        /** @description epoch milliseconds */
        to: number;
      };
      /** @description server (domain) time of the assessment */
      now: number;
      children: ({
        code: string;
        name: string;
        level: string;
      } & components['schemas']['Figures'])[];
      byUnit?: {
        [key: string]: unknown;
      }[];
      byLevel?: {
        [key: string]: {
          [key: string]: unknown;
        };
      };
      byDepartment?: {
        [key: string]: unknown;
      }[];
      byPerson?: {
        [key: string]: unknown;
      }[];
      series: {
        date: string;
        total: number;
        byLevel: {
          [key: string]: number;
        };
      }[];
    };
    /** @description An uploaded photo or file */
    Attachment: {
      id: string;
      instanceId?: string;
      taskId?: string;
      field?: string;
      uploader: string;
      name: string;
      size: number;
      contentType: string;
      /** @enum {string} */
      kind: 'image' | 'pdf' | 'office';
      sha256: string;
      hasThumbnail: boolean;
      /** @description when the photo was taken (EXIF) */
      takenAt?: number;
      /** @description where the photo was taken (EXIF GPS) */
      location?: {
        lat: number;
        lon: number;
      };
      width?: number;
      height?: number;
      /** @description epoch milliseconds */
      createdAt: number;
    };
    /** @description A comment on a case (@mentions notify) */
    Comment: {
      id: string;
      instanceId: string;
      author: string;
      authorName?: string;
      text: string;
      mentions: {
        username: string;
        displayName?: string;
      }[];
      /** @description epoch milliseconds */
      at: number;
    };
    /** @description A named case list filter of its owner */
    SavedFilter: {
      id: string;
      name: string;
      /** @description the case list's query string without paging */
      query: string;
      /** @description epoch milliseconds */
      createdAt: number;
      /** @description epoch milliseconds */
      updatedAt: number;
    };
    /** @description An entry of the audit trail: who did what to which user, unit, definition or case */
    AuditEntry: {
      id: string;
      /** @description epoch milliseconds */
      at: number;
      actor: string;
      action: string;
      target: {
        type: string;
        id: string;
      };
      details?: {
        [key: string]: unknown;
      };
    };
    /** @description A step that failed and waits for a fix and a retry */
    Incident: {
      _id?: string;
      id: string;
      instanceId: string;
      definitionKey?: string;
      tokenId?: string;
      nodeId: string;
      message: string;
      code?: string;
      /** @enum {string} */
      phase?: 'execute' | 'leave' | 'job';
      /** @description epoch milliseconds */
      at: number;
      /** @enum {string} */
      status: 'open' | 'resolved';
    };
    IntakeEntry: {
      receipt: string;
      state?: string;
    };
    /** @description What was done (fields per operation) */
    Ok: Record<string, unknown>;
    /** @description Every error answer. Clients switch on `error.code` and word it themselves from `error.params` (the UI has zh and en text for every code); `error.message` is the English text of the code, for logs and people only. A few answers carry data beside it (404 of GET /api/locate: `grid`, `path`, `within`). */
    Error: {
      error: {
        /**
         * @description Codes: `not-found` (not found); `internal` (internal error); `http.malformed-json` (malformed JSON body); `http.too-large` (request body too large); `http.unsupported-encoding` (unsupported content encoding or charset); `http.bad-body` (bad request body); `http.malformed-url` (malformed percent-encoding in the URL); `http.bad-compression` (invalid compressed request body); `http.bad-request` (bad request); `http.refused` (request refused); `http.content-type` (Content-Type must be {expected}); `http.invalid-body` (invalid request body); `http.invalid-query` (invalid query parameters); `invalid-field` (invalid {field}); `too-deep` (nested deeper than {limit} levels); `unsafe-text` (text with unsafe characters); `auth.required` (authentication required); `auth.invalid-credentials` (invalid username or password); `auth.token-expired` (token expired); `auth.invalid-token` (invalid token); `auth.account-disabled` (account not found or disabled); `session-ended` (session ended, sign in again); `password-change-required` (change your password first); `password.wrong-current` (current password is wrong); `password.unchanged` (new password must differ); `too-many-sign-ins` (too many sign-in attempts, try again later); `too-many-reports` (too many reports, try again later); `metrics.token-required` (metrics token required); `definition.not-found` (process definition not found); `definition.empty-document` (empty document); `definition.invalid` (invalid process definition); `definition.retired` (process definition retired); `form.not-found` (form not found); `form.invalid` (form {formKey} is invalid); `form.unstorable` (form data cannot be stored); `unit.not-found` (unit not found); `unit.unknown` (unknown grid unit); `unit.invalid` (invalid unit); `unit.exists` (unit {code} exists); `unit.disabled` (unit {unit} is disabled); `unit.active-children` (unit {unit} has active units below it); `user.not-found` (user not found); `user.exists` (user {username} exists); `user.invalid-roles` (invalid roles); `user.cannot-disable-self` (cannot disable yourself); `person.not-found` (person not found); `instance.not-found` (instance not found); `instance.not-active` (instance {instanceId} is {status}); `incident.not-open` (no open incident {incidentId}); `variables.unstorable` (variables cannot be stored); `variables.reserved` ({name} comes from the units’ configuration); `variables.undeclared` (variables not declared by the start form); `message.unstorable` (message variables cannot be stored); `signal.unstorable` (signal variables cannot be stored); `message.ttl` (a message may be buffered for at most {max} seconds); `message.start-unit` (message {name} starts process {key}, but names no grid unit and the start event has no grid:startUnit); `definition.no-none-start` (process {key} starts by a timer or a message only, not by hand); `task.not-found` (task not found); `task.closed` (task {taskId} is already {status}); `task.claimed-by-other` (task {taskId} is claimed by {assignee}); `task.being-completed` (task {taskId} is already being completed); `task.expression` (an expression of step {nodeId} failed: the process needs correcting); `task.not-delegated` (task {taskId} is not delegated); `task.delegated-to-other` (task {taskId} is delegated to {assignee}); `task.held-by-other` (task {taskId} is held by someone else); `task.invalid-target-user` (invalid target user); `task.cannot-delegate-to-self` (cannot delegate to yourself); `dispatch.not-returned` (task {taskId} is not waiting for dispatch); `task.no-role-holders` (nobody holds these roles at that unit); `task.none-open-for-you` (no open task of yours in this case); `return.unit-off-chain` (unit is not on the case’s chain); `return.window-closed` (the return window closed); `return.repeat-needs-supervisor` (a second return needs a supervisor of the unit); `return.already-returned` (the task was returned already); `case.parked` (the case is parked (挂账)); `case.already-listed` (case {instanceId} is already supervised (挂牌督办)); `case.not-listed` (case {instanceId} is not supervised (挂牌督办)); `request.not-found` (request not found); `request.pending` (a request is pending); `request.decided` (the request was decided already); `extension.no-sla` (the task has no time limit); `extension.overdue` (the time limit has passed); `saved-filter.not-found` (saved filter not found); `saved-filters.limit` (at most {max} saved filters); `notification.not-found` (notification not found); `order.not-found` (supervision order not found); `order.already-replied` (order already replied); `order.invalid-target` (invalid target); `order.invalid-deadline` (invalid reply deadline); `period.invalid` (invalid period); `assessment.invalid-period` (invalid period); `assessment.invalid-scheme` (invalid scheme); `assessment.invalid-subject` (invalid subject); `assessment.scheme-conflict` (the scheme was changed by someone else); `assessment.unknown-item` (unknown assessment item); `assessment.wrong-value` (value outside the item’s range); `assessment.period-closed` (the period is closed); `assessment.period-running` (the period is still running); `assessment.period-open` (the period is not closed); `assessment.period-not-closable` (the period cannot be closed); `assessment.unknown-subject` (unknown subject); `assessment.recusal` (assessors recuse themselves and their own unit); `attachment.not-found` (attachment not found); `attachment.no-thumbnail` (no thumbnail); `attachment.too-large` (file too large); `attachment.type-not-allowed` (file type not allowed); `attachment.case-closed` (the case is closed: nothing can be added to it); `attachment.task-closed` (the step is no longer open); `attachment.bad-form` (invalid upload form); `attachment.file-missing` (no file in the multipart field "file"); `attachment.empty` (the file is empty); `attachment.task-not-actionable` (not a step of this case you may work on); `attachment.foreign` (the form names attachments that are not on this case); `comment.mention-not-visible` (a mentioned user may not see this case); `report.not-found` (report not found); `receipt.not-found` (receipt not found); `intake.unknown-category` (unknown category); `intake.no-grid` (the location is in no grid: choose the grid); `locate.no-grid` (no grid at this point); `intake.not-a-grid` (not a grid); `intake.already-decided` (report is already decided); `challenge.failed` (wrong or expired answer to the question); `intake.too-many-photos` (at most {limit} photos per report); `visit.none` (this case has no 回访); `visit.not-allowed` (you may not record the 回访 of this case); `visit.case-open` (the case has not closed yet); `visit.case-missing` (case not found); `visit.already-recorded` (this 回访 is already recorded); `visit.reopen-limit` (the case was reopened as often as allowed); `visit.reason-required` (a reason is required); `visit.reopen-needs-dissatisfied` (only a dissatisfied answer reopens the case); `patrol.already-open` (a patrol is already open); `patrol.not-open` (the patrol is not open); `patrol.no-consent` (location tracking needs consent); `patrol.not-your-unit` (not a unit of yours); `patrol.not-found` (patrol not found); `patrol.too-many-points` (too many track points); `patrol.too-many-requests` (too many requests); `meeting.not-invited` (not invited to the meeting); `meeting.not-today` (the meeting is not today); `meeting.unknown-attendee` (unknown attendee); `meeting.bad-date` (invalid meeting date); `meeting.not-found` (meeting not found); `xml.encoding-unsupported` (unsupported character encoding {encoding}); `xml.encoding-invalid` (the bytes are not valid {encoding}); `decision.invalid` (invalid decision definition); `decision.not-found` (decision not found); `dmn.unique-violated` (hit policy UNIQUE: several rules match); `dmn.any-conflict` (hit policy ANY: matching rules give different outputs); `dmn.aggregation-type` (the aggregation needs numbers or strings of one kind); `dmn.expression` (an expression of the decision failed); `dmn.budget` (an expression of the decision exceeded its budget); `dmn.result-mapping` (the result does not fit the result mapping); `migration.same-version` (source and target are the same version {version} of {key}); `migration.version-not-found` (version {version} of {key} not found); `migration.invalid` (the plan cannot migrate every case: {elementIds}); `migration.too-many-cases` (more than {max} cases: migrate in several runs); `migration.not-found` (migration not found); `event-subprocess.rearm` (event sub-process {elementId} cannot listen again: {message}); `external-task.not-found` (external task {id} not found); `external-task.not-lock-holder` (external task {id} is not locked by this worker); `external-task.lock-expired` (the lock of external task {id} has expired); `external-task.done` (external task {id} has been reported already); `external-task.failed` (external task {id} failed; its incident waits for an admin); `external-task.not-a-worker` (the caller is not an external worker); `external-task.topic-not-allowed` (topic {topic} is not among the topics of this worker); `external-task.unstorable` (the variables cannot be stored)
         * @enum {string}
         */
        code:
          | 'not-found'
          | 'internal'
          | 'http.malformed-json'
          | 'http.too-large'
          | 'http.unsupported-encoding'
          | 'http.bad-body'
          | 'http.malformed-url'
          | 'http.bad-compression'
          | 'http.bad-request'
          | 'http.refused'
          | 'http.content-type'
          | 'http.invalid-body'
          | 'http.invalid-query'
          | 'invalid-field'
          | 'too-deep'
          | 'unsafe-text'
          | 'auth.required'
          | 'auth.invalid-credentials'
          | 'auth.token-expired'
          | 'auth.invalid-token'
          | 'auth.account-disabled'
          | 'session-ended'
          | 'password-change-required'
          | 'password.wrong-current'
          | 'password.unchanged'
          | 'too-many-sign-ins'
          | 'too-many-reports'
          | 'metrics.token-required'
          | 'definition.not-found'
          | 'definition.empty-document'
          | 'definition.invalid'
          | 'definition.retired'
          | 'form.not-found'
          | 'form.invalid'
          | 'form.unstorable'
          | 'unit.not-found'
          | 'unit.unknown'
          | 'unit.invalid'
          | 'unit.exists'
          | 'unit.disabled'
          | 'unit.active-children'
          | 'user.not-found'
          | 'user.exists'
          | 'user.invalid-roles'
          | 'user.cannot-disable-self'
          | 'person.not-found'
          | 'instance.not-found'
          | 'instance.not-active'
          | 'incident.not-open'
          | 'variables.unstorable'
          | 'variables.reserved'
          | 'variables.undeclared'
          | 'message.unstorable'
          | 'signal.unstorable'
          | 'message.ttl'
          | 'message.start-unit'
          | 'definition.no-none-start'
          | 'task.not-found'
          | 'task.closed'
          | 'task.claimed-by-other'
          | 'task.being-completed'
          | 'task.expression'
          | 'task.not-delegated'
          | 'task.delegated-to-other'
          | 'task.held-by-other'
          | 'task.invalid-target-user'
          | 'task.cannot-delegate-to-self'
          | 'dispatch.not-returned'
          | 'task.no-role-holders'
          | 'task.none-open-for-you'
          | 'return.unit-off-chain'
          | 'return.window-closed'
          | 'return.repeat-needs-supervisor'
          | 'return.already-returned'
          | 'case.parked'
          | 'case.already-listed'
          | 'case.not-listed'
          | 'request.not-found'
          | 'request.pending'
          | 'request.decided'
          | 'extension.no-sla'
          | 'extension.overdue'
          | 'saved-filter.not-found'
          | 'saved-filters.limit'
          | 'notification.not-found'
          | 'order.not-found'
          | 'order.already-replied'
          | 'order.invalid-target'
          | 'order.invalid-deadline'
          | 'period.invalid'
          | 'assessment.invalid-period'
          | 'assessment.invalid-scheme'
          | 'assessment.invalid-subject'
          | 'assessment.scheme-conflict'
          | 'assessment.unknown-item'
          | 'assessment.wrong-value'
          | 'assessment.period-closed'
          | 'assessment.period-running'
          | 'assessment.period-open'
          | 'assessment.period-not-closable'
          | 'assessment.unknown-subject'
          | 'assessment.recusal'
          | 'attachment.not-found'
          | 'attachment.no-thumbnail'
          | 'attachment.too-large'
          | 'attachment.type-not-allowed'
          | 'attachment.case-closed'
          | 'attachment.task-closed'
          | 'attachment.bad-form'
          | 'attachment.file-missing'
          | 'attachment.empty'
          | 'attachment.task-not-actionable'
          | 'attachment.foreign'
          | 'comment.mention-not-visible'
          | 'report.not-found'
          | 'receipt.not-found'
          | 'intake.unknown-category'
          | 'intake.no-grid'
          | 'locate.no-grid'
          | 'intake.not-a-grid'
          | 'intake.already-decided'
          | 'challenge.failed'
          | 'intake.too-many-photos'
          | 'visit.none'
          | 'visit.not-allowed'
          | 'visit.case-open'
          | 'visit.case-missing'
          | 'visit.already-recorded'
          | 'visit.reopen-limit'
          | 'visit.reason-required'
          | 'visit.reopen-needs-dissatisfied'
          | 'patrol.already-open'
          | 'patrol.not-open'
          | 'patrol.no-consent'
          | 'patrol.not-your-unit'
          | 'patrol.not-found'
          | 'patrol.too-many-points'
          | 'patrol.too-many-requests'
          | 'meeting.not-invited'
          | 'meeting.not-today'
          | 'meeting.unknown-attendee'
          | 'meeting.bad-date'
          | 'meeting.not-found'
          | 'xml.encoding-unsupported'
          | 'xml.encoding-invalid'
          | 'decision.invalid'
          | 'decision.not-found'
          | 'dmn.unique-violated'
          | 'dmn.any-conflict'
          | 'dmn.aggregation-type'
          | 'dmn.expression'
          | 'dmn.budget'
          | 'dmn.result-mapping'
          | 'migration.same-version'
          | 'migration.version-not-found'
          | 'migration.invalid'
          | 'migration.too-many-cases'
          | 'migration.not-found'
          | 'event-subprocess.rearm'
          | 'external-task.not-found'
          | 'external-task.not-lock-holder'
          | 'external-task.lock-expired'
          | 'external-task.done'
          | 'external-task.failed'
          | 'external-task.not-a-worker'
          | 'external-task.topic-not-allowed'
          | 'external-task.unstorable';
        /** @description the values the code names (field, taskId, status, unit, limit, retryAfterS …) */
        params: Record<string, unknown>;
        /** @description English text of the code with its params filled in (never parse it) */
        message: string;
        /** @description one entry per field or BPMN element with a problem */
        details?: components['schemas']['ErrorDetail'][];
      };
    };
    /** @description One problem of a request field or of a BPMN element */
    ErrorDetail: {
      /** @description JSON pointer of the field, or the BPMN element id */
      path: string;
      /** @description English text (never parse it) */
      message: string;
      /**
       * @description `field.<ajv keyword>` for a field (params.field names it, with limit/allowed/type/format), a deploy problem code for a BPMN element (a nested reason as params.cause {code, params}, an escalation rung as params.step); `deploy.problem` (params.message) only as the fallback for an unexpected uncoded problem. Codes: `field.required` (required); `field.additionalProperties` (not an allowed field); `field.type` (must be {type}); `field.enum` (must be one of {allowed}); `field.const` (must be {allowed}); `field.pattern` (has the wrong format); `field.format` (must match format {format}); `field.minLength` (must have at least {limit} characters); `field.maxLength` (must have at most {limit} characters); `field.minItems` (must have at least {limit} items); `field.maxItems` (must have at most {limit} items); `field.minProperties` (must have at least {limit} entries); `field.maxProperties` (must have at most {limit} entries); `field.minimum` (must be ≥ {limit}); `field.maximum` (must be ≤ {limit}); `field.exclusiveMinimum` (must be > {limit}); `field.exclusiveMaximum` (must be < {limit}); `field.invalid` (invalid value); `field.distinctFrom` (must differ from {other}); `field.formatExclusiveMinimum` (must be later than {limit}); `field.formatMaximum` (must be no later than {limit}); `field.read-only` (is read-only: it cannot be set on this form); `field.bad-name` (field names must not start with '$' or contain '.'); `field.too-deep` (nested deeper than {limit} levels); `field.not-a-date` (not a date); `field.is-yourself` (is yourself); `field.out-of-reach` (must be a unit on the case's unit chain within your jurisdiction); `field.unknown-unit` (unknown unit); `field.unknown-role` (unknown role); `field.unknown-user` (unknown user); `field.not-a-candidate` (must be an active user who is a candidate for the task at its unit, or supervises it); `field.cycle` (would create a cycle); `field.no-role-holder` (nobody holds role {role} on the case’s units within your jurisdiction); `invalid-parameter` (invalid parameter {field}); `unknown-role` (unknown candidate role "{role}"); `unknown-form` (unknown form "{formKey}"); `candidate-roles-expression` (candidate roles must be literal role names); `cycle.no-wait-state` (a loop without a wait state); `limit.xml-depth` (elements nested deeper than {limit}); `limit.xml-bytes` (document larger than {limit} bytes); `limit.subprocess-depth` (sub-processes nested deeper than {limit}); `limit.flow-elements` (more than {limit} flow elements); `limit.compile-time` (the document took too long to compile); `history.level` (invalid grid:historyLevel); `history.ttl` (invalid grid:historyTimeToLive); `process-key` (invalid process key); `unit.time-limit` (invalid time limit {name}); `variables.undeclared` (not a field of the start form); `receive-task.message` (a receive task needs a message with a name); `receive-task.correlation-key` (a receive task needs a valid correlation key); `receive-task.instantiate` (a receive task cannot start the process); `send-task.recipients` (a send task needs the roles it notifies); `send-task.level` (send task: unknown grid level "{level}"); `error-end.error-ref` (an error end event needs a bpmn:error with an errorCode); `error-end.error-code` (error "{error}" needs an errorCode); `error-boundary.error-code` (error "{error}" needs an errorCode); `error-boundary.non-interrupting` (an error boundary event always interrupts); `message-boundary.message` (a message boundary event needs a message with a name); `message-boundary.correlation-key` (a message boundary event needs a valid correlation key); `business-rule-task.decision-ref` (a business rule task needs grid:decisionRef); `business-rule-task.result-variable` (a business rule task needs grid:resultVariable); `business-rule-task.mapping` (invalid grid:mapDecisionResult "{value}"); `business-rule-task.binding` (grid:decisionRefBinding must be latest or version); `business-rule-task.version` (grid:decisionRefBinding="version" needs grid:decisionRefVersion); `event-gateway.type` (an instantiating or parallel event-based gateway is not supported); `event-gateway.outgoing` (an event-based gateway needs at least two outgoing flows); `event-gateway.condition` (a flow leaving event-based gateway {gateway} cannot carry a condition); `event-gateway.target` (event-based gateway {gateway} may lead only to message, timer or signal catch events or receive tasks); `event-gateway.target-incoming` (an event after event-based gateway {gateway} cannot have other incoming flows); `event-gateway.receive-boundary` (a receive task after event-based gateway {gateway} cannot carry boundary events); `event-gateway.mixed` (an event-based gateway leads to message catch events or receive tasks, not both); `signal.name` (a signal event needs a signal with a name); `signal.scope` (grid:signalScope: unknown grid level "{level}"); `multi-instance.input` (a multi-instance activity needs grid:collection or loopCardinality); `multi-instance.both` (a multi-instance activity takes grid:collection or loopCardinality, not both); `multi-instance.expression` (multi-instance {field}: invalid expression); `multi-instance.too-many` (at most {limit} instances of one multi-instance activity); `multi-instance.variable` (multi-instance {field} "{value}" is not a usable variable name); `multi-instance.element-variable` (grid:elementVariable needs grid:collection); `multi-instance.output-element` (grid:outputElement needs grid:outputCollection); `multi-instance.collection` (the multi-instance collection is not a list); `multi-instance.cardinality` (loopCardinality is not a whole number ≥ 0); `user-task.unit` (grid:unit must give a unit of the case or a grid level); `user-task.mapping` (invalid {direction} mapping #{index} of the task); `user-task.check` (invalid grid:check #{index}); `call-activity.called-element` (a call activity needs calledElement: a process key); `call-activity.binding` (grid:calledBinding must be latest, version or deployment); `call-activity.version` (grid:calledVersion goes with grid:calledBinding="version" (a version from 1)); `call-activity.mapping` (invalid {direction} mapping #{index}); `call-activity.deployment-binding` (deployment binding: process {key} is not in this document); `call-activity.unknown-process` (no process {key} is deployed yet); `call-activity.unit` (grid:calledUnit must be a unit code or =FEEL); `call.depth` (called cases nested too deep); `call.unknown-process` (the called process is not deployed); `call.unknown-version` (the called process version does not exist); `call.not-in-deployment` (the called process was not deployed with the caller); `call.retired` (the called process is retired); `call.child-cancelled` (the called case was cancelled); `call.unknown-unit` (grid:calledUnit names no unit of the grid); `event-subprocess.flows` (an event sub-process cannot have incoming or outgoing sequence flows); `event-subprocess.boundary` (an event sub-process cannot carry boundary events); `event-subprocess.start` (an event sub-process needs exactly one start event with a trigger); `event-subprocess.error-non-interrupting` (an error start event always interrupts its scope); `event-subprocess.error-code` (error "{error}" needs an errorCode); `event-subprocess.message` (a message start event needs a message with a name); `event-subprocess.correlation-key` (a message start event needs a valid correlation key); `extension.other-engine` (another engine’s extension {name}); `extension.ignored` (ignored {count} × {name}: another tool’s metadata); `reference.ignored` (unresolved reference not used in execution, ignored); `form.key` (form key "{formKey}" must match [a-z0-9-]+); `form.invalid` (invalid form schema {formKey}); `limit.forms` (more than {limit} forms in one deployment); `process.none` (no executable process in the document); `process.not-executable` (process {key} is not executable); `process.not-found` (no process {key} in the document); `process.several` (several executable processes ({keys}): deploy the document to deploy each); `process.none-executable` (none of the processes is executable: set isExecutable="true" on the ones to run); `dmn.empty` (empty document: expected DMN 1.3 XML); `dmn.too-large` (larger than the limits); `dmn.xml` (not DMN 1.3 XML); `dmn.no-decision` (the document has no decision); `dmn.decision-id` (decision id is not a key); `dmn.decision-logic` (a decision must be a decision table or a literal expression); `dmn.hit-policy` (hit policy {hitPolicy} is not supported); `dmn.aggregation` (aggregation {aggregation} needs hit policy COLLECT and one output); `dmn.priority-values` (hit policy {hitPolicy} needs output values); `dmn.no-output` (a decision table needs an output); `dmn.output-name` (outputs need distinct names); `dmn.output-values` (output values are not a list of literals); `dmn.input-expression` (invalid input expression); `dmn.input-expression-missing` (the input has no expression); `dmn.input-values` (input values are not FEEL unary tests); `dmn.input-entry` (rule {rule}: invalid input entry); `dmn.output-entry` (rule {rule}: invalid output entry); `dmn.rule-shape` (rule {rule} has the wrong number of cells); `dmn.unknown-requirement` (decision {decisionId} requires an unknown decision); `dmn.requirement-cycle` (the requirements of decision {decisionId} form a cycle); `deploy.problem` ({message}); `migration.unknown-source` ({elementId} is not an element of the source version); `migration.unknown-target` ({elementId} maps to {target}, not an element of the target version); `migration.unmapped` ({elementId} is active and maps to no element of the target version); `migration.incompatible` ({elementId} ({fromKind}) cannot become {target} ({toKind})); `migration.scope` ({elementId} would leave its scope {scope} (into {targetScope})); `migration.boundary-host` (boundary event {elementId} must stay on {host}, the element its host maps to); `migration.drop` (only boundary events may be dropped, not {elementId}); `migration.join-flows` (tokens wait at {elementId} by flows {flows} that {target} lacks); `migration.loop` ({elementId} and {target} differ in multi-instance ({fromLoop} → {toLoop})); `start-timer.invalid` (invalid start timer: {message}); `start-timer.expression` (a start timer must be a literal, not a FEEL expression); `start-timer.unit` (a timer start event needs grid:startUnit); `start-timer.unit-unknown` (grid:startUnit {unit} is not a unit of the grid); `start-event.scope` (a timer or message start event cannot start sub-process {scope}); `message-start.message` (a message start event needs a message with a name); `message-start.duplicate` (message {message} starts this process already at {other}); `message-start.taken` (message {message} starts process {other} already); `external-task.type` (grid:type of a service task can only be "external"); `external-task.topic` (an external service task needs grid:topic); `external-task.variables` (grid:topicVariables: a comma-separated list of variable names); `external-task.worker-type` (an external service task has a grid:topic, not a grid:workerType); `external-task.not-external` ({attribute} needs grid:type="external"); `migration.enter` ({elementId} ({fromKind}) cannot enter {target} ({toKind}) anew); `dmn.expression` (an expression of the decision failed); `document.empty` (empty document: expected BPMN 2.0 XML); `document.malformed` (malformed XML: {detail}); `document.not-bpmn` (not a BPMN 2.0 document: expected a <definitions> root element in namespace {namespace}); `document.unparsable` (unreadable content: {detail}); `attribute.unknown` (unknown attribute {name} on {bpmnType}); `reference.unresolved` (unresolved reference "{ref}" in {property}); `id.duplicate` (duplicate id "{id}"); `element.unknown` (unknown element {tag}); `element.unexpected` (unexpected element {tag}); `text.unexpected` (unexpected text "{text}"); `process.no-id` (process without an id); `process.invalid` (invalid process definition); `process.start-events` (a process needs exactly one none start event (found {count})); `sub-process.start-events` (a sub-process needs exactly one none start event (found {count})); `process.title` (invalid grid:title); `element.no-id` ({bpmnType} without an id); `element.id` (element id "{id}" must not contain ".", "/" or whitespace, nor start with "$"); `unsupported.loop` (unsupported {loopType} on {bpmnType} (multi-instance and loops are not supported)); `unsupported.multiple-events` (unsupported element {bpmnType} with multiple event definitions); `unsupported.no-event` (unsupported element {bpmnType} without an event definition); `unsupported.event` (unsupported element {bpmnType} with {eventType}); `unsupported.event-sub-process` (unsupported element {bpmnType} (event sub-process)); `unsupported.element` (unsupported element {bpmnType}); `start-event.incoming` (a start event cannot have incoming flows); `start-event.no-outgoing` (start event has no outgoing flow); `end-event.outgoing` (an end event cannot have outgoing flows); `end-event.no-incoming` (end event has no incoming flow); `boundary.incoming` (a boundary event cannot have incoming flows); `boundary.no-outgoing` (boundary event has no outgoing flow); `node.no-incoming` ({nodeKind} has no incoming flow); `node.no-outgoing` ({nodeKind} has no outgoing flow); `boundary.unattached` (boundary event is not attached to an activity (attachedToRef)); `boundary.host-unknown` (boundary event is attached to "{host}", which is not an activity of this process); `boundary.scope` (boundary event must be declared in the same scope as its host "{host}"); `timer-boundary.host` (timer boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to {nodeKind}); `error-boundary.host` (error boundary events attach to service tasks or sub-processes, not to {nodeKind}); `message-boundary.host` (message boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to {nodeKind}); `signal-boundary.host` (signal boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to {nodeKind}); `escalation-boundary.host` (escalation boundary events are supported on sub-processes only, not on {nodeKind}); `default-flow.not-outgoing` (default flow "{flow}" is not an outgoing flow of this element); `default-flow.condition` (a default flow must not carry a condition); `parallel-gateway.condition` (a flow leaving a parallel gateway cannot carry a condition); `gateway.no-conditions` (gateway without default and without conditions); `gateway.missing-conditions` (gateway without default and without conditions on every outgoing flow (none on {flows})); `gateway.flow-condition` (flow leaving gateway "{gateway}" needs a condition (only the default flow may have none)); `unreachable.host` (unreachable node (its host is unreachable)); `unreachable` (unreachable node); `flow.no-source` (sequence flow without a source); `flow.no-target` (sequence flow without a target); `flow.source-unknown` (sequence flow source "{node}" is not a flow node of this process); `flow.target-unknown` (sequence flow target "{node}" is not a flow node of this process); `flow.crosses-scope` (sequence flow crosses a sub-process boundary); `grid.escalation-placement` (grid:escalation is only supported on user tasks); `grid.correlation-placement` (grid:{attribute} is only supported on message catch events, receive tasks and message boundary events); `grid.service-task-only` (grid:{attribute} applies to service tasks only); `grid.user-task-only` (grid:{attribute} applies to user tasks only); `service-task.worker-type` (service task needs grid:workerType); `user-task.candidate-roles` (user task needs at least one candidate role (grid:candidateRoles)); `grid.warn-at-needs-sla` (grid:warnAt needs grid:sla); `escalation.needs-sla` (missing SLA on a task that declares escalation); `grid.duplicate` (declare at most one grid:{name}); `grid.warn-at` (grid:warnAt must be a number between 0 and 1 (exclusive), got {value}); `grid.retries` (grid:retries must be a whole number ≥ 0, got {value}); `grid.form-key` (grid:formKey "{formKey}" must match [a-z0-9-]+); `level.unknown` (unknown grid level "{level}" (known: {known})); `escalation.level-missing` (missing level); `escalation.sla-missing` (missing sla); `escalation.level-not-above-task` (level "{level}" is not above the task's level "{taskLevel}"); `escalation.level-not-above-previous` (level "{level}" is not above the previous step's level "{previous}"); `supervision-cycle.feel` (supervisionCycle must be a literal ISO-8601 duration (FEEL is not supported here)); `supervision-cycle.invalid` (invalid supervisionCycle); `message-catch.message` (a message catch event needs a message with a name); `message-catch.correlation-key` (a message catch event needs a correlation key); `correlation-key.invalid` (invalid correlation key); `correlation-key.twice` (correlation key declared twice (grid:subscription and grid:correlationKey) with different values); `duration.workday-months` (duration "{value}": months and years are not defined on the workday calendar); `duration.invalid` (bad ISO-8601 duration "{value}"); `duration.too-long` (duration "{value}" exceeds the maximum time limit of {limit} days); `duration.too-long-workdays` (duration "{value}" exceeds the maximum time limit of {limit} working days); `date-time.invalid` (bad ISO-8601 date-time "{value}" (expected e.g. {example})); `cycle.invalid` (bad timer cycle "{value}" (expected R[n]/<duration>, e.g. {example})); `cycle.repeat` (bad timer cycle "{value}": it must repeat at least once); `cycle.duration` (bad timer cycle "{value}"); `calendar.unknown` (unknown calendar "{value}" (expected {allowed})); `timer.none` (timer needs a timeDuration, timeDate or timeCycle); `timer.several` (timer declares {properties}: use exactly one); `timer.cycle-placement` (a timer cycle (timeCycle) is only supported on a non-interrupting boundary event); `timer.empty` (empty {property}); `expression.language` (unsupported expression language "{language}": write conditions in FEEL); `feel.juel` (JUEL expression "{expression}" is not supported: use FEEL (e.g. {example})); `feel.empty` (empty FEEL expression); `feel.too-long` (FEEL expression of {length} characters: at most {limit} are allowed); `feel.syntax` (FEEL syntax error in "{expression}" at position {position}); `task.sla` (invalid grid:sla); `task.calendar` (invalid grid:calendar); `start-event.form-key` (grid:formKey applies to the start event of the process only); `limit.form-bytes` (form {formKey} of {bytes} bytes: at most {limit}); `scheme.duplicate-item` (duplicate item id {id}); `scheme.unknown-figure` (unknown figure {figure} (one of {allowed})); `scheme.step-pair` (step and stepPoints go together); `scheme.min-above-max` (min {min} above max {max}); `scheme.duplicate-grade-min` (two grades with the same minimum)
       * @enum {string}
       */
      code:
        | 'field.required'
        | 'field.additionalProperties'
        | 'field.type'
        | 'field.enum'
        | 'field.const'
        | 'field.pattern'
        | 'field.format'
        | 'field.minLength'
        | 'field.maxLength'
        | 'field.minItems'
        | 'field.maxItems'
        | 'field.minProperties'
        | 'field.maxProperties'
        | 'field.minimum'
        | 'field.maximum'
        | 'field.exclusiveMinimum'
        | 'field.exclusiveMaximum'
        | 'field.invalid'
        | 'field.distinctFrom'
        | 'field.formatExclusiveMinimum'
        | 'field.formatMaximum'
        | 'field.read-only'
        | 'field.bad-name'
        | 'field.too-deep'
        | 'field.not-a-date'
        | 'field.is-yourself'
        | 'field.out-of-reach'
        | 'field.unknown-unit'
        | 'field.unknown-role'
        | 'field.unknown-user'
        | 'field.not-a-candidate'
        | 'field.cycle'
        | 'field.no-role-holder'
        | 'invalid-parameter'
        | 'unknown-role'
        | 'unknown-form'
        | 'candidate-roles-expression'
        | 'cycle.no-wait-state'
        | 'limit.xml-depth'
        | 'limit.xml-bytes'
        | 'limit.subprocess-depth'
        | 'limit.flow-elements'
        | 'limit.compile-time'
        | 'history.level'
        | 'history.ttl'
        | 'process-key'
        | 'unit.time-limit'
        | 'variables.undeclared'
        | 'receive-task.message'
        | 'receive-task.correlation-key'
        | 'receive-task.instantiate'
        | 'send-task.recipients'
        | 'send-task.level'
        | 'error-end.error-ref'
        | 'error-end.error-code'
        | 'error-boundary.error-code'
        | 'error-boundary.non-interrupting'
        | 'message-boundary.message'
        | 'message-boundary.correlation-key'
        | 'business-rule-task.decision-ref'
        | 'business-rule-task.result-variable'
        | 'business-rule-task.mapping'
        | 'business-rule-task.binding'
        | 'business-rule-task.version'
        | 'event-gateway.type'
        | 'event-gateway.outgoing'
        | 'event-gateway.condition'
        | 'event-gateway.target'
        | 'event-gateway.target-incoming'
        | 'event-gateway.receive-boundary'
        | 'event-gateway.mixed'
        | 'signal.name'
        | 'signal.scope'
        | 'multi-instance.input'
        | 'multi-instance.both'
        | 'multi-instance.expression'
        | 'multi-instance.too-many'
        | 'multi-instance.variable'
        | 'multi-instance.element-variable'
        | 'multi-instance.output-element'
        | 'multi-instance.collection'
        | 'multi-instance.cardinality'
        | 'user-task.unit'
        | 'user-task.mapping'
        | 'user-task.check'
        | 'call-activity.called-element'
        | 'call-activity.binding'
        | 'call-activity.version'
        | 'call-activity.mapping'
        | 'call-activity.deployment-binding'
        | 'call-activity.unknown-process'
        | 'call-activity.unit'
        | 'call.depth'
        | 'call.unknown-process'
        | 'call.unknown-version'
        | 'call.not-in-deployment'
        | 'call.retired'
        | 'call.child-cancelled'
        | 'call.unknown-unit'
        | 'event-subprocess.flows'
        | 'event-subprocess.boundary'
        | 'event-subprocess.start'
        | 'event-subprocess.error-non-interrupting'
        | 'event-subprocess.error-code'
        | 'event-subprocess.message'
        | 'event-subprocess.correlation-key'
        | 'extension.other-engine'
        | 'extension.ignored'
        | 'reference.ignored'
        | 'form.key'
        | 'form.invalid'
        | 'limit.forms'
        | 'process.none'
        | 'process.not-executable'
        | 'process.not-found'
        | 'process.several'
        | 'process.none-executable'
        | 'dmn.empty'
        | 'dmn.too-large'
        | 'dmn.xml'
        | 'dmn.no-decision'
        | 'dmn.decision-id'
        | 'dmn.decision-logic'
        | 'dmn.hit-policy'
        | 'dmn.aggregation'
        | 'dmn.priority-values'
        | 'dmn.no-output'
        | 'dmn.output-name'
        | 'dmn.output-values'
        | 'dmn.input-expression'
        | 'dmn.input-expression-missing'
        | 'dmn.input-values'
        | 'dmn.input-entry'
        | 'dmn.output-entry'
        | 'dmn.rule-shape'
        | 'dmn.unknown-requirement'
        | 'dmn.requirement-cycle'
        | 'deploy.problem'
        | 'migration.unknown-source'
        | 'migration.unknown-target'
        | 'migration.unmapped'
        | 'migration.incompatible'
        | 'migration.scope'
        | 'migration.boundary-host'
        | 'migration.drop'
        | 'migration.join-flows'
        | 'migration.loop'
        | 'start-timer.invalid'
        | 'start-timer.expression'
        | 'start-timer.unit'
        | 'start-timer.unit-unknown'
        | 'start-event.scope'
        | 'message-start.message'
        | 'message-start.duplicate'
        | 'message-start.taken'
        | 'external-task.type'
        | 'external-task.topic'
        | 'external-task.variables'
        | 'external-task.worker-type'
        | 'external-task.not-external'
        | 'migration.enter'
        | 'dmn.expression'
        | 'document.empty'
        | 'document.malformed'
        | 'document.not-bpmn'
        | 'document.unparsable'
        | 'attribute.unknown'
        | 'reference.unresolved'
        | 'id.duplicate'
        | 'element.unknown'
        | 'element.unexpected'
        | 'text.unexpected'
        | 'process.no-id'
        | 'process.invalid'
        | 'process.start-events'
        | 'sub-process.start-events'
        | 'process.title'
        | 'element.no-id'
        | 'element.id'
        | 'unsupported.loop'
        | 'unsupported.multiple-events'
        | 'unsupported.no-event'
        | 'unsupported.event'
        | 'unsupported.event-sub-process'
        | 'unsupported.element'
        | 'start-event.incoming'
        | 'start-event.no-outgoing'
        | 'end-event.outgoing'
        | 'end-event.no-incoming'
        | 'boundary.incoming'
        | 'boundary.no-outgoing'
        | 'node.no-incoming'
        | 'node.no-outgoing'
        | 'boundary.unattached'
        | 'boundary.host-unknown'
        | 'boundary.scope'
        | 'timer-boundary.host'
        | 'error-boundary.host'
        | 'message-boundary.host'
        | 'signal-boundary.host'
        | 'escalation-boundary.host'
        | 'default-flow.not-outgoing'
        | 'default-flow.condition'
        | 'parallel-gateway.condition'
        | 'gateway.no-conditions'
        | 'gateway.missing-conditions'
        | 'gateway.flow-condition'
        | 'unreachable.host'
        | 'unreachable'
        | 'flow.no-source'
        | 'flow.no-target'
        | 'flow.source-unknown'
        | 'flow.target-unknown'
        | 'flow.crosses-scope'
        | 'grid.escalation-placement'
        | 'grid.correlation-placement'
        | 'grid.service-task-only'
        | 'grid.user-task-only'
        | 'service-task.worker-type'
        | 'user-task.candidate-roles'
        | 'grid.warn-at-needs-sla'
        | 'escalation.needs-sla'
        | 'grid.duplicate'
        | 'grid.warn-at'
        | 'grid.retries'
        | 'grid.form-key'
        | 'level.unknown'
        | 'escalation.level-missing'
        | 'escalation.sla-missing'
        | 'escalation.level-not-above-task'
        | 'escalation.level-not-above-previous'
        | 'supervision-cycle.feel'
        | 'supervision-cycle.invalid'
        | 'message-catch.message'
        | 'message-catch.correlation-key'
        | 'correlation-key.invalid'
        | 'correlation-key.twice'
        | 'duration.workday-months'
        | 'duration.invalid'
        | 'duration.too-long'
        | 'duration.too-long-workdays'
        | 'date-time.invalid'
        | 'cycle.invalid'
        | 'cycle.repeat'
        | 'cycle.duration'
        | 'calendar.unknown'
        | 'timer.none'
        | 'timer.several'
        | 'timer.cycle-placement'
        | 'timer.empty'
        | 'expression.language'
        | 'feel.juel'
        | 'feel.empty'
        | 'feel.too-long'
        | 'feel.syntax'
        | 'task.sla'
        | 'task.calendar'
        | 'start-event.form-key'
        | 'limit.form-bytes'
        | 'scheme.duplicate-item'
        | 'scheme.unknown-figure'
        | 'scheme.step-pair'
        | 'scheme.min-above-max'
        | 'scheme.duplicate-grade-min'
        | 'not-found'
        | 'internal'
        | 'http.malformed-json'
        | 'http.too-large'
        | 'http.unsupported-encoding'
        | 'http.bad-body'
        | 'http.malformed-url'
        | 'http.bad-compression'
        | 'http.bad-request'
        | 'http.refused'
        | 'http.content-type'
        | 'http.invalid-body'
        | 'http.invalid-query'
        | 'invalid-field'
        | 'too-deep'
        | 'unsafe-text'
        | 'auth.required'
        | 'auth.invalid-credentials'
        | 'auth.token-expired'
        | 'auth.invalid-token'
        | 'auth.account-disabled'
        | 'session-ended'
        | 'password-change-required'
        | 'password.wrong-current'
        | 'password.unchanged'
        | 'too-many-sign-ins'
        | 'too-many-reports'
        | 'metrics.token-required'
        | 'definition.not-found'
        | 'definition.empty-document'
        | 'definition.invalid'
        | 'definition.retired'
        | 'form.not-found'
        | 'form.unstorable'
        | 'unit.not-found'
        | 'unit.unknown'
        | 'unit.invalid'
        | 'unit.exists'
        | 'unit.disabled'
        | 'unit.active-children'
        | 'user.not-found'
        | 'user.exists'
        | 'user.invalid-roles'
        | 'user.cannot-disable-self'
        | 'person.not-found'
        | 'instance.not-found'
        | 'instance.not-active'
        | 'incident.not-open'
        | 'variables.unstorable'
        | 'variables.reserved'
        | 'message.unstorable'
        | 'signal.unstorable'
        | 'message.ttl'
        | 'message.start-unit'
        | 'definition.no-none-start'
        | 'task.not-found'
        | 'task.closed'
        | 'task.claimed-by-other'
        | 'task.being-completed'
        | 'task.expression'
        | 'task.not-delegated'
        | 'task.delegated-to-other'
        | 'task.held-by-other'
        | 'task.invalid-target-user'
        | 'task.cannot-delegate-to-self'
        | 'dispatch.not-returned'
        | 'task.no-role-holders'
        | 'task.none-open-for-you'
        | 'return.unit-off-chain'
        | 'return.window-closed'
        | 'return.repeat-needs-supervisor'
        | 'return.already-returned'
        | 'case.parked'
        | 'case.already-listed'
        | 'case.not-listed'
        | 'request.not-found'
        | 'request.pending'
        | 'request.decided'
        | 'extension.no-sla'
        | 'extension.overdue'
        | 'saved-filter.not-found'
        | 'saved-filters.limit'
        | 'notification.not-found'
        | 'order.not-found'
        | 'order.already-replied'
        | 'order.invalid-target'
        | 'order.invalid-deadline'
        | 'period.invalid'
        | 'assessment.invalid-period'
        | 'assessment.invalid-scheme'
        | 'assessment.invalid-subject'
        | 'assessment.scheme-conflict'
        | 'assessment.unknown-item'
        | 'assessment.wrong-value'
        | 'assessment.period-closed'
        | 'assessment.period-running'
        | 'assessment.period-open'
        | 'assessment.period-not-closable'
        | 'assessment.unknown-subject'
        | 'assessment.recusal'
        | 'attachment.not-found'
        | 'attachment.no-thumbnail'
        | 'attachment.too-large'
        | 'attachment.type-not-allowed'
        | 'attachment.case-closed'
        | 'attachment.task-closed'
        | 'attachment.bad-form'
        | 'attachment.file-missing'
        | 'attachment.empty'
        | 'attachment.task-not-actionable'
        | 'attachment.foreign'
        | 'comment.mention-not-visible'
        | 'report.not-found'
        | 'receipt.not-found'
        | 'intake.unknown-category'
        | 'intake.no-grid'
        | 'locate.no-grid'
        | 'intake.not-a-grid'
        | 'intake.already-decided'
        | 'challenge.failed'
        | 'intake.too-many-photos'
        | 'visit.none'
        | 'visit.not-allowed'
        | 'visit.case-open'
        | 'visit.case-missing'
        | 'visit.already-recorded'
        | 'visit.reopen-limit'
        | 'visit.reason-required'
        | 'visit.reopen-needs-dissatisfied'
        | 'patrol.already-open'
        | 'patrol.not-open'
        | 'patrol.no-consent'
        | 'patrol.not-your-unit'
        | 'patrol.not-found'
        | 'patrol.too-many-points'
        | 'patrol.too-many-requests'
        | 'meeting.not-invited'
        | 'meeting.not-today'
        | 'meeting.unknown-attendee'
        | 'meeting.bad-date'
        | 'meeting.not-found'
        | 'xml.encoding-unsupported'
        | 'xml.encoding-invalid'
        | 'decision.invalid'
        | 'decision.not-found'
        | 'dmn.unique-violated'
        | 'dmn.any-conflict'
        | 'dmn.aggregation-type'
        | 'dmn.budget'
        | 'dmn.result-mapping'
        | 'migration.same-version'
        | 'migration.version-not-found'
        | 'migration.invalid'
        | 'migration.too-many-cases'
        | 'migration.not-found'
        | 'event-subprocess.rearm'
        | 'external-task.not-found'
        | 'external-task.not-lock-holder'
        | 'external-task.lock-expired'
        | 'external-task.done'
        | 'external-task.failed'
        | 'external-task.not-a-worker'
        | 'external-task.topic-not-allowed'
        | 'external-task.unstorable';
      params: Record<string, unknown>;
    };
    /** @description What a notification (and each of its items) says, as `message: {type, params}`; `title`/`body` keep the Chinese sentence for channels and for notifications stored before types existed. */
    NotificationMessage: {
      /**
       * @description Codes: `task.created` (新任务：{taskName}); `task.delegated` (委派任务：{taskName}); `task.reassigned` (改派任务：{taskName}); `task.returned` (退单待再派遣：{taskName}); `task.redispatched` (再派遣任务：{taskName}); `extension.asked` (延期申请：{taskName}); `backlog.asked` (挂账申请：{taskName}); `extension.approved` (延期申请已批准：{taskName}); `extension.refused` (延期申请未批准：{taskName}); `backlog.approved` (挂账申请已批准：{taskName}); `backlog.refused` (挂账申请未批准：{taskName}); `backlog.resumed` (挂账到期，案件恢复办理：{taskName}); `case.completed` (案件已办结：{caseNo}); `case.cancelled` (案件已撤销：{caseNo}); `case.listed` (挂牌督办：{caseNo}（{actor} 挂牌）); `case.unlisted` (摘牌：{caseNo} 撤销挂牌督办（{actor}）); `case.listed-by-process` (挂牌督办：{caseNo}（{reason}）); `case.deadline-warning` (期限预警：{caseNo}（{reason}）); `sla.warning` (催办：任务即将超期); `sla.overdue` (超期催办：{taskName}（{unitName}）); `sla.overdue-reminder` (催办提醒：{taskName}仍未办结（{unitName}）); `sla.escalated` (超期升级：{taskName}（{fromUnit} → {toUnit}）); `sla.escalated-told` (任务已超期并上报上级); `sla.supervised` (挂牌督办：案件逾期未办结); `sla.supervision-reminder` (挂牌督办提醒：案件仍未办结); `comment.mentioned` ({actor} 在案件中提到了你); `assessment.ranking-published` ({period} 考核结果已发布：第 {rank}/{rankOf} 名，{total} 分); `order.issued` ({kindName}：{caseNo}); `order.replied` ({kindName}已回复：{caseNo}); `order.warn` ({kindName}即将到期：{caseNo}); `order.overdue` ({kindName}逾期未回复：{caseNo})
       * @enum {string}
       */
      type:
        | 'task.created'
        | 'task.delegated'
        | 'task.reassigned'
        | 'task.returned'
        | 'task.redispatched'
        | 'extension.asked'
        | 'backlog.asked'
        | 'extension.approved'
        | 'extension.refused'
        | 'backlog.approved'
        | 'backlog.refused'
        | 'backlog.resumed'
        | 'case.completed'
        | 'case.cancelled'
        | 'case.listed'
        | 'case.unlisted'
        | 'case.listed-by-process'
        | 'case.deadline-warning'
        | 'sla.warning'
        | 'sla.overdue'
        | 'sla.overdue-reminder'
        | 'sla.escalated'
        | 'sla.escalated-told'
        | 'sla.supervised'
        | 'sla.supervision-reminder'
        | 'comment.mentioned'
        | 'assessment.ranking-published'
        | 'order.issued'
        | 'order.replied'
        | 'order.warn'
        | 'order.overdue';
      params: {
        [key: string]: string | number;
      };
    };
  };
  responses: {
    /** @description An error (the status says which kind) */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealthz: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getReadyz: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {unknown} */
            status: 'ready' | 'unavailable';
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAuthLogin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: string;
            /** @description epoch milliseconds */
            expiresAt: number;
            user: components['schemas']['Me'];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Too many attempts */
      429: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAuthLogout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangePasswordBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: string;
            /** @description epoch milliseconds */
            expiresAt: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiRoles: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            roles: {
              [key: string]: string;
            };
            levels: string[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDefinitions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['DefinitionListItem'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/xml': string;
        'text/xml': string;
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeployResult'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitionsValidate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/xml': string;
        'text/xml': string;
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ValidationResult'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDefinitionsKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Definition'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDefinitionsKeyVersionsVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Definition'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitionsKeyRetire: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
            retired: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitionsKeyVersionsVersionRetire: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
            version?: number;
            retired: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitionsKeyReactivate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
            retired: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDefinitionsKeyVersionsVersionReactivate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
            version?: number;
            retired: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiForms: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiFormsKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiFormsKeyVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDeployments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeploymentBundle'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeployResult'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDecisions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Decision'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDecisions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/xml': string;
        'text/xml': string;
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              key: string;
              version: number;
              name?: string;
              created: boolean;
              unchanged: boolean;
            }[];
            created: boolean;
            unchanged: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDecisionsValidate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/xml': string;
        'text/xml': string;
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            valid: boolean;
            details: {
              path: string;
              message: string;
              code: string;
              params?: Record<string, unknown>;
            }[];
            decisions?: string[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDecisionsKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DecisionDetail'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDecisionsKeyVersionsVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DecisionDetail'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDecisionsKeyXml: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/xml': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiDecisionsKeyVersionsVersionXml: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/xml': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiDecisionsKeyEvaluate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DecisionEvaluateBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
            version: number;
            decisionId: string;
            /** @description the FEEL value of the decision */
            value?: unknown;
            matchedRules: string[];
            entries: {
              [key: string]: unknown;
            }[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiExternalTasksFetchAndLock: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalFetchBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              topic: string;
              instanceId: string;
              caseNo?: string;
              variables?: Record<string, unknown>;
              /** @description epoch milliseconds */
              lockExpiresAt?: number;
              retries?: number;
            }[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiExternalTasksIdComplete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalCompleteBody'];
      };
    };
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiExternalTasksIdFailure: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalFailureBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiExternalTasksIdBpmnError: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalBpmnErrorBody'];
      };
    };
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiExternalTasksIdExtendLock: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalExtendLockBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiExternalTasks: {
    parameters: {
      query?: {
        topic?: string;
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              topic: string;
              status?: string;
              instanceId?: string;
              workerId?: string | null;
              retries?: number;
            }[];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  putApiExternalTasksWorkersUsername: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExternalWorkerTopicsBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            username: string;
            topics: string[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstances: {
    parameters: {
      query?: {
        status?: 'open' | 'closed' | 'cancelled' | 'incident' | 'active' | 'completed' | 'terminated';
        unit?: string;
        gridUnit?: string;
        definitionKey?: string;
        businessKey?: string;
        level?: string;
        overdue?: '0' | '1' | 'true' | 'false';
        escalated?: '0' | '1' | 'true' | 'false';
        listed?: '0' | '1' | 'true' | 'false';
        supervised?: '0' | '1' | 'true' | 'false';
        orderPending?: '0' | '1' | 'true' | 'false';
        reporter?: string;
        reportedFrom?: string | unknown | unknown;
        reportedTo?: string | unknown | unknown;
        dueFrom?: string | unknown | unknown;
        dueTo?: string | unknown | unknown;
        closedFrom?: string | unknown | unknown;
        closedTo?: string | unknown | unknown;
        q?: string;
        caseNo?: string;
        involved?: '0' | '1' | 'true' | 'false';
        sort?:
          'startedAt' | '-startedAt' | 'dueAt' | '-dueAt' | 'endedAt' | '-endedAt' | 'caseNo' | '-caseNo';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['CaseListItem'][];
            total: number;
            page: number;
            pageSize: number;
            /** @description true: more than `total` cases match (the total is counted up to 1,000; the UI shows "超过 1,000 件"); absent: `total` is exact */
            totalCapped?: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstances: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StartInstanceBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StartedCase'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesExport: {
    parameters: {
      query?: {
        status?: 'open' | 'closed' | 'cancelled' | 'incident' | 'active' | 'completed' | 'terminated';
        unit?: string;
        gridUnit?: string;
        definitionKey?: string;
        businessKey?: string;
        level?: string;
        overdue?: '0' | '1' | 'true' | 'false';
        escalated?: '0' | '1' | 'true' | 'false';
        listed?: '0' | '1' | 'true' | 'false';
        supervised?: '0' | '1' | 'true' | 'false';
        orderPending?: '0' | '1' | 'true' | 'false';
        reporter?: string;
        reportedFrom?: string | unknown | unknown;
        reportedTo?: string | unknown | unknown;
        dueFrom?: string | unknown | unknown;
        dueTo?: string | unknown | unknown;
        closedFrom?: string | unknown | unknown;
        closedTo?: string | unknown | unknown;
        q?: string;
        caseNo?: string;
        involved?: '0' | '1' | 'true' | 'false';
        sort?:
          'startedAt' | '-startedAt' | 'dueAt' | '-dueAt' | 'endedAt' | '-endedAt' | 'caseNo' | '-caseNo';
        format?: 'xlsx' | 'csv';
        lang?: 'zh' | 'en';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiSavedFilters: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['SavedFilter'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  putApiSavedFilters: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SavedFilterBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SavedFilter'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  deleteApiSavedFiltersId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Instance'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdFile: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseFile'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdHistory: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HistoryPage'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdCancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['CancelBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InstanceSummary'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdDiagram: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DiagramState'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMessages: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MessageBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            correlated: number;
            duplicate: boolean;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiSignals: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignalBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            signalId: string;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiIncidents: {
    parameters: {
      query?: {
        status?: 'open' | 'resolved';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Incident'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIncidentsInstanceIdIncidentIdRetry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        instanceId: string;
        incidentId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['RetryBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            retried: boolean;
            instanceId?: string;
            incidentId?: string;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdSupervisionOrders: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SupervisionOrderBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SupervisionOrder'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiSupervisionOrders: {
    parameters: {
      query?: {
        status?: 'open' | 'replied' | 'overdue';
        instanceId?: string;
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['SupervisionOrder'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiSupervisionOrdersId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SupervisionOrder'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiSupervisionOrdersIdReply: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SupervisionReplyBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SupervisionOrder'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdComments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Comment'][];
            total: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdComments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CommentBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Comment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdAttachments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Attachment'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdAttachments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description the file (one per request)
           */
          file: string;
          /** @description the step it is uploaded for (optional) */
          taskId?: string;
          /** @description the form field it goes into (optional) */
          field?: string;
          /** @description makes a repeat of the same upload answer the first one (optional) */
          requestId?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Attachment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAttachmentsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAttachmentsIdThumbnail: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAttachmentsIdInfo: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Attachment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiReports: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReportBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StartedCase'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdSupervise: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ListingBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Ok'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdUnsupervise: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ListingBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Ok'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiTasks: {
    parameters: {
      query?: {
        mine?: '0' | '1' | 'true' | 'false';
        status?: 'open' | 'completed' | 'cancelled' | 'all';
        level?: string;
        gridUnit?: string;
        instanceId?: string;
        definitionKey?: string;
        slaState?: 'ontime' | 'warned' | 'overdue' | 'escalated' | 'supervised';
        overdue?: '0' | '1' | 'true' | 'false';
        withForm?: '0' | '1' | 'true' | 'false';
        sort?: 'dueAt' | '-dueAt' | 'createdAt' | '-createdAt' | 'updatedAt' | '-updatedAt';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Task'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiTasksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdUnclaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdDelegate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DelegateBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdResolve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdPause: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['PauseBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdResume: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdReassign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReassignBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdTakeover: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdComplete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['CompleteBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdReturn: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReturnBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdDispatch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DispatchBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiTasksIdExtensions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExtensionBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdBacklog: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['BacklogBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiRequests: {
    parameters: {
      query?: {
        kind?: 'extension' | 'backlog';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Task'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiRequestsIdApprove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['DecisionBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiRequestsIdRefuse: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['DecisionBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiLocate: {
    parameters: {
      query: {
        lat: number;
        lng: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            grid?: Record<string, unknown>;
            path?: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiIntakeCategories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiIntake: {
    parameters: {
      query?: {
        status?: 'received' | 'accepted' | 'merged' | 'rejected';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['IntakeEntry'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIntake: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IntakeBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntakeEntry'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiIntakeReceipt: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntakeEntry'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIntakeReceiptAccept: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['IntakeAcceptBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntakeEntry'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIntakeReceiptMerge: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IntakeMergeBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntakeEntry'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIntakeReceiptReject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IntakeRejectBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntakeEntry'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdReporter: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Ok'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMapCases: {
    parameters: {
      query?: {
        unit?: string;
        status?: 'open' | 'closed';
        definitionKey?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMapBoundaries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            type: 'FeatureCollection';
            features: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiUiConfig: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPublicBoundaries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            type: 'FeatureCollection';
            features: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPublicChallenge: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPublicReports: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PublicReportBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            receipt: string;
            state: string;
            uploadToken?: string;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Too many attempts */
      429: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPublicReportsReceipt: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiIntakeReceiptPhotos: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description the file (one per request)
           */
          file: string;
          /** @description the step it is uploaded for (optional) */
          taskId?: string;
          /** @description the form field it goes into (optional) */
          field?: string;
          /** @description makes a repeat of the same upload answer the first one (optional) */
          requestId?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Attachment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPublicReportsReceiptPhotos: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        receipt: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description the file (one per request)
           */
          file: string;
          /** @description the step it is uploaded for (optional) */
          taskId?: string;
          /** @description the form field it goes into (optional) */
          field?: string;
          /** @description makes a repeat of the same upload answer the first one (optional) */
          requestId?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Attachment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiVisits: {
    parameters: {
      query?: {
        status?: 'due' | 'done';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiInstancesIdVisit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Ok'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiInstancesIdVisit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['VisitBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            visit: Record<string, unknown>;
            reopenedAs?: string | null;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiSmsOutbox: {
    parameters: {
      query?: {
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              to: string;
              text: string;
              /** @description epoch milliseconds */
              at?: number;
            }[];
            total: number;
            page: number;
            pageSize: number;
            gateway?: string;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiEscalations: {
    parameters: {
      query?: {
        since?: string | unknown | unknown;
        until?: string | unknown | unknown;
        level?: string;
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Escalation'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiNotifications: {
    parameters: {
      query?: {
        unread?: '0' | '1' | 'true' | 'false';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Notification'][];
            total: number;
            page: number;
            pageSize: number;
            unread?: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiNotificationsReadAll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            updated: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiNotificationsIdRead: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Notification'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiGridUnits: {
    parameters: {
      query?: {
        format?: 'flat' | 'tree';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Unit'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiGridUnits: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UnitCreateBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Unit'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiGridUnitsCode: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Unit'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  patchApiGridUnitsCode: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['UnitPatchBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Unit'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiUsers: {
    parameters: {
      query?: {
        unit?: string;
        role?: string;
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['User'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiUsers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UserCreateBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  patchApiUsersUsername: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        username: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['UserPatchBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiStats: {
    parameters: {
      query?: {
        unit?: string;
        from?: string | unknown | unknown;
        to?: string | unknown | unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Stats'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiStatsExport: {
    parameters: {
      query?: {
        unit?: string;
        from?: string | unknown | unknown;
        to?: string | unknown | unknown;
        format?: 'xlsx' | 'csv';
        lang?: 'zh' | 'en';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAssessment: {
    parameters: {
      query: {
        unit?: string;
        period: string;
        by?: 'unit' | 'department' | 'person';
        format?: 'json' | 'xlsx';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAssessmentSchemes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            versions: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAssessmentSchemes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssessmentSchemeBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAssessmentEntries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssessmentEntryBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAssessmentClose: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssessmentCloseBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAssessmentAdjustments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssessmentAdjustmentBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPatrols: {
    parameters: {
      query?: {
        unit?: string;
        worker?: string;
        status?: 'open' | 'ended';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPatrols: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PatrolStartBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPatrolsCurrent: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            patrol: Record<string, unknown> | null;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiPatrolsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPatrolsIdPoints: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PatrolPointsBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Too many attempts */
      429: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPatrolsIdPhotos: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description the file (one per request)
           */
          file: string;
          /** @description the step it is uploaded for (optional) */
          taskId?: string;
          /** @description the form field it goes into (optional) */
          field?: string;
          /** @description makes a repeat of the same upload answer the first one (optional) */
          requestId?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Attachment'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiPatrolsIdEnd: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['PatrolEndBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMeetings: {
    parameters: {
      query?: {
        unit?: string;
        invited?: '0' | '1' | 'true' | 'false';
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMeetings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MeetingBody'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMeetingsCandidates: {
    parameters: {
      query: {
        unit: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: Record<string, unknown>[];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMeetingsIdSignIn: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiAudit: {
    parameters: {
      query?: {
        actor?: string;
        action?: string;
        targetType?: 'user' | 'unit' | 'supervision-order' | 'history' | 'definition' | 'decision';
        target?: string;
        since?: string | unknown | unknown;
        until?: string | unknown | unknown;
        page?: number;
        pageSize?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AuditEntry'][];
            total: number;
            page: number;
            pageSize: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiAdminHistoryCleanup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description epoch milliseconds */
            now?: number;
            cases: number;
            batches?: number;
            removed: number;
            deferred?: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMigrations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['MigrationJob'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMigrations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MigrationBody'];
      };
    };
    responses: {
      /** @description Accepted, still being applied */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MigrationJob'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMigrationsPlan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MigrationBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            mapping: components['schemas']['MigrationMapping'];
            source: components['schemas']['PlanNode'][];
            target: components['schemas']['PlanNode'][];
            problems: {
              path: string;
              message: string;
              code: string;
              params?: Record<string, unknown>;
            }[];
            cases: number;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMigrationsShipped: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MigrationBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            plan: {
              file: string;
              title?: string;
              mapping: components['schemas']['MigrationMapping'];
              enter: string[];
              /** @description old element id (or flow id) → why it maps where it does */
              notes: {
                [key: string]: string;
              };
            } | null;
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  postApiMigrationsDryRun: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MigrationBody'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            total: number;
            migrate: number;
            refused: number;
            skipped: number;
            tooMany: boolean;
            problems: {
              path: string;
              message: string;
              code: string;
              params?: Record<string, unknown>;
            }[];
            items: components['schemas']['DryRunCase'][];
          };
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Conflict with the current state */
      409: components['responses']['Error'];
      /** @description Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES) */
      413: components['responses']['Error'];
      /** @description Unsupported Content-Type */
      415: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiMigrationsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MigrationJob'];
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
  getApiEvents: {
    parameters: {
      query?: {
        token?: string;
        lastEventId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}` */
      400: components['responses']['Error'];
      /** @description Missing, expired or invalid token */
      401: components['responses']['Error'];
      /** @description Refused for this user now (`password-change-required`: change the initial password first) */
      403: components['responses']['Error'];
      /** @description Not found or outside the caller's jurisdiction */
      404: components['responses']['Error'];
      /** @description Internal error (`error.code: internal`, no details) */
      500: components['responses']['Error'];
    };
  };
}
