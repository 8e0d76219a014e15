import type { DefaultKnowledgeText } from './types.ts';

export const es: DefaultKnowledgeText = {
  language: 'es',
  categories: {
    buying: {
      name: 'Comprar',
      description: 'Qué necesita para hacer un pedido, nuestros planes y descuentos.',
    },
    delivery: {
      name: 'Envíos y devoluciones',
      description: 'Cuándo llega su pedido y cómo cambiarlo o devolverlo.',
    },
    help: {
      name: 'Ayuda y atención al cliente',
      description: 'Cómo empezar a usar su producto y cómo contactar con nosotros.',
    },
  },
  articles: {
    documents: {
      title: '¿Qué documentos necesito para comprar?',
      meta_description:
        'Para una compra personal solo necesitamos sus datos de contacto. Si compra para una empresa, le explicamos qué datos enviarnos para la factura.',
      body_markdown: `En la mayoría de las compras nos basta con su nombre, un teléfono o correo electrónico y la dirección de entrega.

## Si compra para una empresa

Envíenos estos datos con el pedido y los incluiremos en la factura:

- la razón social y el domicilio fiscal,
- el NIF o número de identificación fiscal,
- el nombre de la persona que recibirá el pedido.

Revíselos antes de confirmar el pedido: corregir una factura ya emitida lleva unos días más.

## Si paga a plazos

Si elige pagar a plazos, le pediremos también un documento de identidad. Siempre le diremos exactamente qué hace falta **antes** de que haga el pedido.

¿Tiene dudas sobre su caso? Escríbanos o pida que le llamemos y lo comprobamos por usted.`,
    },
    plans: {
      title: '¿Qué diferencia hay entre el plan normal y el prémium?',
      meta_description:
        'Con los dos planes recibe el mismo producto y la misma calidad. El prémium añade respuestas más rápidas, un gestor personal y más garantía.',
      body_markdown: `Con los dos planes recibe el mismo producto y la misma calidad. La diferencia está en el servicio que lo acompaña.

| | Normal | Prémium |
| --- | --- | --- |
| Respuesta a sus mensajes | en 10 horas laborables | en 4 horas laborables |
| Envío | estándar | prioritario |
| Garantía | la estándar | un año más |
| Gestor personal | — | sí, una persona que conoce sus pedidos |
| Acceso anticipado a ofertas | — | sí |

Puede pasar del plan normal al prémium cuando quiera y solo pagará la diferencia desde el día del cambio.

¿No sabe cuál le conviene? Cuéntenos cómo usa el producto y le recomendaremos con sinceridad el que mejor le encaje.`,
    },
    bulk: {
      title: '¿Hacen descuentos por compras al por mayor?',
      meta_description:
        'Sí: un 5 % a partir de 10 unidades, un 10 % a partir de 50 y una oferta personalizada para pedidos grandes o periódicos.',
      body_markdown: `Sí. Cuanto más compre en un mismo pedido, menos le cuesta cada unidad:

- **a partir de 10 unidades**: un 5 % de descuento,
- **a partir de 50 unidades**: un 10 % de descuento,
- **pedidos más grandes o periódicos**: le preparamos una oferta personalizada.

El descuento ya aparece en el presupuesto que le enviamos, así que verá el precio final antes de decidir.

## Cómo pedir un presupuesto

Díganos qué productos necesita, cuántas unidades y para cuándo. Recibirá un presupuesto por escrito en un día laborable.

Además, los clientes habituales disfrutan de condiciones de fidelidad, como un mejor precio al repetir pedido. Pregunte a su gestor.`,
    },
    delivery: {
      title: '¿Cómo y cuándo recibiré mi pedido?',
      meta_description:
        'Enviamos el pedido el siguiente día laborable tras el pago y llega en 1–3 días laborables. Recibirá el número de seguimiento y el repartidor le llamará antes.',
      body_markdown: `Enviamos su pedido el siguiente día laborable después del pago. La entrega suele tardar **de 1 a 3 días laborables**.

1. Cuando el paquete sale de nuestro almacén, le enviamos un mensaje con el número de seguimiento.
2. El repartidor le llama antes de ir, para acordar una hora que le venga bien.
3. Si no está en casa, vuelve a intentarlo el siguiente día laborable o deja el paquete en un punto de recogida cercano.

También puede recoger el pedido usted mismo en un punto de recogida. El precio del envío se muestra antes de pagar, y a partir de cierto importe el envío es gratuito.

**¿Su paquete se retrasa?** Escríbanos con el número de pedido. Hablaremos con la empresa de transporte y ese mismo día le diremos la nueva fecha de entrega.`,
    },
    returns: {
      title: '¿Cómo cambio o devuelvo un artículo?',
      meta_description:
        'Puede cambiar o devolver un artículo sin usar en los 30 días siguientes a la entrega. Le enviamos una etiqueta prepagada y le reembolsamos en 5 días laborables.',
      body_markdown: `Puede cambiar o devolver un artículo en los **30 días siguientes a la entrega**, siempre que no se haya usado y esté en su embalaje original.

1. Escríbanos con el número de pedido y díganos si prefiere un cambio o el reembolso.
2. Le enviamos una etiqueta de devolución prepagada.
3. Empaquete el artículo, pegue la etiqueta en la caja y entréguela al repartidor o en un punto de recogida.

Le devolvemos el dinero por el mismo medio con el que pagó, en un plazo de 5 días laborables desde que recibimos el artículo.

**¿Le llegó dañado o no funciona?** Entonces la devolución es siempre gratuita y, si lo prefiere, le enviamos primero uno nuevo, antes de que nos devuelva el defectuoso.`,
    },
    activation: {
      title: '¿Cómo activo mi producto?',
      meta_description:
        'Busque el código de activación en la tarjeta de la caja o en el correo de su compra, elija «Activar» e introduzca el código.',
      body_markdown: `1. Busque su código de activación. Está en la tarjeta que viene dentro de la caja o en el correo que le enviamos tras la compra.
2. Abra el producto o la aplicación y elija **Activar**.
3. Escriba el código tal como aparece y confirme. Verá un mensaje que le indica que la activación se ha completado.

## Si el código no funciona

- Compruebe las letras y números que se parecen, como la O y el 0, o la I y el 1.
- Asegúrese de que el dispositivo está conectado a internet.
- Cada código sirve para un dispositivo. ¿Va a cambiar de dispositivo? Escríbanos y trasladamos la activación por usted.

¿Sigue sin poder activarlo? Envíenos una foto de la pantalla con el mensaje que ve y lo resolvemos juntos.`,
    },
    contact: {
      title: '¿Cómo puedo contactar con ustedes y cuándo me responderán?',
      meta_description:
        'Escríbanos por correo o chat, o llámenos. Respondemos a cada mensaje en 10 horas laborables y le confirmamos enseguida que lo hemos recibido.',
      body_markdown: `Puede escribirnos por correo electrónico, por el chat de esta web o con el formulario de contacto, o llamarnos en horario laboral.

- En cuanto llega su mensaje, le confirmamos que lo hemos recibido y le decimos cuándo tendrá la respuesta.
- Respondemos a cada mensaje en un máximo de **10 horas laborables**, y normalmente mucho antes.
- Si necesitamos más tiempo, por ejemplo para consultar algo con un compañero, se lo avisamos antes del plazo y le damos una nueva fecha.

**¿Prefiere no esperar al teléfono?** Pida que le llamemos: díganos a qué hora le viene bien y la persona que lleva su consulta le llamará.

También puede seguir sus consultas y cómo avanzan en su portal de cliente.`,
    },
  },
};
