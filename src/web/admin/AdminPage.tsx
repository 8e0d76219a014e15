import { Center, Loader, NavLink, Text } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { adminSections } from './sections.ts';

/** Admin: the menu of sections beside the open one. */
export function AdminPage() {
  const { t } = useTranslation();
  const { section } = useParams();
  const open = adminSections.find((s) => s.path === section);
  if (!open && adminSections[0]) return <Navigate to={`/admin/${adminSections[0].path}`} replace />;
  return (
    <div className="admin">
      <nav aria-label={t('admin.menu')}>
        {adminSections.map((s) => (
          <NavLink
            key={s.path}
            component={Link}
            to={`/admin/${s.path}`}
            label={t(s.titleKey)}
            active={s === open}
            aria-current={s === open ? 'page' : undefined}
          />
        ))}
      </nav>
      <main className="admin-main">
        {open ? (
          <Suspense
            fallback={
              <Center>
                <Loader size="sm" aria-label={t('common.loading')} />
              </Center>
            }
          >
            <open.component />
          </Suspense>
        ) : (
          <Text c="dimmed">{t('admin.nothing')}</Text>
        )}
      </main>
    </div>
  );
}
