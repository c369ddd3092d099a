"""The default lexicon every desk starts with; managers curate it at /lexicon/."""

from django.db import migrations

ALL = []
# (pattern, kind, category, better wording, why, steps)
PHRASES = [
    # Policy-speak: hiding behind rules instead of helping.
    ("it's our policy", "banned", "policy_speak", "Here is what I can do for you: …",
     "Policy-speak tells the customer the rules matter more than they do.", ALL),
    ("it's company policy", "banned", "policy_speak", "Here is what I can do for you: …",
     "Policy-speak tells the customer the rules matter more than they do.", ALL),
    ("that's our policy", "banned", "policy_speak", "Here is what I can do for you: …",
     "Policy-speak tells the customer the rules matter more than they do.", ALL),
    ("our policy states", "banned", "policy_speak", "Explain the reason in plain words, then "
     "what you can do.", "Quoting policy reads as a refusal.", ALL),
    ("according to our policy", "banned", "policy_speak", "Explain the reason in plain words, "
     "then what you can do.", "Quoting policy reads as a refusal.", ALL),
    ("against our policy", "banned", "policy_speak", "Here is what we can do instead: …",
     "Quoting policy reads as a refusal.", ALL),
    ("there's nothing I can do", "banned", "policy_speak", "Here is what I can do: …",
     "There is always something we can do; say what it is.", ALL),
    ("I'm not allowed to", "caution", "policy_speak", "What I can do is …",
     "Lead with what you can do, not with what you cannot.", ALL),
    # Telling the customer they are wrong.
    ("you're wrong", "banned", "youre_wrong", "I see why that was confusing; here is what "
     "happened: …", "Correcting the customer turns an apology into an argument.", ALL),
    ("you are mistaken", "banned", "youre_wrong", "Let me check that with you: …",
     "Correcting the customer turns an apology into an argument.", ALL),
    ("you misunderstood", "banned", "youre_wrong", "We were not clear enough about …",
     "Own the unclear communication instead.", ALL),
    ("that's not what happened", "banned", "youre_wrong", "Here is what we found: …",
     "Disputing the customer's account destroys the apology.", ALL),
    ("as I already explained", "caution", "youre_wrong", "To put it another way: …",
     "Sounds impatient; explain again, more simply.", ALL),
    # Brush-offs: passing the customer on.
    ("you need to ask a manager", "banned", "brush_off", "I will take this to my manager and "
     "come back to you by <time>.", "The customer should not have to chase us.", ALL),
    ("you'll have to contact", "banned", "brush_off", "I will contact them for you and come "
     "back to you by <time>.", "The customer should not have to chase us.", ALL),
    ("that's not my department", "banned", "brush_off", "I will make sure the right person "
     "handles this, and I will stay with it until it is solved.",
     "The customer dealt with the company, not a department.", ALL),
    ("not my job", "banned", "brush_off", "Let me take care of this.",
     "The customer dealt with the company, not one person.", ALL),
    ("calm down", "banned", "brush_off", "I understand why you are upset.",
     "Dismisses the customer's feelings.", ALL),
    ("there's nothing more we can do", "banned", "brush_off", "Here is what we will do: …",
     "Closes the door on the customer.", ALL),
    # DYPII: "did you plug it in?" questions.
    ("did you plug it in", "banned", "dypii", "Can you check where it plugs into the socket?",
     "Implies the customer caused the problem.", ALL),
    ("did you read the instructions", "banned", "dypii", "The instructions could have been "
     "clearer; here is the step that matters: …", "Implies the customer caused the problem.",
     ALL),
    ("have you tried turning it off and on again", "caution", "dypii",
     "Could you try restarting it? If that does not help, we will …",
     "A stock question sounds like a brush-off.", ALL),
    ("did you check your spam folder", "caution", "dypii",
     "Our email may have landed in a spam folder; I have sent it again.",
     "Puts the work on the customer.", ALL),
    # Minimizing the harm.
    ("any inconvenience", "caution", "minimizing", "Name the actual effect: “the missed "
     "delivery on your daughter's birthday”.", "“Any inconvenience” shrinks what happened.",
     ALL),
    ("a minor issue", "caution", "minimizing", "Name what happened and its effect on the "
     "customer.", "It was not minor to the customer.", ALL),
    ("a small glitch", "caution", "minimizing", "Name what happened and its effect on the "
     "customer.", "It was not small to the customer.", ALL),
    ("just a", "caution", "minimizing", "Drop “just”: name what happened.",
     "“Just” minimizes the failure.", ["acknowledge", "explain"]),
    ("thank you for your patience", "caution", "minimizing", "We are sorry you had to wait.",
     "Thanks for patience is not an apology.", ["regret"]),
    # Excuses and blame.
    ("we were very busy", "caution", "excuse", "We did not plan for the demand; that is on us.",
     "Busyness is an excuse; the customer does not care why.", ALL),
    ("due to circumstances beyond our control", "caution", "excuse",
     "Say plainly what happened and what we are doing about it.",
     "Vague excuses sound evasive.", ALL),
    ("it wasn't our fault", "banned", "blame", "We are responsible for how this turned out.",
     "Refusing responsibility ends the apology.", ALL),
    ("mistakes were made", "caution", "excuse", "We made a mistake.",
     "The passive voice hides who is responsible.", ALL),
    ("unfortunately", "caution", "excuse", "Say what happened and what we will do.",
     "Often introduces an excuse or a refusal.", ["restore_value", "acknowledge"]),
]


def forwards(apps, schema_editor):
    Phrase = apps.get_model("apologies", "Phrase")
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
    dependencies = [("apologies", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
