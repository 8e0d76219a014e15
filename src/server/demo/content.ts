// Demo data for the first start: a small garden and home shop whose clients
// write in the six languages Rapport speaks. Plain data; seed.ts stores it.

export interface DemoClient {
  key: string;
  name: string;
  email?: string;
  phone?: string;
  language: 'en' | 'es' | 'hu' | 'ro' | 'kk' | 'ru';
  tier?: 'regular' | 'premium' | 'key';
  vip?: boolean;
  tags?: string[];
  company?: string;
  note?: string;
}

export interface DemoConversation {
  client: string;
  subject: string;
  channel: 'email' | 'chat' | 'sms' | 'phone' | 'web';
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  team?: 'sales' | 'support';
  assignee?: 'ana' | 'bence' | 'ioana' | 'unassigned';
  status?: 'new' | 'open' | 'pending' | 'on_hold' | 'resolved';
  tags?: string[];
  /** Minutes ago the conversation started. */
  ageMinutes: number;
  /** c: the client writes, a: the agent answers, n: an internal note. */
  messages: { from: 'c' | 'a' | 'n'; text: string }[];
}

export const DEMO_USERS = {
  ana: { name: 'Ana García', email: 'admin@demo.rapport.test', role: 'admin', language: 'es' },
  bence: {
    name: 'Bence Kovács',
    email: 'bence@demo.rapport.test',
    role: 'supervisor',
    language: 'hu',
  },
  ioana: { name: 'Ioana Popescu', email: 'ioana@demo.rapport.test', role: 'agent', language: 'ro' },
  aigerim: {
    name: 'Айгерім Сейітова',
    email: 'aigerim@demo.rapport.test',
    role: 'agent',
    language: 'kk',
  },
} as const;

export const DEMO_COMPANIES = [
  { key: 'verde', name: 'Viveros Verde S.L.', language: 'es', tier: 'key', tags: ['wholesale'] },
  { key: 'kert', name: 'Kertész Kft.', language: 'hu', tier: 'premium', tags: ['wholesale'] },
] as const;

export const DEMO_CLIENTS: DemoClient[] = [
  {
    key: 'lucia',
    name: 'Lucía Fernández',
    email: 'lucia.fernandez@example.es',
    phone: '+34 612 345 678',
    language: 'es',
    vip: true,
    tier: 'key',
    tags: ['wholesale'],
    company: 'verde',
    note: 'Compra para tres viveros; prefiere que la llamen por la mañana.',
  },
  {
    key: 'eszter',
    name: 'Nagy Eszter',
    email: 'nagy.eszter@example.hu',
    phone: '+36 30 123 4567',
    language: 'hu',
    tier: 'premium',
    company: 'kert',
    note: 'A számlát mindig a cég nevére kéri.',
  },
  { key: 'andrei', name: 'Andrei Ionescu', email: 'andrei.ionescu@example.ro', language: 'ro' },
  {
    key: 'nurlan',
    name: 'Нұрлан Әбдіров',
    email: 'nurlan@example.kz',
    phone: '+7 701 555 1234',
    language: 'kk',
  },
  {
    key: 'olga',
    name: 'Ольга Смирнова',
    email: 'olga.smirnova@example.ru',
    language: 'ru',
    tags: ['returns'],
  },
  { key: 'james', name: 'James Wilson', email: 'james.wilson@example.com', language: 'en' },
  { key: 'javier', name: 'Javier Martínez', phone: '+34 699 111 222', language: 'es' },
];

export const DEMO_CONVERSATIONS: DemoConversation[] = [
  {
    client: 'lucia',
    subject: 'Descuento por volumen para 300 macetas',
    channel: 'email',
    priority: 'high',
    team: 'sales',
    assignee: 'ana',
    status: 'open',
    tags: ['discount', 'wholesale'],
    ageMinutes: 180,
    messages: [
      {
        from: 'c',
        text: 'Buenos días, necesitamos 300 macetas de terracota para nuestros tres viveros. ¿Qué descuento pueden ofrecer por volumen?',
      },
      {
        from: 'a',
        text: 'Buenos días, Lucía. Soy Ana, del departamento de ventas. Para pedidos de más de 200 unidades ofrecemos un 8 %; consulto con mi supervisor si podemos mejorarlo y la llamo hoy antes de las 13:00.',
      },
      { from: 'n', text: 'Cliente clave: pedir aprobación a Bence para un 12 %.' },
    ],
  },
  {
    client: 'eszter',
    subject: 'Késik a rendelésem',
    channel: 'email',
    priority: 'normal',
    team: 'support',
    assignee: 'bence',
    status: 'new',
    tags: ['delivery'],
    ageMinutes: 420,
    messages: [
      {
        from: 'c',
        text: 'Jó napot! A múlt héten rendeltem húsz virágládát, de még nem érkezett meg. Mikorra várható a szállítás?',
      },
    ],
  },
  {
    client: 'andrei',
    subject: 'Ce documente sunt necesare pentru achiziție?',
    channel: 'chat',
    team: 'sales',
    assignee: 'unassigned',
    status: 'new',
    ageMinutes: 35,
    messages: [
      {
        from: 'c',
        text: 'Bună ziua! Vreau să cumpăr pentru firma mea. Ce documente sunt necesare pentru factură?',
      },
    ],
  },
  {
    client: 'nurlan',
    subject: 'Өнімді қалай іске қосамын?',
    channel: 'sms',
    team: 'support',
    assignee: 'unassigned',
    status: 'new',
    ageMinutes: 15,
    messages: [
      { from: 'c', text: 'Сәлеметсіз бе! Суару жүйесін сатып алдым. Оны қалай іске қосамын?' },
    ],
  },
  {
    client: 'olga',
    subject: 'Возврат повреждённого горшка',
    channel: 'email',
    team: 'support',
    assignee: 'ioana',
    status: 'pending',
    tags: ['returns'],
    ageMinutes: 1500,
    messages: [
      { from: 'c', text: 'Здравствуйте! Горшок пришёл с трещиной. Как оформить возврат?' },
      {
        from: 'a',
        text: 'Здравствуйте, Ольга! Меня зовут Иоана, служба поддержки. Пришлите, пожалуйста, фото трещины и номер заказа — мы сразу отправим замену.',
      },
    ],
  },
  {
    client: 'james',
    subject: 'Regular or premium soil: what is the difference?',
    channel: 'web',
    priority: 'low',
    team: 'sales',
    assignee: 'ioana',
    status: 'resolved',
    ageMinutes: 2900,
    messages: [
      {
        from: 'c',
        text: 'Hi, what is the difference between your regular and premium potting soil?',
      },
      {
        from: 'a',
        text: 'Hello James, I am Ioana from sales. Premium soil has added slow-release fertiliser and drains better; regular is great for sturdy outdoor plants. Anything else I can help with?',
      },
      { from: 'c', text: 'That is all, thank you!' },
    ],
  },
  {
    client: 'javier',
    subject: 'Llamada: cambio de dirección de entrega',
    channel: 'phone',
    team: 'support',
    assignee: 'ana',
    status: 'open',
    ageMinutes: 60,
    messages: [
      {
        from: 'c',
        text: 'Llamada entrante: el cliente quiere cambiar la dirección de entrega del pedido 1043 a la calle Mayor 12.',
      },
    ],
  },
];
