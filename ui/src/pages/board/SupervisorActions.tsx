// Supervisor actions on an open task of a case: reassign (改派), issue a 督办单/交办单, take over (接管).
import { useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { toast } from '../../lib/toasts';
import { ReassignDialog } from './ReassignDialog';
import { SupervisionOrderDialog } from './SupervisionOrderDialog';

export interface ActionTask {
  id: string;
  name?: string;
  unit: string;
  assignee?: string;
}

export function SupervisorActions({
  instanceId,
  task,
  onChanged,
}: {
  instanceId: string;
  task: ActionTask;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<'reassign' | 'order' | null>(null);
  const takeOver = async () => {
    if (!window.confirm(t('board.takeoverConfirm', { task: task.name ?? task.id }))) return;
    try {
      await api.takeover(task.id);
      toast('success', t('board.takenOver'));
      onChanged();
    } catch {
      // reported by the fetch wrapper
    }
  };
  return (
    <div className="actions actions--compact">
      <button className="btn btn--small" onClick={() => setDialog('reassign')}>
        {t('board.reassign')}
      </button>
      <button className="btn btn--small btn--danger" onClick={() => setDialog('order')}>
        {t('board.order')}
      </button>
      <button className="btn btn--small" onClick={takeOver}>
        {t('board.takeover')}
      </button>
      {dialog === 'reassign' && (
        <ReassignDialog
          task={task}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged();
          }}
        />
      )}
      {dialog === 'order' && (
        <SupervisionOrderDialog
          instanceId={instanceId}
          unit={task.unit}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
