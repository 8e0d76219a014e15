import { Badge, Button, Group, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatDuration,
  formatFullTime,
  formatInZone,
  formatMessageTime,
  zoneLabel,
} from '../format.ts';
import { DelayDialog } from './DelayDialog.tsx';
import {
  fromLocalInput,
  isPastDue,
  toLocalInput,
  usePromiseAction,
  useWorkspaceTimeZone,
  type ClientPromise,
} from './queries.ts';

const SOON_MS = 15 * 60_000;
const STATE_COLOR = {
  proposed: 'grape',
  open: 'blue',
  kept: 'green',
  broken: 'red',
  dismissed: 'gray',
} as const;

/** Where an open promise stands: time left (soon: orange), or due now (red). */
export function Countdown({ promise: p, now }: { promise: ClientPromise; now: number }) {
  const { t, i18n } = useTranslation();
  const left = new Date(p.due_at).getTime() - now;
  const timeZone = useWorkspaceTimeZone();
  const color = left <= 0 ? 'red' : left <= SOON_MS ? 'orange' : 'blue';
  return (
    <Badge
      size="sm"
      color={color}
      variant={left <= SOON_MS ? 'filled' : 'light'}
      title={
        timeZone
          ? formatInZone(p.due_at, i18n.language, timeZone)
          : formatFullTime(p.due_at, i18n.language)
      }
      style={{ flexShrink: 0 }}
    >
      {left <= 0
        ? t('promises.dueNow')
        : t('promises.left', { time: formatDuration(left, i18n.language) })}
    </Badge>
  );
}

/**
 * One promise with what its agent can do now: track a proposal (at the time
 * found, or another) or say it is none; mark an open one kept or tell the
 * client about a delay.
 */
export function PromiseItem({
  promise: p,
  now,
  showAgent = false,
  footer,
}: {
  promise: ClientPromise;
  now: number;
  showAgent?: boolean;
  /** More about it under the promise (a link to its conversation). */
  footer?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const act = usePromiseAction(p);
  const [editing, setEditing] = useState(false);
  // Due times in the workspace's zone, as the composer's preview shows them (labelled
  // with the zone when the agent's clock is elsewhere).
  const timeZone = useWorkspaceTimeZone();
  const [due, setDue] = useState<string | null>(null);
  const [delaying, setDelaying] = useState(false);
  const busy = (action: string) => act.isPending && act.variables?.action === action;
  const lang = i18n.language;
  const past = isPastDue(p, now);
  const dueLine = t('promises.due', {
    when: timeZone ? formatInZone(p.due_at, lang, timeZone) : formatMessageTime(p.due_at, lang),
  });
  const dueInput = due ?? toLocalInput(p.due_at, timeZone);
  // The input is a wall time in that zone: say which, when the agent's clock is elsewhere.
  const zone = timeZone ? zoneLabel(timeZone, lang) : null;

  return (
    <li className="promise-item" data-state={p.state}>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }} align="flex-start">
        {p.state === 'open' ? (
          <Countdown promise={p} now={now} />
        ) : (
          <Badge size="sm" variant="light" color={STATE_COLOR[p.state]} style={{ flexShrink: 0 }}>
            {t(`promises.state.${p.state}`)}
          </Badge>
        )}
        <div style={{ minWidth: 0 }}>
          <Text size="sm" className="promise-text">
            {t('promises.quote', { text: p.text })}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`promises.kind.${p.kind}`)} · {dueLine}
            {showAgent && ` · ${p.agent.name}`}
            {p.redates.length > 0 && ` · ${t('promises.redated', { count: p.redates.length })}`}
          </Text>
        </div>
      </Group>
      <Group gap={4} wrap="wrap" justify="flex-end">
        {p.state === 'proposed' && p.abilities.confirm && !editing && (
          <>
            <Button
              size="compact-xs"
              color="grape"
              disabled={past}
              loading={busy('confirm')}
              onClick={() => act.mutate({ action: 'confirm' })}
            >
              {t('promises.track')}
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="grape"
              onClick={() => setEditing(true)}
            >
              {t('promises.editTime')}
            </Button>
          </>
        )}
        {p.state === 'proposed' && editing && (
          <form
            className="promise-edit"
            onSubmit={(e) => {
              e.preventDefault();
              act.mutate({
                action: 'confirm',
                body: { due_at: fromLocalInput(dueInput, timeZone) ?? dueInput },
              });
            }}
          >
            <TextInput
              size="xs"
              type="datetime-local"
              aria-label={t('promises.newTime')}
              description={zone && t('promises.inZone', { zone })}
              value={dueInput}
              onChange={(e) => setDue(e.currentTarget.value)}
            />
            <Button size="compact-xs" type="submit" color="grape" loading={busy('confirm')}>
              {t('promises.trackAt')}
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => setEditing(false)}
            >
              {t('promises.cancel')}
            </Button>
          </form>
        )}
        {p.state === 'proposed' && p.abilities.dismiss && !editing && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            loading={busy('dismiss')}
            onClick={() => act.mutate({ action: 'dismiss' })}
          >
            {t('promises.notAPromise')}
          </Button>
        )}
        {p.state === 'open' && p.abilities.keep && (
          <Button
            size="compact-xs"
            variant="light"
            color="green"
            loading={busy('keep')}
            onClick={() => act.mutate({ action: 'keep' })}
          >
            {t('promises.kept')}
          </Button>
        )}
        {p.state === 'open' && p.abilities.delay && (
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={past}
            onClick={() => setDelaying(true)}
          >
            {t('promises.tellDelay')}
          </Button>
        )}
      </Group>
      {act.error && (
        <Text size="xs" c="red" role="alert">
          {t('common.error', { message: act.error.message })}
        </Text>
      )}
      {footer && <div className="promise-footer">{footer}</div>}
      {delaying && <DelayDialog promise={p} onClose={() => setDelaying(false)} />}
    </li>
  );
}
