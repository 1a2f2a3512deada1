// Who asks for a list (a case search, an inbox): the signed-in user's jurisdiction as the repositories need
// it. engine/api/access.ts Principal is one; the repositories turn it into store conditions themselves
// (engine/cases/case-list.ts caseScopeCondition, engine/queue/inbox-conditions.ts), so no caller composes
// a query on instances or tasks.
export interface Viewer {
  username: string;
  /** role `admin`: everything */
  admin: boolean;
  /** units where the user is supervisor: everything in their subtrees */
  supervises: readonly string[];
  /** unit → the user's other roles there (handler, reviewer, police, ...) */
  handles: Readonly<Record<string, readonly string[]>>;
}
