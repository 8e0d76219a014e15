import type { ConversationStatus } from '../../db/schema.ts';

/** A client signed in to the portal of one workspace. */
export interface PortalViewer {
  workspaceId: string;
  clientId: string;
  name: string;
  /** The company whose requests this client also sees (only when the workspace shares them). */
  sharedCompanyId: string | null;
  language: string | null;
  timeZone: string | null;
}

export type PortalAction = 'read' | 'reply' | 'rate';

/** A request as the policy needs it: whose it is, their company, its status. */
export interface PortalRequestFacts {
  client_id: string;
  client_company_id: string | null;
  status: ConversationStatus;
}

/**
 * What a client may do with a request in the portal. They read their own
 * requests and, when the workspace shares a company's requests, those of
 * their company and its people; they answer any request they read unless it
 * is closed; they rate only their own, once it is resolved or closed.
 */
export function canPortal(
  viewer: PortalViewer,
  action: PortalAction,
  request: PortalRequestFacts,
): boolean {
  const own = request.client_id === viewer.clientId;
  const company = viewer.sharedCompanyId;
  const readable =
    own ||
    (company !== null && (request.client_id === company || request.client_company_id === company));
  switch (action) {
    case 'read':
      return readable;
    case 'reply':
      return readable && request.status !== 'closed';
    case 'rate':
      return own && (request.status === 'resolved' || request.status === 'closed');
  }
}

/** The company a client shares requests with: the company they belong to, or themselves if a company. */
export function sharedCompanyOf(
  client: { id: string; kind: 'person' | 'company'; company_id: string | null },
  shareCompanyRequests: boolean,
): string | null {
  if (!shareCompanyRequests) return null;
  return client.kind === 'company' ? client.id : client.company_id;
}
