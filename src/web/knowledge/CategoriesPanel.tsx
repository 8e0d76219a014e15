import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Popover,
  Modal,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, callApi } from '../api.ts';
import { ConfirmDelete, FormError, fetchAll, fieldError } from '../admin/ui.tsx';
import { formatNumber } from '../format.ts';
import { LANGUAGES, type AppLanguage } from '../i18n/index.ts';
import { useCanWriteKnowledge } from './permissions.ts';
import {
  categoryName,
  kbKeys,
  useInvalidateKnowledge,
  type KnowledgeCategory,
  languageName,
} from './queries.ts';

/** Every category in its order (a short list: it is read whole, page after page). */
export function useCategories() {
  return useQuery({
    queryKey: kbKeys.categories,
    queryFn: () => fetchAll<KnowledgeCategory>('/knowledge/categories?limit=100'),
    staleTime: 30_000,
  });
}

/**
 * The categories as a filter of the article list; writers also add, rename,
 * move and delete them here.
 */
export function CategoriesPanel(props: {
  categories: UseQueryResult<KnowledgeCategory[]>;
  selected: string;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWriteKnowledge();
  const invalidate = useInvalidateKnowledge();
  const [editing, setEditing] = useState<KnowledgeCategory | 'new' | null>(null);
  const list = props.categories.data ?? [];

  // Positions follow the list's order; only the categories whose place changed are saved.
  const move = useMutation({
    mutationFn: async ({ index, step }: { index: number; step: -1 | 1 }) => {
      const order = [...list];
      const [moved] = order.splice(index, 1);
      order.splice(index + step, 0, moved!);
      for (const [i, c] of order.entries())
        if (c.position !== i + 1)
          await callApi('PATCH', `/knowledge/categories/${c.id}`, { position: i + 1 });
    },
    onSettled: () => invalidate(),
  });

  return (
    <nav className="kb-categories" aria-labelledby="kb-categories-heading">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" id="kb-categories-heading">
          {t('knowledge.categories')}
        </Text>
        {canWrite && (
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing('new')}>
            {t('knowledge.category.new')}
          </Button>
        )}
      </Group>
      <ul className="kb-category-list">
        <li>
          <UnstyledButton
            className="kb-category"
            aria-pressed={props.selected === ''}
            onClick={() => props.onSelect('')}
          >
            {t('knowledge.allArticles')}
          </UnstyledButton>
        </li>
        {list.map((c, index) => {
          const name = categoryName(c, i18n.language);
          return (
            <li key={c.id} className="kb-category-row">
              <UnstyledButton
                className="kb-category"
                aria-pressed={props.selected === c.id}
                onClick={() => props.onSelect(c.id)}
              >
                <span className="kb-category-name">{name}</span>
                <Badge size="sm" variant="light" color="gray.8" component="span">
                  {formatNumber(c.article_count, i18n.language)}
                </Badge>
              </UnstyledButton>
              {c.abilities.update && (
                <CategoryActions
                  name={name}
                  canMoveUp={index > 0 && !move.isPending}
                  canMoveDown={index < list.length - 1 && !move.isPending}
                  onEdit={() => setEditing(c)}
                  onMove={(step) => move.mutate({ index, step })}
                />
              )}
            </li>
          );
        })}
      </ul>
      {props.categories.isError && (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: props.categories.error.message })}
        </Text>
      )}
      {move.error && <FormError error={move.error} />}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing === 'new'
            ? t('knowledge.category.new')
            : editing
              ? t('knowledge.category.editTitle', { name: categoryName(editing, i18n.language) })
              : ''
        }
        size="lg"
      >
        {editing !== null && (
          <CategoryForm
            category={editing === 'new' ? undefined : editing}
            onDone={(deletedId) => {
              if (deletedId && deletedId === props.selected) props.onSelect('');
              setEditing(null);
              void invalidate();
            }}
          />
        )}
      </Modal>
    </nav>
  );
}

/**
 * A category's actions behind one small button: rename, move up, move down.
 * (A popover of plain buttons: Mantine's Menu would add its code to the
 * libraries every page loads first.)
 */
