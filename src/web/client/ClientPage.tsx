import { Anchor, Box } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ClientDossier } from './ClientDossier.tsx';

/** A client's own page: the dossier at full width. */
export function ClientPage() {
  const { t } = useTranslation();
  const { clientId } = useParams();
  return (
    <Box className="client-page">
      <Anchor component={Link} to="/clients" size="sm">
        ← {t('client.all')}
      </Anchor>
      {clientId && /^\d{1,19}$/.test(clientId) ? (
        <ClientDossier key={clientId} clientId={clientId} layout="page" />
      ) : null}
    </Box>
  );
}
