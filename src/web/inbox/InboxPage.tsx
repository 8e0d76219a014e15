import { Navigate, useParams } from 'react-router';
import { ConversationPane } from '../conversation/ConversationPane.tsx';
import { isView } from '../Shell.tsx';
import { InboxList } from './InboxList.tsx';

/** The inbox: the list of a view beside the open conversation. */
export function InboxPage() {
  const params = useParams();
  if (!isView(params.view)) return <Navigate to="/inbox/mine" replace />;
  return (
    <div className="workspace">
      <InboxList view={params.view} selectedId={params.conversationId} />
      <ConversationPane key={params.conversationId ?? 'none'} id={params.conversationId} />
    </div>
  );
}
