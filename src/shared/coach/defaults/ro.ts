import { buildDefaults } from './keys.ts';

// Romanian "nu" is also the verb's negation ("nu vă faceți griji"), so the
// word rule takes it only as an answer on its own ("Nu.", "Din păcate, nu.").
export const RO_RULES = buildDefaults('ro', {
  'dont-know': {
    pattern: `nu știu | habar n-am | habar nu am | (n-am|nu am) [nicio|nici o] idee | nu cunosc răspunsul
      | de unde să știu`,
    except: [
      `nu știu cum să vă (mulțumesc|mulțumim)
        | nu știu ... dar ... (aflu|verific|întreb|revin|scriu|spun|anunț|confirm|interesez|informez)`,
    ],
    rewrite: 'Aflu imediat cine vă poate răspunde. Vă pot suna înapoi în câteva minute?',
  },
  'not-my-job': {
    pattern: `nu (e|este) (treaba|sarcina|responsabilitatea|meseria|jobul|departamentul|domeniul)
        (mea|meu|noastră|nostru)
      | nu ține de (mine|noi) | ^ nu noi $ | nu mă ocup [eu] de | nu (e|este) de competența (mea|noastră)
      | nu intră în (atribuțiile|responsabilitățile|sarcinile) mele | ^ nu eu $`,
    rewrite: 'Vă pot transfera la departamentul care vă poate ajuta cu această problemă?',
  },
  'flat-refusal': {
    pattern: `nu (va|vom|o să) (face|accepta|permite|aproba|returna) [asta|acest lucru|așa ceva] niciodată
      | niciodată nu (va|vom|o să) (face|accepta|permite|aproba|returna)
      | nu [mai] (putem|pot) (face|să fac|să facem) [absolut|chiar|practic] (nimic|asta|acest lucru|o excepție|nicio excepție)
      | nu vă (putem|pot) ajuta cu nimic | nu [mai] avem ce (face|să facem) | nu se [mai] poate
      | (e|este) imposibil | imposibil $ | nu (e|este) posibil | în (niciun|nici un) caz | nicidecum
      | (e|este) exclus | (e|este) împotriva (politicii|regulilor|regulamentului)`,
    except: [`nu (e|este) imposibil`],
    rewrite:
      'Voi face tot ce pot ca să fiți mulțumit și voi discuta opțiunile cu supervizorul meu.',
  },
  'not-in-stock': {
    pattern: `nu (îl|o|le|îi) (avem|vom avea) ... până | nu [mai] avem [în|pe] stoc | nu [mai] (e|este|sunt) [în|pe] stoc
      | stoc epuizat | (s-a|s-au) epuizat | (e|este|sunt) (epuizat|epuizată|epuizate|epuizați)
      | nu (este|e|sunt|va fi|vor fi) disponibil* până | (s-a|s-au) terminat stocul | nu mai avem`,
    rewrite:
      'Produsul va sosi luna viitoare. Vă notez cererea chiar acum și vă anunț imediat ce ajunge.',
  },
  no: {
    pattern: `^ nu $ | (că|dar|însă) nu $`,
    except: [`de ce nu | cum să nu | sau nu`],
    rewrite: 'Ce pot face pentru dumneavoastră este…',
  },
  never: {
    pattern: `niciodată | nicicând`,
    except: [
      `nu (vom|o să) (divulga|vinde|transmite|împărtăși) ... niciodată
        | niciodată nu (vom divulga|divulgăm|vindem|transmitem)
        | nu [vă] (divulgăm|vindem|transmitem|cerem|solicităm) niciodată
        | niciodată nu (e|este) prea târziu | nu (e|este) niciodată prea târziu
        | nu (vor|va) fi niciodată (vândute|vândut|divulgate|divulgat|transmise|transmis)`,
    ],
    rewrite: 'Imediat ce…, vă…',
  },
  'calm-down': {
    pattern: `calmați-vă | calmează-te | liniștiți-vă | liniștește-te | potoliți-vă | potolește-te
      | nu [mai] (țipați|țipa|strigați|urlați) | să vă (calmați|liniștiți|potoliți)`,
    rewrite: 'Înțeleg cât de neplăcută este situația și mă ocup personal să o rezolvăm.',
  },
  'not-my-problem': {
    pattern: `nu (e|este) problema (mea|noastră) | nu (e|este) vina (mea|noastră)
      | (e|este) problema (dumneavoastră|dvs|voastră|ta) | (e|este) vina (dumneavoastră|dvs|voastră|ta)
      | (sunteți|ești) de vină`,
    except: [
      `nu (e|este) (vina|problema) (dumneavoastră|dvs|voastră|ta) | nu (sunteți|ești) de vină`,
    ],
    rewrite: 'Haideți să vedem împreună ce pot face ca să vă ajut.',
  },
  'you-are-wrong': {
    pattern: `greșiți | greșești | vă înșelați | te înșeli | nu (aveți|ai) dreptate
      | (ați|ai) (înțeles|citit) greșit`,
    except: [`nu (greșiți|greșești|vă înșelați) | dacă (greșiți|greșești)`],
    rewrite: 'Permiteți-mi să vă explic pe scurt cum funcționează, ca să ne înțelegem.',
  },
  'as-i-said': {
    pattern: `(cum|după cum|așa cum) (v-am|ți-am|vi-am) [mai] [deja] (spus|scris|explicat|menționat|zis|precizat)
      | (v-am|ți-am) [mai] (spus|explicat|zis|scris) deja | (v-am|ți-am) deja (spus|explicat|zis|scris)
      | (cum|după cum|așa cum) am [mai] (spus|menționat|scris|precizat)`,
    rewrite: 'Pe scurt: …',
  },
});
