from django.db import models

from cases.choices import STEPS


class PhraseKind(models.TextChoices):
    BANNED = "banned", "Banned (blocks the step)"
    CAUTION = "caution", "Caution (warns)"


class PhraseCategory(models.TextChoices):
    POLICY_SPEAK = "policy_speak", "Policy-speak"
    BLAME = "blame", "Shifting blame"
    YOURE_WRONG = "youre_wrong", "“You're wrong”"
    BRUSH_OFF = "brush_off", "Brush-off"
    DYPII = "dypii", "“Did you plug it in?” question"
    MINIMIZING = "minimizing", "Minimizing"
    EXCUSE = "excuse", "Excuse"
    CONDITIONAL = "conditional", "Conditional apology"


STEP_CHOICES = [(step.value, step.label) for step in STEPS]


class Phrase(models.Model):
    """One entry of the language lexicon that managers curate.

    `pattern` is written as people say it ("it's our policy"); matching ignores letter case,
    the kind of apostrophe, contractions ("it is our policy") and punctuation between words,
    but never skips words, so good language that merely shares a word is not flagged.
    """

    pattern = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=PhraseKind.choices)
    category = models.CharField(max_length=20, choices=PhraseCategory.choices)
    better_wording = models.CharField(
        max_length=300, blank=True, help_text="What to say instead, offered next to the finding"
    )
    explanation = models.CharField(
        max_length=300, blank=True, help_text="Why this phrase hurts the apology"
    )
    steps = models.JSONField(
        default=list,
        blank=True,
        help_text="The steps it applies to (keys); empty means every step and the whole message",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "pattern"]

    def __str__(self):
        return self.pattern

    def applies_to(self, step: str | None) -> bool:
        return not self.steps or step is None or step in self.steps
