import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { InboxView } from '../api.ts';

/** On a phone the open conversation takes the screen: this leads back to the list (filters kept). */
export function PhoneBack({ view }: { view: InboxView }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  return (
    <nav className="phone-back" aria-label={t('filters.backNav')}>
      <Link to={`/inbox/${view}${search}`}>← {t('filters.backToList')}</Link>
    </nav>
  );
}
