import {
  Badge,
  ColorSwatch,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TAG_COLORS, type Tag, type TagColor } from './types.ts';
import {
  AdminForm,
  AdminTable,
  EditorModal,
  fieldError,
  RowActions,
  ScreenHeader,
  useAdminCollection,
  useEditor,
  useSaveItem,
} from './ui.tsx';

/** The workspace's tag catalogue: names, colours, descriptions and how much each is used. */
export function TagsAdmin() {
  const { t } = useTranslation();
  const {
    list: tags,
    changed,
    remove,
  } = useAdminCollection<Tag>({
    key: 'tags',
    path: '/tags',
    limit: 500,
    // Renames and deletes rewrite the conversations that carry the tag.
    alsoStale: [['conversations'], ['conversation']],
  });
  const editor = useEditor<Tag>();
  return (
    <Stack>
      <ScreenHeader title={t('admin.tags.title')} />
      <TagForm tag={null} onDone={changed} />
      <AdminTable
        query={tags}
        label={t('admin.tags.title')}
        empty={t('admin.tags.none')}
        rowKey={(tag) => tag.id}
        columns={[
          {
            header: t('admin.tags.name'),
            cell: (tag) => (
              <Badge color={tag.color} variant="dot" size="lg" style={{ textTransform: 'none' }}>
                {tag.name}
              </Badge>
            ),
          },
          { header: t('admin.tags.description'), cell: (tag) => tag.description },
          {
            header: t('admin.tags.usage'),
            cell: (tag) => t('admin.tags.conversations', { count: tag.conversation_count }),
          },
        ]}
        actions={(tag) => (
          <RowActions
            name={tag.name}
            onEdit={tag.abilities.update ? () => editor.open(tag) : undefined}
            deleteQuestion={t('admin.tags.deleteQuestion', {
              name: tag.name,
              count: tag.conversation_count,
            })}
            onDelete={tag.abilities.delete ? () => remove.mutate(tag.id) : undefined}
          />
        )}
        error={remove.error}
      />
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
  const save = useSaveItem<Tag>({
    path: '/tags',
    id: tag?.id,
    body: () => ({ name, color, description }),
    onSaved: () => {
      if (!tag) {
        setName('');
        setDescription('');
      }
      onDone();
    },
  });
  const form = (
    <AdminForm
      save={save}
      fields={['name', 'color', 'description']}
      submitLabel={tag ? t('admin.save') : t('admin.tags.create')}
      gap="sm"
    >
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
    </AdminForm>
  );
  return tag ? (
    form
  ) : (
    <Paper withBorder p="md">
      {form}
    </Paper>
  );
}
