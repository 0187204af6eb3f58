"""Measure claims.suggest against the labelled sentences in tests/data/labelled (see its README).

Prints, over every labelled sentence, precision / recall / F1 of "suggested" (score >= threshold)
against "check-worthy", the mean average precision of each text's ranking, and how many labelled
sentences the splitter cut out exactly."""
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.suggest import THRESHOLD, score_sentences

LABELLED = Path(settings.BASE_DIR) / "tests" / "data" / "labelled"


@dataclass
class LabelledText:
    name: str
    body: str
    sentences: list  # (start, end, checkworthy)


def read_labelled(path):
    paragraphs, current = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        if line[:2] not in ("+ ", "- "):
            raise CommandError(f"{path.name}, line {number}: start the line with '+ ' or '- '.")
        current.append((line[2:].strip(), line[0] == "+"))
    if current:
        paragraphs.append(current)
    body, sentences = "", []
    for p, paragraph in enumerate(paragraphs):
        if p:
            body += "\n\n"
        for s, (text, checkworthy) in enumerate(paragraph):
            if s:
                body += " "
            sentences.append((len(body), len(body) + len(text), checkworthy))
            body += text
    return LabelledText(path.stem, body, sentences)


def evaluate(texts, threshold=THRESHOLD, by_meaning=True):
    """Figures for the labelled `texts`: each labelled sentence takes the score of the suggested
    sentence that overlaps it most (so a splitting mistake costs what it would cost an editor)."""
    tp = fp = fn = exact = total = 0
    average_precisions = []
    for text in texts:
        vectors = None
        if by_meaning:
            from claims.embeddings import sentence_vectors

            vectors = sentence_vectors(text.body)
        scored = score_sentences(text.body, vectors=vectors)
        spans = {(s.start, s.end) for s in scored}
        ranked = []
        for start, end, checkworthy in text.sentences:
            total += 1
            exact += (start, end) in spans
            best = max(scored, key=lambda s: min(end, s.end) - max(start, s.start))
            suggested = best.score >= threshold
            tp += suggested and checkworthy
            fp += suggested and not checkworthy
            fn += checkworthy and not suggested
            ranked.append((best.score, checkworthy))
        average_precisions.append(average_precision(ranked))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "texts": len(texts), "sentences": total, "check_worthy": tp + fn,
        "precision": precision, "recall": recall, "f1": f1,
        "map": sum(average_precisions) / len(average_precisions) if average_precisions else 0.0,
        "split_exact": exact / total if total else 0.0, "threshold": threshold,
    }


def average_precision(ranked):
    """AP of a ranking of (score, relevant): the mean of precision@k over the relevant items' ranks.
    Ties are broken pessimistically (non-relevant first), so a constant score earns no credit."""
    order = sorted(ranked, key=lambda r: (-r[0], r[1]))
    hits, total = 0, 0.0
    for k, (_, relevant) in enumerate(order, start=1):
        if relevant:
            hits += 1
            total += hits / k
    return total / hits if hits else 0.0


class Command(BaseCommand):
    help = "Print precision, recall, F1 and mean average precision of the claim suggestions on tests/data/labelled."
    # No database (the labelled texts are read from files): without the system checks, which open it, a checkout
    # that has never been migrated can measure too.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(LABELLED), help="A folder of labelled .txt files.")
        parser.add_argument("--threshold", type=float, default=THRESHOLD)
        parser.add_argument("--features-only", action="store_true",
                            help="score with the explainable features alone, without the classifier over meaning")

    def handle(self, *args, dir, threshold, **options):
        paths = sorted(Path(dir).glob("*.txt"))
        if not paths:
            raise CommandError(f"No labelled .txt files in {dir}.")
        figures = evaluate([read_labelled(p) for p in paths], threshold, by_meaning=not options["features_only"])
        self.stdout.write(
            f"{figures['texts']} texts, {figures['sentences']} labelled sentences, "
            f"{figures['check_worthy']} check-worthy; threshold {figures['threshold']:.2f}\n"
            f"precision {figures['precision']:.3f}\n"
            f"recall    {figures['recall']:.3f}\n"
            f"F1        {figures['f1']:.3f}\n"
            f"MAP       {figures['map']:.3f}  (mean average precision of each text's ranking)\n"
            f"sentences split exactly: {figures['split_exact']:.1%}"
        )
