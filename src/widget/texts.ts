// The widget's texts (and the server's transcript email) in the six languages.

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface WidgetTexts {
  open: string;
  close: string;
  title: string;
  greeting: string;
  placeholder: string;
  send: string;
  name: string;
  email: string;
  start: string;
  typing: string;
  offline: string;
  leaveMessage: string;
  leaveSent: string;
  transcript: string;
  transcriptSent: string;
  error: string;
  rateLimited: string;
  you: string;
  agent: string;
}

export const TEXTS: Record<Language, WidgetTexts> = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Chat with us',
    greeting: 'Hello! How can we help you?',
    placeholder: 'Write a message…',
    send: 'Send',
    name: 'Your name',
    email: 'Your email',
    start: 'Start chat',
    typing: 'Agent is typing…',
    offline: 'No one is available right now. Leave a message and we will answer by email.',
    leaveMessage: 'Leave a message',
    leaveSent: 'Thank you! We will answer by email.',
    transcript: 'Email me the transcript',
    transcriptSent: 'The transcript will be sent to you.',
    error: 'Something went wrong. Please try again.',
    rateLimited: 'Too many messages; wait a moment.',
    you: 'You',
    agent: 'Agent',
  },
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    title: 'Chatee con nosotros',
    greeting: '¡Hola! ¿En qué podemos ayudarle?',
    placeholder: 'Escriba un mensaje…',
    send: 'Enviar',
    name: 'Su nombre',
    email: 'Su correo electrónico',
    start: 'Iniciar chat',
    typing: 'El agente está escribiendo…',
    offline: 'Ahora no hay nadie disponible. Deje un mensaje y le responderemos por correo.',
    leaveMessage: 'Dejar un mensaje',
    leaveSent: '¡Gracias! Le responderemos por correo.',
    transcript: 'Enviarme la conversación por correo',
    transcriptSent: 'Le enviaremos la conversación.',
    error: 'Algo salió mal. Inténtelo de nuevo.',
    rateLimited: 'Demasiados mensajes; espere un momento.',
    you: 'Usted',
    agent: 'Agente',
  },
  hu: {
    open: 'Csevegés megnyitása',
    close: 'Csevegés bezárása',
    title: 'Írjon nekünk',
    greeting: 'Üdvözöljük! Miben segíthetünk?',
    placeholder: 'Írjon üzenetet…',
    send: 'Küldés',
    name: 'Az Ön neve',
    email: 'Az Ön e-mail címe',
    start: 'Csevegés indítása',
    typing: 'Az ügyintéző ír…',
    offline: 'Jelenleg senki sem elérhető. Hagyjon üzenetet, és e-mailben válaszolunk.',
    leaveMessage: 'Üzenet hagyása',
    leaveSent: 'Köszönjük! E-mailben válaszolunk.',
    transcript: 'Küldjék el e-mailben a beszélgetést',
    transcriptSent: 'Elküldjük Önnek a beszélgetést.',
    error: 'Hiba történt. Kérjük, próbálja újra.',
    rateLimited: 'Túl sok üzenet; várjon egy kicsit.',
    you: 'Ön',
    agent: 'Ügyintéző',
  },
  ro: {
    open: 'Deschide chatul',
    close: 'Închide chatul',
    title: 'Scrieți-ne',
    greeting: 'Bună ziua! Cu ce vă putem ajuta?',
    placeholder: 'Scrieți un mesaj…',
    send: 'Trimite',
    name: 'Numele dumneavoastră',
    email: 'E-mailul dumneavoastră',
    start: 'Începe chatul',
    typing: 'Agentul scrie…',
    offline: 'Nu este nimeni disponibil acum. Lăsați un mesaj și vă răspundem prin e-mail.',
    leaveMessage: 'Lăsați un mesaj',
    leaveSent: 'Mulțumim! Vă răspundem prin e-mail.',
    transcript: 'Trimiteți-mi conversația pe e-mail',
    transcriptSent: 'Vă vom trimite conversația.',
    error: 'A apărut o eroare. Încercați din nou.',
    rateLimited: 'Prea multe mesaje; așteptați puțin.',
    you: 'Dvs.',
    agent: 'Agent',
  },
  kk: {
    open: 'Чатты ашу',
    close: 'Чатты жабу',
    title: 'Бізге жазыңыз',
    greeting: 'Сәлеметсіз бе! Қалай көмектесе аламыз?',
    placeholder: 'Хабарлама жазыңыз…',
    send: 'Жіберу',
    name: 'Атыңыз',
    email: 'Электрондық поштаңыз',
    start: 'Чатты бастау',
    typing: 'Маман жазып жатыр…',
    offline:
      'Қазір ешкім бос емес. Хабарлама қалдырыңыз, біз электрондық пошта арқылы жауап береміз.',
    leaveMessage: 'Хабарлама қалдыру',
    leaveSent: 'Рақмет! Электрондық пошта арқылы жауап береміз.',
    transcript: 'Әңгімені поштама жіберу',
    transcriptSent: 'Әңгіме сізге жіберіледі.',
    error: 'Қате шықты. Қайталап көріңіз.',
    rateLimited: 'Хабарлама тым көп; сәл күтіңіз.',
    you: 'Сіз',
    agent: 'Маман',
  },
  ru: {
    open: 'Открыть чат',
    close: 'Закрыть чат',
    title: 'Напишите нам',
    greeting: 'Здравствуйте! Чем можем помочь?',
    placeholder: 'Напишите сообщение…',
    send: 'Отправить',
    name: 'Ваше имя',
    email: 'Ваш e-mail',
    start: 'Начать чат',
    typing: 'Оператор печатает…',
    offline: 'Сейчас никого нет на месте. Оставьте сообщение, и мы ответим по электронной почте.',
    leaveMessage: 'Оставить сообщение',
    leaveSent: 'Спасибо! Мы ответим по электронной почте.',
    transcript: 'Прислать переписку на e-mail',
    transcriptSent: 'Переписка будет отправлена вам.',
    error: 'Что-то пошло не так. Попробуйте ещё раз.',
    rateLimited: 'Слишком много сообщений; подождите немного.',
    you: 'Вы',
    agent: 'Оператор',
  },
};

/** The first supported language of a tag like "es-MX", else English. */
export function pickLanguage(...tags: (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (base && (LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** The transcript email (sent by the server's chat.transcript job). */
export const TRANSCRIPT_TEXTS: Record<Language, { subject: string; intro: string }> = {
  en: {
    subject: 'Your chat with {name}',
    intro: 'Here is the transcript of your chat with {name}.',
  },
  es: { subject: 'Su chat con {name}', intro: 'Esta es la transcripción de su chat con {name}.' },
  hu: {
    subject: 'Csevegése a következővel: {name}',
    intro: 'Íme a(z) {name} ügyfélszolgálatával folytatott csevegése.',
  },
  ro: {
    subject: 'Conversația dumneavoastră cu {name}',
    intro: 'Iată transcrierea conversației dumneavoastră cu {name}.',
  },
  kk: { subject: '{name} чатындағы әңгімеңіз', intro: '{name} чатындағы әңгімеңіздің мәтіні.' },
  ru: { subject: 'Ваш чат с {name}', intro: 'Вот переписка вашего чата с {name}.' },
};
