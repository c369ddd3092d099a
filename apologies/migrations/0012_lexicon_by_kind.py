"""The default lexicon, by kind, in the phrase syntax of `apologies.lexicon` (word forms,
`a/b` alternatives, `…` gaps, `=word` for one form). Managers curate it at /lexicon/; a
phrase a desk already has (same pattern) is left as it is.

Blame, the customer told they are wrong, probing questions, the regret that does not
apologise and the acknowledgement that owns nothing are structural checks
(`apologies.structure`, `apologies.blame`); these phrases are the rest.
"""

from django.db import migrations

ALL = []
POLICY_WHY = "Policy-speak tells the customer the rules matter more than they do."
POLICY_BETTER = "Here is what I can do for you: …"
BRUSH_WHY = "The customer should not have to chase us: we take it on."
BRUSH_BETTER = "I will take care of this myself and come back to you by <time>."
MIN_WHY = "It was not small to the customer: name what happened and its effect."
MIN_BETTER = "Name the effect: “the missed delivery on your daughter's birthday”."
EXCUSE_WHY = "An excuse puts our circumstances before the customer's loss."
EXCUSE_BETTER = "We did not plan for this; that is on us. Here is what we have changed: …"
PROMISE_WHY = "A promise no one can keep turns the next failure into a broken promise."
PROMISE_BETTER = "Say what you changed and how you will check it: “we now …”."
WRONG_BETTER = "We were not clear enough about <what>; here is what we will do."
RULES = "policy/policies/rules/terms/guidelines/regulations/procedure/procedures"

