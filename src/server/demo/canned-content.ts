// Demo canned responses ("scripts") in the six languages: a greeting, an
// apology for a late delivery, an exchange or return. Written in each
// language's own register (usted, magázás, dumneavoastră, Сіз, Вы).

export interface DemoCannedResponse {
  title: string;
  shortcut: string;
  language: 'en' | 'es' | 'hu' | 'ro' | 'kk' | 'ru';
  folder: string;
  body: string;
}

export const DEMO_CANNED_RESPONSES: DemoCannedResponse[] = [
  {
    language: 'en',
    folder: 'Greetings',
    shortcut: 'greeting',
    title: 'Greeting',
    body: 'Hello {{client.first_name}},\n\nthank you for writing to {{workspace.name}}. My name is {{agent.first_name}} and I will take care of your request #{{conversation.number}}.',
  },
  {
    language: 'en',
    folder: 'Delivery',
    shortcut: 'late-delivery',
    title: 'Late delivery apology',
    body: "Hello {{client.first_name}},\n\nI'm sorry your order is late: I know you were counting on it. We have already contacted the carrier and I am following your parcel personally. I will write to you again today with the new delivery date.\n\nKind regards,\n{{agent.name}}",
  },
  {
    language: 'en',
    folder: 'Returns',
    shortcut: 'return',
    title: 'Exchange or return',
    body: 'Hello {{client.first_name}},\n\nof course you can exchange or return it within 30 days of delivery. Reply with your order number and whether you prefer an exchange or a refund, and we will send you a prepaid return label.\n\nKind regards,\n{{agent.name}}',
  },
  {
    language: 'es',
    folder: 'Saludos',
    shortcut: 'greeting',
    title: 'Saludo',
    body: 'Hola, {{client.first_name}}:\n\ngracias por escribir a {{workspace.name}}. Soy {{agent.first_name}} y me ocupo de su consulta n.º {{conversation.number}}.',
  },
  {
    language: 'es',
    folder: 'Entregas',
    shortcut: 'late-delivery',
    title: 'Disculpa por retraso en la entrega',
    body: 'Hola, {{client.first_name}}:\n\nlamento mucho que su pedido se esté retrasando; sé que contaba con él. Ya hemos hablado con la empresa de transporte y sigo el envío personalmente. Hoy mismo le escribo con la nueva fecha de entrega.\n\nUn saludo,\n{{agent.name}}',
  },
  {
    language: 'es',
    folder: 'Devoluciones',
    shortcut: 'return',
    title: 'Cambio o devolución',
    body: 'Hola, {{client.first_name}}:\n\npor supuesto, puede cambiar o devolver el artículo en los 30 días siguientes a la entrega. Responda a este mensaje con el número de pedido e indíquenos si prefiere un cambio o el reembolso, y le enviaremos una etiqueta de devolución prepagada.\n\nUn saludo,\n{{agent.name}}',
  },
  {
    language: 'hu',
    folder: 'Üdvözlés',
    shortcut: 'greeting',
    title: 'Üdvözlés',
    body: 'Kedves {{client.first_name}}!\n\nKöszönjük, hogy a(z) {{workspace.name}} ügyfélszolgálatához fordult. {{agent.first_name}} vagyok, én foglalkozom a(z) {{conversation.number}}. számú kérésével.',
  },
  {
    language: 'hu',
    folder: 'Szállítás',
    shortcut: 'late-delivery',
    title: 'Elnézéskérés késő szállításért',
    body: 'Kedves {{client.first_name}}!\n\nNagyon sajnálom, hogy a rendelése késik – tudom, hogy számított rá. Már egyeztettünk a futárszolgálattal, és személyesen követem a csomagját. Még ma jelentkezem az új szállítási időponttal.\n\nÜdvözlettel:\n{{agent.name}}',
  },
  {
    language: 'hu',
    folder: 'Visszaküldés',
    shortcut: 'return',
    title: 'Csere vagy visszaküldés',
    body: 'Kedves {{client.first_name}}!\n\nTermészetesen kicserélheti vagy visszaküldheti a terméket a kézbesítéstől számított 30 napon belül. Kérem, válaszában írja meg a rendelésszámot, és hogy cserét vagy visszatérítést szeretne; ezután küldünk egy előre kifizetett visszaküldési címkét.\n\nÜdvözlettel:\n{{agent.name}}',
  },
  {
    language: 'ro',
    folder: 'Salutări',
    shortcut: 'greeting',
    title: 'Salut',
    body: 'Bună ziua, {{client.first_name}},\n\nvă mulțumim că ați scris la {{workspace.name}}. Mă numesc {{agent.first_name}} și mă ocup de solicitarea dumneavoastră nr. {{conversation.number}}.',
  },
  {
    language: 'ro',
    folder: 'Livrare',
    shortcut: 'late-delivery',
    title: 'Scuze pentru livrarea întârziată',
    body: 'Bună ziua, {{client.first_name}},\n\nîmi pare foarte rău că livrarea comenzii întârzie – știu că vă bazați pe ea. Am vorbit deja cu firma de curierat și urmăresc personal coletul. Vă scriu chiar astăzi cu noua dată de livrare.\n\nCu stimă,\n{{agent.name}}',
  },
  {
    language: 'ro',
    folder: 'Retururi',
    shortcut: 'return',
    title: 'Schimb sau retur',
    body: 'Bună ziua, {{client.first_name}},\n\nsigur, puteți schimba sau returna produsul în 30 de zile de la livrare. Răspundeți la acest mesaj cu numărul comenzii și spuneți-ne dacă preferați un schimb sau banii înapoi, iar noi vă trimitem o etichetă de retur plătită.\n\nCu stimă,\n{{agent.name}}',
  },
  {
    language: 'kk',
    folder: 'Сәлемдесу',
    shortcut: 'greeting',
    title: 'Сәлемдесу',
    body: 'Сәлеметсіз бе, {{client.first_name}}!\n\n{{workspace.name}} компаниясына жазғаныңызға рахмет. Менің атым {{agent.first_name}}, № {{conversation.number}} өтінішіңізбен мен айналысамын.',
  },
  {
    language: 'kk',
    folder: 'Жеткізу',
    shortcut: 'late-delivery',
    title: 'Жеткізудің кешігуі үшін кешірім',
    body: 'Құрметті {{client.first_name}}!\n\nТапсырысыңыздың кешігіп жатқанына шын өкінемін – оны күткеніңізді білемін. Курьерлік қызметпен сөйлестік, жөнелтілімді өзім қадағалап отырмын. Бүгін жаңа жеткізу күнін хабарлаймын.\n\nҚұрметпен,\n{{agent.name}}',
  },
  {
    language: 'kk',
    folder: 'Қайтару',
    shortcut: 'return',
    title: 'Ауыстыру немесе қайтару',
    body: 'Сәлеметсіз бе, {{client.first_name}}!\n\nӘрине, тауарды жеткізілген күннен бастап 30 күн ішінде ауыстыруға немесе қайтаруға болады. Осы хатқа тапсырыс нөмірін және ауыстыруды не ақшаны қайтаруды қалайтыныңызды жазыңыз, біз сізге ақысы төленген қайтару жапсырмасын жібереміз.\n\nҚұрметпен,\n{{agent.name}}',
  },
  {
    language: 'ru',
    folder: 'Приветствия',
    shortcut: 'greeting',
    title: 'Приветствие',
    body: 'Здравствуйте, {{client.first_name}}!\n\nСпасибо, что написали в {{workspace.name}}. Меня зовут {{agent.first_name}}, я занимаюсь вашим обращением № {{conversation.number}}.',
  },
  {
    language: 'ru',
    folder: 'Доставка',
    shortcut: 'late-delivery',
    title: 'Извинение за задержку доставки',
    body: 'Здравствуйте, {{client.first_name}}!\n\nПриношу извинения за задержку заказа — понимаю, что вы на него рассчитывали. Мы уже связались со службой доставки, и я лично слежу за посылкой. Сегодня же напишу вам новую дату доставки.\n\nС уважением,\n{{agent.name}}',
  },
  {
    language: 'ru',
    folder: 'Возвраты',
    shortcut: 'return',
    title: 'Обмен или возврат',
    body: 'Здравствуйте, {{client.first_name}}!\n\nКонечно, товар можно обменять или вернуть в течение 30 дней после доставки. Ответьте на это письмо, указав номер заказа и что вы предпочитаете — обмен или возврат денег, и мы пришлём вам оплаченную этикетку для возврата.\n\nС уважением,\n{{agent.name}}',
  },
];
