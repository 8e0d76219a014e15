import { Center, Loader, NavLink, Text } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { useSession } from '../session.ts';
import { sectionsFor } from './sections.ts';

/** Admin: the menu of sections (those the user's role may open) beside the open one. */
export function AdminPage() {
  const { t } = useTranslation();
  const { section } = useParams();
  const role = useSession().data?.user.role;
  const sections = sectionsFor(role);
  if (sections.length === 0)
    return (
      <Text p="lg" role="alert">
        {t('admin.forbidden')}
      </Text>
    );
  const open = sections.find((s) => s.path === section);
  if (!open && sections[0]) return <Navigate to={`/admin/${sections[0].path}`} replace />;
  return (
    <div className="admin">
      <nav aria-label={t('admin.menu')}>
        {sections.map((s) => (
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
      <div className="admin-main">
        {open ? (
          <Suspense
            fallback={
              <Center>
                <Loader size="sm" role="status" aria-label={t('common.loading')} />
              </Center>
            }
          >
            <open.component />
          </Suspense>
        ) : (
          <Text c="dimmed">{t('admin.nothing')}</Text>
        )}
      </div>
    </div>
  );
}
