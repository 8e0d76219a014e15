import { Group, NativeSelect, SegmentedControl, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../admin/ui.tsx';
import { categoryName, type KnowledgeCategory, type Visibility } from './queries.ts';

/**
 * Where an article goes and who sees it, as the new-article form and an
 * article's settings both edit it: its category, internal or public (with what
 * that means below), and the fields each form adds (children) in the same row.
 */
export function ArticlePlacement(props: {
  categories: KnowledgeCategory[];
  categoryId: string;
  onCategoryChange: (id: string) => void;
  visibility: Visibility;
  onVisibilityChange: (visibility: Visibility) => void;
  /** The id of the visibility label (unique on the page). */
  visibilityLabelId: string;
  error: unknown;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Group align="flex-end" gap="sm">
        <NativeSelect
          label={t('knowledge.column.category')}
          value={props.categoryId}
          onChange={(e) => props.onCategoryChange(e.currentTarget.value)}
          data={props.categories.map((c) => ({
            value: c.id,
            label: categoryName(c, i18n.language),
          }))}
          error={fieldError(props.error, 'category_id')}
        />
        <div>
          <Text size="sm" fw={500} mb={4} id={props.visibilityLabelId}>
            {t('knowledge.column.visibility')}
          </Text>
          <SegmentedControl
            aria-labelledby={props.visibilityLabelId}
            value={props.visibility}
            onChange={(v) => props.onVisibilityChange(v as Visibility)}
            data={[
              { value: 'internal', label: t('knowledge.visibility.internal') },
              { value: 'public', label: t('knowledge.visibility.public') },
            ]}
          />
        </div>
        {props.children}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {props.visibility === 'public'
          ? t('knowledge.settings.publicHint')
          : t('knowledge.settings.internalHint')}
      </Text>
    </>
  );
}
