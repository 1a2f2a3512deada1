// The signed-in user and their API token, kept in localStorage across reloads.
import { createStore } from './store';
import { readStorage, writeStorage } from './storage';
import type { User } from '../types';

const TOKEN_KEY = 'grid.token';
const USER_KEY = 'grid.user';

export interface Session {
  token: string;
  user: User;
}

function load(): Session | null {
  const token = readStorage(TOKEN_KEY);
  const raw = readStorage(USER_KEY);
  if (!token || !raw) return null;
  try {
    return { token, user: JSON.parse(raw) as User };
  } catch {
    return null;
  }
}

export const sessionStore = createStore<Session | null>(load());
/** why the user was sent back to the login screen (shown there once) */
export const logoutReason = createStore<string | null>(null);

export function signIn(session: Session): void {
  writeStorage(TOKEN_KEY, session.token);
  writeStorage(USER_KEY, JSON.stringify(session.user));
  logoutReason.set(null);
  sessionStore.set(session);
}

export function updateUser(user: User): void {
  const s = sessionStore.get();
  if (!s) return;
  writeStorage(USER_KEY, JSON.stringify(user));
  sessionStore.set({ ...s, user });
}

export function signOut(reason: string | null = null): void {
  writeStorage(TOKEN_KEY, null);
  writeStorage(USER_KEY, null);
  logoutReason.set(reason);
  sessionStore.set(null);
}

export const token = (): string | undefined => sessionStore.get()?.token;

export function hasRole(user: User | undefined, ...roles: string[]): boolean {
  return !!user?.roles?.some((r) => roles.includes(r.role));
}
