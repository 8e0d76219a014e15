import {
  Badge,
  Group,
  NativeSelect,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import type { ClientField } from './types.ts';
import {
  AdminForm,
  AdminTable,
  EditorModal,
  fieldError,
  RowActions,
  ScreenHeader,
  useAdminCollection,
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
  const {
    list: fields,
    changed,
    remove,
  } = useAdminCollection<ClientField>({
    key: 'client-fields',
    path: '/client-fields',
    limit: 100,
    alsoStale: [['client-fields']],
  });
  const editor = useEditor<ClientField>();
  return (
    <Stack>
      <ScreenHeader title={t('admin.fields.title')} />
      <NewFieldForm onDone={changed} />
      <AdminTable
        query={fields}
        label={t('admin.fields.title')}
        empty={t('admin.fields.none')}
        rowKey={(f) => f.id}
        columns={[
          { header: t('admin.fields.label'), cell: (f) => f.label },
          { header: t('admin.fields.key'), cell: (f) => <code>{f.key}</code> },
          { header: t('admin.fields.type'), cell: (f) => t(`admin.fieldType.${f.type}`) },
          {
            header: t('admin.fields.options'),
            cell: (f) => (
              <Group gap={4}>
                {f.options.map((o) => (
                  <Badge key={o} size="sm" variant="default" style={{ textTransform: 'none' }}>
                    {o}
                  </Badge>
                ))}
              </Group>
            ),
          },
        ]}
        actions={(f) => (
          <RowActions
            name={f.label}
            onEdit={() => editor.open(f)}
            deleteQuestion={t('admin.fields.deleteQuestion', { name: f.label })}
            onDelete={() => remove.mutate(f.id)}
          />
        )}
        error={remove.error}
      />
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

/** The options of a select field, typed as tags. */
function OptionsInput(props: {
  value: string[];
  onChange: (options: string[]) => void;
  error: unknown;
  maw?: number;
}) {
  const { t } = useTranslation();
  return (
    <TagsInput
      label={t('admin.fields.options')}
      description={t('admin.fields.optionsHelp')}
      value={props.value}
      onChange={props.onChange}
      error={fieldError(props.error, 'options')}
      maw={props.maw}
    />
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
      <AdminForm
        save={create}
        fields={['label', 'key', 'type', 'options']}
        submitLabel={t('admin.fields.create')}
        gap="sm"
      >
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
          <OptionsInput value={options} onChange={setOptions} error={create.error} maw={600} />
        )}
      </AdminForm>
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
    <AdminForm save={save} fields={['label', 'options']} submitLabel={t('admin.save')} gap="sm">
      <TextInput
        label={t('admin.fields.label')}
        required
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={fieldError(save.error, 'label')}
      />
      {field.type === 'select' && (
        <OptionsInput value={options} onChange={setOptions} error={save.error} />
      )}
      <Text size="xs" c="dimmed">
        {t('admin.fields.fixed')}
      </Text>
    </AdminForm>
  );
}
