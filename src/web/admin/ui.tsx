import {
  Alert,
  Button,
  Group,
  Modal,
  Popover,
  Stack,
  Table,
  Text,
  Title,
  type MantineSpacing,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, callApi, type Page } from '../api.ts';

/** Every page of a list (admin lists are short: users, teams, policies, tags). */
export async function fetchAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const suffix: string = cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<T> = await callApi<Page<T>>('GET', `${path}${suffix}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < 5000);
  return items;
}

/** A whole admin list, kept under `key` for invalidation after a change. */
export function useAdminList<T>(key: string, path: string) {
  return useQuery({ queryKey: ['admin', key], queryFn: () => fetchAll<T>(path) });
}

/**
 * The error an API call left for one field (ApiError.fields), to show under it.
 * Nested names ("hours.mon.0") count for their first part too.
 */
export function fieldError(error: unknown, ...names: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  for (const [key, message] of Object.entries(error.fields)) {
    if (names.some((n) => key === n || key.startsWith(`${n}.`))) return message;
  }
  return undefined;
}

/** An error no field claims, shown above or below a form. */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError) {
    const claimed = Object.keys(error.fields).some((k) =>
      fields.some((f) => k === f || k.startsWith(`${f}.`)),
    );
    if (claimed) return null;
    if (error.status === 403)
      return (
        <Alert color="red" role="alert">
          {t('admin.forbidden')}
        </Alert>
      );
  }
  return (
    <Alert color="red" role="alert">
      {t('common.error', { message: error instanceof Error ? error.message : String(error) })}
    </Alert>
  );
}

/** The title of an admin screen with its main action on the right. */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Group>
  );
}

/** A delete button that asks once more before calling onConfirm. */
export function ConfirmDelete(props: {
  label: string;
  question: string;
  onConfirm: () => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button
          variant="subtle"
          color="red"
          size="xs"
          onClick={() => setOpened((o) => !o)}
          loading={props.loading}
        >
          {props.label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={260}>
          <Text size="sm">{props.question}</Text>
          <Group gap="xs" justify="flex-end">
            <Button variant="default" size="xs" onClick={() => setOpened(false)}>
              {t('admin.cancel')}
            </Button>
            <Button
              color="red"
              size="xs"
              onClick={() => {
                setOpened(false);
                props.onConfirm();
              }}
            >
              {props.label}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Loading and error states of a list query, or the list itself. */
export function QueryState(props: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (props.query.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (props.query.error)
    return (
      <Stack gap="xs" align="flex-start">
        <FormError error={props.query.error} />
        <Button variant="default" size="xs" onClick={() => void props.query.refetch()}>
          {t('common.retry')}
        </Button>
      </Stack>
    );
  return <>{props.children}</>;
}

/**
 * What a modal edits: the item stays while the modal fades out (so its title
 * and form do not flip), and `version` gives each opening a fresh form.
 */
export function useEditor<T>() {
  const [state, setState] = useState<{ item: T | null; opened: boolean; version: number }>({
    item: null,
    opened: false,
    version: 0,
  });
  return {
    item: state.item,
    opened: state.opened,
    version: state.version,
    open: (item: T) => setState((s) => ({ item, opened: true, version: s.version + 1 })),
    close: () => setState((s) => ({ ...s, opened: false })),
  };
}

export type Editor<T> = ReturnType<typeof useEditor<T>>;

/**
 * The modal of an editor: the form for the item being edited, fresh at each
 * opening; `done` (for the form's onDone) refreshes the list and closes it.
 */
export function EditorModal<T>({
  editor,
  title,
  onSaved,
  size,
  children,
}: {
  editor: Editor<T>;
  title: (item: T) => string;
  onSaved: () => void;
  size?: string;
  children: (item: T, done: () => void) => ReactNode;
}) {
  const item = editor.item;
  const done = () => {
    onSaved();
    editor.close();
  };
  return (
    <Modal
      opened={editor.opened}
      onClose={() => editor.close()}
      title={item !== null ? title(item) : ''}
      size={size}
    >
      {item !== null && <Fragment key={editor.version}>{children(item, done)}</Fragment>}
    </Modal>
  );
}

/**
 * A list row's actions: any given as children, then Edit and Delete, each
 * shown only when its handler is given (that is, when the row allows it).
 */
export function RowActions(props: {
  name: string;
  onEdit?: () => void;
  deleteQuestion: string;
  onDelete?: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      {props.children}
      {props.onEdit && (
        <Button
          size="xs"
          variant="default"
          onClick={props.onEdit}
          aria-label={t('admin.editName', { name: props.name })}
        >
          {t('admin.edit')}
        </Button>
      )}
      {props.onDelete && (
        <ConfirmDelete
          label={t('admin.delete')}
          question={props.deleteQuestion}
          onConfirm={props.onDelete}
        />
      )}
    </Group>
  );
}

/**
 * The end of an admin form: the error no field claims, then its submit button
 * with any other actions (`extra`) before it.
 */
export function FormFooter(props: {
  error: unknown;
  fields: string[];
  loading: boolean;
  label: string;
  disabled?: boolean;
  extra?: ReactNode;
}) {
  return (
    <>
      <FormError error={props.error} fields={props.fields} />
      <Group justify="flex-end">
        {props.extra}
        <Button type="submit" loading={props.loading} disabled={props.disabled}>
          {props.label}
        </Button>
      </Group>
    </>
  );
}

/** Refreshes these queries after a change: the admin list and whatever shows the same data. */
export function useInvalidate(...keys: QueryKey[]) {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
}

/** Deletes a list item by id (`DELETE path/id`), then calls onDeleted. */
export function useDeleteItem(path: string, onDeleted: () => void) {
  return useMutation({
    mutationFn: (id: string) => callApi('DELETE', `${path}/${id}`),
    onSuccess: onDeleted,
  });
}

/**
 * An admin list and what its screen does to it: `changed` refreshes it and
 * whatever else shows the same data (`alsoStale`), `remove` deletes an item.
 */
export function useAdminCollection<T>(props: {
  key: string;
  path: string;
  /** The page size asked for; none for a list the server gives whole. */
  limit?: number;
  alsoStale?: QueryKey[];
}) {
  const query = props.limit === undefined ? '' : `?limit=${props.limit}`;
  const list = useAdminList<T>(props.key, `${props.path}${query}`);
  const changed = useInvalidate(['admin', props.key], ...(props.alsoStale ?? []));
  const remove = useDeleteItem(props.path, changed);
  return { list, changed, remove };
}

/** Saves a form's item: `PATCH path/id` when it exists (id given), else `POST path`. */
export function useSaveItem<T>(props: {
  path: string;
  id: string | undefined;
  body: () => unknown;
  onSaved: (saved: T) => unknown;
}) {
  return useMutation({
    mutationFn: () =>
      props.id
        ? callApi<T>('PATCH', `${props.path}/${props.id}`, props.body())
        : callApi<T>('POST', props.path, props.body()),
    onSuccess: props.onSaved,
  });
}

/**
 * An admin form: its fields, then the error no field claims and the submit
 * button with any other actions (`extra`) before it (both left out when the
 * form is read-only). Submitting calls onSubmit, or save when there is none.
 */
export function AdminForm(props: {
  save: { mutate: () => void; error: unknown; isPending: boolean };
  onSubmit?: () => void;
  fields: string[];
  submitLabel: string;
  submitDisabled?: boolean;
  extra?: ReactNode;
  gap?: MantineSpacing;
  readOnly?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (props.onSubmit) props.onSubmit();
        else props.save.mutate();
      }}
    >
      <Stack gap={props.gap}>
        {props.children}
        {!props.readOnly && (
          <FormFooter
            error={props.save.error}
            fields={props.fields}
            loading={props.save.isPending}
            label={props.submitLabel}
            disabled={props.submitDisabled}
            extra={props.extra}
          />
        )}
      </Stack>
    </form>
  );
}

/** A column of an admin list: its header and what a row shows in it. */
export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

/**
 * An admin list: loading and error states, a line when it is empty, else a
 * table (striped unless told) whose last column holds each row's actions;
 * below it, the error of the last action (a delete) that failed. The table is
 * named by `label`, or by the element `labelledBy` names; with `minWidth` it
 * scrolls sideways on a narrower screen.
 */
export function AdminTable<T>(props: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown; data?: T[] };
  label?: string;
  labelledBy?: string;
  empty: string;
  columns: Column<T>[];
  rowKey: (item: T) => string;
  rowProps?: (item: T) => Record<string, string>;
  actions: (item: T) => ReactNode;
  error: unknown;
  striped?: boolean;
  minWidth?: number;
}) {
  const items = props.query.data;
  const table = (
    <Table
      striped={props.striped ?? true}
      aria-label={props.label}
      aria-labelledby={props.labelledBy}
    >
      <Table.Thead>
        <Table.Tr>
          {props.columns.map((c, i) => (
            <Table.Th key={i}>{c.header}</Table.Th>
          ))}
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items?.map((item) => (
          <Table.Tr key={props.rowKey(item)} {...props.rowProps?.(item)}>
            {props.columns.map((c, i) => (
              <Table.Td key={i}>{c.cell(item)}</Table.Td>
            ))}
            <Table.Td>{props.actions(item)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <QueryState query={props.query}>
      {items?.length === 0 ? (
        <Text c="dimmed">{props.empty}</Text>
      ) : props.minWidth ? (
        <Table.ScrollContainer minWidth={props.minWidth}>{table}</Table.ScrollContainer>
      ) : (
        table
      )}
      <FormError error={props.error} />
    </QueryState>
  );
}
