import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, isAppLanguage, type AppLanguage } from './i18n/index.ts';

/** A labelled select of the six languages, each written in itself. */
export function LanguagePicker(props: {
  onChange: (language: AppLanguage) => void;
  size?: 'xs' | 'sm';
}) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('common.language')}
      size={props.size ?? 'sm'}
      value={i18n.language}
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      onChange={(e) => {
        if (isAppLanguage(e.currentTarget.value)) props.onChange(e.currentTarget.value);
      }}
    />
  );
}
