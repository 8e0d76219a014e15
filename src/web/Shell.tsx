import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useIsFetching, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useParams } from 'react-router';
import { callApi, type InboxCounts, type Session } from './api.ts';
import { formatNumber } from './format.ts';
import { changeLanguage, type AppLanguage } from './i18n/index.ts';
import { HeaderSearch } from './HeaderSearch.tsx';
import { isView, VIEWS } from './inbox/views.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { useAfterFirstScreen } from './lazy.ts';
import { Shortcuts } from './ShortcutsHelp.tsx';
import { SESSION_KEY, useLogout, useSession } from './session.ts';
import { NotificationBell } from './realtime/NotificationBell.tsx';
import { RealtimeConnection } from './realtime/RealtimeConnection.tsx';

/** The signed-in layout: header, the rail of views with counts, and the page (inbox, client, admin). */
export function Shell() {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const { pathname } = useLocation();
  const session = useSession().data;
  const logout = useLogout();
  const saveLanguage = useSaveLanguage();
  // Below 768 px the rail folds into a burger menu, closed again by any navigation.
  const [menuOpen, menu] = useDisclosure(false);
  const closeMenu = menu.close;
  useEffect(() => closeMenu(), [pathname, closeMenu]);
  // The counts wait for the inbox's first page: on the embedded database requests
  // are answered one at a time, and the rows are what the agent is waiting for.
  const isInboxLoading = useIsInboxLoading(pathname);
  const counts = useQuery({
    queryKey: ['counts'],
    queryFn: () => callApi<InboxCounts>('GET', '/conversations/counts'),
    refetchInterval: 30_000,
    enabled: !isInboxLoading,
  });

  const view = isView(params.view) ? params.view : undefined;
  // The header's search box, bell and language picker render just after the inbox's
  // first rows are painted: the first render is the app's longest task.
  const extras = useAfterFirstScreen(pathname.startsWith('/inbox/'));

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !menuOpen } }}
      padding={0}
    >
      <Shortcuts />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={menuOpen}
              onClick={menu.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shortcuts.menu')}
            />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" truncate visibleFrom="sm">
              {session?.workspace.name}
            </Text>
          </Group>
          {/* The search page has a box of its own. */}
          {extras && pathname !== '/search' && <HeaderSearch />}
          <Group gap="md" wrap="nowrap">
            <RealtimeConnection />
            {extras && <NotificationBell />}
            {extras && (
              <div className="inline-picker">
                <LanguagePicker size="xs" onChange={(l) => saveLanguage.mutate(l)} />
              </div>
            )}
            <Text size="sm" truncate visibleFrom="sm">
              {t('shell.signedInAs', { name: session?.user.name ?? '' })}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => logout.mutate()}
              loading={logout.isPending}
            >
              {t('shell.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('shell.navigation')}>
        {/* Below 992 px the header has no room for its search box. */}
        <NavLink
          component={Link}
          to="/search"
          label={t('globalSearch.title')}
          hiddenFrom="md"
          active={pathname === '/search'}
          aria-current={pathname === '/search' ? 'page' : undefined}
          mb="xs"
        />
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={6} id="views-heading">
          {t('shell.views')}
        </Text>
        <nav aria-labelledby="views-heading">
          {VIEWS.map((v) => {
            const count = counts.data?.[v];
            return (
              <NavLink
                key={v}
                component={Link}
                to={`/inbox/${v}`}
                active={v === view}
                label={t(`views.${v}`)}
                aria-current={v === view ? 'page' : undefined}
                rightSection={
                  count === undefined ? null : (
                    <Badge
                      size="sm"
                      variant={v === view ? 'filled' : 'light'}
                      color={v === 'sla_at_risk' && count > 0 ? 'orange' : undefined}
                      aria-label={t('views.count', { count })}
                    >
                      {formatNumber(count, i18n.language)}
                    </Badge>
                  )
                }
              />
            );
          })}
        </nav>
        <RailLink to="/clients" label={t('client.nav')} mt="md" />
        <RailLink to="/callbacks" label={t('calls.rail')} />
        <RailLink to="/promises" label={t('promises.rail')} />
        <RailLink to="/discounts" label={t('discounts.rail')} />
        <RailLink to="/knowledge" label={t('knowledge.rail')} />
        {session && session.user.role !== 'agent' && (
          <RailLink to="/admin" label={t('admin.link')} mt="md" />
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** Whether the inbox is on screen without any rows yet (no list of it has answered). */
function useIsInboxLoading(pathname: string): boolean {
  const queryClient = useQueryClient();
  // Re-renders as the lists start and finish loading.
  useIsFetching({ queryKey: ['conversations'] });
  if (!pathname.startsWith('/inbox/')) return false;
  const lists = queryClient.getQueryCache().findAll({ queryKey: ['conversations'] });
  return lists.every((q) => q.state.status === 'pending');
}

/** A page in the rail: marked as the current one on its own path and below it. */
function RailLink({ to, label, mt }: { to: string; label: string; mt?: string }) {
  const active = useLocation().pathname.startsWith(to);
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={active}
      aria-current={active ? 'page' : undefined}
      mt={mt}
    />
  );
}

/** Changes the language on screen at once and saves it as the user's own. */
function useSaveLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (language: AppLanguage) => {
      await changeLanguage(language);
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      if (!session) return;
      await callApi('PATCH', `/users/${session.user.id}`, { language });
      const updated: Session = { ...session, user: { ...session.user, language } };
      queryClient.setQueryData(SESSION_KEY, updated);
    },
  });
}
