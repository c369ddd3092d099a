from django.contrib import admin

from .models import Phrase


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ["pattern", "kind", "category", "better_wording", "is_active"]
    list_filter = ["kind", "category", "is_active"]
    search_fields = ["pattern", "better_wording"]
