import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, callApi, type Callback, type Page } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { outcomeName } from '../calls/callText.ts';
import { DialogFooter } from '../DialogFooter.tsx';

type View = 'mine' | 'my_teams';
const TIMING_COLOR = { upcoming: 'gray', due: 'orange', overdue: 'red' } as const;

/** The callbacks to make: mine or my teams', soonest first, with due and overdue badges. */
export function CallbacksPage() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>('mine');
  const [working, setWorking] = useState<{ callback: Callback; kind: 'attempt' | 'complete' }>();
  const list = useInfiniteQuery({
    queryKey: ['callbacks', 'page', view],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<Callback>>(
        'GET',
        `/callbacks?view=${view}&status=scheduled&limit=50${pageParam ? `&cursor=${pageParam}` : ''}`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 60_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (cb: Callback) =>
    cb.window_end
      ? t('callback.between', {
          from: formatMessageTime(cb.window_start, i18n.language),
          to: formatMessageTime(cb.window_end, i18n.language),
        })
      : formatMessageTime(cb.window_start, i18n.language);

  return (
    <Stack p="md" gap="md" maw={900}>
      <Group justify="space-between" gap="sm">
        <Title order={2} size="h3">
          {t('calls.page.title')}
        </Title>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'mine', label: t('calls.page.mine') },
            { value: 'my_teams', label: t('calls.page.team') },
          ]}
        />
      </Group>
      {list.isError ? (
        <Text c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      ) : list.isSuccess && items.length === 0 ? (
        <Text c="dimmed">{t('calls.page.empty')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((cb) => (
            <Paper
              key={cb.id}
              component="li"
              withBorder
              p="sm"
              aria-label={`${cb.client.name} ${cb.phone}`}
              data-timing={cb.timing ?? undefined}
              style={
                cb.timing && cb.timing !== 'upcoming'
                  ? {
                      borderLeft: `4px solid var(--mantine-color-${TIMING_COLOR[cb.timing]}-6)`,
                      background: `var(--mantine-color-${TIMING_COLOR[cb.timing]}-0)`,
                    }
                  : undefined
              }
            >
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={2} style={{ minWidth: 0, flex: '1 1 16rem' }}>
                  <Group gap="xs">
                    <Anchor component={Link} to={`/clients/${cb.client.id}`} fw={600}>
                      {cb.client.name}
                    </Anchor>
                    <Text>{cb.phone}</Text>
                    {cb.timing && (
                      <Badge
                        color={TIMING_COLOR[cb.timing]}
                        variant={cb.timing === 'upcoming' ? 'light' : 'filled'}
                      >
                        {t(`calls.page.${cb.timing}`)}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed">
                    {when(cb)} · {t('calls.page.responsible', { name: cb.responsible.name })} ·{' '}
                    {t('calls.page.attempts', { count: cb.attempts })}
                    {cb.outcome ? ` · ${outcomeName(t, cb.outcome)}` : ''}
                  </Text>
                  {cb.note && <Text size="sm">{cb.note}</Text>}
                  {cb.conversation_id && (
                    <Anchor component={Link} to={`/inbox/all/${cb.conversation_id}`} size="sm">
                      {t('calls.page.openConversation')}
                    </Anchor>
                  )}
                </Stack>
                <Group gap={6} wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    disabled={!cb.abilities.update}
                    onClick={() => setWorking({ callback: cb, kind: 'attempt' })}
                  >
                    {t('calls.page.recordAttempt')}
                  </Button>
                  <Button
                    size="xs"
                    color="green"
                    disabled={!cb.abilities.update}
                    onClick={() => setWorking({ callback: cb, kind: 'complete' })}
                  >
                    {t('calls.page.complete')}
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t('calls.page.loadMore')}
        </Button>
      )}
      {working && (
        <WorkDialog
          callback={working.callback}
          kind={working.kind}
          onClose={() => setWorking(undefined)}
        />
      )}
    </Stack>
  );
}

const FAILED = ['no_answer', 'busy', 'voicemail'] as const;

/** Records a failed attempt (optionally re-timed) or completes a callback with its outcome. */
function WorkDialog({
  callback: cb,
  kind,
  onClose,
}: {
  callback: Callback;
  kind: 'attempt' | 'complete';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<string>(kind === 'attempt' ? 'no_answer' : 'answered');
  const [outcome, setOutcome] = useState('');
  const [retime, setRetime] = useState('');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      callApi<Callback>('PATCH', `/callbacks/${cb.id}`, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['callbacks'] }),
        queryClient.invalidateQueries({ queryKey: ['calls'] }),
        cb.conversation_id
          ? queryClient.invalidateQueries({ queryKey: ['events', cb.conversation_id] })
          : undefined,
      ]);
      onClose();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      attempt: {
        result,
        ...(outcome.trim() ? { outcome: outcome.trim() } : {}),
      },
      ...(kind === 'complete' ? { status: 'done' } : {}),
      ...(kind === 'attempt' && retime ? { window_start: new Date(retime).toISOString() } : {}),
    });
  };
  const results = kind === 'attempt' ? FAILED : (['answered', ...FAILED] as const);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(kind === 'attempt' ? 'calls.page.attemptTitle' : 'calls.page.completeTitle')}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <NativeSelect
            label={t('calls.page.result')}
            data={results.map((r) => ({ value: r, label: t(`calls.outcome.${r}`) }))}
            value={result}
            onChange={(e) => setResult(e.currentTarget.value)}
            error={fields['attempt.result']}
          />
          <TextInput
            label={t('calls.page.outcomeText')}
            maxLength={1000}
            value={outcome}
            onChange={(e) => setOutcome(e.currentTarget.value)}
            error={fields['attempt.outcome']}
            data-autofocus
          />
          {kind === 'attempt' && (
            <TextInput
              label={t('calls.page.retime')}
              type="datetime-local"
              value={retime}
              onChange={(e) => setRetime(e.currentTarget.value)}
              error={fields.window_start}
            />
          )}
          <DialogFooter
            error={save.error}
            onCancel={onClose}
            cancelLabel={t('calls.cancel')}
            submitLabel={t(kind === 'attempt' ? 'calls.page.recordAttempt' : 'calls.page.complete')}
            loading={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