# (pattern, kind, category, better wording, why, steps)
PHRASES = [
    # Policy-speak: hiding behind rules instead of helping.
    (f"per … {RULES}", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    (f"according to … {RULES}", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    (f"in line/accordance/keeping with … {RULES}", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("against … policy/policies/rules/regulations/guidelines", "banned", "policy_speak",
     POLICY_BETTER, POLICY_WHY, ALL),
    ("it/that/this is … policy", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("policy/policies/procedure/procedures/rules/terms/guidelines does/do/will/would/can not", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("policy/policies/rules/regulations/terms/conditions/guidelines =says/=say/=state/=states/"
     "=dictate/=dictates/=require/=requires/=prevent/=prevents/=prohibit/=prohibits/=forbid/"
     "=forbids/=only/=stipulate/=stipulates", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("policy/policies/rules/regulations/terms/conditions/guidelines clearly/explicitly/"
     "specifically/strictly/expressly/simply =says/=say/=state/=states/=dictate/=dictates/"
     "=require/=requires/=prevent/=prevents/=prohibit/=prohibits/=forbid/=forbids",
     "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    (f"bound/restricted/governed/limited/constrained by … {RULES}", "banned", "policy_speak",
     POLICY_BETTER, POLICY_WHY, ALL),
    ("policy is clear/strict/firm/final/that/to/no/not", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("how … policy/policies/rules/terms/system/process/procedure =works/=work", "banned",
     "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("that/this is just/simply how we/it/things", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("matter of policy/principle", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("falls/fell/fall outside … policy/policies/terms/window/rules/guidelines/conditions/period",
     "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("as set out in", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("as … small/fine print", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("small/fine print =says/=states/=explains/=clearly/=shows/=excludes", "banned",
     "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("as stated/outlined/specified/detailed in", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("terms/conditions you agreed/accepted/signed", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("rules are rules", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("rules is rules", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("policy is policy", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("those/these are the rules", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("i/we do not make the rules", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("our hands are tied", "banned", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("standard procedure", "caution", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("no exception/exceptions", "caution", "policy_speak", POLICY_BETTER, POLICY_WHY, ALL),
    ("can not make … exception/exceptions", "banned", "policy_speak", POLICY_BETTER,
     POLICY_WHY, ALL),
    ("not allowed/permitted/authorised/authorized to", "caution", "policy_speak",
     "What I can do is …", "Lead with what you can do, not with what you cannot.", ALL),
    ("not liable", "banned", "policy_speak", "We are responsible for how this turned out.",
     "Disclaiming liability is a refusal, not an apology.", ALL),
    ("no liability", "banned", "policy_speak", "We are responsible for how this turned out.",
     "Disclaiming liability is a refusal, not an apology.", ALL),
    ("we/i are/am not responsible/accountable", "banned", "blame",
     "We are responsible for how this turned out.", "Refusing responsibility ends the apology.",
     ALL),
    ("not be held responsible/liable/accountable", "banned", "blame",
     "We are responsible for how this turned out.", "Refusing responsibility ends the apology.",
     ALL),
    ("not our fault", "banned", "blame", "We are responsible for how this turned out.",
     "Refusing responsibility ends the apology.", ALL),
    ("nothing to do with us", "banned", "blame", "We are responsible for how this turned out.",
     "Refusing responsibility ends the apology.", ALL),
    # Brush-offs: passing the customer on, or closing the door.
    ("you would/will/might/may need/have to ask/contact/call/speak/talk/email/write/phone/ring/"
     "reach/complain/chase/raise/take/go/check/get", "banned", "brush_off", BRUSH_BETTER,
     BRUSH_WHY, ALL),
    ("you need/have to ask/contact/call/speak/talk/email/write/phone/ring/reach/complain/"
     "chase/raise/take/go/check/get", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("you must/should ask/contact/call/speak/talk/email/write/phone/ring/reach/complain/chase/"
     "raise/check", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("contact/call/ask/email/phone/ring/write/speak/talk … yourself", "banned", "brush_off",
     BRUSH_BETTER, BRUSH_WHY, ALL),
    ("please contact/call/ask/email/phone/ring/write/speak/talk … directly", "banned",
     "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("you would/will/might/may need/have to try/=raise", "banned", "brush_off", BRUSH_BETTER,
     BRUSH_WHY, ALL),
    ("please raise/take/chase/check/escalate … directly", "banned", "brush_off", BRUSH_BETTER,
     BRUSH_WHY, ALL),
    ("raise it/this/that with the", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("not something i/we deal/handle/cover/do/can", "banned", "brush_off", BRUSH_BETTER,
     BRUSH_WHY, ALL),
    ("question/matter/query/one/issue/something for … team/department/bank/courier/manufacturer/"
     "supplier/carrier/colleagues/office", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("not for me", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("you … write/complain/escalate/appeal … head office/management/ombudsman", "banned",
     "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("can not help with", "banned", "brush_off", "Here is what I can do: …",
     "There is always something we can do; say what it is.", ALL),
    ("please open/raise/submit/log/file/start … ticket/case/request/complaint/claim/form",
     "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("i was not on shift/duty/there/here/working/involved", "banned", "brush_off",
     "Let me take care of this.", "The customer dealt with the company, not one person.", ALL),
    ("can not really/honestly speak/comment", "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("can not speak to/for", "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("can not comment", "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("i/we … not have access", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("not really/exactly my/our problem/department/job/area/responsibility/concern", "banned",
     "brush_off", BRUSH_BETTER, "The customer dealt with the company, not a department or "
     "one person.", ALL),
    ("someone … might/may/could … know/help/=get", "banned", "brush_off", BRUSH_BETTER,
     BRUSH_WHY, ALL),
    ("take it/this/that up with", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("not my/our department/job/problem/area/responsibility/remit/role/concern/call",
     "banned", "brush_off", BRUSH_BETTER, "The customer dealt with the company, not a "
     "department or one person.", ALL),
    ("i am just/only/merely the/a/an … messenger/agent/employee/assistant/adviser/advisor/"
     "temp/intern/worker/operator/rep/representative/courier/driver", "banned", "brush_off",
     "Let me take care of this.", "The customer dealt with the company, not one person.", ALL),
    ("i just/only/merely =work", "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("i just/only/merely =send/=pack/=answer/=deliver/=process/=follow/=do/=take/=handle",
     "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("can not help you", "banned", "brush_off", "Here is what I can do: …",
     "There is always something we can do; say what it is.", ALL),
    ("can not help … further/anymore", "banned", "brush_off", "Here is what I can do: …",
     "There is always something we can do; say what it is.", ALL),
    ("can/will not do anything further/more/else", "banned", "brush_off",
     "Here is what we will do: …", "Closes the door on the customer.", ALL),
    ("nothing further/more/else … can do", "banned", "brush_off",
     "Here is what we will do: …", "Closes the door on the customer.", ALL),
    ("nothing i/we can do", "banned", "brush_off", "Here is what we will do: …",
     "Closes the door on the customer.", ALL),
    ("call/try back later", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("ask someone else", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("above my pay grade", "banned", "brush_off", BRUSH_BETTER, BRUSH_WHY, ALL),
    ("this/the matter is closed", "banned", "brush_off", "Here is what we will do: …",
     "Closes the door on the customer.", ALL),
    # Telling the customer they are wrong (the structural check catches the rest).
    ("you are confused", "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("you must be mistaken", "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("you are incorrect", "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("as i/we =said/=told/=explained/=mentioned before/already/previously", "caution",
     "youre_wrong", "To put it another way: …", "Sounds impatient; explain again, more simply.",
     ALL),
    ("as i/we already =said/=told/=explained/=mentioned", "caution", "youre_wrong",
     "To put it another way: …", "Sounds impatient; explain again, more simply.", ALL),
    ("it/this/that =says/=said so", "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("clearly =stated/=states/=marked/=labelled/=labeled/=shown/=written/=displayed/=explained",
     "caution", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("with all due respect", "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("with respect", "caution", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("that/this is not quite/entirely/strictly/actually right/correct/true/accurate", "banned",
     "youre_wrong", WRONG_BETTER, "Correcting the customer turns an apology into an argument.",
     ALL),
    ("not what you =booked/=ordered/=asked/=chose/=selected/=said/=agreed/=paid/=bought",
     "banned", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("right there in", "caution", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("you asked for it/this/that", "caution", "youre_wrong", WRONG_BETTER,
     "Correcting the customer turns an apology into an argument.", ALL),
    ("was/were always going to", "caution", "youre_wrong", WRONG_BETTER,
     "Says the outcome was sealed by what the customer did.", ALL),
    ("like i =said", "caution", "youre_wrong", "To put it another way: …",
     "Sounds impatient; explain again, more simply.", ALL),
    # Minimizing the harm.
    ("for any … inconvenience/trouble/problem/issue/confusion/frustration/disruption/"
     "difficulty/hassle/disappointment/upset/distress/annoyance/stress/worry/harm/delay/"
     "discomfort/bother/aggravation", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("regret/apologise/apologize/sorry … any … inconvenience/trouble/problem/issue/confusion/"
     "frustration/disruption/difficulty/hassle/disappointment/upset/distress/annoyance/stress/"
     "worry/harm/delay/discomfort/bother/aggravation", "caution", "minimizing", MIN_BETTER,
     MIN_WHY, ALL),
    ("caused/cause/experienced/experience … any … inconvenience/trouble/problem/issue/"
     "confusion/frustration/disruption/difficulty/hassle/disappointment/upset/distress/"
     "annoyance/stress/worry/harm/delay/discomfort/bother/aggravation", "caution",
     "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("may/might have caused/experienced/felt/suffered", "caution", "minimizing", MIN_BETTER,
     "“May have” doubts that the customer was harmed.", ALL),
    ("the inconvenience", "caution", "minimizing", MIN_BETTER,
     "“Inconvenience” shrinks what happened.", ALL),
    ("only/just/merely/simply a/an … delay/issue/problem/mistake/glitch/error/hiccup/mix/blip/"
     "oversight/inconvenience/setback/misunderstanding/slip", "caution", "minimizing",
     MIN_BETTER, MIN_WHY, ALL),
    ("a/the/this/that small/minor/slight/little/tiny/brief delay/issue/problem/mistake/glitch/"
     "error/hiccup/mix/blip/oversight/inconvenience/setback/misunderstanding/slip/thing/matter/"
     "interruption/disruption/outage/wait/hold/difference/discrepancy",
     "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("not affect how … work/works/performs/looks", "caution", "minimizing", MIN_BETTER,
     MIN_WHY, ALL),
    ("only/just/merely a few/couple … scratch/scratches/mark/marks/dent/dents/scuff/scuffs/"
     "chip/chips/stain/stains/crease/creases/blemish/blemishes", "caution", "minimizing",
     MIN_BETTER, MIN_WHY, ALL),
    ("only/just/merely a slight/small/minor/tiny/little", "caution", "minimizing", MIN_BETTER,
     MIN_WHY, ALL),
    ("was/were only … minutes/hours/seconds/days", "caution", "minimizing", MIN_BETTER,
     MIN_WHY, ALL),
    ("only … was/were missing/late/wrong/damaged/broken/affected", "caution", "minimizing",
     MIN_BETTER, MIN_WHY, ALL),
    ("only/just/merely … minutes/hours/days/weeks late/delayed/behind/overdue", "caution",
     "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("a bit/little/tad late/delayed/slow", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("slightly late/delayed/damaged/wrong", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("bit of a delay/problem/mix/hiccup", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("not a big deal", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("no big deal", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("no harm done", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("not the end of the world", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("could have been worse", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    ("not that/so bad", "caution", "minimizing", MIN_BETTER, MIN_WHY, ALL),
    # Excuses.
    ("short staffed", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("understaffed", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("very/extremely/incredibly/really/so/exceptionally busy", "caution", "excuse",
     EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("busy period/time/season/week/month/weekend", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("high volume/volumes", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("unprecedented/unusual/unusually/exceptional/exceptionally/unexpected/unexpectedly … "
     "demand/volume/volumes", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("these/such things =happen/=do", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("things =happen", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("mistakes/errors/accidents/delays =happen", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("stuff =happens", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("it/this =happens sometimes/occasionally/everywhere", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("it/this =happens from time to time", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY,
     ALL),
    ("it/this =happens to the best", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("it/these things/this can =happen", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("the … =rush", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("off sick", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("staff shortage/shortages", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("short of staff", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("shortage/lack of staff", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("one off", "caution", "excuse", EXCUSE_BETTER, "“A one-off” shrinks what happened to "
     "this customer.", ALL),
    ("isolated incident/case/issue/occurrence", "caution", "excuse", EXCUSE_BETTER,
     "“An isolated incident” shrinks what happened to this customer.", ALL),
    ("rarely/seldom =happens/=happen", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("not normally/usually/typically/often =happen", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("this/that time of year", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("to be expected", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("like this are/is normal/common/usual/typical", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("bound to =happen", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("new to the job/role/team", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("still learning", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("swamped/inundated/overwhelmed/overstretched", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("snowed under", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("small team", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("stretched thin", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("run off our feet", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("always chaotic/hectic/busy/crazy/manic/mad", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("sorry/apologise/apologize/apologies but", "caution", "excuse",
     "We are sorry. <Then what we are doing about it.>",
     "“Sorry, but…” takes the apology back with an excuse.", ALL),
    ("=get/=gets/=go mixed/lost", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("spike/surge/influx/flood/flurry in/of … calls/orders/demand/bookings/requests/tickets/"
     "emails/customers/enquiries/inquiries", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY,
     ALL),
    ("bit hectic/chaotic/busy/crazy/manic/mad", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("=get/=gets/=got hectic/busy/chaotic/crazy/manic", "caution", "excuse", EXCUSE_BETTER,
     EXCUSE_WHY, ALL),
    ("fully booked", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("only so much", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("due to/because of … weather/snow/storm/storms/strike/strikes/traffic/roadworks/flu",
     "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("nothing we/i/anyone/anybody/one could", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY,
     ALL),
    ("errors/mistakes/delays/problems/issues/outages/glitches are/is normal/common/usual/"
     "typical/inevitable/expected", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("still being set up", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("still bedding/settling in", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("slip/slips/slipped through", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("technology/systems/computers/machines … not perfect", "caution", "excuse",
     EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("outages/glitches/bugs/problems/issues/breakdowns =happen", "caution", "excuse",
     EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("his/her/their first day/week/shift", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY,
     ALL),
    ("sure you will/can/would understand", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY,
     ALL),
    ("peak season/period", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("like this can =happen", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("like this =happen/=happens", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("this busy", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("everyone/everybody/anyone/anybody … =makes/=make mistakes", "caution", "excuse",
     EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("we all make mistakes", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("nobody/no one can control", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("control the weather", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("nobody/no one is perfect", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("we are only human", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("beyond/outside our control", "caution", "excuse", EXCUSE_BETTER,
     "Out of our control is not the customer's problem: we chose how we work.", ALL),
    ("outside of our control", "caution", "excuse", EXCUSE_BETTER,
     "Out of our control is not the customer's problem: we chose how we work.", ALL),
    ("out of our/my hands", "caution", "excuse", EXCUSE_BETTER,
     "Out of our control is not the customer's problem: we chose how we work.", ALL),
    ("nothing we could have done", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("can/could not be helped/avoided", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("=breaks/=break/=fails/=fail/=happens/=goes … now and then", "caution", "excuse",
     EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("unavoidable", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("teething problems/issues", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    ("that is/was life", "caution", "excuse", EXCUSE_BETTER, EXCUSE_WHY, ALL),
    # Over-promising.
    ("we/i =guarantee", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("we/i can/will/do/personally/absolutely =guarantee", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("we/i can/will personally/absolutely =guarantee", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("=guaranteed to/not/that/never", "caution", "over_promising", PROMISE_BETTER,
     PROMISE_WHY, ALL),
    ("is/are =guaranteed", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("never … again", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("100/hundred percent fixed/sure/certain/guaranteed/safe/secure/resolved/solved/reliable/"
     "confident/perfect/gone/right/sorted", "caution", "over_promising", PROMISE_BETTER,
     PROMISE_WHY, ALL),
    ("will ever … again", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("never have to … again", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("there will be no more/further … outage/outages/problem/problems/delay/delays/issue/"
     "issues/mistake/mistakes/error/errors/failure/failures/disruption/disruptions",
     "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("assure/promise you … never/nothing/every/always/all/no", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("completely/totally/entirely/always/now … trouble/error/fault/problem/worry/glitch/bug/"
     "mistake free", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("will be … trouble/error/fault/problem/worry/glitch/bug/mistake free", "caution",
     "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("mistakes/errors/problems/delays/failures/faults … impossible", "caution",
     "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("=makes/=make/=made … impossible", "caution", "over_promising", PROMISE_BETTER,
     PROMISE_WHY, ALL),
    ("give you my word", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("have my … word", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("absolutely/totally/completely perfect/flawless/faultless", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("for life", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("no questions asked", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("never be another/any", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("fixed/solved/resolved/sorted/gone for good", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("every possible error/mistake/problem/fault/risk", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("eliminated/eradicated … all/every/any error/errors/mistakes/problems/risk/risks",
     "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("=fixed/=solved/=sorted/=resolved/=gone/=last/=lasts/=work/=works/=be/=stay … forever",
     "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("will never =happen/=occur/=recur/=fail/=break/=return", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("never =come/=comes back", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY,
     ALL),
    ("will be perfect/flawless/faultless/spotless", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("eliminate/eliminates/eliminated … any/all/every chance/risk/possibility", "caution",
     "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("completely/totally/entirely eliminate/eliminates", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("without exception", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("every single … will", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("ever again", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("can not possibly", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("once and for all", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("permanently fixed/solved/resolved/eliminated", "caution", "over_promising",
     PROMISE_BETTER, PROMISE_WHY, ALL),
    ("completely/totally/entirely eliminated/eradicated/impossible", "caution",
     "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("zero chance/risk/outages/outage/errors/problems/delays/downtime/issues/mistakes/"
     "failures/faults/defects", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("can never =happen", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
    ("will not ever =happen", "caution", "over_promising", PROMISE_BETTER, PROMISE_WHY, ALL),
]


# Thanks for patience is no apology, but beside one it does no harm: the regret step's own
# check (it must say sorry) catches the thanks that stands alone.
RETIRED = [("thank you for your patience", "Thanks for patience is not an apology.")]


def forwards(apps, schema_editor):
    Phrase = apps.get_model("apologies", "Phrase")
    for pattern, explanation in RETIRED:  # unless a manager has made it their own
        Phrase.objects.filter(pattern=pattern, explanation=explanation).update(is_active=False)
    for pattern, kind, category, better, why, steps in PHRASES:
        Phrase.objects.get_or_create(
            pattern=pattern,
            defaults={"kind": kind, "category": category, "better_wording": better,
                      "explanation": why, "steps": steps},
        )


def backwards(apps, schema_editor):
    apps.get_model("apologies", "Phrase").objects.filter(
        pattern__in=[row[0] for row in PHRASES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("apologies", "0011_over_promising_category")]
    operations = [migrations.RunPython(forwards, backwards)]
