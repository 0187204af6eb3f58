"""The rules' "same claim" calls on one matching file, as the checked-out code makes them.

To replay a blind set with the rules as they stood when it was measured:
    git worktree add --detach /tmp/wt9 42436e3^      # the commit that added heldout_v9.json, minus one
    ln -s "$PWD/.venv" /tmp/wt9/.venv && mkdir -p /tmp/wt9/var
    cd /tmp/wt9 && SET=$OLDPWD/tests/data/matching/heldout_v9.json OUT=/tmp/set9.json \
        .venv/bin/python manage.py shell < $OLDPWD/devtools/matching_lab/replay.py
Writes a list of {"query": the query as in the file, "ranked": [{"id", "text", "score", "same", "conflicts"}]}.
Only names that have existed since the first matcher are used, so it runs on any commit since round 1.
"""
import json
import os
from pathlib import Path

from claims import embeddings
from claims.models import Claim
from claims.similar import model_name_similarity, rank_candidates

data = json.loads(Path(os.environ["SET"]).read_text(encoding="utf-8"))
corpus = [Claim(pk=int(item["id"]), text=item["text"], language=item["language"]) for item in data["corpus"]]
vectors = embeddings.embed_texts([c.text for c in corpus])
rows = []
for query, vector in zip(data["queries"], embeddings.embed_texts([q["text"] for q in data["queries"]])):
    candidates = [("claim", claim, float(cosine)) for claim, cosine in zip(corpus, vectors @ vector)]
    ranked = rank_candidates(query["text"], candidates, name_similarity=model_name_similarity, limit=5)
    rows.append({"query": query, "ranked": [{"id": m.obj.pk, "text": m.text, "score": m.score, "same": bool(m.same),
                                             "conflicts": [str(c) for c in m.conflicts]} for m in ranked]})
Path(os.environ["OUT"]).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
print(f"{os.environ['OUT']}: {len(rows)} queries")
