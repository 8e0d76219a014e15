import {
  ActionIcon,
  Button,
  CloseButton,
  Group,
  Loader,
  SegmentedControl,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, callApi, type Conversation, type Message } from '../api.ts';
import {
  CANNED_LIST_ID,
  CannedList,
  cannedOptionId,
  findSlashToken,
  useCannedSearch,
} from './CannedPicker.tsx';
import { PaperclipIcon } from './Attachments.tsx';
import { useInvalidateConversation } from './invalidate.ts';
import { useLinkedMessage } from './linkedMessage.ts';
import {
  formatFileSize,
  uploadFile,
  type CannedResponse,
  type RenderedCannedResponse,
} from './upload.ts';
import { useReportTyping } from '../realtime/hooks.ts';
import type { Finding } from '../../shared/coach/index.ts';
import { CoachOverrideDialog } from './CoachOverrideDialog.tsx';
import { DraftCheckNotes, useDraftChecks, withCoachHighlights } from './DraftChecks.tsx';
import { lazyNamed } from '../lazy.ts';
import { actedSince } from '../shortcuts.ts';
import type { ArticleInsertion } from '../knowledge/ArticlePicker.tsx';
import { AskDiscountDialog } from '../discounts/ComposerDiscount.tsx';
import { DiscountRequestCards } from '../discounts/DiscountRequestCards.tsx';
import type { DiscountOverLimit } from '../discounts/queries.ts';

// The knowledge base search loads when an agent first opens it.
const ArticlePicker = lazyNamed(() => import('../knowledge/ArticlePicker.tsx'), 'ArticlePicker');

type Mode = 'outbound' | 'note';

interface Upload {
  key: string;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'failed';
  id?: string;
  error?: string;
}

let uploadSeq = 0;

