import type { DefaultKnowledgeText } from './types.ts';

export const en: DefaultKnowledgeText = {
  language: 'en',
  categories: {
    buying: {
      name: 'Buying from us',
      description: 'What you need to place an order, our plans and our discounts.',
    },
    delivery: {
      name: 'Delivery and returns',
      description: 'When your order arrives, and how to exchange or return it.',
    },
    help: {
      name: 'Help and support',
      description: 'Getting started with your product and how to reach us.',
    },
  },
  articles: {
    documents: {
      title: 'What documents do I need to buy?',
      meta_description:
        'For a personal purchase you only need your contact details. Buying for a company? Here is what to send us for the invoice.',
      body_markdown: `For most purchases, your name, a phone number or email address and the delivery address are all we need.

## Buying for a company

Send us these details with your order, and we will put them on the invoice:

- the company's full name and registered address,
- its tax number (VAT or tax ID),
- the name of the person who will receive the goods.

Please check them before you confirm the order: correcting an invoice later takes a few extra days.

## Paying in instalments

If you choose to pay in instalments, we will also ask for an identity document. We always tell you exactly what is needed **before** you order.

Not sure what applies to you? Write to us or ask for a call back, and we will check it for you.`,
    },
    plans: {
      title: 'What is the difference between regular and premium?',
      meta_description:
        'Regular and premium give you the same product and quality. Premium adds faster answers, a personal manager and a longer warranty.',
      body_markdown: `Both give you the same product and the same quality. The difference is in the service around it.

| | Regular | Premium |
| --- | --- | --- |
| Answer to your messages | within 10 business hours | within 4 business hours |
| Delivery | standard | priority |
| Warranty | standard | extended by one year |
| Personal manager | — | yes, one person who knows your orders |
| Early access to offers | — | yes |

You can move from regular to premium at any time, and you only pay the difference from the day you switch.

Not sure which one suits you? Tell us how you use the product, and we will give you an honest recommendation.`,
    },
    bulk: {
      title: 'Do you give discounts for bulk orders?',
      meta_description:
        'Yes: 5% off from 10 items, 10% off from 50 items, and a personal offer for larger or regular orders.',
      body_markdown: `Yes. The more you buy in one order, the less each item costs:

- **from 10 items**: 5% off,
- **from 50 items**: 10% off,
- **larger or regular orders**: we prepare a personal offer.

The discount is already included in the quote we send you, so you see the final price before you decide.

## How to get a quote

Tell us which products you need, how many, and by when. You will receive a written quote within one working day.

Regular customers also enjoy loyalty conditions, such as a better price on repeat orders. Ask your manager about them.`,
    },
    delivery: {
      title: 'How and when will my order be delivered?',
      meta_description:
        'We ship on the next working day after payment; delivery takes 1–3 working days. You get a tracking number and the courier calls ahead.',
      body_markdown: `We ship your order on the next working day after payment. Delivery usually takes **1–3 working days**.

1. When the parcel leaves our warehouse, you receive a message with its tracking number.
2. The courier calls you before coming, so you can agree on a convenient time.
3. If you are out, the courier tries again the next working day, or leaves the parcel at a pick-up point near you.

You can also choose to collect the order yourself from a pick-up point. The delivery price is shown before you pay; above a certain order amount, delivery is free.

**Is your parcel late?** Write to us with your order number. We will contact the carrier and tell you the new delivery date the same day.`,
    },
    returns: {
      title: 'How do I return or exchange an item?',
      meta_description:
        'Return or exchange an unused item within 30 days of delivery. We send you a prepaid return label and refund you within 5 working days.',
      body_markdown: `You can exchange or return an item within **30 days of delivery**, as long as it is unused and in its original packaging.

1. Write to us with your order number, and tell us whether you would like an exchange or a refund.
2. We send you a prepaid return label.
3. Pack the item, stick the label on the box and hand it to the courier or a pick-up point.

We refund the money the same way you paid, within 5 working days of receiving the item.

**Did the item arrive damaged, or does it not work?** Then the return is always free, and if you prefer, we send you a replacement first, before you send the faulty one back.`,
    },
    activation: {
      title: 'How do I activate my product?',
      meta_description:
        'Find the activation code on the card in the box or in your purchase email, choose "Activate" and enter the code.',
      body_markdown: `1. Find your activation code. It is on the card inside the box, or in the email we sent you after your purchase.
2. Open the product or the app and choose **Activate**.
3. Type the code exactly as written and confirm. You will see a message that the activation worked.

## If the code is not accepted

- Check letters and digits that look alike, such as O and 0, or I and 1.
- Make sure the device is connected to the internet.
- Each code works on one device. Moving to a new device? Write to us and we will move your activation for you.

Still stuck? Send us a photo of the screen with the message you see, and we will sort it out together.`,
    },
    contact: {
      title: 'How can I reach you, and how quickly will you answer?',
      meta_description:
        'Write to us by email or chat, or call us. We answer every message within 10 business hours and confirm at once that it arrived.',
      body_markdown: `Write to us by email, in the chat on this site or through the contact form, or call us during business hours.

- As soon as your message arrives, we confirm it and tell you when to expect the answer.
- We answer every message within **10 business hours**, and usually much sooner.
- If we need more time, for example to check something with a colleague, we let you know before the deadline and give you a new date.

**Would you rather not wait on the phone?** Ask for a call back: tell us a time that suits you, and the person handling your request will call you.

You can also follow your requests and their progress in your customer portal.`,
    },
  },
};
