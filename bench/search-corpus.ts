// The texts of the search benchmark's data set (npm run bench:search): what
// clients and agents of a help desk write in each of the six languages, with
// the inflected forms a search has to bring together (Hungarian "rendelést",
// "rendeléseim", "rendelésemet"; Russian "заказ", "заказы", "заказов"),
// product names from a large invented vocabulary for rare words, and the
// names, emails and phone numbers of clients. generate.ts turns these lists
// into set-based SQL (searchTexts below): each message is a greeting, two
// sentences (a client's or an agent's), sometimes a sentence naming a product,
// and a closing, picked by hashes of the message's key, so the same size gives
// the same data set every time.
import { searchLanguageOf } from '../src/server/features/search/search-language.ts';
import type { DataSetTexts } from './generate.ts';

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type BenchLanguage = (typeof LANGUAGES)[number];

interface Corpus {
  first: string[];
  last: string[];
  /** Hungarian puts the family name first. */
  familyNameFirst?: boolean;
  domains: string[];
  /** Mobile numbers: the prefix ("+" and digits) and how many digits follow. */
  phone: { prefix: string; digits: number };
  subjects: string[];
  greetings: string[];
  /** Sentences a client writes (inbound messages). */
  client: string[];
  /** Sentences an agent writes (replies and notes). */
  agent: string[];
  /** Sentences naming a product: {b} is its (invented) brand. */
  products: string[];
  closings: string[];
  /** Short replies, some of which tell no language ("OK"). */
  short: string[];
  /** What the benchmark searches for in this language (see search.ts). */
  queries: {
    /** A word most of the language's texts share. */
    common: string;
    /** A form of a word that the texts hold in other forms only, or rarely. */
    inflected: string;
    two: string;
    three: string;
  };
}

