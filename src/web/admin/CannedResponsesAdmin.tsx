import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CANNED_VARIABLES,
  SAMPLE_VALUES,
  findUnknownVariables,
  formatCannedDate,
  formatCannedDay,
  renderCanned,
} from '../../shared/canned/variables.ts';
import type { CannedResponse } from '../conversation/upload.ts';
import { LANGUAGES, LANGUAGE_NAMES, type AppLanguage } from '../i18n/index.ts';
import { formatNumber } from '../format.ts';
import { useSession } from '../session.ts';
import {
  AdminForm,
  ConfirmDelete,
  EditorModal,
  fieldError,
  FormError,
  QueryState,
  ScreenHeader,
  useAdminCollection,
  useDeleteItem,
  useEditor,
  useSaveItem,
} from './ui.tsx';

const LIST_KEY = 'canned-responses';

type Draft = Pick<CannedResponse, 'title' | 'shortcut' | 'language' | 'folder' | 'body'>;

/** Canned responses: by folder and language; write them with a live preview; delete. */
export function CannedResponsesAdmin() {
  const { t, i18n } = useTranslation();
  const { list, changed } = useAdminCollection<CannedResponse>({
    key: LIST_KEY,
    path: '/canned-responses',
    limit: 100,
  });
  const [q, setQ] = useState('');
  const [language, setLanguage] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const editor = useEditor<CannedResponse | 'new'>();

  const items = list.data ?? [];
  const folders = useMemo(() => [...new Set(items.map((i) => i.folder))].sort(), [items]);
  const needle = q.trim().toLowerCase();
  const shown = items.filter(
    (i) =>
      (!language || i.language === language) &&
      (folder === null || i.folder === folder) &&
      (!needle ||
        [i.title, i.shortcut, i.body].some((field) => field.toLowerCase().includes(needle))),
  );
  const groups = new Map<string, CannedResponse[]>();
  for (const item of shown) groups.set(item.folder, [...(groups.get(item.folder) ?? []), item]);
  const canWrite = (useSession().data?.user.role ?? 'agent') !== 'agent';

  return (
    <Stack>
      <ScreenHeader title={t('canned.admin.title')}>
        {canWrite && (
          <Button size="sm" onClick={() => editor.open('new')}>
            {t('canned.admin.new')}
          </Button>
        )}
      </ScreenHeader>
      <Group align="flex-end">
        <TextInput
          label={t('canned.admin.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={240}
        />
        <NativeSelect
          label={t('canned.admin.language')}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value)}
          data={[
            { value: '', label: t('canned.admin.allLanguages') },
            ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
          ]}
        />
        <NativeSelect
          label={t('canned.admin.folder')}
          value={folder === null ? '*' : folder}
          onChange={(e) => setFolder(e.currentTarget.value === '*' ? null : e.currentTarget.value)}
          data={[
            { value: '*', label: t('canned.admin.allFolders') },
            ...folders.map((f) => ({ value: f, label: f || t('canned.admin.noFolder') })),
          ]}
        />
      </Group>
      <QueryState query={list}>
        {shown.length === 0 && <Text c="dimmed">{t('canned.admin.none')}</Text>}
        {[...groups.entries()]
          .sort(([a], [b]) => a.localeCompare(b, i18n.language))
          .map(([name, group]) => (
            <section key={name} aria-label={name || t('canned.admin.noFolder')}>
              <Title order={3} size="h5" mb={6}>
                {name || t('canned.admin.noFolder')}{' '}
                <Text span c="dimmed" size="sm">
                  ({formatNumber(group.length, i18n.language)})
                </Text>
              </Title>
              <Stack gap={6}>
                {group.map((item) => (
                  <CannedRow
                    key={item.id}
                    item={item}
                    onEdit={() => editor.open(item)}
                    onDeleted={changed}
                  />
                ))}
              </Stack>
            </section>
          ))}
      </QueryState>
      <EditorModal
        editor={editor}
        size="xl"
        title={(item) => (item === 'new' ? t('canned.admin.new') : t('canned.admin.edit'))}
        onSaved={() => undefined}
      >
        {(item) => (
          <CannedForm
            existing={item === 'new' ? null : item}
            folders={folders}
            defaultLanguage={(language || i18n.language) as AppLanguage}
            onDone={editor.close}
          />
        )}
      </EditorModal>
    </Stack>
  );
}

