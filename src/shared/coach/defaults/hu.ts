import { buildDefaults } from './keys.ts';

// "Nem tudom" is also "I can't" before an infinitive ("nem tudom elküldeni"),
// so it counts as "I don't know" alone or before what one does not know.
export const HU_RULES = buildDefaults('hu', {
  'dont-know': {
    pattern: `nem tudom $
      | nem tudom (megmondani|pontosan|biztosan|biztosra|a választ|erre a választ|hogy|mikor|miért|hol
        |mi|ki|mit|melyik|hogyan|mennyi|meddig)
      | nem tudok (erről|róla|semmit|semmiről|válaszolni) | (erről|róla) nem tudok
      | fogalmam (sincs|nincs) | gőzöm sincs | nem ismerem a választ | nem tudhatom`,
    except: [
      `nem tudom ... de ... (utánanézek|megkérdezem|kiderítem|megírom|megnézem|visszaírok|jelentkezem|ellenőrzöm)`,
    ],
    rewrite: 'Utánanézek, ki tud erre pontos választ adni. Visszahívhatom néhány perc múlva?',
  },
  'not-my-job': {
    pattern: `nem az én (dolgom|feladatom|munkám|asztalom|reszortom|hatásköröm|osztályom)
      | nem tartozik (rám|hozzám|a hatáskörömbe) | nem hozzám tartozik
      | (ezzel|ilyesmivel) nem én foglalkozom | nem én foglalkozom (ezzel|ilyesmivel|vele)
      | nem foglalkozom (ezzel|ilyesmivel) | (ezt|ezzel|azt) nem én (intézem|kezelem|foglalkozom) | nem (mi|én) (foglalkoz*|intéz*|kezel*)
      | nem a mi (dolgunk|feladatunk|asztalunk|reszortunk|hatáskörünk|osztályunk)
      | (dolga|feladata|hatásköre) nem (a miénk|az enyém) | (nem|ne) (minket|engem|nálunk|nálam|hozzánk|hozzám) $`,
    rewrite: 'Továbbíthatom a kérését az illetékes osztálynak? Ők biztosan segíteni tudnak.',
  },
  'flat-refusal': {
    pattern: `soha nem (fog*|tesz*|csinál*|enged*|fogad*)
      | lehetetlen | kizárt dolog | (ez|az) [teljesen|egyszerűen|sajnos] kizárt | nem lehetséges | (ezt|ez|azt) nem lehet $
      | semmit (nem|sem) (tudok|tudunk) (tenni|csinálni|változtatni|kezdeni) | kizárt $ | nem tehet* semmit
      | semmit sem tehet* | (nincs|nem tudunk) mit tenni
      | (ezt|azt|erre) nem (tud*|fogjuk) (vállalni|megtenni|megcsinálni|elfogadni|teljesíteni)
      | (ellenkezik|szembemegy|ellentétes) a (szabály*|irányelv*) | nem teszünk kivételt | szó sem lehet
      | (semmilyen|semmiféle) (módon|formában) (nem|sem) | semmiképp* (nem|sem) (tud*|lehet)`,
    except: [`nem lehetetlen | nem kizárt`],
    rewrite:
      'Mindent megteszek, hogy elégedett legyen, és egyeztetem a lehetőségeket a felettesemmel.',
  },
  'not-in-stock': {
    pattern: `nincs [most|jelenleg|éppen|épp] (raktáron|készleten|raktárban|készletben)
      | (elfogyott|kifogyott|elfogytak|kifogytak)
      | (jövő hónapig|jövő hétig) nem (lesz|kapható|érkezik|jön)
      | nem (lesz|kapható|érkezik) ... (jövő hónapig|jövő hétig) | hiánycikk | készlethiány`,
    rewrite: 'Jövő hónapban érkezik. Most felírom az igényét, és amint megjön, azonnal szólok.',
  },
  no: {
    pattern: `^ nem $ | (sajnos|hát|biztosan|tartok tőle) nem $ | ^ nincs $`,
    except: [`vagy nem`],
    rewrite: 'Amit meg tudok tenni Önért: …',
  },
  never: {
    pattern: `soha | sohasem | sosem | sose`,
    except: [`soha nem (adjuk ki|adjuk tovább|adunk ki|osztjuk meg|továbbítjuk) | soha nem késő`],
    rewrite: 'Amint …, azonnal …',
  },
  'calm-down': {
    pattern: `nyugodjon meg | nyugodj meg | nyugodjanak meg | nyugodjon le | higgadjon le
      | ne kiabáljon | ne kiabálj | ne idegeskedjen | ne idegeskedj | ne húzza fel magát`,
    rewrite: 'Megértem, mennyire bosszantó ez, és mindent megteszek, hogy rendbe hozzam.',
  },
  'not-my-problem': {
    pattern: `nem az én (problémám|hibám|gondom|bajom) | nem a mi (hibánk|problémánk|gondunk|bajunk)
      | (ez|az) az (ön|maga) (problémája|hibája|baja|gondja) | (ez|az) a te (problémád|hibád|bajod)
      | (ön|maga) tehet róla`,
    rewrite: 'Nézzük meg együtt, mit tehetek Önért ebben az ügyben.',
  },
  'you-are-wrong': {
    pattern: `(ön|maga|te) téved | ^ téved | tévedésben van | nincs igaza | félreértette
      | rosszul (értette|tudja|olvasta|értelmezte|értelmezi) | (félreérti|félreértelmezte|félreértelmezi)`,
    except: [`nem téved`],
    rewrite: 'Engedje meg, hogy elmagyarázzam, hogyan működik ez, hogy ugyanarról beszéljünk.',
  },
  'as-i-said': {
    pattern: `(ahogy|amint|mint) [azt] ... [is|már] (mondtam|írtam|említettem|jeleztem|elmondtam|leírtam|elmagyaráztam)
      | már (mondtam|elmondtam|leírtam|elmagyaráztam|megmondtam)`,
    rewrite: 'Összefoglalva: …',
  },
});