function CategoryActions(props: {
  name: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onEdit: () => void;
  onMove: (step: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const act = (fn: () => void) => () => {
    setOpened(false);
    fn();
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray.7"
          size="sm"
          aria-label={t('knowledge.category.actions', { name: props.name })}
          aria-expanded={opened}
          onClick={() => setOpened((o) => !o)}
        >
          <DotsIcon />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={4}>
        <Stack gap={2}>
          <Button
            variant="subtle"
            size="compact-sm"
            justify="flex-start"
            onClick={act(props.onEdit)}
          >
            {t('knowledge.category.edit')}
          </Button>
          <Button
            variant="subtle"
            size="compact-sm"
            justify="flex-start"
            disabled={!props.canMoveUp}
            onClick={act(() => props.onMove(-1))}
          >
            {t('knowledge.category.moveUp')}
          </Button>
          <Button
            variant="subtle"
            size="compact-sm"
            justify="flex-start"
            disabled={!props.canMoveDown}
            onClick={act(() => props.onMove(1))}
          >
            {t('knowledge.category.moveDown')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

type Names = Record<AppLanguage, { name: string; description: string }>;

/** A category's name (and description) in each language; one name at least. */
function CategoryForm(props: {
  category?: KnowledgeCategory;
  onDone: (deletedId?: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const c = props.category;
  const [names, setNames] = useState<Names>(
    () =>
      Object.fromEntries(
        LANGUAGES.map((l) => [
          l,
          {
            name: c?.translations[l]?.name ?? '',
            description: c?.translations[l]?.description ?? '',
          },
        ]),
      ) as Names,
  );
  const save = useMutation({
    mutationFn: () => {
      const translations = Object.fromEntries(
        LANGUAGES.flatMap((l): [AppLanguage, { name: string; description: string } | null][] => {
          const n = names[l];
          if (n.name.trim()) return [[l, { name: n.name, description: n.description }]];
          // Emptied: the language goes (on an existing category that had it).
          return c?.translations[l] ? [[l, null]] : [];
        }),
      );
      return c
        ? callApi('PATCH', `/knowledge/categories/${c.id}`, { translations })
        : callApi('POST', '/knowledge/categories', { translations });
    },
    onSuccess: () => props.onDone(),
  });
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/knowledge/categories/${c!.id}`),
    onSuccess: () => props.onDone(c!.id),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  // The whole set is empty (a single name too long is said under its field).
  const missing = save.error instanceof ApiError && 'translations' in save.error.fields;
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('knowledge.category.namesHint')}
        </Text>
        {LANGUAGES.map((l) => (
          <Group key={l} gap="sm" grow align="flex-start" wrap="nowrap">
            <TextInput
              label={t('knowledge.category.nameIn', { language: languageName(t, l) })}
              lang={l}
              value={names[l].name}
              maxLength={200}
              data-autofocus={l === i18n.language ? true : undefined}
              onChange={(e) => {
                const name = e.currentTarget.value;
                setNames((n) => ({ ...n, [l]: { ...n[l], name } }));
              }}
              error={fieldError(save.error, `translations.${l}`)}
            />
            <TextInput
              label={t('knowledge.category.descriptionIn', { language: languageName(t, l) })}
              lang={l}
              value={names[l].description}
              maxLength={1000}
              onChange={(e) => {
                const description = e.currentTarget.value;
                setNames((n) => ({ ...n, [l]: { ...n[l], description } }));
              }}
            />
          </Group>
        ))}
        {missing && (
          <Text size="sm" c="red" role="alert">
            {t('knowledge.category.needsName')}
          </Text>
        )}
        <FormError error={save.error} fields={['translations']} />
        <FormError error={remove.error} />
        <Group justify="space-between">
          {c ? (
            c.article_count === 0 ? (
              <ConfirmDelete
                label={t('knowledge.category.delete')}
                question={t('knowledge.category.deleteQuestion')}
                onConfirm={() => remove.mutate()}
                loading={remove.isPending}
              />
            ) : (
              <Text size="xs" c="dimmed">
                {t('knowledge.category.notEmpty', { count: c.article_count })}
              </Text>
            )
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            {t('knowledge.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DotsIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <circle cx="5" cy="12" r="2" />
      <circle cx="12" cy="12" r="2" />
      <circle cx="19" cy="12" r="2" />
    </svg>
  );
}