export const CORPUS: Record<BenchLanguage, Corpus> = {
  en: {
    first: `Olivia James Noah Emma Oliver Amelia George Isla Harry Ava Jack Mia Charlie Grace Thomas
      Lily William Sophie Henry Chloe Oscar Ella Leo Freya Arthur Poppy Alfie Evie Joshua Ruby`.split(
      /\s+/,
    ),
    last: `Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
      Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Cooper King Baker Turner
      Hill Morris Ward Hughes`.split(/\s+/),
    domains: ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'btinternet.com'],
    phone: { prefix: '+447', digits: 9 },
    subjects: [
      'Order not delivered',
      'Question about my invoice',
      'Refund request',
      'Damaged product',
      'Delivery address change',
      'Discount for a bulk order',
      'Cancel my subscription',
      'Warranty repair',
      'Payment problem',
      'Where is my parcel?',
      'Wrong item received',
      'Orders from March',
    ],
    greetings: [
      'Hello,',
      'Hi there,',
      'Good morning,',
      'Dear support team,',
      'Hello again,',
      'Hi,',
    ],
    client: [
      'I placed an order last week and it has not arrived yet.',
      'My orders from March are still missing.',
      'Could you tell me when my package will be delivered?',
      'The delivery was supposed to come on Monday.',
      'I was charged twice for the same invoice.',
      'Please send me the invoices for the last three months.',
      'Is there a discount for bulk orders?',
      'I would like to return the item and get a refund.',
      'The refund has not reached my account.',
      'The product arrived damaged and the box was open.',
      'Can I change the delivery address of my order?',
      'I want to cancel my subscription.',
      'The warranty repair is taking too long.',
      'My payment failed but the money was taken from my card.',
      'Why was my order cancelled without notice?',
      'The courier left the parcel with a neighbour.',
    ],
    agent: [
      'Thank you for contacting us, I have checked your order.',
      'Your package was dispatched yesterday and should be delivered within two days.',
      'I have issued a refund, it will appear on your statement in five working days.',
      'I attached the corrected invoice to this message.',
      'We can offer you a discount of ten percent on your next order.',
      'I have passed your request to our warehouse team.',
      'The replacement has been sent by express delivery.',
      'Could you send us a photo of the damaged product?',
      'Your subscription has been cancelled as requested.',
      'The payment was declined by your bank, please try again.',
      'I changed the delivery address for you.',
      'The warranty covers repairs for two years.',
      'Our courier will call you before delivering the parcel.',
      'I am sorry for the delay in processing your order.',
      'We refunded the shipping costs.',
      'Please confirm your billing address so we can update the invoice.',
    ],
    products: [
      'The {b} kettle I bought stopped working after a week.',
      'Do you still sell the {b} vacuum cleaner?',
      'I ordered the {b} coffee grinder but received a different model.',
      'The {b} headphones are out of stock, when will they be available?',
      'Is the {b} washing machine covered by the extended warranty?',
      'The manual for the {b} blender is missing from the box.',
    ],
    closings: [
      'Thanks in advance.',
      'Kind regards.',
      'Thank you for your help.',
      'Best wishes.',
      'Looking forward to your reply.',
      'Have a nice day.',
    ],
    short: ['Thanks!', 'OK', 'Got it, thank you.'],
    queries: {
      common: 'order',
      inflected: 'deliveries',
      two: 'damaged product',
      three: 'change delivery address',
    },
  },
  es: {
    first:
      `Lucía Javier Carmen Mateo Sofía Alejandro Martina Pablo Valeria Daniel Paula Álvaro Elena
      Hugo Irene Sergio Nerea Adrián Marta Diego Laura Manuel Claudia Raúl Andrea Jorge Silvia
      Rubén Beatriz Íñigo`.split(/\s+/),
    last: `García Martínez López Sánchez Pérez Gómez Fernández Rodríguez González Díaz Moreno Muñoz
      Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Ramírez Ruiz Serrano Blanco Molina
      Castro Ortiz Rubio Marín Núñez Iglesias`.split(/\s+/),
    domains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net'],
    phone: { prefix: '+346', digits: 8 },
    subjects: [
      'Pedido no entregado',
      'Consulta sobre mi factura',
      'Solicitud de reembolso',
      'Producto dañado',
      'Cambio de dirección de entrega',
      'Descuento para un pedido grande',
      'Cancelar mi suscripción',
      'Reparación en garantía',
      'Problema con el pago',
      '¿Dónde está mi paquete?',
      'Artículo equivocado',
      'Pedidos de marzo',
    ],
    greetings: [
      'Hola,',
      'Buenos días,',
      'Buenas tardes,',
      'Estimado equipo:',
      'Hola de nuevo,',
      'Saludos,',
    ],
    client: [
      'Hice un pedido la semana pasada y todavía no ha llegado.',
      'Mis pedidos de marzo siguen sin aparecer.',
      '¿Me pueden decir cuándo entregarán el paquete?',
      'La entrega estaba prevista para el lunes.',
      'Me cobraron dos veces la misma factura.',
      'Por favor, envíenme las facturas de los últimos tres meses.',
      '¿Hay algún descuento para pedidos grandes?',
      'Quiero devolver el artículo y que me reembolsen el dinero.',
      'El reembolso todavía no ha llegado a mi cuenta.',
      'El producto llegó dañado y la caja estaba abierta.',
      '¿Puedo cambiar la dirección de entrega de mi pedido?',
      'Quiero cancelar mi suscripción.',
      'La reparación en garantía está tardando demasiado.',
      'El pago falló pero me cobraron el dinero en la tarjeta.',
      '¿Por qué cancelaron mi pedido sin avisarme?',
      'El repartidor dejó el paquete con un vecino.',
    ],
    agent: [
      'Gracias por escribirnos, he revisado su pedido.',
      'Su paquete salió ayer y se entregará en dos días.',
      'Hemos tramitado el reembolso, lo verá en su cuenta en cinco días hábiles.',
      'Le adjunto la factura corregida.',
      'Le ofrecemos un descuento del diez por ciento en su próximo pedido.',
      'He pasado su solicitud a nuestro equipo de almacén.',
      'Hemos enviado el artículo de sustitución por envío urgente.',
      '¿Podría enviarnos una foto del producto dañado?',
      'Su suscripción ha sido cancelada como pidió.',
      'Su banco rechazó el pago, por favor inténtelo de nuevo.',
      'He cambiado la dirección de entrega.',
      'La garantía cubre las reparaciones durante dos años.',
      'Nuestro repartidor le llamará antes de entregar el paquete.',
      'Lamentamos el retraso en la tramitación de sus pedidos.',
      'Le hemos reembolsado los gastos de envío.',
      'Confirme su dirección de facturación para actualizar la factura.',
    ],
    products: [
      'El hervidor {b} que compré dejó de funcionar a la semana.',
      '¿Todavía venden la aspiradora {b}?',
      'Pedí el molinillo de café {b} pero recibí otro modelo.',
      'Los auriculares {b} están agotados, ¿cuándo volverán?',
      '¿La lavadora {b} tiene garantía ampliada?',
      'Falta el manual de la batidora {b} en la caja.',
    ],
    closings: [
      'Gracias de antemano.',
      'Un saludo.',
      'Muchas gracias por su ayuda.',
      'Atentamente.',
      'Quedo a la espera de su respuesta.',
      'Que tenga un buen día.',
    ],
    short: ['¡Gracias!', 'Vale', 'Perfecto, gracias.'],
    queries: {
      common: 'pedido',
      inflected: 'reembolsaron',
      two: 'producto dañado',
      three: 'cambiar dirección entrega',
    },
  },
  hu: {
    first: `Eszter Bence Zsófia Réka Máté Dávid Anna Levente Katalin Gergő Ágnes Balázs Dóra Ádám
      Krisztina Péter Noémi Zoltán Judit Áron Csilla Tamás Orsolya Gábor Boglárka Attila Enikő
      Márton Viktória Kristóf`.split(/\s+/),
    last: `Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász
      Lakatos Mészáros Oláh Simon Rácz Fekete Szilágyi Török Fehér Balázs Gál Kis Szűcs Kocsis
      Orsós Pintér`.split(/\s+/),
    familyNameFirst: true,
    domains: ['gmail.com', 'freemail.hu', 'citromail.hu', 't-online.hu'],
    phone: { prefix: '+3630', digits: 7 },
    subjects: [
      'Nem érkezett meg a rendelés',
      'Kérdés a számláról',
      'Visszatérítési kérelem',
      'Sérült termék',
      'Szállítási cím módosítása',
      'Kedvezmény nagy rendelésre',
      'Előfizetés lemondása',
      'Garanciális javítás',
      'Fizetési probléma',
      'Hol van a csomagom?',
      'Rossz terméket kaptam',
      'Márciusi rendelések',
    ],
    greetings: [
      'Jó napot!',
      'Tisztelt Ügyfélszolgálat!',
      'Kedves Ügyfélszolgálat!',
      'Üdvözlöm!',
      'Szia!',
      'Jó reggelt!',
    ],
    client: [
      'Múlt héten adtam le a rendelést, de még nem érkezett meg.',
      'A márciusi rendeléseim még mindig nincsenek meg.',
      'Meg tudják mondani, mikor szállítják ki a csomagomat?',
      'A szállítást hétfőre ígérték.',
      'Kétszer terhelték meg a kártyámat ugyanazért a számláért.',
      'Kérem, küldjék el az elmúlt három hónap számláit.',
      'Van kedvezmény nagyobb rendelésekre?',
      'Szeretném visszaküldeni a terméket és visszakérni a pénzemet.',
      'A visszatérítés még nem érkezett meg a számlámra.',
      'A termék sérülten érkezett, a doboz nyitva volt.',
      'Módosíthatom a rendelésem szállítási címét?',
      'Szeretném lemondani az előfizetésemet.',
      'A garanciális javítás túl sokáig tart.',
      'A fizetés nem sikerült, de a pénzt levonták a kártyámról.',
      'Miért törölték a rendelésemet értesítés nélkül?',
      'A futár a szomszédnál hagyta a csomagot.',
    ],
    agent: [
      'Köszönjük, hogy megkeresett minket, megnéztem a rendelését.',
      'A csomagját tegnap feladtuk, két napon belül kiszállítjuk.',
      'A visszatérítést elindítottuk, öt munkanapon belül megjelenik a számláján.',
      'Csatoltam a javított számlát.',
      'Tíz százalék kedvezményt adunk a következő rendeléséből.',
      'Továbbítottam a kérését a raktárnak.',
      'A cseretermék expressz szállítással úton van.',
      'Küldene egy fényképet a sérült termékről?',
      'Az előfizetését kérésére lemondtuk.',
      'A bankja elutasította a fizetést, kérjük, próbálja újra.',
      'Módosítottam a szállítási címet.',
      'A garancia két évig fedezi a javításokat.',
      'A futárunk kiszállítás előtt felhívja Önt.',
      'Elnézést kérünk a rendelések feldolgozásának késéséért.',
      'Visszatérítettük a szállítási költséget.',
      'Kérjük, erősítse meg a számlázási címét, hogy frissíthessük a számlát.',
    ],
    products: [
      'A {b} vízforraló egy hét után elromlott.',
      'Kapható még a {b} porszívó?',
      'A {b} kávédarálót rendeltem, de másik modellt kaptam.',
      'A {b} fejhallgató elfogyott, mikor lesz újra?',
      'A {b} mosógépre vonatkozik a kiterjesztett garancia?',
      'A {b} turmixgép dobozából hiányzik a kézikönyv.',
    ],
    closings: [
      'Előre is köszönöm.',
      'Üdvözlettel.',
      'Köszönöm a segítséget.',
      'Várom válaszukat.',
      'Szép napot!',
      'Köszönettel.',
    ],
    short: ['Köszönöm!', 'Rendben', 'Oké, köszönöm.'],
    queries: {
      common: 'rendelés',
      inflected: 'rendelésemet',
      two: 'sérült termék',
      three: 'szállítási cím módosítása',
    },
  },
  ro: {
    first:
      `Ioana Andrei Elena Mihai Maria Alexandru Ana Gabriel Cristina Ștefan Andreea Florin Raluca
      Bogdan Diana Vlad Alina Cătălin Irina Răzvan Adriana Sorin Monica Cosmin Roxana Dragoș Simona
      Ionuț Bianca Tudor`.split(/\s+/),
    last: `Popescu Ionescu Popa Dumitru Stan Stoica Gheorghe Rusu Munteanu Matei Constantin Șerban
      Moldovan Lazăr Ciobanu Dinu Ene Mocanu Marin Barbu Nistor Florea Georgescu Toma Pop Dobre
      Sima Oprea Radu Neagu`.split(/\s+/),
    domains: ['gmail.com', 'yahoo.ro', 'yahoo.com', 'rdslink.ro'],
    phone: { prefix: '+407', digits: 8 },
    subjects: [
      'Comanda nu a fost livrată',
      'Întrebare despre factură',
      'Cerere de rambursare',
      'Produs deteriorat',
      'Schimbarea adresei de livrare',
      'Reducere pentru o comandă mare',
      'Anularea abonamentului',
      'Reparație în garanție',
      'Problemă cu plata',
      'Unde este coletul meu?',
      'Am primit alt produs',
      'Comenzile din martie',
    ],
    greetings: [
      'Bună ziua,',
      'Stimate echipă,',
      'Salut,',
      'Bună dimineața,',
      'Bună seara,',
      'Stimată doamnă,',
    ],
    client: [
      'Am plasat o comandă săptămâna trecută și încă nu a sosit.',
      'Comenzile mele din martie încă lipsesc.',
      'Îmi puteți spune când va fi livrat coletul?',
      'Livrarea trebuia să vină luni.',
      'Am fost taxat de două ori pentru aceeași factură.',
      'Vă rog să îmi trimiteți facturile din ultimele trei luni.',
      'Există o reducere pentru comenzi mari?',
      'Aș dori să returnez produsul și să primesc banii înapoi.',
      'Rambursarea nu a ajuns încă în contul meu.',
      'Produsul a sosit deteriorat și cutia era deschisă.',
      'Pot schimba adresa de livrare a comenzii?',
      'Vreau să anulez abonamentul.',
      'Reparația în garanție durează prea mult.',
      'Plata a eșuat, dar banii au fost retrași de pe card.',
      'De ce a fost anulată comanda mea fără să fiu anunțat?',
      'Curierul a lăsat coletul la un vecin.',
    ],
    agent: [
      'Vă mulțumim că ne-ați scris, am verificat comanda dumneavoastră.',
      'Coletul a fost expediat ieri și va fi livrat în două zile.',
      'Am inițiat rambursarea, suma va apărea în cont în cinci zile lucrătoare.',
      'Am atașat factura corectată.',
      'Vă oferim o reducere de zece la sută la următoarea comandă.',
      'Am transmis solicitarea dumneavoastră echipei din depozit.',
      'Produsul de înlocuire a fost trimis prin livrare rapidă.',
      'Ne puteți trimite o fotografie a produsului deteriorat?',
      'Abonamentul a fost anulat conform cererii.',
      'Banca a refuzat plata, vă rugăm să încercați din nou.',
      'Am schimbat adresa de livrare.',
      'Garanția acoperă reparațiile timp de doi ani.',
      'Curierul vă va suna înainte de livrarea coletului.',
      'Ne cerem scuze pentru întârzierea procesării comenzilor.',
      'V-am rambursat costurile de transport.',
      'Vă rugăm să confirmați adresa de facturare pentru a actualiza factura.',
    ],
    products: [
      'Fierbătorul {b} pe care l-am cumpărat s-a stricat după o săptămână.',
      'Mai vindeți aspiratorul {b}?',
      'Am comandat râșnița de cafea {b}, dar am primit alt model.',
      'Căștile {b} nu mai sunt pe stoc, când revin?',
      'Mașina de spălat {b} are garanție extinsă?',
      'Din cutia blenderului {b} lipsește manualul.',
    ],
    closings: [
      'Mulțumesc anticipat.',
      'Cu stimă.',
      'Vă mulțumesc pentru ajutor.',
      'Aștept răspunsul dumneavoastră.',
      'O zi bună!',
      'Cu drag.',
    ],
    short: ['Mulțumesc!', 'Bine', 'Am înțeles, mulțumesc.'],
    queries: {
      common: 'comanda',
      inflected: 'facturile',
      two: 'produs deteriorat',
      three: 'schimba adresa livrare',
    },
  },
  kk: {
    first:
      `Айгерім Нұрлан Дина Ерлан Әсел Бауыржан Гүлнар Дәулет Жанар Арман Ақбота Қайрат Мөлдір Серік
      Аружан Ержан Самал Талғат Әйгерім Нұрсұлтан Гүлжан Асқар Назерке Ғалым Балжан Мұрат Іңкәр
      Бекзат Жансая Ақжол`.split(/\s+/),
    last: `Әбдіров Сейітов Жұмабаев Ахметов Омарова Қасымов Тоқтаров Серікбаева Нұрланов Бекова
      Оспанов Ермекова Сәрсенбаев Мұқанова Исаев Жақыпова Төлеуов Бейсенова Құдайбергенов Әлімова
      Байжанов Кенжебаева Смағұлов Асанова Тұрсынов Қалиева Дүйсенов Есенова Мамыров Жүсіпова`.split(
      /\s+/,
    ),
    domains: ['mail.ru', 'gmail.com', 'mail.kz', 'inbox.kz'],
    phone: { prefix: '+7701', digits: 7 },
    subjects: [
      'Тапсырыс жеткізілмеді',
      'Шот туралы сұрақ',
      'Ақшаны қайтару өтініші',
      'Бүлінген тауар',
      'Жеткізу мекенжайын өзгерту',
      'Үлкен тапсырысқа жеңілдік',
      'Жазылымды тоқтату',
      'Кепілдік бойынша жөндеу',
      'Төлем мәселесі',
      'Сәлемдемем қайда?',
      'Басқа тауар келді',
      'Наурыздағы тапсырыстар',
    ],
    greetings: [
      'Сәлеметсіз бе!',
      'Қайырлы күн!',
      'Құрметті қолдау қызметі!',
      'Сәлем!',
      'Қайырлы таң!',
      'Армысыз!',
    ],
    client: [
      'Өткен аптада тапсырыс бердім, бірақ әлі келген жоқ.',
      'Наурыздағы тапсырыстарым әлі жоқ.',
      'Сәлемдемем қашан жеткізілетінін айтып бересіз бе?',
      'Жеткізу дүйсенбіге жоспарланған еді.',
      'Бір шот үшін екі рет ақша алынды.',
      'Соңғы үш айдағы шоттарды жіберіңізші.',
      'Үлкен тапсырыстарға жеңілдік бар ма?',
      'Тауарды қайтарып, ақшамды алғым келеді.',
      'Қайтарылған ақша әлі шотыма түскен жоқ.',
      'Тауар бүлінген күйде келді, қорап ашық болды.',
      'Тапсырысымның жеткізу мекенжайын өзгертуге бола ма?',
      'Жазылымымды тоқтатқым келеді.',
      'Кепілдік бойынша жөндеу тым ұзаққа созылды.',
      'Төлем өтпеді, бірақ картамнан ақша алынды.',
      'Тапсырысымды неге ескертусіз жойдыңыздар?',
      'Курьер сәлемдемені көршіге қалдырып кетті.',
    ],
    agent: [
      'Бізге жазғаныңызға рахмет, тапсырысыңызды тексердім.',
      'Сәлемдемеңіз кеше жіберілді, екі күн ішінде жеткізіледі.',
      'Ақшаны қайтаруды бастадық, бес жұмыс күні ішінде шотыңызға түседі.',
      'Түзетілген шотты хатқа тіркедім.',
      'Келесі тапсырысыңызға он пайыз жеңілдік ұсынамыз.',
      'Сұрауыңызды қойма тобына жібердім.',
      'Ауыстырылатын тауар жедел жеткізумен жіберілді.',
      'Бүлінген тауардың суретін жібере аласыз ба?',
      'Жазылымыңыз өтінішіңіз бойынша тоқтатылды.',
      'Банкіңіз төлемді қабылдамады, қайталап көріңізші.',
      'Жеткізу мекенжайын өзгерттім.',
      'Кепілдік жөндеуді екі жыл бойы қамтиды.',
      'Курьер сәлемдемені жеткізер алдында сізге қоңырау шалады.',
      'Тапсырыстарды өңдеудің кешіккені үшін кешірім сұраймыз.',
      'Жеткізу құнын қайтардық.',
      'Шотты жаңарту үшін төлем мекенжайыңызды растаңызшы.',
    ],
    products: [
      'Сатып алған {b} шәйнегім бір аптадан кейін бұзылды.',
      '{b} шаңсорғышы әлі сатылымда бар ма?',
      '{b} кофе ұнтақтағышына тапсырыс бердім, бірақ басқа модель келді.',
      '{b} құлаққаптары таусылды, қашан келеді?',
      '{b} кір жуғыш машинасына ұзартылған кепілдік бар ма?',
      '{b} блендерінің қорабында нұсқаулық жоқ.',
    ],
    closings: [
      'Алдын ала рахмет.',
      'Құрметпен.',
      'Көмегіңізге рахмет.',
      'Жауабыңызды күтемін.',
      'Күніңіз сәтті өтсін!',
      'Рахмет.',
    ],
    short: ['Рахмет!', 'Жарайды', 'Түсіндім, рахмет.'],
    queries: {
      common: 'тапсырыс',
      inflected: 'тапсырысымды',
      two: 'бүлінген тауар',
      three: 'жеткізу мекенжайын өзгерту',
    },
  },
  ru: {
    first:
      `Ольга Дмитрий Анна Сергей Екатерина Алексей Мария Андрей Наталья Иван Татьяна Михаил Елена
      Николай Юлия Павел Светлана Артём Ирина Владимир Ксения Максим Дарья Роман Алина Игорь Полина
      Евгений Вера Кирилл`.split(/\s+/),
    last: `Иванова Смирнов Кузнецова Попов Васильева Петров Соколова Михайлов Новикова Фёдоров
      Морозова Волков Алексеева Лебедев Семёнова Егоров Павлова Козлов Степанова Николаев Орлова
      Андреев Макарова Никитин Захарова Зайцев Соловьёва Борисов Яковлева Григорьев`.split(/\s+/),
    domains: ['mail.ru', 'yandex.ru', 'gmail.com', 'rambler.ru'],
    phone: { prefix: '+79', digits: 9 },
    subjects: [
      'Заказ не доставлен',
      'Вопрос по счёту',
      'Запрос на возврат',
      'Повреждённый товар',
      'Изменение адреса доставки',
      'Скидка на крупный заказ',
      'Отмена подписки',
      'Гарантийный ремонт',
      'Проблема с оплатой',
      'Где моя посылка?',
      'Пришёл не тот товар',
      'Мартовские заказы',
    ],
    greetings: [
      'Здравствуйте!',
      'Добрый день!',
      'Доброе утро!',
      'Уважаемая служба поддержки!',
      'Привет!',
      'Добрый вечер!',
    ],
    client: [
      'Я оформил заказ на прошлой неделе, но он до сих пор не пришёл.',
      'Мои мартовские заказы так и не доставлены.',
      'Подскажите, когда доставят мою посылку?',
      'Доставку обещали в понедельник.',
      'С меня дважды списали деньги по одному счёту.',
      'Пожалуйста, пришлите счета за последние три месяца.',
      'Есть ли скидка на крупные заказы?',
      'Хочу вернуть товар и получить деньги обратно.',
      'Возврат до сих пор не поступил на мой счёт.',
      'Товар пришёл повреждённым, коробка была вскрыта.',
      'Можно изменить адрес доставки заказа?',
      'Хочу отменить подписку.',
      'Гарантийный ремонт слишком затянулся.',
      'Оплата не прошла, но деньги с карты списали.',
      'Почему мой заказ отменили без предупреждения?',
      'Курьер оставил посылку у соседей.',
    ],
    agent: [
      'Спасибо за обращение, я проверил ваш заказ.',
      'Ваша посылка отправлена вчера и будет доставлена в течение двух дней.',
      'Мы оформили возврат, деньги поступят на счёт в течение пяти рабочих дней.',
      'Прикладываю исправленный счёт.',
      'Предлагаем вам скидку десять процентов на следующий заказ.',
      'Я передал ваш запрос на склад.',
      'Замену отправили экспресс-доставкой.',
      'Пришлите, пожалуйста, фото повреждённого товара.',
      'Ваша подписка отменена по вашей просьбе.',
      'Банк отклонил оплату, попробуйте ещё раз.',
      'Я изменил адрес доставки.',
      'Гарантия покрывает ремонт в течение двух лет.',
      'Курьер позвонит вам перед доставкой посылки.',
      'Приносим извинения за задержку в обработке заказов.',
      'Мы вернули стоимость доставки.',
      'Подтвердите, пожалуйста, платёжный адрес, чтобы мы обновили счёт.',
    ],
    products: [
      'Чайник {b}, который я купил, сломался через неделю.',
      'Пылесос {b} ещё продаётся?',
      'Я заказал кофемолку {b}, а пришла другая модель.',
      'Наушников {b} нет в наличии, когда они появятся?',
      'На стиральную машину {b} действует расширенная гарантия?',
      'В коробке блендера {b} нет инструкции.',
    ],
    closings: [
      'Заранее спасибо.',
      'С уважением.',
      'Спасибо за помощь.',
      'Жду вашего ответа.',
      'Хорошего дня!',
      'Благодарю.',
    ],
    short: ['Спасибо!', 'Хорошо', 'Понял, спасибо.'],
    queries: {
      common: 'заказ',
      inflected: 'заказом',
      two: 'повреждённый товар',
      three: 'изменить адрес доставки',
    },
  },
};

