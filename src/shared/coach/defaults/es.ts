import { buildDefaults } from './keys.ts';

// Folded matching cannot tell "no sé" (I don't know) from "no se" (reflexive:
// "no se preocupe"), so a bare "no sé" counts only at the end of a clause or
// before what one does not know.
export const ES_RULES = buildDefaults('es', {
  'dont-know': {
    pattern: `no lo sé | no sé $
      | no sé (muy bien|bien|exactamente|todavía|aún) | no sé (si|qué|cómo|cuándo|dónde|quién|cuál|cuánto|cuánta|nada|decirle|decirte|responderle
        |contestarle|exactamente|la respuesta|por qué|a qué)
      | no sabría (decirle|decirte|responderle|contestarle|qué decirle) | no sabría $ | ni idea | no tengo [ni] [la menor|ninguna] idea | desconozco
      | ignoro (si|cuándo|qué|el motivo|la respuesta|por qué|dónde)`,
    except: [
      `no [lo] sé ... pero ... (consulto|averiguo|pregunto|compruebo|miro|reviso|confirmo|confirmaré|averiguaré|consultaré)`,
    ],
    rewrite:
      'Voy a averiguar quién puede responderle. ¿Le parece bien que le llame en un par de minutos?',
  },
  'not-my-job': {
    pattern: `no es (mi|nuestro|nuestra) (trabajo|función|tarea|responsabilidad|departamento|área
        |competencia|cometido)
      | no me corresponde | no (es|son) (cosa|competencia|responsabilidad) (mía|nuestra)
      | no es de (mi|nuestra) (departamento|área|competencia) | no a (nosotros|mí) $
      | (de eso|eso|de esto|esto) no me (encargo|ocupo) | no me (encargo|ocupo) [yo] de (eso|esto|ese tema)
      | eso no lo (llevo|gestiono) yo | ^ no (yo|nosotros|nosotras) $`,
    rewrite: '¿Le parece bien que le pase con el departamento que puede ayudarle con esto?',
  },
  'flat-refusal': {
    pattern: `(nunca|jamás) (har*|hacemos|acept*|permit*|devolv*)
      | no (podemos|puedo) hacer [ya|absolutamente|realmente] (nada|eso|esto|una excepción|ninguna excepción)
      | no hay [absolutamente|realmente] nada que [yo] (hacer|pueda hacer|podamos hacer) | no se puede hacer nada | (es|resulta|sería) [totalmente|completamente|absolutamente|simplemente] imposible
      | no (es|será|sería) posible | de ninguna (manera|forma) | de ningún modo
      | (va|está) en contra de (la|nuestra|nuestras|las) (política|políticas|normas)
      | no hacemos excepciones`,
    except: [`no (es|sea|será|resulta) imposible`],
    rewrite:
      'Haré todo lo posible para que quede satisfecho y consultaré las opciones con mi supervisor.',
  },
  'not-in-stock': {
    pattern: `no (lo|la|los|las) (tenemos|tendremos) ... hasta
      | no [nos|les] (tenemos|hay|queda|quedan) [más] (stock|existencias|unidades) | no (nos|les) (queda|quedan)
      | (agotado|agotada|agotados|agotadas) | sin (stock|existencias)
      | no (está|están|estará|estarán) disponible* hasta | no (nos|les) (llega|llegará|llegan|llegarán) hasta
      | hasta el (mes que viene|próximo mes) no`,
    rewrite:
      'Lo recibiremos el mes que viene. Anoto ahora su solicitud y le aviso en cuanto llegue.',
  },
  no: {
    pattern: `^ no $ | (que|pero|todavía|aún|ya|pues|lamentablemente|desgraciadamente|desafortunadamente|sinceramente|por desgracia) no $`,
    except: [`por qué no | cómo no`],
    rewrite: 'Lo que sí puedo hacer por usted es…',
  },
  never: {
    pattern: `nunca | jamás`,
    except: [
      `nunca (compartimos|compartiremos|cedemos|cederemos|vendemos|venderemos) | nunca es tarde`,
    ],
    rewrite: 'En cuanto…, le…',
  },
  'calm-down': {
    pattern: `cálmese | cálmate | cálmense | tranquilícese | tranquilízate | tranquilícense | relájese
      | (tiene que|debe|necesita|tienes que|debes) (calmarse|tranquilizarse|calmarte|tranquilizarte)
      | (deje|deja|dejen) de (gritar|gritarme|alterarse) | no (grite|me grite|griten|se altere|se ponga así)`,
    rewrite: 'Entiendo lo molesto que es esto y voy a ocuparme personalmente de resolverlo.',
  },
  'not-my-problem': {
    pattern: `no es (mi|nuestro) problema | no es problema (mío|nuestro) | no es (mi|nuestra) culpa
      | no es culpa (mía|nuestra) | (es|fue) (su|tu) culpa | (es|fue) culpa (suya|tuya)
      | (es|eso es) (su|tu) problema | (es|eso es) problema (suyo|tuyo) | allá usted | no es asunto (mío|nuestro)`,
    except: [`no (es|fue) (su|tu) culpa | no (es|fue) culpa (suya|tuya)`],
    rewrite: 'Veamos juntos qué puedo hacer para ayudarle con esto.',
  },
  'you-are-wrong': {
    pattern: `usted se equivoca | se equivoca usted | ^ se equivoca | se equivoca (con|en|de) | te equivocas
      | (está|estás) [usted] (equivocado|equivocada) | no (tiene|tienes) razón | (ha|has) entendido mal`,
    rewrite: 'Permítame aclararle cómo funciona, para que lo veamos de la misma manera.',
  },
  'as-i-said': {
    pattern: `como [ya] (le|te|les) (dije|he dicho|comenté|he comentado|expliqué|he explicado|indiqué
        |he indicado|escribí|he escrito)
      | ya (le|te|les) (dije|he dicho|expliqué|he explicado|indiqué|he indicado)
      | como ya (dije|he dicho|mencioné|he mencionado|comenté)`,
    rewrite: 'Para resumir: …',
  },
});
