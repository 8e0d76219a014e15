import { Loader, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

/** The message to show under a field for a failed save: the server's per-field words when it gave them. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string | undefined => {
    if (!error) return undefined;
    const message =
      error instanceof ApiError && Object.keys(error.fields).length > 0
        ? Object.values(error.fields).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    return t('common.error', { message });
  };
}

interface InlineInputProps {
  label: string;
  /** The stored value, as the input shows it ('' when none). */
  value: string;
  type?: 'text' | 'number' | 'date';
  disabled?: boolean;
  placeholder?: string;
  className?: string;
  /** Saves the new (trimmed) value; a rejection keeps the draft and shows why. */
  onSave: (value: string) => Promise<unknown>;
}

/**
 * A field edited in place: it looks like the value, saves when the agent leaves it
 * or presses Enter, and Escape puts the stored value back.
 */
export function InlineInput({
  label,
  value,
  type = 'text',
  disabled,
  placeholder,
  className,
  onSave,
}: InlineInputProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const shown = draft ?? value;

  const save = async () => {
    if (draft === null) return;
    const next = draft.trim();
    if (next === value) {
      setDraft(null);
      setError(null);
      return;
    }
    setSaving(true);
    try {
      await onSave(next);
      setDraft(null);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <TextInput
      className={`inline-input ${className ?? ''}`}
      label={label}
      size="xs"
      type={type}
      value={shown}
      placeholder={placeholder ?? t('dossier.empty')}
      disabled={disabled}
      readOnly={saving}
      error={errorText(error)}
      rightSection={
        saving ? <Loader size={12} role="status" aria-label={t('dossier.saving')} /> : undefined
      }
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          void save();
        } else if (e.key === 'Escape' && draft !== null) {
          e.preventDefault();
          setDraft(null);
          setError(null);
        }
      }}
    />
  );
}