// Brand names: four syllables from sixteen, 65,536 of them per script, picked
// with a skew (a few common, most rare). Latin for the four Latin-script
// languages, Cyrillic for Kazakh and Russian.
const SYLLABLES = {
  latin: 'ka lo mi ve tor zan ri del nu sa bel quo fen dra lix mon'.split(' '),
  cyrillic: 'ка ло ми ве тор зан ри дел ну са бел кво фен дра лик мон'.split(' '),
};
const BRAND_BITS = 16;
const BRAND_COUNT = 1 << BRAND_BITS;

/** The brand of index k (0..65535) in a script: its four syllables, capitalised. */
export function brandAt(k: number, script: 'latin' | 'cyrillic'): string {
  const s = SYLLABLES[script];
  const word = [12, 8, 4, 0].map((shift) => s[(k >> shift) & 15]).join('');
  return word[0]!.toUpperCase() + word.slice(1);
}

/** Whether a word is one of the invented brand names (to find the rare ones in the data). */
export function isBrand(word: string): boolean {
  return /^(?:(?:ka|lo|mi|ve|tor|zan|ri|del|nu|sa|bel|quo|fen|dra|lix|mon){4}|(?:ка|ло|ми|ве|тор|зан|ри|дел|ну|са|бел|кво|фен|дра|лик|мон){4})$/i.test(
    word,
  );
}

