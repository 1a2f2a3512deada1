// Loads and shows the case file of a case (GET /api/instances/:id/file); `version` reloads it.
import { api } from '../../api';
import { useRequest } from '../../lib/hooks';
import { Async } from '../States';
import { CaseFileView } from './CaseFileView';

export function CaseFilePanel({ instanceId, version }: { instanceId: string; version?: unknown }) {
  const file = useRequest(() => api.caseFile(instanceId), [instanceId, version]);
  return <Async state={file}>{(f) => <CaseFileView file={f} onChanged={file.reload} />}</Async>;
}
