// Transient messages (errors never pass silently: every failed request ends up here or inline).
import { createStore } from './store';

export type ToastKind = 'error' | 'success' | 'info' | 'warning';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

export const toastStore = createStore<Toast[]>([]);
let nextId = 1;

export function toast(kind: ToastKind, text: string, ms = kind === 'error' ? 8000 : 4000): number {
  const id = nextId++;
  toastStore.set((list) => [
    ...list.filter((x) => !(x.kind === kind && x.text === text)),
    { id, kind, text },
  ]);
  if (ms > 0) window.setTimeout(() => dismissToast(id), ms);
  return id;
}

export function dismissToast(id: number): void {
  toastStore.set((list) => list.filter((x) => x.id !== id));
}
