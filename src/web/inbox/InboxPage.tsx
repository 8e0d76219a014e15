import { Navigate, useParams } from 'react-router';
import { DossierColumn } from '../client/DossierColumn.tsx';
import { ConversationPane } from '../conversation/ConversationPane.tsx';
import { isView } from './views.ts';
import { InboxList } from './InboxList.tsx';
import { PhoneBack } from './PhoneBack.tsx';

/** The inbox: the list of a view beside the open conversation and its client's dossier. */
export function InboxPage() {
  const params = useParams();
  if (!isView(params.view)) return <Navigate to="/inbox/mine" replace />;
  return (
    <div className={`workspace${params.conversationId ? ' with-dossier has-open' : ''}`}>
      <InboxList view={params.view} selectedId={params.conversationId} />
      {params.conversationId && <PhoneBack view={params.view} />}
      <ConversationPane key={params.conversationId ?? 'none'} id={params.conversationId} />
      {params.conversationId && <DossierColumn conversationId={params.conversationId} />}
    </div>
  );
}