export function Composer({
  conversation: c,
  openedAt,
}: {
  conversation: Conversation;
  /** When the conversation was opened (performance.now()). */
  openedAt: number;
}) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<Mode>(c.abilities.reply ? 'outbound' : 'note');
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const [caret, setCaret] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [articlesOpen, setArticlesOpen] = useState(false);
  const [askingDiscount, setAskingDiscount] = useState<{
    over: DiscountOverLimit;
    text: string;
  } | null>(null);
  const invalidate = useInvalidateConversation(c.id);
  const queryClient = useQueryClient();
  const linked = useLinkedMessage();
  useReportTyping(c.id, text);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);

  const slash = findSlashToken(text, caret);
  const pickerOpen = slash !== null && slash.start !== dismissedAt;
  const search = useCannedSearch(pickerOpen ? slash.query : null, c.client.id);
  const options = pickerOpen ? search.items : [];
  const active = options[Math.min(activeIndex, options.length - 1)];

  const send = useMutation({
    mutationFn: (body: {
      direction: Mode;
      body_text: string;
      attachment_ids?: string[];
      coach_override?: { reason: string };
    }) => callApi<Message>('POST', `/conversations/${c.id}/messages`, body),
    onSuccess: async () => {
      setText('');
      setUploads([]);
      setOverriding(false);
      // Sent while reading around a linked message: the timeline goes to the newest, where it is.
      if (linked.linkedId) linked.leave();
      await Promise.all([
        invalidate(),
        // The first reply is sent: the introduction is no longer asked for.
        queryClient.invalidateQueries({ queryKey: ['coach-context', c.id] }),
      ]);
    },
    onError: async (err) => {
      // The workspace's rules changed since they were fetched: fetch them again to show why.
      if (err instanceof ApiError && err.code === 'coach_blocked')
        await queryClient.invalidateQueries({ queryKey: ['coach-rules'] });
    },
  });

  const render = useMutation({
    mutationFn: (item: CannedResponse) =>
      callApi<RenderedCannedResponse>('POST', `/canned-responses/${item.id}/render`, {
        conversation_id: c.id,
      }),
  });

  // Ready to type once the conversation opens, unless the agent has gone on meanwhile
  // (to the search box, a shortcut, a click): the composer may appear a while later.
  const firstFocus = useRef(true);
  useEffect(() => {
    const first = firstFocus.current;
    firstFocus.current = false;
    if (first && actedSince(openedAt)) return;
    textarea.current?.focus();
  }, [mode, openedAt]);
  useEffect(() => setActiveIndex(0), [slash?.query]);
  // A "/" typed again after the list was closed opens it again.
  const hasSlash = slash !== null;
  useEffect(() => {
    if (!hasSlash) setDismissedAt(null);
  }, [hasSlash]);
  // After an insertion the caret goes to the end of the inserted text.
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !textarea.current) return;
    pendingCaret.current = null;
    textarea.current.focus();
    textarea.current.setSelectionRange(at, at);
    setCaret(at);
  }, [text]);

  const chooseMode = (next: Mode) => {
    setMode(next);
    textarea.current?.focus();
  };

  const pick = (item: CannedResponse) => {
    if (!slash) return;
    const { start } = slash;
    const end = caret;
    render.mutate(item, {
      onSuccess: (rendered) => {
        setText((current) => {
          const next = current.slice(0, start) + rendered.body_text + current.slice(end);
          pendingCaret.current = start + rendered.body_text.length;
          return next;
        });
      },
    });
    setDismissedAt(start);
  };

  // An article's link goes into the line at the caret; its text as a paragraph of its own.
  const insertArticle = ({ kind, text: inserted }: ArticleInsertion) => {
    setArticlesOpen(false);
    setText((current) => {
      const at = Math.min(caret, current.length);
      const before = current.slice(0, at);
      const after = current.slice(at);
      const lead =
        before === '' || (kind === 'link' ? /\s$/.test(before) : before.endsWith('\n\n'))
          ? ''
          : kind === 'link'
            ? ' '
            : before.endsWith('\n')
              ? '\n'
              : '\n\n';
      const trail =
        after === '' || (kind === 'link' ? /^\s/.test(after) : after.startsWith('\n'))
          ? ''
          : kind === 'link'
            ? ' '
            : '\n\n';
      pendingCaret.current = at + lead.length + inserted.length;
      return before + lead + inserted + trail + after;
    });
  };

  const addFiles = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `u${++uploadSeq}`;
      setUploads((list) => [
        ...list,
        { key, name: file.name || 'file', size: file.size, state: 'uploading' },
      ]);
      uploadFile(file).then(
        (a) =>
          setUploads((list) =>
            list.map((u) => (u.key === key ? { ...u, state: 'done', id: a.id } : u)),
          ),
        (err: unknown) =>
          setUploads((list) =>
            list.map((u) =>
              u.key === key
                ? {
                    ...u,
                    state: 'failed',
                    error:
                      err instanceof ApiError && err.status === 413
                        ? t('attachments.tooLarge', { name: u.name })
                        : t('attachments.failed', { name: u.name }),
                  }
                : u,
            ),
          ),
      );
    }
  };

  const removeUpload = (u: Upload) => {
    setUploads((list) => list.filter((x) => x.key !== u.key));
    // The server keeps an unsent upload until it is discarded; nothing waits on the answer.
    if (u.id) callApi('DELETE', `/attachments/${u.id}`).catch(() => undefined);
  };

  const uploading = uploads.some((u) => u.state === 'uploading');

  // The coach, the discount above the agent's authority (seen in the draft as they type, or
  // refused on send) and the promises: the same checks as the New conversation form's.
  const checks = useDraftChecks({ conversationId: c.id }, text, mode === 'outbound', {
    text: send.variables?.body_text,
    error: send.error,
  });
  const { blocked, canOverride, refusedDiscount } = checks;

  // A request's reply back in the composer (withdrawn, denied): after what is there already.
  const takeReply = (reply: string) => {
    // A closed conversation keeps the text in the composer until it is reopened.
    if (c.abilities.reply) setMode('outbound');
    setText((current) => (current.trim() ? `${current.trimEnd()}\n\n${reply}` : reply));
    textarea.current?.focus();
  };

  const sendNow = (override?: { reason: string }) => {
    const ids = uploads.filter((u) => u.state === 'done' && u.id).map((u) => u.id!);
    send.mutate({
      direction: mode,
      body_text: text,
      ...(ids.length ? { attachment_ids: ids } : {}),
      ...(override ? { coach_override: override } : {}),
    });
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    if (uploading) return;
    setEmpty(false);
    // Decided on the text as it is now, not as the last check saw it (Ctrl+Enter right after typing).
    if (checks.blocksNow(text)) return;
    sendNow();
  };

  const applyRewrite = (finding: Finding) => {
    const applied = checks.rewrite(text, finding);
    if (!applied) return;
    pendingCaret.current = applied.caret;
    setText(applied.text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (options.length === 0) return;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActiveIndex(
          (i) => (Math.min(i, options.length - 1) + step + options.length) % options.length,
        );
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && active && !e.shiftKey) {
        e.preventDefault();
        pick(active);
        return;
      }
      if (e.key === 'Escape') {
        // The list closes; the global shortcuts do not see this Escape.
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(slash.start);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = e.clipboardData.files;
    if (files.length > 0) {
      e.preventDefault();
      addFiles(files);
    }
  };

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  const errorText = empty
    ? t('composer.empty')
    : send.error && !refusedDiscount
      ? t('common.error', { message: send.error.message })
      : render.error
        ? t('canned.picker.failed', { message: render.error.message })
        : undefined;

  return (
    <form
      className={`composer ${mode === 'note' ? 'note' : ''} ${dragging ? 'dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        addFiles(e.dataTransfer.files);
      }}
    >
      <DiscountRequestCards
        conversationId={c.id}
        canReply={c.abilities.reply}
        onUseReply={takeReply}
      />
      <SegmentedControl
        size="xs"
        mb={6}
        aria-label={t('composer.mode')}
        value={mode}
        onChange={(v) => chooseMode(v as Mode)}
        data={[
          {
            value: 'outbound',
            label: (
              <span data-shortcut="reply" onClick={() => chooseMode('outbound')}>
                {t('composer.reply')}
              </span>
            ),
            disabled: !c.abilities.reply,
          },
          {
            value: 'note',
            label: (
              <span data-shortcut="note" onClick={() => chooseMode('note')}>
                {t('composer.note')}
              </span>
            ),
            disabled: !c.abilities.note,
          },
        ]}
      />
      <div className="composer-input">
        {pickerOpen && (
          <CannedList
            items={options}
            activeIndex={Math.min(activeIndex, Math.max(options.length - 1, 0))}
            isLoading={search.isFetching}
            onPick={pick}
            onHover={setActiveIndex}
          />
        )}
        <Textarea
          ref={textarea}
          label={
            mode === 'note'
              ? t('composer.noteLabel')
              : t('composer.replyLabel', { client: c.client.name })
          }
          description={t('composer2.slashHint')}
          autosize
          minRows={3}
          maxRows={8}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setCaret(e.currentTarget.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          // A textarea keeps its textbox role, which takes no aria-expanded: the open list is
          // announced by aria-controls and the active option by aria-activedescendant.
          aria-controls={pickerOpen ? CANNED_LIST_ID : undefined}
          aria-autocomplete="list"
          aria-activedescendant={pickerOpen && active ? cannedOptionId(active.id) : undefined}
          error={errorText}
          rightSection={render.isPending ? <Loader size="xs" /> : undefined}
          inputContainer={withCoachHighlights(checks, textarea, text)}
        />
      </div>
      <DraftCheckNotes
        checks={checks}
        onApply={applyRewrite}
        onAskDiscount={(over) => setAskingDiscount({ over, text })}
      />
      {uploads.length > 0 && (
        <ul className="composer-uploads" aria-label={t('attachments.chips')}>
          {uploads.map((u) => (
            <li key={u.key} className={`upload-chip ${u.state}`}>
              {u.state === 'uploading' && (
                <Loader size={12} role="status" aria-label={t('attachments.uploading')} />
              )}
              <Text span size="xs" fw={600} truncate maw={200}>
                {u.name}
              </Text>
              <Text span size="xs" c={u.state === 'failed' ? 'red.8' : 'dimmed'}>
                {u.state === 'failed' ? u.error : formatFileSize(u.size, i18n.language)}
              </Text>
              <CloseButton
                size="xs"
                aria-label={t('attachments.remove', { name: u.name })}
                onClick={() => removeUpload(u)}
              />
            </li>
          ))}
        </ul>
      )}
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          if (e.currentTarget.files) addFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <Group justify="space-between" mt={8}>
        <Group gap="xs">
          <Tooltip label={t('attachments.attach')}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('attachments.attach')}
              onClick={() => fileInput.current?.click()}
            >
              <PaperclipIcon />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('knowledge.picker.open')}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('knowledge.picker.open')}
              aria-haspopup="dialog"
              onClick={() => setArticlesOpen(true)}
            >
              <BookIcon />
            </ActionIcon>
          </Tooltip>
          {blocked && !dragging ? (
            <Text size="xs" c="red.9" id={`coach-blocked-${c.id}`}>
              {t('coach.sendBlocked')}
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              {dragging ? t('attachments.dropHere') : t('composer.hint')}
            </Text>
          )}
        </Group>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {blocked && canOverride && (
            <Button
              size="sm"
              variant="outline"
              color="red"
              disabled={uploading}
              onClick={() => setOverriding(true)}
            >
              {t('coach.sendAnyway')}
            </Button>
          )}
          <Button
            type="submit"
            size="sm"
            color={mode === 'note' ? 'yellow' : undefined}
            loading={send.isPending && !overriding}
            disabled={uploading || blocked}
            aria-describedby={blocked ? `coach-blocked-${c.id}` : undefined}
          >
            {mode === 'note' ? t('composer.addNote') : t('composer.sendReply')}
          </Button>
        </Group>
      </Group>
      {articlesOpen && (
        <Suspense fallback={null}>
          <ArticlePicker
            clientId={c.client.id}
            onInsert={insertArticle}
            onClose={() => {
              setArticlesOpen(false);
              textarea.current?.focus();
            }}
          />
        </Suspense>
      )}
      {overriding && (
        <CoachOverrideDialog
          blocked={checks.blockingFindings}
          sending={send.isPending}
          error={send.error}
          onSend={(reason) => sendNow({ reason })}
          onClose={() => setOverriding(false)}
        />
      )}
      {askingDiscount && (
        <AskDiscountDialog
          conversationId={c.id}
          over={askingDiscount.over}
          replyText={askingDiscount.text}
          onAsked={() => {
            // The reply waits on the request now; the composer is free for the next one.
            setAskingDiscount(null);
            setText((current) => (current === askingDiscount.text ? '' : current));
            send.reset();
          }}
          onClose={() => {
            setAskingDiscount(null);
            textarea.current?.focus();
          }}
        />
      )}
    </form>
  );
}

function BookIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M4 19.5A2.5 2.5 0 016.5 17H20V3H6.5A2.5 2.5 0 004 5.5v14z" />
      <path d="M6.5 17A2.5 2.5 0 004 19.5 2.5 2.5 0 006.5 22H20v-5" />
    </svg>
  );
}
