import {
  Badge,
  ColorSwatch,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { TAG_COLORS, type Tag, type TagColor } from './types.ts';
import {
  EditorModal,
  fieldError,
  FormError,
  FormFooter,
  QueryState,
  RowActions,
  ScreenHeader,
  useAdminList,
  useEditor,
} from './ui.tsx';

/** The workspace's tag catalogue: names, colours, descriptions and how much each is used. */
export function TagsAdmin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tags = useAdminList<Tag>('tags', '/tags?limit=500');
  const editor = useEditor<Tag>();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'tags'] });
    // Renames and deletes rewrite the conversations that carry the tag.
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    void queryClient.invalidateQueries({ queryKey: ['conversation'] });
  };
  const remove = useMutation({
    mutationFn: (id: string) => callApi('DELETE', `/tags/${id}`),
    onSuccess: changed,
  });
  return (
    <Stack>
      <ScreenHeader title={t('admin.tags.title')} />
      <TagForm tag={null} onDone={changed} />
      <QueryState query={tags}>
        {tags.data?.length === 0 ? (
          <Text c="dimmed">{t('admin.tags.none')}</Text>
        ) : (
          <Table striped aria-label={t('admin.tags.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.tags.name')}</Table.Th>
                <Table.Th>{t('admin.tags.description')}</Table.Th>
                <Table.Th>{t('admin.tags.usage')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tags.data?.map((tag) => (
                <Table.Tr key={tag.id}>
                  <Table.Td>
                    <Badge
                      color={tag.color}
                      variant="dot"
                      size="lg"
                      style={{ textTransform: 'none' }}
                    >
                      {tag.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{tag.description}</Table.Td>
                  <Table.Td>
                    {t('admin.tags.conversations', { count: tag.conversation_count })}
                  </Table.Td>
                  <Table.Td>
                    <RowActions
                      name={tag.name}
                      onEdit={tag.abilities.update ? () => editor.open(tag) : undefined}
                      deleteQuestion={t('admin.tags.deleteQuestion', {
                        name: tag.name,
                        count: tag.conversation_count,
                      })}
                      onDelete={tag.abilities.delete ? () => remove.mutate(tag.id) : undefined}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <FormError error={remove.error} />
      </QueryState>
      <EditorModal
        editor={editor}
        title={(tag) => t('admin.editName', { name: tag.name })}
        onSaved={changed}
      >
        {(tag, done) => <TagForm tag={tag} onDone={done} />}
      </EditorModal>
    </Stack>
  );
}

function TagForm({ tag, onDone }: { tag: Tag | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState<TagColor>(tag?.color ?? 'blue');
  const [description, setDescription] = useState(tag?.description ?? '');
  const save = useMutation({
    mutationFn: () =>
      tag
        ? callApi<Tag>('PATCH', `/tags/${tag.id}`, { name, color, description })
        : callApi<Tag>('POST', '/tags', { name, color, description }),
    onSuccess: () => {
      if (!tag) {
        setName('');
        setDescription('');
      }
      onDone();
    },
  });
  const form = (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <Group align="flex-start">
          <TextInput
            label={t('admin.tags.name')}
            description={t('admin.tags.nameHelp')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
            w={220}
          />
          <NativeSelect
            label={t('admin.tags.color')}
            value={color}
            data={TAG_COLORS.map((c) => ({ value: c, label: t(`admin.color.${c}`) }))}
            onChange={(e) => setColor(e.currentTarget.value as TagColor)}
            error={fieldError(save.error, 'color')}
            leftSection={<ColorSwatch color={`var(--mantine-color-${color}-6)`} size={14} />}
            w={170}
          />
          <TextInput
            label={t('admin.tags.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(save.error, 'description')}
            style={{ flex: 1, minWidth: 200 }}
          />
        </Group>
        {tag && tag.conversation_count > 0 && (
          <Text size="sm" c="dimmed">
            {t('admin.tags.renameHelp', { count: tag.conversation_count })}
          </Text>
        )}
        <FormFooter
          error={save.error}
          fields={['name', 'color', 'description']}
          loading={save.isPending}
          label={tag ? t('admin.save') : t('admin.tags.create')}
        />
      </Stack>
    </form>
  );
  return tag ? (
    form
  ) : (
    <Paper withBorder p="md">
      {form}
    </Paper>
  );
}
