import { buildDefaults } from './keys.ts';

export const EN_RULES = buildDefaults('en', {
  'dont-know': {
    pattern: `i (don't|dont|do not) [really|actually|honestly|even|exactly] know | [i] (have|have got|'ve got|i've) no (idea|clue)
      | no idea | dunno | i [honestly|really|just] (couldn't|could not|can't|cannot) (tell you|say) (where|when|why|what|if|whether|who) | (haven't|have not) (got a|a) clue | not a clue`,
    except: [
      `(don't|dont|do not) know ... but ... (find out|check|ask|confirm|get back|let you know)`,
    ],
    rewrite: 'I’ll find out who can answer this. May I call you back in a couple of minutes?',
  },
  'not-my-job': {
    pattern: `not [really|simply] (my|our) (job|department|area|responsibility|remit)
      | (isn't|is not) [really|simply] (my|our) (job|department|area|responsibility|remit)
      | (is|are) not (up to me|my call) | wrong department
      | i (don't|dont|do not) (deal with|handle|do) (that|this|those|refunds|returns|billing|payments|complaints)
      | (isn't|aren't|is not|are not) (handled|dealt with|done|covered) by (me|us|our team|my team|our department)
      | (i'm|im|i am) not the (right|best) person | ^ not (me|us) $ | (matter|question) for ... not for (us|me)
      | (i|we) only (deal with|handle|look after)`,
    rewrite: 'May I transfer you to the department that can help you with this?',
  },
  'flat-refusal': {
    pattern: `(the company|we|they|the shop|the store|management) (will|would) never
      | (we|i) (can't|cant|cannot|can not) (do that|do this|do anything|make an exception|change that|help you with that)
      | (there's|theres|there is) nothing (i|we) can do | nothing (i|we) can do
      | (that's|thats|that is|it's|it is) [simply|just|absolutely|completely|totally] impossible | (it's|it is|that's|that is|is) not possible
      | (there's|there is) no way | no way (we|i) | (it's|it is|that's|that is) against (our|the|company) policy
      | we (don't|do not) make exceptions`,
    rewrite:
      'I’ll do everything I can to make this right for you, and I’ll discuss the options with my supervisor.',
  },
  'not-in-stock': {
    pattern: `(we|i) (don't|dont|do not|won't|will not) have ... (until|till|before)
      | out of stock | not in stock | sold out | (don't|dont|do not) have (it|them|any) in stock
      | (won't|will not|isn't|is not|aren't|are not|not) [be] available (until|till|before)
      | unavailable until | not until next (week|month) | (we're|we are|we've run|we have run|we ran) [all|completely|currently] out of`,
    rewrite:
      'It will be in stock next month. I’ll note your request now and let you know as soon as it arrives.',
  },
  no: {
    pattern: `no | nope | nah`,
    except: [
      `no (problem|problems|worries|worry|trouble|hassle|charge|cost|fee|fees|extra|additional|obligation)
        | no (need to worry|doubt|matter|later than|longer|sooner) | no one | no-reply | no-questions-asked
        | no questions asked | in no time`,
    ],
    rewrite: 'What I can do for you is …',
  },
  never: {
    pattern: `never`,
    except: [
      `never mind | never (share|sell|pass on|give away|disclose) | never too late | never hesitate
        | (you|you'll|you will) never (have|need) to | never happen* again`,
    ],
    rewrite: 'As soon as …, I’ll …',
  },
  'calm-down': {
    pattern: `calm down | settle down | (stop|don't|do not) (shouting|yelling|screaming)
      | (no need|there's no need) to (shout|yell|get upset) | try to (relax|stay calm|keep calm)`,
    rewrite: 'I understand how frustrating this is, and I’m going to sort it out for you.',
  },
  'not-my-problem': {
    pattern: `(that's|thats|that is|it's|its|it is|this is) not (my|our) (problem|concern|fault)
      | not my problem | not our fault | (that's|thats|that is|it's|its|it is) your [own] (problem|fault)
      | your own fault`,
    rewrite: 'Let me see what I can do to help you with this.',
  },
  'you-are-wrong': {
    pattern: `(you're|youre|you are|you were) (wrong|mistaken|incorrect) | (you|you've) (got|have got) it wrong
      | (you|you've|you have) (misunderstood|misread) | you (didn't|did not) (read|understand)
      | you (must|may|might|probably|seem to) [have] (misunderstood|misread|misunderstand)`,
    rewrite: 'Let me explain how this works, so we’re on the same page.',
  },
  'as-i-said': {
    pattern: `as i [have] [already] (said|told you|mentioned|explained|wrote)
      | like i [already|just] (said|told you|mentioned) | (i|i've) [have] already (told|explained) [this|that|it] [to] you
      | as (already|previously) (stated|mentioned|explained)`,
    rewrite: 'To recap: …',
  },
});
