// Human labels for server-side codes (grid levels, roles, SLA states, history actions, statuses).
import { tOr } from '../i18n';

/**
 * The grid levels, bottom up: the engine's defaults until GET /api/roles answers with the configured
 * GRID_LEVELS, which lib/catalogue.ts writes into this array in place (so every reader sees them).
 */
export const LEVELS: string[] = ['grid', 'zone', 'community', 'street', 'district'];

export const levelLabel = (level: string | undefined): string => (level ? tOr(`level.${level}`, level) : '—');
export const roleLabel = (role: string): string => tOr(`role.${role}`, role);
export const slaLabel = (state: string): string => tOr(`sla.${state}`, state);
export const actionLabel = (action: string): string => tOr(`action.${action}`, action);
export const statusLabel = (status: string): string => tOr(`status.${status}`, status);
export const notificationKindLabel = (kind: string): string => tOr(`notify.${kind}`, kind);