function CannedRow({
  item,
  onEdit,
  onDeleted,
}: {
  item: CannedResponse;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteItem('/canned-responses', onDeleted);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={8}>
            <Text fw={600}>{item.title}</Text>
            <Text size="sm" c="dimmed" ff="monospace">
              /{item.shortcut}
            </Text>
            <Badge variant="light" color="gray" size="sm">
              {LANGUAGE_NAMES[item.language]}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" lineClamp={2}>
            {item.body}
          </Text>
          <Text size="xs" c="dimmed">
            {t('canned.admin.used', { count: item.usage_count })}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {item.abilities.update && (
            <Button
              variant="default"
              size="xs"
              onClick={onEdit}
              aria-label={t('canned.admin.editNamed', { title: item.title })}
            >
              {t('canned.admin.edit')}
            </Button>
          )}
          {item.abilities.delete && (
            <ConfirmDelete
              label={t('canned.admin.delete')}
              question={t('canned.admin.deleteQuestion', { title: item.title })}
              onConfirm={() => remove.mutate(item.id)}
              loading={remove.isPending}
            />
          )}
        </Group>
      </Group>
      <FormError error={remove.error} />
    </Paper>
  );
}

function CannedForm(props: {
  existing: CannedResponse | null;
  folders: string[];
  defaultLanguage: AppLanguage;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(
    props.existing ?? {
      title: '',
      shortcut: '',
      language: props.defaultLanguage,
      folder: '',
      body: '',
    },
  );
  const body = useRef<HTMLTextAreaElement>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useSaveItem<CannedResponse>({
    path: '/canned-responses',
    id: props.existing?.id,
    body: () => draft,
    // The modal closes once the lists (here and the composer's) show the change.
    onSaved: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', LIST_KEY] });
      await queryClient.invalidateQueries({ queryKey: ['canned-responses'] });
      props.onDone();
    },
  });

  const unknown = findUnknownVariables(draft.body);
  const preview = useMemo(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const now = new Date();
    const inTwoHours = new Date(now.getTime() + 2 * 3600_000);
    const inTwoDays = new Date(now.getTime() + 48 * 3600_000);
    return renderCanned(draft.body, {
      ...SAMPLE_VALUES,
      'sla.first_response_due': formatCannedDate(inTwoHours, draft.language, tz),
      'sla.resolution_due': formatCannedDate(inTwoDays, draft.language, tz),
      today: formatCannedDay(now, draft.language, tz),
    });
  }, [draft.body, draft.language]);

  const insertVariable = (name: string) => {
    const el = body.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    set({ body: draft.body.slice(0, start) + token + draft.body.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const fields = ['title', 'shortcut', 'language', 'folder', 'body'];
  return (
    <AdminForm
      save={save}
      fields={fields}
      submitLabel={t('canned.admin.save')}
      submitDisabled={unknown.length > 0}
      extra={
        <Button variant="default" onClick={props.onDone}>
          {t('admin.cancel')}
        </Button>
      }
    >
      <Group grow align="flex-start">
        <TextInput
          label={t('canned.admin.titleField')}
          required
          value={draft.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={fieldError(save.error, 'title')}
          data-autofocus
        />
        <TextInput
          label={t('canned.admin.shortcut')}
          description={t('canned.admin.shortcutHint')}
          required
          leftSection="/"
          value={draft.shortcut}
          onChange={(e) => set({ shortcut: e.currentTarget.value })}
          error={fieldError(save.error, 'shortcut')}
        />
      </Group>
      <Group grow align="flex-start">
        <NativeSelect
          label={t('canned.admin.language')}
          value={draft.language}
          onChange={(e) => set({ language: e.currentTarget.value as AppLanguage })}
          data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          error={fieldError(save.error, 'language')}
        />
        <Autocomplete
          label={t('canned.admin.folder')}
          description={t('canned.admin.folderHint')}
          value={draft.folder}
          onChange={(v) => set({ folder: v })}
          data={props.folders.filter(Boolean)}
          error={fieldError(save.error, 'folder')}
        />
      </Group>
      <Textarea
        ref={body}
        label={t('canned.admin.body')}
        required
        autosize
        minRows={5}
        maxRows={12}
        value={draft.body}
        onChange={(e) => set({ body: e.currentTarget.value })}
        error={
          unknown.length
            ? t('canned.admin.unknownVariables', {
                names: unknown.map((v) => `{{${v}}}`).join(', '),
                count: unknown.length,
              })
            : fieldError(save.error, 'body')
        }
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="canned-variables-label">
          {t('canned.admin.variables')}
        </Text>
        <Group gap={4} role="group" aria-labelledby="canned-variables-label">
          {CANNED_VARIABLES.map((v) => (
            <Button
              key={v}
              size="compact-xs"
              variant="light"
              ff="monospace"
              onClick={() => insertVariable(v)}
              title={t(`canned.var.${v}`)}
            >
              {`{{${v}}}`}
            </Button>
          ))}
        </Group>
      </div>
      <Paper withBorder p="sm" bg="gray.0" aria-live="polite">
        <Text size="xs" fw={600} c="dimmed" mb={4}>
          {t('canned.admin.preview')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="canned-preview">
          {preview || t('canned.admin.previewEmpty')}
        </Text>
      </Paper>
      {unknown.length > 0 && (
        <Alert color="yellow" role="status">
          {t('canned.admin.unknownHelp')}
        </Alert>
      )}
    </AdminForm>
  );
}
