/**
 * Why each default phrase hurts, in the six interface languages: the agent
 * reads this in their own language whatever the language of the draft.
 */
import type { CoachLanguage } from '../types.ts';
import type { DefaultKey } from './keys.ts';

export const REASONS: Record<DefaultKey, Record<CoachLanguage, string>> = {
  'dont-know': {
    en: '“I don’t know” leaves the client with nowhere to go. Say who will find the answer and when you’ll get back to them.',
    es: 'Un «no sé» deja al cliente sin salida. Dígale quién buscará la respuesta y cuándo volverá a contactarle.',
    hu: 'A „nem tudom” után az ügyfél nem tudja, merre tovább. Mondja meg, ki keresi meg a választ, és mikor jelentkezik újra.',
    ro: 'Un „nu știu” îl lasă pe client fără nicio soluție. Spuneți-i cine va afla răspunsul și când reveniți.',
    kk: '«Білмеймін» деген жауаптан кейін клиент не істерін білмей қалады. Жауапты кім анықтайтынын және қашан хабарласатыныңызды айтыңыз.',
    ru: '«Не знаю» оставляет клиента ни с чем. Скажите, кто найдёт ответ и когда вы вернётесь с ним.',
  },
  'not-my-job': {
    en: 'The client doesn’t care whose job it is, only that someone helps. Offer to pass them to the team that can.',
    es: 'Al cliente no le importa de quién es la tarea, sino que alguien le ayude. Ofrézcale pasarle con el equipo que puede resolverlo.',
    hu: 'Az ügyfelet nem érdekli, kinek a feladata, csak az, hogy segítsenek neki. Ajánlja fel, hogy továbbítja a kérését ahhoz a részleghez, amelyik segíteni tud.',
    ro: 'Clientul nu vrea să știe a cui e sarcina, ci doar să fie ajutat. Oferiți-vă să-l îndrumați către departamentul care îl poate ajuta.',
    kk: 'Клиентке бұл кімнің жұмысы екені маңызды емес, оған көмек керек. Көмектесе алатын бөлімге қосып беруді ұсыныңыз.',
    ru: 'Клиенту неважно, чья это работа, ему важно, чтобы помогли. Предложите передать вопрос в отдел, который с ним справится.',
  },
  'flat-refusal': {
    en: 'A flat “never” or “impossible” ends the conversation. Show that you are trying: say what you will do and whom you will ask.',
    es: 'Un «nunca» o un «imposible» rotundo cierra la conversación. Muestre que lo intenta: diga qué hará y a quién consultará.',
    hu: 'Egy kategorikus „soha” vagy „lehetetlen” lezárja a beszélgetést. Mutassa meg, hogy próbálkozik: mondja el, mit tesz és kivel egyeztet.',
    ro: 'Un „niciodată” sau un „imposibil” categoric închide discuția. Arătați că încercați: spuneți ce veți face și cu cine vă consultați.',
    kk: 'Кесіп айтылған «ешқашан» не «мүмкін емес» әңгімені тоқтатады. Тырысып жатқаныңызды көрсетіңіз: не істейтініңізді және кіммен ақылдасатыныңызды айтыңыз.',
    ru: 'Категоричное «никогда» или «невозможно» обрывает разговор. Покажите, что вы стараетесь: скажите, что сделаете и с кем посоветуетесь.',
  },
  'not-in-stock': {
    en: 'Start with when it will be available, not with what is missing, and offer to tell the client as soon as it arrives.',
    es: 'Empiece por cuándo estará disponible, no por lo que falta, y ofrezca avisar al cliente en cuanto llegue.',
    hu: 'Azzal kezdje, mikor lesz elérhető, ne azzal, ami hiányzik, és ajánlja fel, hogy szól, amint megérkezik.',
    ro: 'Începeți cu momentul în care va fi disponibil, nu cu ce lipsește, și oferiți-vă să-l anunțați pe client imediat ce sosește.',
    kk: 'Тауардың жоқ екенінен емес, қашан болатынынан бастаңыз және келген бойда клиентке хабарлайтыныңызды айтыңыз.',
    ru: 'Начните с того, когда товар появится, а не с того, чего нет, и предложите сообщить клиенту, как только он поступит.',
  },
  no: {
    en: 'A bare “no” sounds like a closed door. Say what you can do instead.',
    es: 'Un «no» a secas suena a puerta cerrada. Diga lo que sí puede hacer.',
    hu: 'Egy puszta „nem” bezárt ajtónak hangzik. Mondja inkább azt, amit meg tud tenni.',
    ro: 'Un „nu” sec sună ca o ușă închisă. Spuneți ce puteți face în schimb.',
    kk: 'Жай ғана «жоқ» деу есікті жауып тастағандай естіледі. Оның орнына не істей алатыныңызды айтыңыз.',
    ru: 'Голое «нет» звучит как закрытая дверь. Скажите, что вы можете сделать вместо этого.',
  },
  never: {
    en: '“Never” sounds final and is often not true. Say what is possible, and when.',
    es: '«Nunca» suena definitivo y a menudo no es cierto. Diga qué es posible y cuándo.',
    hu: 'A „soha” véglegesnek hangzik, és gyakran nem is igaz. Mondja meg, mi lehetséges és mikor.',
    ro: '„Niciodată” sună definitiv și adesea nu e adevărat. Spuneți ce este posibil și când.',
    kk: '«Ешқашан» түпкілікті естіледі және көбіне шындыққа сай келмейді. Не мүмкін екенін және қашан екенін айтыңыз.',
    ru: '«Никогда» звучит окончательно и часто не соответствует действительности. Скажите, что возможно и когда.',
  },
  'calm-down': {
    en: 'Telling an upset client to calm down makes them angrier. Acknowledge how they feel and say what you will do. This is a forbidden expression.',
    es: 'Pedir a un cliente molesto que se calme lo irrita más. Reconozca cómo se siente y diga qué va a hacer. Es una expresión prohibida.',
    hu: 'Ha egy feldúlt ügyfélnek azt mondjuk, nyugodjon meg, csak még jobban felhúzza magát. Ismerje el az érzéseit, és mondja el, mit fog tenni. Ez tiltott kifejezés.',
    ro: 'Să-i ceri unui client supărat să se calmeze îl enervează și mai tare. Recunoașteți ce simte și spuneți ce veți face. Este o expresie interzisă.',
    kk: 'Ренжіген клиентке «сабыр етіңіз» деу оны одан әрі ашуландырады. Оның сезімін түсінетініңізді білдіріп, не істейтініңізді айтыңыз. Бұл – тыйым салынған сөз.',
    ru: 'Просьба «успокоиться» только сильнее злит расстроенного клиента. Признайте его чувства и скажите, что вы сделаете. Это запрещённое выражение.',
  },
  'not-my-problem': {
    en: 'This tells the client they are on their own. It is a forbidden expression.',
    es: 'Le dice al cliente que está solo ante el problema. Es una expresión prohibida.',
    hu: 'Ezzel azt üzeni az ügyfélnek, hogy magára maradt. Ez tiltott kifejezés.',
    ro: 'Îi spune clientului că a rămas singur cu problema. Este o expresie interzisă.',
    kk: 'Бұл клиентке мәселесімен жалғыз қалғанын білдіреді. Бұл – тыйым салынған сөз.',
    ru: 'Так вы даёте клиенту понять, что он остался со своей проблемой один. Это запрещённое выражение.',
  },
  'you-are-wrong': {
    en: 'Telling the client they are wrong starts an argument. Explain the facts without blaming anyone. This is a forbidden expression.',
    es: 'Decirle al cliente que se equivoca abre una discusión. Explique los hechos sin culpar a nadie. Es una expresión prohibida.',
    hu: 'Ha azt mondja az ügyfélnek, hogy téved, vita lesz belőle. Ismertesse a tényeket hibáztatás nélkül. Ez tiltott kifejezés.',
    ro: 'Dacă îi spuneți clientului că greșește, începe o dispută. Explicați faptele fără să învinovățiți pe cineva. Este o expresie interzisă.',
    kk: 'Клиентке «қателесесіз» деу дауға әкеледі. Ешкімді кінәламай, фактілерді түсіндіріңіз. Бұл – тыйым салынған сөз.',
    ru: 'Сказать клиенту, что он не прав, — значит начать спор. Объясните факты, никого не обвиняя. Это запрещённое выражение.',
  },
  'as-i-said': {
    en: '“As I already said” sounds impatient. Simply give the information again, kindly.',
    es: '«Como ya le dije» suena impaciente. Repita la información con amabilidad, sin reproche.',
    hu: 'Az „ahogy már mondtam” türelmetlennek hangzik. Egyszerűen ismételje meg kedvesen az információt.',
    ro: '„Cum v-am mai spus” sună a nerăbdare. Repetați informația cu amabilitate, fără reproș.',
    kk: '«Мен сізге айттым ғой» деген сөз шыдамсыз естіледі. Ақпаратты сөгіссіз, сыпайы түрде қайталаңыз.',
    ru: '«Я же уже говорил» звучит раздражённо. Просто повторите информацию доброжелательно, без упрёка.',
  },
};
