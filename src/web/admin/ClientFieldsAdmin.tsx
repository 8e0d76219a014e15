import {
  Badge,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import type { ClientField } from './types.ts';
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

const TYPES = ['text', 'number', 'date', 'select'] as const;
type FieldType = (typeof TYPES)[number];

/** Turns a label into a field key: "Contract number" -> "contract_number". */
function keyFromLabel(label: string) {
  const key = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return key.slice(0, 50);
}

/** Custom fields of clients: list, add (text, number, date, select), relabel, options, delete. */
export function ClientFieldsAdmin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fields = useAdminList<ClientField>('client-fields', '/client-fields?limit=100');
  const editor = useEditor<ClientField>();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'client-fields'] });
    void queryClient.invalidateQueries({ queryKey: ['client-fields'] });
  };
  const remove = useMutation({
    mutationFn: (id: string) => callApi('DELETE', `/client-fields/${id}`),
    onSuccess: changed,
  });
  return (
    <Stack>
      <ScreenHeader title={t('admin.fields.title')} />
      <NewFieldForm onDone={changed} />
      <QueryState query={fields}>
        {fields.data?.length === 0 ? (
          <Text c="dimmed">{t('admin.fields.none')}</Text>
        ) : (
          <Table striped aria-label={t('admin.fields.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.label')}</Table.Th>
                <Table.Th>{t('admin.fields.key')}</Table.Th>
                <Table.Th>{t('admin.fields.type')}</Table.Th>
                <Table.Th>{t('admin.fields.options')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.data?.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{f.label}</Table.Td>
                  <Table.Td>
                    <code>{f.key}</code>
                  </Table.Td>
                  <Table.Td>{t(`admin.fieldType.${f.type}`)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {f.options.map((o) => (
                        <Badge
                          key={o}
                          size="sm"
                          variant="default"
                          style={{ textTransform: 'none' }}
                        >
                          {o}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <RowActions
                      name={f.label}
                      onEdit={() => editor.open(f)}
                      deleteQuestion={t('admin.fields.deleteQuestion', { name: f.label })}
                      onDelete={() => remove.mutate(f.id)}
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
        title={(field) => t('admin.editName', { name: field.label })}
        onSaved={changed}
      >
        {(field, done) => <EditFieldForm field={field} onDone={done} />}
      </EditorModal>
    </Stack>
  );
}

function NewFieldForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<FieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      callApi<ClientField>('POST', '/client-fields', {
        key: keyTouched ? key : keyFromLabel(label),
        label,
        type,
        options: type === 'select' ? options : [],
      }),
    onSuccess: () => {
      setLabel('');
      setKey('');
      setKeyTouched(false);
      setOptions([]);
      onDone();
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Group align="flex-start">
            <TextInput
              label={t('admin.fields.label')}
              required
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              error={fieldError(create.error, 'label')}
              w={220}
            />
            <TextInput
              label={t('admin.fields.key')}
              description={t('admin.fields.keyHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={keyTouched ? key : keyFromLabel(label)}
              onChange={(e) => {
                setKeyTouched(true);
                setKey(e.currentTarget.value);
              }}
              error={fieldError(create.error, 'key')}
              w={200}
            />
            <NativeSelect
              label={t('admin.fields.type')}
              value={type}
              data={TYPES.map((x) => ({ value: x, label: t(`admin.fieldType.${x}`) }))}
              onChange={(e) => setType(e.currentTarget.value as FieldType)}
              error={fieldError(create.error, 'type')}
            />
          </Group>
          {type === 'select' && (
            <TagsInput
              label={t('admin.fields.options')}
              description={t('admin.fields.optionsHelp')}
              value={options}
              onChange={setOptions}
              error={fieldError(create.error, 'options')}
              maw={600}
            />
          )}
          <FormFooter
            error={create.error}
            fields={['label', 'key', 'type', 'options']}
            loading={create.isPending}
            label={t('admin.fields.create')}
          />
        </Stack>
      </form>
    </Paper>
  );
}

function EditFieldForm({ field, onDone }: { field: ClientField; onDone: () => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options);
  const save = useMutation({
    mutationFn: () =>
      callApi<ClientField>('PATCH', `/client-fields/${field.id}`, {
        label,
        ...(field.type === 'select' ? { options } : {}),
      }),
    onSuccess: onDone,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('admin.fields.label')}
          required
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          error={fieldError(save.error, 'label')}
        />
        {field.type === 'select' && (
          <TagsInput
            label={t('admin.fields.options')}
            description={t('admin.fields.optionsHelp')}
            value={options}
            onChange={setOptions}
            error={fieldError(save.error, 'options')}
          />
        )}
        <Text size="xs" c="dimmed">
          {t('admin.fields.fixed')}
        </Text>
        <FormFooter
          error={save.error}
          fields={['label', 'options']}
          loading={save.isPending}
          label={t('admin.save')}
        />
      </Stack>
    </form>
  );
}
