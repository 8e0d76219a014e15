import { Box, Kbd, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

function SearchIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="m15.5 15.5 5 5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/**
 * The header's search box ("/" or Ctrl+K focuses it): Enter opens the search
 * page with the words. Kept tiny, as it loads with every page; the page
 * itself loads when opened. A narrower header has no room for it: the
 * rail (a phone's menu) links to the page instead.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  return (
    <Box
      component="form"
      role="search"
      visibleFrom="md"
      className="header-search"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        const q = text.trim();
        void navigate(q ? `/search?${new URLSearchParams({ q }).toString()}` : '/search');
        setText('');
      }}
    >
      <TextInput
        type="search"
        size="xs"
        aria-label={t('globalSearch.label')}
        placeholder={t('globalSearch.headerPlaceholder')}
        aria-keyshortcuts="/ Control+K"
        data-shortcut="search"
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        leftSection={<SearchIcon />}
        rightSection={text ? null : <Kbd size="xs">/</Kbd>}
        rightSectionPointerEvents="none"
      />
    </Box>
  );
}