const CYRILLIC_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ә: 'a',
  ғ: 'g',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/** A name as it appears in an email address: Latin letters only. */
export function emailPart(name: string): string {
  return [...name.toLowerCase()]
    .map((ch) => CYRILLIC_LATIN[ch] ?? ch)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, '');
}

const lit = (s: string | null) => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** A text[][] literal, one row per language; shorter rows repeat their items so all have n. */
function grid(rows: (string | null)[][]): { sql: string; n: number } {
  const n = Math.max(...rows.map((r) => r.length));
  const padded = rows.map((r) => Array.from({ length: n }, (_, k) => r[k % r.length]!));
  return {
    sql: `(array[${padded.map((r) => `array[${r.map(lit).join(',')}]`).join(',')}]::text[][])`,
    n,
  };
}

const perLanguage = <T>(f: (c: Corpus, lang: BenchLanguage) => T) =>
  LANGUAGES.map((lang) => f(CORPUS[lang], lang));

/** A hash of an integer expression, 0..n-1, independent for each seed. */
const pick = (key: string, seed: number, n: number) =>
  `((hashint8extended((${key})::bigint, ${seed}) & 2147483647) % ${n})`;

/** 0..n-1, skewed to the small end (u² of a uniform u): a few items common, most rare. */
const pickSkewed = (key: string, seed: number, n: number) =>
  `(floor(${n} * power((hashint8extended((${key})::bigint, ${seed}) & 16777215) / 16777216.0, 2))::int)`;

