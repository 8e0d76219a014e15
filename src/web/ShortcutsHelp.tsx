import { Kbd, Modal, Table } from '@mantine/core';
import { Fragment, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { focusSearchBox, SHORTCUTS, useGlobalShortcuts } from './shortcuts.ts';

/** Installs the global keyboard shortcuts and the help dialog that "?" opens. */
export function Shortcuts() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const openHelp = useCallback(() => setOpen(true), []);
  const navigate = useNavigate();
  // The search box on screen, else (a phone's header has none) the search page.
  const openSearch = useCallback(() => {
    if (!focusSearchBox()) void navigate('/search');
  }, [navigate]);
  useGlobalShortcuts({ openHelp, isHelpOpen: open, openSearch });
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title={t('shortcuts.title')} size="md">
      <Table verticalSpacing={6} aria-label={t('shortcuts.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('shortcuts.key')}</Table.Th>
            <Table.Th scope="col">{t('shortcuts.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td>
                {s.keys.map((k, i) => (
                  <Fragment key={k}>
                    {i > 0 && ' '}
                    <Kbd>{k}</Kbd>
                  </Fragment>
                ))}
              </Table.Td>
              <Table.Td>{t(`shortcuts.${s.action}`)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>
              <Kbd>Esc</Kbd>
            </Table.Td>
            <Table.Td>{t('shortcuts.escape')}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <p className="shortcuts-note">{t('shortcuts.typingNote')}</p>
    </Modal>
  );
}
