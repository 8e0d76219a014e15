import type { DefaultKnowledgeText } from './types.ts';

export const ro: DefaultKnowledgeText = {
  language: 'ro',
  categories: {
    buying: {
      name: 'Cumpărături',
      description: 'Ce vă trebuie pentru o comandă, pachetele și reducerile noastre.',
    },
    delivery: {
      name: 'Livrare și retur',
      description: 'Când ajunge comanda și cum o puteți schimba sau returna.',
    },
    help: {
      name: 'Ajutor și asistență',
      description: 'Cum începeți să folosiți produsul și cum ne puteți contacta.',
    },
  },
  articles: {
    documents: {
      title: 'Ce documente îmi trebuie ca să cumpăr?',
      meta_description:
        'Pentru o cumpărătură personală ne ajung datele de contact. Cumpărați pentru o firmă? Iată ce date ne trebuie pentru factură.',
      body_markdown: `Pentru cele mai multe cumpărături ne ajung numele dumneavoastră, un număr de telefon sau o adresă de e-mail și adresa de livrare.

## Dacă cumpărați pentru o firmă

Trimiteți-ne aceste date împreună cu comanda, iar noi le trecem pe factură:

- denumirea completă a firmei și adresa sediului,
- codul fiscal (CUI),
- numele persoanei care va primi comanda.

Vă rugăm să le verificați înainte de a confirma comanda: corectarea unei facturi deja emise durează câteva zile în plus.

## Dacă plătiți în rate

Dacă alegeți plata în rate, vă vom cere și un act de identitate. Vă spunem întotdeauna exact ce este nevoie **înainte** să plasați comanda.

Nu sunteți sigur ce se aplică în cazul dumneavoastră? Scrieți-ne sau cereți să vă sunăm, iar noi verificăm pentru dumneavoastră.`,
    },
    plans: {
      title: 'Care este diferența dintre pachetul standard și cel premium?',
      meta_description:
        'Cu ambele pachete primiți același produs, la aceeași calitate. Premium adaugă răspunsuri mai rapide, un manager dedicat și o garanție mai lungă.',
      body_markdown: `Cu ambele pachete primiți același produs, la aceeași calitate. Diferența ține de serviciile care îl însoțesc.

| | Standard | Premium |
| --- | --- | --- |
| Răspuns la mesajele dumneavoastră | în 10 ore lucrătoare | în 4 ore lucrătoare |
| Livrare | standard | prioritară |
| Garanție | standard | cu un an mai lungă |
| Manager dedicat | — | da, o persoană care vă cunoaște comenzile |
| Acces în avans la oferte | — | da |

Puteți trece oricând de la standard la premium și plătiți diferența doar din ziua schimbării.

Nu știți care vi se potrivește? Spuneți-ne cum folosiți produsul și vă recomandăm sincer varianta potrivită.`,
    },
    bulk: {
      title: 'Oferiți reduceri pentru comenzi mari?',
      meta_description:
        'Da: 5% reducere de la 10 bucăți, 10% de la 50 de bucăți și o ofertă personalizată pentru comenzi mai mari sau regulate.',
      body_markdown: `Da. Cu cât comandați mai mult într-o singură comandă, cu atât costă mai puțin fiecare bucată:

- **de la 10 bucăți**: 5% reducere,
- **de la 50 de bucăți**: 10% reducere,
- **comenzi mai mari sau regulate**: vă pregătim o ofertă personalizată.

Reducerea apare deja în oferta de preț pe care v-o trimitem, așa că vedeți prețul final înainte să decideți.

## Cum cereți o ofertă de preț

Spuneți-ne ce produse vă trebuie, în ce cantități și până când. Primiți o ofertă scrisă în cel mult o zi lucrătoare.

Clienții fideli beneficiază și de condiții speciale, de exemplu un preț mai bun la comenzile repetate. Întrebați-l pe managerul dumneavoastră.`,
    },
    delivery: {
      title: 'Cum și când primesc comanda?',
      meta_description:
        'Expediem comanda în următoarea zi lucrătoare după plată, iar livrarea durează 1–3 zile lucrătoare. Primiți numărul de urmărire, iar curierul vă sună înainte.',
      body_markdown: `Expediem comanda în următoarea zi lucrătoare după plată. Livrarea durează de obicei **1–3 zile lucrătoare**.

1. Când coletul pleacă din depozitul nostru, primiți un mesaj cu numărul de urmărire.
2. Curierul vă sună înainte să vină, ca să stabiliți o oră care vă convine.
3. Dacă nu sunteți acasă, curierul revine în următoarea zi lucrătoare sau lasă coletul la un punct de ridicare din apropiere.

Puteți alege și să ridicați singur comanda de la un punct de ridicare. Costul livrării apare înainte de plată, iar peste o anumită valoare a comenzii livrarea este gratuită.

**Întârzie coletul?** Scrieți-ne numărul comenzii. Luăm legătura cu firma de curierat și vă comunicăm chiar în aceeași zi noua dată de livrare.`,
    },
    returns: {
      title: 'Cum returnez sau schimb un produs?',
      meta_description:
        'Puteți schimba sau returna un produs nefolosit în 30 de zile de la livrare. Vă trimitem o etichetă de retur plătită și vă rambursăm banii în 5 zile lucrătoare.',
      body_markdown: `Puteți schimba sau returna un produs în **30 de zile de la livrare**, dacă este nefolosit și în ambalajul original.

1. Scrieți-ne numărul comenzii și spuneți-ne dacă doriți un schimb sau banii înapoi.
2. Vă trimitem o etichetă de retur deja plătită.
3. Împachetați produsul, lipiți eticheta pe cutie și predați coletul curierului sau la un punct de ridicare.

Vă returnăm banii prin aceeași metodă cu care ați plătit, în cel mult 5 zile lucrătoare de la primirea produsului.

**Produsul a ajuns deteriorat sau nu funcționează?** Atunci returul este întotdeauna gratuit și, dacă preferați, vă trimitem mai întâi unul nou, înainte să ni-l returnați pe cel defect.`,
    },
    activation: {
      title: 'Cum îmi activez produsul?',
      meta_description:
        'Găsiți codul de activare pe cardul din cutie sau în e-mailul de după cumpărare, alegeți „Activare” și introduceți codul.',
      body_markdown: `1. Găsiți codul de activare. Este pe cardul din cutie sau în e-mailul pe care vi l-am trimis după cumpărare.
2. Deschideți produsul sau aplicația și alegeți **Activare**.
3. Introduceți codul exact cum este scris și confirmați. Un mesaj vă arată că activarea a reușit.

## Dacă codul nu este acceptat

- Verificați literele și cifrele care seamănă, de exemplu O și 0 sau I și 1.
- Asigurați-vă că dispozitivul este conectat la internet.
- Fiecare cod funcționează pe un singur dispozitiv. Treceți pe un dispozitiv nou? Scrieți-ne și mutăm noi activarea.

Tot nu merge? Trimiteți-ne o fotografie a ecranului cu mesajul afișat și rezolvăm împreună.`,
    },
    contact: {
      title: 'Cum vă pot contacta și cât de repede răspundeți?',
      meta_description:
        'Scrieți-ne pe e-mail sau pe chat ori sunați-ne. Răspundem la fiecare mesaj în 10 ore lucrătoare și vă confirmăm imediat că l-am primit.',
      body_markdown: `Ne puteți scrie pe e-mail, pe chatul de pe acest site sau prin formularul de contact ori ne puteți suna în timpul programului.

- Imediat ce primim mesajul, vă confirmăm primirea și vă spunem când să așteptați răspunsul.
- Răspundem la fiecare mesaj în cel mult **10 ore lucrătoare**, de obicei mult mai repede.
- Dacă avem nevoie de mai mult timp, de exemplu ca să verificăm ceva cu un coleg, vă anunțăm înainte de termen și vă dăm o nouă dată.

**Preferați să nu așteptați la telefon?** Cereți să vă sunăm: spuneți-ne ora care vă convine, iar colegul care se ocupă de solicitarea dumneavoastră vă va suna.

Vă puteți urmări solicitările și stadiul lor și în portalul pentru clienți.`,
    },
  },
};
