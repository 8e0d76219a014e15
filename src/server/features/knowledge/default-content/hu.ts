import type { DefaultKnowledgeText } from './types.ts';

export const hu: DefaultKnowledgeText = {
  language: 'hu',
  categories: {
    buying: {
      name: 'Vásárlás',
      description: 'Mire van szükség a rendeléshez, csomagjaink és kedvezményeink.',
    },
    delivery: {
      name: 'Szállítás és visszaküldés',
      description: 'Mikor érkezik a rendelése, és hogyan cserélheti vagy küldheti vissza.',
    },
    help: {
      name: 'Segítség és ügyfélszolgálat',
      description: 'A termék használatba vétele és elérhetőségeink.',
    },
  },
  articles: {
    documents: {
      title: 'Milyen dokumentumok kellenek a vásárláshoz?',
      meta_description:
        'Magánszemélyként elég megadnia az elérhetőségeit. Cég nevében vásárol? Összeszedtük, milyen adatok kellenek a számlához.',
      body_markdown: `A legtöbb vásárláshoz elég, ha megadja a nevét, a telefonszámát vagy az e-mail-címét és a szállítási címet.

## Ha cég nevében vásárol

Kérjük, a rendeléssel együtt küldje el az alábbi adatokat, ezek kerülnek a számlára:

- a cég teljes neve és székhelye,
- a cég adószáma,
- annak a személynek a neve, aki átveszi a rendelést.

Kérjük, a rendelés véglegesítése előtt ellenőrizze őket: egy már kiállított számla javítása néhány nappal tovább tart.

## Ha részletre fizet

Részletfizetés esetén egy személyazonosító igazolványt is kérünk. Hogy pontosan mire lesz szükség, azt mindig a rendelés **előtt** elmondjuk.

Nem biztos benne, mi vonatkozik Önre? Írjon nekünk, vagy kérjen visszahívást, és utánanézünk Ön helyett.`,
    },
    plans: {
      title: 'Mi a különbség az alap és a prémium csomag között?',
      meta_description:
        'Mindkét csomaggal ugyanazt a terméket kapja, ugyanabban a minőségben. A prémium gyorsabb választ, személyes kapcsolattartót és hosszabb garanciát ad.',
      body_markdown: `Mindkét csomaggal ugyanazt a terméket kapja, ugyanabban a minőségben. A különbség a körülötte nyújtott szolgáltatásban van.

| | Alap | Prémium |
| --- | --- | --- |
| Válasz az üzeneteire | 10 munkaórán belül | 4 munkaórán belül |
| Szállítás | normál | elsőbbségi |
| Garancia | normál | egy évvel hosszabb |
| Személyes kapcsolattartó | — | igen, aki ismeri a rendeléseit |
| Ajánlatok elsőként | — | igen |

Az alap csomagról bármikor átválthat prémiumra, és csak az átváltás napjától fizeti a különbözetet.

Nem tudja, melyik illik Önhöz jobban? Mondja el, mire használja a terméket, és őszintén megmondjuk, melyiket ajánljuk.`,
    },
    bulk: {
      title: 'Adnak kedvezményt nagyobb tételű rendelésre?',
      meta_description:
        'Igen: 10 darabtól 5%, 50 darabtól 10% kedvezmény, nagyobb vagy rendszeres rendelésre pedig egyedi ajánlatot készítünk.',
      body_markdown: `Igen. Minél többet rendel egyszerre, annál kevesebbe kerül egy darab:

- **10 darabtól**: 5% kedvezmény,
- **50 darabtól**: 10% kedvezmény,
- **nagyobb vagy rendszeres rendelésre**: egyedi ajánlatot készítünk.

A kedvezményt már az árajánlatban feltüntetjük, így a döntés előtt látja a végső árat.

## Hogyan kérhet árajánlatot?

Írja meg, mely termékekből mennyire van szüksége, és mikorra. Egy munkanapon belül írásban elküldjük az ajánlatot.

Törzsvásárlóinknak hűségkedvezmény is jár, például kedvezőbb ár az ismételt rendelésekre. Érdeklődjön a kapcsolattartójánál.`,
    },
    delivery: {
      title: 'Hogyan és mikor kapom meg a rendelésemet?',
      meta_description:
        'A fizetés utáni munkanapon feladjuk a csomagot, a kézbesítés 1–3 munkanap. Kap nyomkövetési számot, és a futár érkezés előtt telefonál.',
      body_markdown: `A rendelését a fizetést követő munkanapon adjuk fel. A kézbesítés általában **1–3 munkanapot** vesz igénybe.

1. Amikor a csomag elhagyja a raktárunkat, üzenetben elküldjük a nyomkövetési számát.
2. A futár érkezés előtt felhívja, így egyeztethetnek egy Önnek megfelelő időpontot.
3. Ha éppen nincs otthon, a futár a következő munkanapon újra megpróbálja, vagy a csomagot egy Önhöz közeli átvevőpontra viszi.

A rendelést személyesen is átveheti egy átvevőponton. A szállítási díjat fizetés előtt mutatjuk; egy bizonyos rendelési összeg felett a szállítás ingyenes.

**Késik a csomagja?** Írjon nekünk a rendelésszámmal. Felvesszük a kapcsolatot a futárszolgálattal, és még aznap megírjuk az új szállítási időpontot.`,
    },
    returns: {
      title: 'Hogyan küldhetek vissza vagy cserélhetek ki egy terméket?',
      meta_description:
        'A használatlan terméket a kézbesítéstől számított 30 napon belül cserélheti vagy küldheti vissza. Előre fizetett címkét küldünk, és 5 munkanapon belül visszautaljuk az árát.',
      body_markdown: `A terméket a **kézbesítéstől számított 30 napon belül** kicserélheti vagy visszaküldheti, ha használatlan és az eredeti csomagolásában van.

1. Írjon nekünk a rendelésszámmal, és jelezze, hogy cserét vagy visszatérítést szeretne.
2. Küldünk Önnek egy előre kifizetett visszaküldési címkét.
3. Csomagolja be a terméket, ragassza a címkét a dobozra, és adja át a futárnak vagy egy átvevőponton.

A vételárat ugyanazon a módon fizetjük vissza, ahogyan fizetett, legkésőbb 5 munkanappal azután, hogy a termék megérkezett hozzánk.

**Sérülten érkezett, vagy nem működik?** Ilyenkor a visszaküldés mindig ingyenes, és ha szeretné, előbb elküldjük a cseretermékét, és csak utána kell visszaküldenie a hibásat.`,
    },
    activation: {
      title: 'Hogyan aktiválhatom a terméket?',
      meta_description:
        'Az aktiváló kódot a dobozban lévő kártyán vagy a vásárlás utáni e-mailben találja. Válassza az „Aktiválás” lehetőséget, és írja be a kódot.',
      body_markdown: `1. Keresse meg az aktiváló kódot. A dobozban lévő kártyán vagy a vásárlás után küldött e-mailünkben találja.
2. Nyissa meg a terméket vagy az alkalmazást, és válassza az **Aktiválás** lehetőséget.
3. Írja be a kódot pontosan úgy, ahogy szerepel, majd hagyja jóvá. Egy üzenet jelzi, hogy az aktiválás sikerült.

## Ha a rendszer nem fogadja el a kódot

- Ellenőrizze a hasonló betűket és számokat, például az O-t és a 0-t vagy az I-t és az 1-et.
- Győződjön meg róla, hogy az eszköz csatlakozik az internethez.
- Egy kód egy eszközön használható. Új eszközre vált? Írjon nekünk, és áthelyezzük az aktiválást.

Továbbra sem sikerül? Küldjön egy fotót a képernyőről a megjelenő üzenettel, és együtt megoldjuk.`,
    },
    contact: {
      title: 'Hogyan érhetem el Önöket, és mennyi idő alatt válaszolnak?',
      meta_description:
        'Írjon e-mailben vagy chaten, vagy hívjon minket. Minden üzenetre 10 munkaórán belül válaszolunk, és azonnal visszaigazoljuk, hogy megkaptuk.',
      body_markdown: `Írhat nekünk e-mailben, a weboldal chatjén vagy a kapcsolatfelvételi űrlapon, illetve munkaidőben telefonon is hívhat minket.

- Amint megérkezik az üzenete, visszaigazoljuk, és megírjuk, mikorra várhatja a választ.
- Minden üzenetre **10 munkaórán belül** válaszolunk, általában jóval hamarabb.
- Ha több időre van szükségünk, például mert egy kollégánkkal kell egyeztetnünk, még a határidő előtt szólunk, és új időpontot adunk.

**Nem szeretne a telefonnál várakozni?** Kérjen visszahívást: mondja meg, mikor alkalmas Önnek, és az ügyét intéző kollégánk felhívja.

A kéréseit és azok állását az ügyfélportálon is nyomon követheti.`,
    },
  },
};