/** The item of a grid for the language at index li (1-based) and a 0-based pick. */
const at = (g: { sql: string }, li: string, k: string) => `${g.sql}[${li}][1 + ${k}]`;

const LANGUAGE_ARRAY = `array[${LANGUAGES.map(lit).join(',')}]`;
const languageIndex = (lang: string) => `array_position(${LANGUAGE_ARRAY}, ${lang})`;

/** Whether a conversation's message j is a short reply (never the first). */
const isShort = (key: string, j: string) => `(${j} > 1 and ${pick(key, 7, 100)} < 4)`;

/**
 * The texts of the search benchmark as SQL for generate.ts. Client i gets the
 * language i % 6, a name in it, an email and (three in five) a mobile
 * number; a conversation is in its client's language; message j of
 * conversation c is the client's (j odd) or the agent's. The language of
 * each text is what detectLanguage gives it, as the app stores it: the long
 * texts carry their language's words and letters, and the short replies'
 * languages (some none) are detected here once.
 */
export function searchTexts(): DataSetTexts {
  const first = grid(perLanguage((c) => c.first));
  const last = grid(perLanguage((c) => c.last));
  const firstMail = grid(perLanguage((c) => c.first.map(emailPart)));
  const lastMail = grid(perLanguage((c) => c.last.map(emailPart)));
  const domains = grid(perLanguage((c) => c.domains));
  const subjects = grid(perLanguage((c) => c.subjects));
  const greetings = grid(perLanguage((c) => c.greetings));
  const client = grid(perLanguage((c) => c.client));
  const agent = grid(perLanguage((c) => c.agent));
  const products = grid(perLanguage((c) => c.products));
  const closings = grid(perLanguage((c) => c.closings));
  const short = grid(perLanguage((c) => c.short));
  const shortLanguage = grid(perLanguage((c) => c.short.map((s) => searchLanguageOf(s))));
  const syllables = grid([SYLLABLES.latin, SYLLABLES.cyrillic]);

  const clientLi = (i: string) => `(1 + (${i}) % 6)`;
  const name = (i: string) => {
    const li = clientLi(i);
    const f = at(first, li, pick(i, 1, first.n));
    const l = at(last, li, pick(i, 2, last.n));
    return `case when ${li} = 3 then ${l} || ' ' || ${f} else ${f} || ' ' || ${l} end`;
  };
  const phone = perLanguage((c) => c.phone);
  const phoneValue = (i: string) =>
    `(case ${clientLi(i)} ${phone
      .map(
        (p, k) =>
          `when ${k + 1} then ${lit(p.prefix)} || lpad(((${i})::bigint * 7919 % ${10 ** p.digits})::text, ${p.digits}, '0')`,
      )
      .join(' ')} end)`;

  const brand = (key: string, li: string) => {
    const k = pickSkewed(key, 11, BRAND_COUNT);
    const script = `(case when ${li} >= 5 then 2 else 1 end)`;
    const syl = (shift: number) => `${syllables.sql}[${script}][1 + ((${k} >> ${shift}) & 15)]`;
    const head = syl(12);
    return `upper(left(${head}, 1)) || substr(${head}, 2) || ${syl(8)} || ${syl(4)} || ${syl(0)}`;
  };

  return {
    clientName: name,
    clientLanguage: (i) => `(${LANGUAGE_ARRAY})[${clientLi(i)}]`,
    identities: [
      // Every client has an email, from their name, unique by their ordinal.
      `insert into client_identities (workspace_id, client_id, kind, value)
       select c.workspace_id, c.id, 'email',
              ${at(firstMail, 'x.li', pick('x.i', 1, firstMail.n))} || '.' ||
              ${at(lastMail, 'x.li', pick('x.i', 2, lastMail.n))} || x.i || '@' ||
              ${at(domains, 'x.li', pick('x.i', 3, domains.n))}
       from clients c, lateral (select c.id - $2::bigint + 1 as i, ${clientLi('c.id - $2::bigint + 1')} as li) x
       where c.workspace_id = $1`,
      // Three clients in five have a mobile number of their language's country.
      `insert into client_identities (workspace_id, client_id, kind, value)
       select c.workspace_id, c.id, 'phone', ${phoneValue('c.id - $2::bigint + 1')}
       from clients c
       where c.workspace_id = $1 and (c.id - $2::bigint + 1) % 5 < 3`,
    ],
    subject: (i, lang) => {
      const li = languageIndex(lang);
      const s = at(subjects, li, pick(i, 21, subjects.n));
      return `case when ${pick(i, 22, 100)} < 15 then ${s} || ' – ' || ${brand(`(${i}) * 7 + 3`, li)} else ${s} end`;
    },
    // The subject and the first message (always a long one) are in the client's language.
    conversationLanguage: (_i, lang) => lang,
    excerpt: (i, lang) => at(subjects, languageIndex(lang), pick(i, 21, subjects.n)),
    body: (j) => {
      const key = `c.id * 1024 + ${j}`;
      const li = languageIndex('c.language');
      const sentence = (seed: number) =>
        `case when ${j} % 2 = 1 then ${at(client, li, pick(key, seed, client.n))} else ${at(agent, li, pick(key, seed, agent.n))} end`;
      const product = `replace(${at(products, li, pick(key, 34, products.n))}, '{b}', ${brand(key, li)})`;
      return `case when ${isShort(key, j)} then ${at(short, li, pick(key, 8, short.n))} else
        ${at(greetings, li, pick(key, 31, greetings.n))} || ' ' || ${sentence(32)} || ' ' ||
        case when ${pick(key, 33, 100)} < 35 then ${product} || ' ' else '' end ||
        ${sentence(35)} || ' ' || ${at(closings, li, pick(key, 36, closings.n))} end`;
    },
    messageLanguage: (j) => {
      const key = `c.id * 1024 + ${j}`;
      return `case when ${isShort(key, j)} then ${at(shortLanguage, languageIndex('c.language'), pick(key, 8, short.n))} else c.language end`;
    },
  };
}
