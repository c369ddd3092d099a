"""`manage.py lexicon_corpus FILE…`: how the desk's lexicon does on corpora of lines it must
flag or pass (the format of `shared/lexicon/dev-corpus.json`), by kind, with every miss."""

from django.core.management.base import BaseCommand, CommandError

from apologies import corpus


class Command(BaseCommand):
    help = "Recall on bad lines and false positives on good lines of lexicon corpora, by kind."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--quiet", action="store_true", help="figures only, no misses")

    def handle(self, *args, paths, quiet=False, **options):
        for path in paths:
            try:
                report = corpus.measure(corpus.load(path))
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"{path}: not a corpus ({exc})") from exc
            self.stdout.write(f"{path}")
            for label, kind, figures in report.rows():
                self.stdout.write(f"  {label:4} {kind:20} {figures.right}/{figures.lines}")
                for line, findings in [] if quiet else figures.misses:
                    found = "; ".join(f"{f.rule} “{f.text}”" for f in findings) or "nothing"
                    self.stdout.write(f"       {line['step']}: {line['text']!r} → {found}")
            self.stdout.write(
                f"  recall {report.recall:.3f} on bad lines, {report.false_positives} false "
                f"positive(s) on {report.good_lines} good lines"
            )
