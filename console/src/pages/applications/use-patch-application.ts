/** PATCHes an app registration (Graph replaces each collection sent whole) and refreshes it. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateGraph } from '../../api/queries.ts';
import { useGraph } from '../../app-context.tsx';
import type { Application } from './application.ts';

export function usePatchApplication(app: Pick<Application, 'id'>) {
  const graph = useGraph();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Omit<Application, 'keyCredentials'>> & { keyCredentials?: unknown[] }) =>
      graph(`/applications/${app.id}`, { method: 'PATCH', body }),
    onSuccess: () => invalidateGraph(client, '/applications'),
    meta: { showsOwnError: true },
  });
}
