import { Text } from '@mantine/core';
import { useParams } from 'react-router';

/** A client's own page (the dossier at full width). */
export function ClientPage() {
  const { clientId } = useParams();
  return <Text p="lg">{clientId}</Text>;
}
