import { Button, Center, Loader, Modal } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyNamed } from '../lazy.ts';
import type { Client } from './types.ts';

// The form (with the discount and promise readers) loads when an agent first opens it.
const NewConversationForm = lazyNamed(
  () => import('../conversation/NewConversationForm.tsx'),
  'NewConversationForm',
);

/** "Write to the client": a new conversation with the agent's first message. */
export function NewConversationButton({ client }: { client: Client }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        {t('newConversation.open')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('newConversation.title', { name: client.name })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        size="lg"
      >
        {open && (
          <Suspense
            fallback={
              <Center p="md">
                <Loader size="sm" role="status" aria-label={t('common.loading')} />
              </Center>
            }
          >
            <NewConversationForm client={client} onDone={() => setOpen(false)} />
          </Suspense>
        )}
      </Modal>
    </>
  );
}
